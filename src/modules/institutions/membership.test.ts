import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { newId } from '../../db/ids.ts'

eachDatabase('institutions: members confirmed by their institution', (h) => {
  /** The institution an institution_admin test person administers (the factory makes one for each). */
  async function institutionOf(person: TestPerson) {
    const row = await h()
      .db.selectFrom('memberships')
      .innerJoin('institutions', 'institutions.id', 'memberships.institution_id')
      .select(['institutions.id', 'institutions.slug', 'institutions.name'])
      .where('memberships.person_id', '=', person.id)
      .executeTakeFirstOrThrow()
    return row
  }

  async function membership(personId: string, institutionId: string) {
    return h()
      .db.selectFrom('memberships')
      .select(['role', 'status'])
      .where('person_id', '=', personId)
      .where('institution_id', '=', institutionId)
      .executeTakeFirst()
  }

  async function audits(action: string, subjectId: string) {
    return h()
      .db.selectFrom('audit_log')
      .select(['action', 'actor_id', 'details'])
      .where('action', '=', action)
      .where('subject_id', '=', subjectId)
      .execute()
  }

  async function notificationsOf(personId: string) {
    return h()
      .db.selectFrom('notifications')
      .select(['kind', 'title', 'link'])
      .where('person_id', '=', personId)
      .orderBy('created_at')
      .execute()
  }

  test('a member asks on the institution page → pending, admins told; a second request is a 409', async () => {
    const admin = await h().person({ role: 'institution_admin', locale: 'en' })
    const institution = await institutionOf(admin)
    const member = await h().person({ role: 'member', name: 'Nigar Requester' })
    const client = await h().client(member)

    const page = await client.get(`/institutions/${institution.slug}`)
    assert.equal(page.status, 200)
    assert.match(page.body, /I work here: ask to be listed/)
    assert.match(page.body, new RegExp(`action="/institutions/${institution.slug}/membership"`))

    const asked = await client.form(`/institutions/${institution.slug}/membership`, {})
    assert.equal(asked.status, 303, asked.body.slice(0, 400))
    assert.equal(asked.headers.location, `/institutions/${institution.slug}?requested=1`)
    assert.deepEqual(await membership(member.id, institution.id), { role: 'member', status: 'pending' })

    const after = await client.get(`/institutions/${institution.slug}?requested=1`)
    assert.match(after.body, /have not confirmed it yet/)
    assert.doesNotMatch(after.body, /I work here: ask to be listed/)

    const notes = await notificationsOf(admin.id)
    assert.deepEqual(
      notes.map((n) => [n.kind, n.link]),
      [['membership.requested', `/institutions/${institution.slug}/members`]],
    )
    assert.match(notes[0]?.title ?? '', new RegExp(institution.name))

    const again = await client.api('POST', `/api/v1/institutions/${institution.slug}/membership`)
    assert.equal(again.status, 409)
    assert.match(again.json<{ detail: string }>().detail, /already asked/)
    const againForm = await client.form(`/institutions/${institution.slug}/membership`, {})
    assert.equal(againForm.status, 409)
    assert.match(againForm.body, /already asked/)
  })

  test('the API request answers 201; unknown institution 404; a confirmed member is refused with 409', async () => {
    const institution = await createInstitution(h().db, { name: 'Api Request Lyceum' })
    const slug = (
      await h()
        .db.selectFrom('institutions')
        .select('slug')
        .where('id', '=', institution.id)
        .executeTakeFirstOrThrow()
    ).slug
    const member = await h().person({ role: 'member' })
    const client = await h().client(member)
    const created = await client.api('POST', `/api/v1/institutions/${slug}/membership`)
    assert.equal(created.status, 201, created.body)
    assert.deepEqual(created.json(), { slug, status: 'pending' })
    assert.equal((await client.api('POST', '/api/v1/institutions/no-such-school/membership')).status, 404)

    await h()
      .db.updateTable('memberships')
      .set({ status: 'confirmed' })
      .where('person_id', '=', member.id)
      .execute()
    const listed = await client.api('POST', `/api/v1/institutions/${slug}/membership`)
    assert.equal(listed.status, 409)
    assert.match(listed.json<{ detail: string }>().detail, /already listed/)
  })

  test('who may ask: visitors sign in, unvalidated and pupils are refused; the page shows no button to them', async () => {
    const institution = await createInstitution(h().db)
    const slug = (
      await h()
        .db.selectFrom('institutions')
        .select('slug')
        .where('id', '=', institution.id)
        .executeTakeFirstOrThrow()
    ).slug
    const visitor = await h().client()
    assert.equal((await visitor.api('POST', `/api/v1/institutions/${slug}/membership`)).status, 401)
    assert.doesNotMatch((await visitor.get(`/institutions/${slug}`)).body, /ask to be listed/)
    for (const role of ['registered', 'pupil'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.api('POST', `/api/v1/institutions/${slug}/membership`)).status, 403, role)
      assert.equal((await client.form(`/institutions/${slug}/membership`, {})).status, 403, role)
    }
    const count = await h()
      .db.selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('institution_id', '=', institution.id)
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 0)
  })

  test('the waiting list: own admins and coordinators see it; another institution’s admin, members and platform admins get 403', async () => {
    const admin = await h().person({ role: 'institution_admin' })
    const institution = await institutionOf(admin)
    const requester = await h().person({ role: 'member', name: 'Waiting Person' })
    await (await h().client(requester)).api('POST', `/api/v1/institutions/${institution.slug}/membership`)

    const own = await (await h().client(admin)).get(`/institutions/${institution.slug}/members`)
    assert.equal(own.status, 200)
    assert.match(own.body, /Waiting for confirmation/)
    assert.match(own.body, /Waiting Person/)
    const page = await (await h().client(admin)).get(`/institutions/${institution.slug}`)
    assert.match(page.body, new RegExp(`href="/institutions/${institution.slug}/members"`))

    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    assert.equal((await coordinator.get(`/institutions/${institution.slug}/members`)).status, 200)
    const api = await coordinator.api('GET', `/api/v1/institutions/${institution.slug}/members`)
    assert.equal(api.status, 200)
    assert.deepEqual(
      api.json<{ pending: Array<{ name: string }> }>().pending.map((p) => p.name),
      ['Waiting Person'],
    )

    const otherAdmin = await h().client(await h().person({ role: 'institution_admin' }))
    assert.equal((await otherAdmin.get(`/institutions/${institution.slug}/members`)).status, 403)
    assert.equal(
      (await otherAdmin.api('GET', `/api/v1/institutions/${institution.slug}/members`)).status,
      403,
    )
    for (const role of ['member', 'platform_admin', 'editor', 'registered'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.get(`/institutions/${institution.slug}/members`)).status, 403, role)
    }
    assert.equal(
      (await (await h().client()).api('GET', `/api/v1/institutions/${institution.slug}/members`)).status,
      401,
    )
  })

  test('confirm: membership confirmed, one audit row, the person told in their language, shown as a member', async () => {
    const admin = await h().person({ role: 'institution_admin' })
    const institution = await institutionOf(admin)
    const person = await h().person({ role: 'member', name: 'Rəşad Confirmed', locale: 'az' })
    await (await h().client(person)).api('POST', `/api/v1/institutions/${institution.slug}/membership`)

    const client = await h().client(admin)
    const done = await client.form(`/institutions/${institution.slug}/members/${person.id}`, {
      decision: 'confirm',
    })
    assert.equal(done.status, 303, done.body.slice(0, 400))
    assert.equal(done.headers.location, `/institutions/${institution.slug}/members?done=confirm`)
    assert.deepEqual(await membership(person.id, institution.id), { role: 'member', status: 'confirmed' })

    const rows = await audits('membership.confirm', institution.id)
    assert.equal(rows.length, 1)
    assert.equal(rows[0]?.actor_id, admin.id)
    assert.deepEqual(JSON.parse(rows[0]?.details ?? '{}'), { person: person.id })

    const notes = await notificationsOf(person.id)
    assert.deepEqual(
      notes.map((n) => n.kind),
      ['membership.confirmed'],
    )
    assert.match(notes[0]?.title ?? '', /siyahısındasınız/, 'written in Azerbaijani, the person’s language')
    await h().runJobs()
    assert.equal(
      h()
        .mail.to(person.email)
        .filter((m) => /siyahısındasınız/.test(m.subject)).length,
      1,
    )

    // Shown to members (profiles are members-only unless the person makes theirs public).
    const memberView = await (await h().client(await h().person({ role: 'member' }))).get(
      `/institutions/${institution.slug}`,
    )
    assert.match(memberView.body, /Rəşad Confirmed/)
    // Partner search now carries the institution on the person's entry (reindexed in the same transaction).
    const doc = await h()
      .db.selectFrom('partner_search')
      .select(['institution_id'])
      .where('kind', '=', 'person')
      .where('entity_id', '=', person.id)
      .executeTakeFirst()
    assert.equal(doc?.institution_id, institution.id, 'the confirmed member is found with their institution')

    // Deciding twice is a conflict, and records nothing more.
    const twice = await client.api('POST', `/api/v1/institutions/${institution.slug}/members/${person.id}`, {
      decision: 'confirm',
    })
    assert.equal(twice.status, 409)
    assert.equal((await audits('membership.confirm', institution.id)).length, 1)
  })

  test('decline removes the pending row; make_admin raises a confirmed member, who can then manage the list', async () => {
    const admin = await h().person({ role: 'institution_admin' })
    const institution = await institutionOf(admin)
    const declined = await h().person({ role: 'member', locale: 'ru' })
    const promoted = await h().person({ role: 'member', locale: 'en' })
    for (const p of [declined, promoted]) {
      const r = await (await h().client(p)).api('POST', `/api/v1/institutions/${institution.slug}/membership`)
      assert.equal(r.status, 201)
    }
    const client = await h().client(admin)
    const base = `/api/v1/institutions/${institution.slug}/members`

    const no = await client.api('POST', `${base}/${declined.id}`, { decision: 'decline' })
    assert.equal(no.status, 200, no.body)
    assert.equal(await membership(declined.id, institution.id), undefined)
    assert.equal((await audits('membership.decline', institution.id)).length, 1)
    const declinedNotes = await notificationsOf(declined.id)
    assert.equal(declinedNotes[0]?.kind, 'membership.declined')
    assert.match(declinedNotes[0]?.title ?? '', /отклонён/)
    // Declined, they may ask again later.
    assert.equal(
      (await (await h().client(declined)).api('POST', `/api/v1/institutions/${institution.slug}/membership`))
        .status,
      201,
    )

    // Only a confirmed member can become co-admin.
    const early = await client.api('POST', `${base}/${promoted.id}`, { decision: 'make_admin' })
    assert.equal(early.status, 409)
    assert.equal((await client.api('POST', `${base}/${promoted.id}`, { decision: 'confirm' })).status, 200)
    const raised = await client.form(`/institutions/${institution.slug}/members/${promoted.id}`, {
      decision: 'make_admin',
    })
    assert.equal(raised.status, 303)
    assert.deepEqual(await membership(promoted.id, institution.id), {
      role: 'institution_admin',
      status: 'confirmed',
    })
    assert.equal((await audits('membership.make_admin', institution.id)).length, 1)
    assert.deepEqual(
      (await notificationsOf(promoted.id)).map((n) => n.kind),
      ['membership.confirmed', 'membership.admin'],
    )
    const coAdmin = await h().client(promoted)
    assert.equal((await coAdmin.get(`/institutions/${institution.slug}/members`)).status, 200)
    assert.equal((await client.api('POST', `${base}/${promoted.id}`, { decision: 'make_admin' })).status, 409)
  })

  test('bad input and another institution’s admin: 403 / 404 / 400, nothing changed, nothing audited', async () => {
    const admin = await h().person({ role: 'institution_admin' })
    const institution = await institutionOf(admin)
    const person = await h().person({ role: 'member' })
    await (await h().client(person)).api('POST', `/api/v1/institutions/${institution.slug}/membership`)
    const base = `/api/v1/institutions/${institution.slug}/members`

    const other = await h().client(await h().person({ role: 'institution_admin' }))
    assert.equal((await other.api('POST', `${base}/${person.id}`, { decision: 'confirm' })).status, 403)
    assert.equal(
      (await other.form(`/institutions/${institution.slug}/members/${person.id}`, { decision: 'confirm' }))
        .status,
      403,
    )
    const member = await h().client(await h().person({ role: 'member' }))
    assert.equal((await member.api('POST', `${base}/${person.id}`, { decision: 'confirm' })).status, 403)
    assert.deepEqual(await membership(person.id, institution.id), { role: 'member', status: 'pending' })

    const client = await h().client(admin)
    assert.equal((await client.api('POST', `${base}/${newId()}`, { decision: 'confirm' })).status, 404)
    assert.equal((await client.api('POST', `${base}/not-an-id`, { decision: 'confirm' })).status, 400)
    assert.equal((await client.api('POST', `${base}/${person.id}`, { decision: 'promote' })).status, 400)
    assert.equal((await client.api('POST', `${base}/${person.id}`, {})).status, 400)
    assert.equal(
      (
        await client.api('POST', `/api/v1/institutions/no-such-school/members/${person.id}`, {
          decision: 'confirm',
        })
      ).status,
      404,
    )
    const bad = await client.form(`/institutions/${institution.slug}/members/${person.id}`, {
      decision: 'x'.repeat(500),
    })
    assert.equal(bad.status, 400)
    assert.deepEqual(await membership(person.id, institution.id), { role: 'member', status: 'pending' })
    const count = await h()
      .db.selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subject_id', '=', institution.id)
      .where('action', 'like', 'membership.%')
      .executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 0)
  })

  test('a coordinator decides for any institution', async () => {
    const institution = await createInstitution(h().db, { name: 'Coordinated School' })
    const slug = (
      await h()
        .db.selectFrom('institutions')
        .select('slug')
        .where('id', '=', institution.id)
        .executeTakeFirstOrThrow()
    ).slug
    const person = await h().person({ role: 'member' })
    await (await h().client(person)).api('POST', `/api/v1/institutions/${slug}/membership`)
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const r = await coordinator.api('POST', `/api/v1/institutions/${slug}/members/${person.id}`, {
      decision: 'confirm',
    })
    assert.equal(r.status, 200, r.body)
    assert.equal(r.json<{ members: unknown[] }>().members.length, 1)
    assert.equal((await audits('membership.confirm', institution.id)).length, 1)
  })
})
