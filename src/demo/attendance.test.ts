import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { DEMO_EVENT_SLUGS } from './events.ts'
import { loadDemoData } from './seed.ts'

eachDatabase('demo attendance', (h) => {
  test('the past regional conference shows its outcome, computed from the demo check-ins and projects', async () => {
    assert.equal(await loadDemoData(h().db), true)
    const db = h().db
    const event = await db
      .selectFrom('events')
      .select('id')
      .where('slug', '=', DEMO_EVENT_SLUGS.regionalConference)
      .executeTakeFirstOrThrow()
    const attended = await db
      .selectFrom('event_registrations as r')
      .select(['r.id', 'r.region'])
      .where('r.event_id', '=', event.id)
      .where((eb) =>
        eb.exists(
          eb.selectFrom('event_attendance as a').select('a.day').whereRef('a.registration_id', '=', 'r.id'),
        ),
      )
      .execute()
    const registered = await db
      .selectFrom('event_registrations')
      .select('id')
      .where('event_id', '=', event.id)
      .execute()
    assert.ok(attended.length > 5 && attended.length < registered.length, 'most came, not everyone')
    const regions = new Set(attended.map((r) => r.region).filter(Boolean)).size
    const projects = await db.selectFrom('projects').select('id').where('event_id', '=', event.id).execute()
    assert.ok(projects.length > 0)

    const page = (await (await h().client()).get(`/events/${DEMO_EVENT_SLUGS.regionalConference}`)).body
    const headline = `${attended.length} participants from ${regions} regions; ${projects.length} project${projects.length === 1 ? '' : 's'} created`
    assert.ok(page.includes(headline), `the page says "${headline}"`)
    assert.match(page, /found partners and planned joint eTwinning projects/)
  })
})
