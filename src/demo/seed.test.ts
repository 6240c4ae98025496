import assert from 'node:assert/strict'
import { test } from 'node:test'
import { totpCode } from '../../test/helpers/factories.ts'
import { eachDatabase } from '../../test/helpers/harness.ts'
import type { Db } from '../db/database.ts'
import { DEMO_TOTP_SECRET, enrolDemoStaff } from '../modules/accounts/second-factor.ts'
import { DEMO_PASSWORD, loadDemoData } from './seed.ts'

async function count(
  db: Db,
  table: 'people' | 'institutions' | 'memberships' | 'role_grants' | 'projects' | 'project_members',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function counts(db: Db) {
  return {
    people: await count(db, 'people'),
    institutions: await count(db, 'institutions'),
    memberships: await count(db, 'memberships'),
    grants: await count(db, 'role_grants'),
    projects: await count(db, 'projects'),
    projectMembers: await count(db, 'project_members'),
  }
}

eachDatabase('demo data', (h) => {
  test('loads once: a second load finds the demo and adds nothing', async () => {
    assert.equal(await loadDemoData(h().db), true)
    const first = await counts(h().db)
    assert.ok(first.institutions >= 40, 'the real Azerbaijani universities plus demo schools')
    assert.ok(first.people >= 30)
    assert.equal(first.grants, 3, 'one admin, one coordinator, one editor')
    assert.equal(
      first.projects,
      6,
      'projects at every stage: approved, in review, awaiting a co-founder, draft',
    )
    assert.equal(await loadDemoData(h().db), false)
    assert.deepEqual(await counts(h().db), first)
  })

  test('the README demo accounts sign in with the listed password (staff with the listed TOTP secret)', async () => {
    await enrolDemoStaff(h().db, h().config)
    for (const email of ['admin@demo.korpu.az', 'coordinator@demo.korpu.az', 'teacher@demo.korpu.az']) {
      const client = await h().client()
      const code = totpCode(DEMO_TOTP_SECRET)
      const response = await client.api('POST', '/api/v1/session', { email, password: DEMO_PASSWORD, code })
      assert.equal(response.status, 200, email)
    }
  })

  test('partner search finds the demo teacher by subject, and shows members-only profiles to members only', async () => {
    interface Result {
      name: string
      kind: string
      subjects: string[]
      lookingForPartners: boolean
      idea: string | null
    }
    interface Page {
      total: number
      results: Result[]
      facets: { subject: Array<{ value: string; count: number }> }
    }
    const member = await h().client()
    const signIn = await member.api('POST', '/api/v1/session', {
      email: 'lecturer@demo.korpu.az',
      password: DEMO_PASSWORD,
    })
    assert.equal(signIn.status, 200)
    const search = async (client: typeof member, query: string) => {
      const response = await client.get(`/api/v1/partners?${query}`)
      assert.equal(response.status, 200, response.body)
      return response.json<Page>()
    }

    const geography = await search(member, 'subject=geography&kind=person')
    const teacher = geography.results.find((r) => r.name === 'Aysel Babayeva')
    assert.ok(teacher, JSON.stringify(geography.results.map((r) => r.name)))
    assert.deepEqual(teacher.subjects, ['geography', 'biology', 'english'])
    assert.equal(teacher.lookingForPartners, true)
    assert.match(teacher.idea ?? '', /Gəncə və Şəki/)
    // Two filters together: the subject and "looking for partners".
    const looking = await search(member, 'subject=geography&looking=yes')
    assert.ok(looking.results.some((r) => r.name === 'Aysel Babayeva'))
    assert.ok(looking.results.every((r) => r.lookingForPartners))
    // The demo fills the facets from the subjects taxonomy, and institutions are in the index too.
    const all = await search(member, '')
    assert.ok(all.facets.subject.length >= 10, JSON.stringify(all.facets.subject))
    assert.ok((await search(member, 'kind=institution')).total >= 40)

    // A visitor sees public profiles only: the teacher's is for members, the lecturer's is public.
    const visitor = await h().client()
    const visible = await search(visitor, 'kind=person')
    assert.ok(!visible.results.some((r) => r.name === 'Aysel Babayeva'))
    assert.ok(visible.results.some((r) => r.name === 'Tural Nəsirov'))
    // Nobody still waiting for validation is searchable.
    assert.ok(!(await search(member, 'q=Vəliyeva')).results.some((r) => r.name === 'Günel Vəliyeva'))
  })
})
