import assert from 'node:assert/strict'
import { test } from 'node:test'
import { totpCode } from '../../test/helpers/factories.ts'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { DEMO_TOTP_SECRET, enrolDemoStaff } from '../modules/accounts/second-factor.ts'
import { DEMO_EVENT_SLUGS } from './events.ts'
import { loadDemoData } from './seed.ts'

eachDatabase('demo events', (h) => {
  test('the demo tells the events story: a past regional conference, a seminar and an online conference ahead, a draft', async () => {
    assert.equal(await loadDemoData(h().db), true)
    // As `npm start` does: the demo staff are enrolled with the published TOTP secret (README).
    await enrolDemoStaff(h().db, h().config)
    const visitor = await h().client()
    const upcoming = (await visitor.get('/api/v1/events')).json<{ results: Array<{ slug: string }> }>()
    assert.deepEqual(
      upcoming.results.map((r) => r.slug),
      [DEMO_EVENT_SLUGS.vetSeminar, DEMO_EVENT_SLUGS.onlineConference],
    )
    const past = (await visitor.get('/api/v1/events?when=past')).json<{ results: Array<{ slug: string }> }>()
    assert.deepEqual(
      past.results.map((r) => r.slug),
      [DEMO_EVENT_SLUGS.regionalConference],
    )

    const conference = (await visitor.get(`/api/v1/events/${DEMO_EVENT_SLUGS.regionalConference}`)).json<{
      organisers: Array<{ name: string }>
      supporters: Array<{ name: string }>
      sessions: unknown[]
      speakers: unknown[]
    }>()
    assert.deepEqual(
      conference.organisers.map((o) => o.name),
      ['Ministry of Science and Education of the Republic of Azerbaijan', 'Ganja State University'],
    )
    assert.deepEqual(
      conference.supporters.map((o) => o.name),
      ['Delegation of the European Union to Azerbaijan'],
    )
    assert.equal(conference.sessions.length, 7)
    assert.equal(conference.speakers.length, 3)
    const page = (await visitor.get(`/events/${DEMO_EVENT_SLUGS.regionalConference}`)).body
    for (const day of [1, 2, 3]) assert.match(page, new RegExp(`Day ${day} · `))

    const seminar = (await visitor.get(`/events/${DEMO_EVENT_SLUGS.vetSeminar}`)).body
    assert.match(seminar, /UNDP in Azerbaijan/)
    assert.match(seminar, /Delegation of the European Union to Azerbaijan/)
    // The supporters are institutions of the registry, with their own pages.
    assert.equal((await visitor.get('/institutions/undp-in-azerbaijan')).status, 200)

    assert.equal((await visitor.get(`/events/${DEMO_EVENT_SLUGS.draftWebinar}`)).status, 404)
    const coordinator = await h().client()
    const signIn = await coordinator.api('POST', '/api/v1/session', {
      email: 'coordinator@demo.korpu.az',
      password: 'korpu-demo-2026',
      code: totpCode(DEMO_TOTP_SECRET),
    })
    assert.equal(signIn.status, 200)
    assert.equal((await coordinator.get(`/events/${DEMO_EVENT_SLUGS.draftWebinar}`)).status, 200)
    assert.match((await coordinator.get('/events/mine')).body, new RegExp(DEMO_EVENT_SLUGS.draftWebinar))
  })
})
