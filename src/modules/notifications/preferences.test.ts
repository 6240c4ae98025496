import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { sendDigests } from './digest.ts'
import { nextDigestAt } from './digest-time.ts'
import { TOPIC_IDS, topicOf } from './kinds.ts'
import { notify } from './service.ts'
import { signUnsubscribe } from './unsubscribe.ts'

const HOUR = 3_600_000

function send(h: Harness, person: TestPerson, kind: string, body: string, at = new Date()) {
  return h.db.transaction().execute((trx) =>
    notify(
      trx,
      h.config,
      {
        personId: person.id,
        kind,
        title: { key: 'notifications.title' },
        body: { key: 'notification_settings.saved', values: {} },
        link: `/notifications#${body}`,
      },
      at,
    ),
  )
}

async function choose(h: Harness, person: TestPerson, choices: Record<string, string>) {
  const client = await h.client(person)
  const response = await client.api('PUT', '/api/v1/notifications/preferences', choices)
  assert.equal(response.status, 200, response.body)
}

test('every kind the modules send falls under a setting; unknown ones under "other"', () => {
  assert.equal(topicOf('events.registration.reminder'), 'events')
  assert.equal(topicOf('application.approved'), 'applications')
  assert.equal(topicOf('membership.requested'), 'memberships')
  assert.equal(topicOf('project.invitation_accepted'), 'projects')
  assert.equal(topicOf('workspace.mention'), 'workspace')
  assert.equal(topicOf('labels.awarded'), 'labels')
  assert.equal(topicOf('networks.invitation'), 'networks')
  assert.equal(topicOf('something.new'), 'other')
})

test('the digest time is the next 07:00 in the zone, after now', () => {
  // Baku is UTC+4 all year: 07:00 there is 03:00 UTC.
  assert.equal(
    nextDigestAt(new Date('2026-03-10T02:59:00Z'), 'Asia/Baku').toISOString(),
    '2026-03-10T03:00:00.000Z',
  )
  assert.equal(
    nextDigestAt(new Date('2026-03-10T03:00:00Z'), 'Asia/Baku').toISOString(),
    '2026-03-11T03:00:00.000Z',
  )
  // Across a change to summer time in Berlin (29 March 2026): 07:00 CEST is 05:00 UTC.
  assert.equal(
    nextDigestAt(new Date('2026-03-28T12:00:00Z'), 'Europe/Berlin').toISOString(),
    '2026-03-29T05:00:00.000Z',
  )
})

eachDatabase('notification preferences, digest and unsubscribe', (h) => {
  test('each mode is honoured per kind: immediate mails at once, digest waits, off sends nothing', async () => {
    const person = await h().person({ role: 'member' })
    await choose(h(), person, { events: 'digest', networks: 'off' })
    await send(h(), person, 'application.approved', 'now')
    await send(h(), person, 'events.registration.confirmed', 'later')
    await send(h(), person, 'networks.invitation', 'never')
    await h().runJobs()

    const mails = h().mail.to(person.email)
    assert.equal(mails.length, 1)
    assert.match(mails[0]?.text ?? '', /#now/)
    // All three are on the site whatever the email choice.
    const rows = await h()
      .db.selectFrom('notifications')
      .select(['kind', 'digest_due_at'])
      .where('person_id', '=', person.id)
      .execute()
    assert.equal(rows.length, 3)
    const due = rows.find((r) => r.kind === 'events.registration.confirmed')?.digest_due_at
    assert.ok(due, 'the digest kind waits for the digest')
    assert.equal(rows.filter((r) => r.digest_due_at !== null).length, 1)
  })

  test('a member receives a digest, once a day even if the job runs twice', async () => {
    const person = await h().person({ role: 'member', locale: 'en' })
    await choose(h(), person, { projects: 'digest', workspace: 'digest' })
    const zone = h().config.timeZone
    const morning = nextDigestAt(new Date(), zone)
    const before = new Date(morning.getTime() - 2 * HOUR)
    await send(h(), person, 'project.submitted', 'first', before)
    await send(h(), person, 'workspace.mention', 'second', before)
    await h().runJobs()
    assert.equal(h().mail.to(person.email).length, 0, 'nothing is mailed before the digest')

    const runAt = new Date(morning.getTime() + 60_000)
    assert.ok((await sendDigests(h().db, h().config, runAt)) >= 1)
    // A notification after this morning's digest is due tomorrow morning, so a second run today sends nothing.
    await send(h(), person, 'project.approved', 'third', new Date(morning.getTime() + 2 * HOUR))
    assert.equal(await sendDigests(h().db, h().config, new Date(morning.getTime() + 5 * HOUR)), 0)
    assert.equal(await sendDigests(h().db, h().config, runAt), 0)
    await h().runJobs()

    const digests = h().mail.to(person.email)
    assert.equal(digests.length, 1)
    const digest = digests[0]
    assert.match(digest?.subject ?? '', /daily digest \(2\)/)
    assert.match(digest?.text ?? '', /#first/)
    assert.match(digest?.text ?? '', /#second/)
    assert.doesNotMatch(digest?.text ?? '', /#third/)
    assert.match(digest?.text ?? '', /To stop these emails: http:\/\/localhost:3000\/unsubscribe\//)
    assert.match(digest?.listUnsubscribe ?? '', /<http:\/\/localhost:3000\/unsubscribe\/[^>]+>/)
    assert.match(digest?.listUnsubscribePost ?? '', /List-Unsubscribe=One-Click/)

    // Tomorrow's digest carries the later one.
    await sendDigests(h().db, h().config, new Date(morning.getTime() + 24 * HOUR + 60_000))
    await h().runJobs()
    assert.equal(h().mail.to(person.email).length, 2)
    assert.match(h().mail.to(person.email).at(-1)?.text ?? '', /#third/)
  })

  test('the digest job re-queues itself once, however many runs are queued', async () => {
    const person = await h().person({ role: 'member' })
    await choose(h(), person, { labels: 'digest' })
    await send(h(), person, 'labels.awarded', 'job', new Date(Date.now() - 30 * HOUR))
    await h().db.deleteFrom('jobs').where('kind', '=', 'notifications.digest').execute()
    const { enqueue } = await import('../../platform/jobs.ts')
    await enqueue(h().db, 'notifications.digest', {})
    await enqueue(h().db, 'notifications.digest', {})
    await h().runJobs()
    assert.equal(h().mail.to(person.email).length, 1)
    const waiting = await h()
      .db.selectFrom('jobs')
      .select('run_at')
      .where('kind', '=', 'notifications.digest')
      .where('status', '=', 'pending')
      .execute()
    assert.equal(waiting.length, 1)
    assert.ok(Date.parse(String(waiting[0]?.run_at)) > Date.now())
  })

  test('an immediate mail carries an unsubscribe link that works without signing in', async () => {
    const person = await h().person({ role: 'member' })
    await send(h(), person, 'events.registration.reminder', 'link')
    await h().runJobs()
    const mail = h().mail.to(person.email).at(-1)
    assert.match(mail?.listUnsubscribePost ?? '', /List-Unsubscribe=One-Click/)
    const url = new URL(h().mail.linkTo(person.email, '/unsubscribe/'))
    assert.ok(mail?.listUnsubscribe.includes(url.href))

    const visitor = await h().client()
    const page = await visitor.get(url.pathname)
    assert.equal(page.status, 200)
    assert.match(page.body, /Stop emails about: Events\?/)
    // Opening the link (or a mail scanner following it) changes nothing.
    const stored = () =>
      h()
        .db.selectFrom('notification_preferences')
        .select(['kind', 'mode'])
        .where('person_id', '=', person.id)
        .execute()
    assert.deepEqual(await stored(), [])

    const done = await visitor.form(url.pathname, {}, { csrf: false })
    assert.equal(done.status, 200)
    assert.match(done.body, /no longer get emails about: Events/)
    assert.deepEqual(await stored(), [{ kind: 'events', mode: 'off' }])
    await send(h(), person, 'events.registration.reminder', 'after')
    await h().runJobs()
    assert.equal(h().mail.to(person.email).length, 1, 'no more event mail')
  })

  test("a mail client's one-click POST (RFC 8058) unsubscribes; the digest's link turns every kind off", async () => {
    const person = await h().person({ role: 'member' })
    const token = signUnsubscribe(h().config.sessionSecret, { personId: person.id, scope: 'all' })
    const response = await (await h().client()).request({
      method: 'POST',
      url: `/unsubscribe/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    })
    assert.equal(response.status, 200)
    const modes = await h()
      .db.selectFrom('notification_preferences')
      .select('mode')
      .where('person_id', '=', person.id)
      .execute()
    assert.equal(modes.length, TOPIC_IDS.length)
    assert.ok(modes.every((m) => m.mode === 'off'))
  })

  test('a tampered or foreign token is refused with a clear 400 page and changes nothing', async () => {
    const person = await h().person({ role: 'member' })
    const token = signUnsubscribe(h().config.sessionSecret, { personId: person.id, scope: 'events' })
    const other = await h().person({ role: 'member' })
    // Someone else's id with this signature; this id signed with another secret; a cut-short link; garbage.
    const swapped = token.replace(person.id, other.id)
    const foreign = signUnsubscribe('another secret', { personId: person.id, scope: 'events' })
    const visitor = await h().client()
    for (const bad of [swapped, foreign, token.slice(0, -4), 'not-a-token', `${token}.x`]) {
      const page = await visitor.get(`/unsubscribe/${bad}`)
      assert.equal(page.status, 400, bad)
      assert.match(page.body, /This link is not valid/)
      const post = await visitor.form(`/unsubscribe/${bad}`, {}, { csrf: false })
      assert.equal(post.status, 400)
    }
    const rows = await h().db.selectFrom('notification_preferences').select('person_id').execute()
    assert.ok(!rows.some((r) => r.person_id === person.id || r.person_id === other.id))
  })

  test('the settings page saves choices, and refuses a mode that does not exist', async () => {
    const person = await h().person({ role: 'member' })
    const client = await h().client(person)
    const page = await client.get('/settings/notifications')
    assert.equal(page.status, 200)
    assert.match(page.body, /name="mode_events" value="immediate"[^>]*checked/)

    const fields = Object.fromEntries(TOPIC_IDS.map((id) => [`mode_${id}`, 'immediate']))
    const saved = await client.form('/settings/notifications', {
      ...fields,
      mode_events: 'digest',
      mode_labels: 'off',
    })
    assert.equal(saved.status, 303)
    const again = await client.get(String(saved.headers.location))
    assert.match(again.body, /Your choices are saved/)
    assert.match(again.body, /name="mode_events" value="digest"[^>]*checked/)
    assert.match(again.body, /name="mode_labels" value="off"[^>]*checked/)

    const bad = await client.form('/settings/notifications', { ...fields, mode_events: 'hourly' })
    assert.equal(bad.status, 400)
    assert.match(bad.body, /error-summary/)
    assert.match(bad.body, /href="#field-mode_events"/)
    const api = await client.api('GET', '/api/v1/notifications/preferences')
    assert.equal(api.json<Record<string, string>>().events, 'digest')
    const doc = (await client.get('/api/v1/openapi.json')).json<{ paths: Record<string, object> }>()
    assert.ok(doc.paths['/api/v1/notifications/preferences'], 'the preferences API is documented')
    const badApi = await client.api('PUT', '/api/v1/notifications/preferences', { events: 'hourly' })
    assert.equal(badApi.status, 400)
    assert.match(String(badApi.headers['content-type']), /problem\+json/)
  })

  test('who may open the settings page: every signed-in adult, not visitors or pupils', async () => {
    const visitor = await (await h().client()).get('/settings/notifications')
    assert.equal(visitor.status, 303)
    assert.match(String(visitor.headers.location), /^\/sign-in/)
    assert.equal((await (await h().client()).api('GET', '/api/v1/notifications/preferences')).status, 401)
    const adults = [
      'registered',
      'member',
      'institution_admin',
      'editor',
      'coordinator',
      'platform_admin',
    ] as const
    for (const role of adults) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.get('/settings/notifications')).status, 200, role)
    }
    const pupil = await h().client(await h().person({ role: 'pupil' }))
    assert.equal((await pupil.get('/settings/notifications')).status, 403)
    assert.equal((await pupil.api('GET', '/api/v1/notifications/preferences')).status, 403)
  })
})
