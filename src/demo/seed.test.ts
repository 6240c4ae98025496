import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDatabase } from '../../test/helpers/harness.ts'
import type { Db } from '../db/database.ts'
import { DEMO_PASSWORD, loadDemoData } from './seed.ts'

async function count(
  db: Db,
  table: 'people' | 'institutions' | 'memberships' | 'role_grants',
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
  }
}

eachDatabase('demo data', (h) => {
  test('loads once: a second load finds the demo and adds nothing', async () => {
    assert.equal(await loadDemoData(h().db), true)
    const first = await counts(h().db)
    assert.ok(first.institutions >= 40, 'the real Azerbaijani universities plus demo schools')
    assert.ok(first.people >= 30)
    assert.equal(first.grants, 3, 'one admin, one coordinator, one editor')
    assert.equal(await loadDemoData(h().db), false)
    assert.deepEqual(await counts(h().db), first)
  })

  test('the README demo accounts sign in with the listed password', async () => {
    for (const email of ['admin@demo.korpu.az', 'coordinator@demo.korpu.az', 'teacher@demo.korpu.az']) {
      const client = await h().client()
      const response = await client.api('POST', '/api/v1/session', { email, password: DEMO_PASSWORD })
      assert.equal(response.status, 200, email)
    }
  })
})
