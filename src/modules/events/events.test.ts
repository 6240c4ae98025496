import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import ICAL from 'ical.js'
import type { Client } from '../../../test/helpers/client.ts'
import { createEvent } from '../../../test/helpers/events.ts'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { newId } from '../../db/ids.ts'
import { forgetCalendar } from './cache.ts'

/** The form fields of a valid three-day conference, 10:00–17:00 in Baku (UTC+4), in 2099 so it stays upcoming. */
function conference(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    kind: 'conference',
    format: 'on_site',
    title_en: 'Regional conference of eTwinning teachers',
    title_az: 'eTwinning müəllimlərinin regional konfransı',
    description_en: 'Three days of workshops.\n\nTeachers from every region plan projects together.',
    venue: 'Ganja State University, main hall',
    city: 'Ganja',
    region: 'AZ-GA',
    start_date: '2099-12-13',
    start_time: '10:00',
    end_date: '2099-12-15',
    end_time: '17:00',
    time_zone: 'Asia/Baku',
    registration: 'members',
    capacity: '60',
    ...overrides,
  }
}

/** The schema.org JSON-LD block of a page. */
function jsonLd(body: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(body)
  assert.ok(match, 'the page carries JSON-LD')
  return JSON.parse(match[1] ?? '{}') as Record<string, unknown>
}

/** The VEVENTs of an iCalendar document, parsed back by a real iCal parser (Mozilla's ical.js). */
function vevents(text: string) {
  const component = new ICAL.Component(ICAL.parse(text))
  return component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

eachDatabase(
  'events: creating, publishing and the public page',
  (h) => {
    let coordinator: TestPerson
    let coordinatorClient: Client

    before(async () => {
      coordinator = await h().person({ role: 'coordinator', name: 'Nigar Coordinator' })
      coordinatorClient = await h().client(coordinator)
    })

    /** A coordinator creates the conference; returns its slug. */
    async function created(overrides: Record<string, string> = {}): Promise<string> {
      const response = await coordinatorClient.form('/events/new', conference(overrides))
      assert.equal(response.status, 303, response.body.slice(0, 500))
      const location = String(response.headers.location)
      assert.match(location, /^\/events\/[a-z0-9-]+\?done=created$/)
      return location.slice('/events/'.length).split('?')[0] ?? ''
    }

    test('a coordinator creates a draft that only organisers see, then publishes it onto the calendar', async () => {
      const slug = await created()
      assert.match(slug, /^regional-conference-of-etwinning-teachers/)
      const draft = await coordinatorClient.get(`/events/${slug}`)
      assert.equal(draft.status, 200)
      assert.match(draft.body, /This event is a draft/)
      const stored = await h()
        .db.selectFrom('events')
        .selectAll()
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow()
      // 10:00 in Baku is 06:00 UTC; the last day ends at 17:00 Baku time.
      assert.equal(new Date(stored.starts_at).toISOString(), '2099-12-13T06:00:00.000Z')
      assert.equal(new Date(stored.ends_at).toISOString(), '2099-12-15T13:00:00.000Z')
      assert.equal(stored.country, 'AZ')
      // The creator runs it.
      const managers = await h()
        .db.selectFrom('event_managers')
        .select('person_id')
        .where('event_id', '=', stored.id)
        .execute()
      assert.deepEqual(
        managers.map((m) => m.person_id),
        [coordinator.id],
      )

      const member = await h().client(await h().person({ role: 'member' }))
      const visitor = await h().client()
      for (const client of [member, visitor]) {
        assert.equal((await client.get(`/events/${slug}`)).status, 404)
        assert.equal((await client.get(`/api/v1/events/${slug}`)).status, 404)
        assert.equal((await client.get(`/events/${slug}/event.ics`)).status, 404)
        assert.doesNotMatch((await client.get('/events')).body, new RegExp(slug))
      }

      const published = await coordinatorClient.form(`/events/${slug}/publish`, {})
      assert.equal(published.status, 303)
      assert.equal(published.headers.location, `/events/${slug}?done=published`)
      const again = await coordinatorClient.form(`/events/${slug}/publish`, {})
      assert.equal(again.status, 409)

      const page = await visitor.get(`/events/${slug}`)
      assert.equal(page.status, 200)
      assert.match(page.body, /Regional conference of eTwinning teachers/)
      assert.match(page.body, /13\s–\s15 December 2099/)
      assert.match(page.body, /10:00–17:00 \(Asia\/Baku\)/)
      assert.match(page.body, /Add to my calendar/)
      assert.doesNotMatch(page.body, /For the organisers/)
      const azPage = await visitor.get(`/events/${slug}`, { cookie: 'korpu_lang=az' })
      assert.match(azPage.body, /eTwinning müəllimlərinin regional konfransı/)
      assert.match(azPage.body, /lang="az"/)

      const data = jsonLd(page.body)
      assert.equal(data['@type'], 'Event')
      assert.equal(data.name, 'Regional conference of eTwinning teachers')
      assert.equal(data.startDate, '2099-12-13T06:00:00.000Z')
      assert.equal(data.eventStatus, 'https://schema.org/EventScheduled')
      assert.equal(data.eventAttendanceMode, 'https://schema.org/OfflineEventAttendanceMode')
      assert.equal(data.maximumAttendeeCapacity, 60)

      const list = await visitor.get('/events?kind=conference')
      assert.match(list.body, new RegExp(`href="/events/${slug}"`))
      const api = await visitor.get('/api/v1/events?kind=conference&region=AZ-GA')
      assert.equal(api.status, 200)
      const body = api.json<{
        hasMore: boolean
        results: Array<{ slug: string; title: string; status: string }>
      }>()
      assert.ok(body.results.some((r) => r.slug === slug && r.status === 'published'))
      const detail = (await visitor.get(`/api/v1/events/${slug}`)).json<Record<string, unknown>>()
      assert.deepEqual(detail.title, {
        az: 'eTwinning müəllimlərinin regional konfransı',
        en: 'Regional conference of eTwinning teachers',
        ru: null,
      })
      assert.equal(detail.capacity, 60)
    })

    test('the event iCal file parses back with a real iCal parser, and a cancellation turns it CANCELLED', async () => {
      const slug = await created({ title_en: 'Seminar on VET partnerships', kind: 'seminar' })
      await coordinatorClient.form(`/events/${slug}/publish`, {})
      const visitor = await h().client()
      const ics = await visitor.get(`/events/${slug}/event.ics`)
      assert.equal(ics.status, 200)
      assert.match(String(ics.headers['content-type']), /^text\/calendar/)
      const [entry, ...rest] = vevents(ics.body)
      assert.equal(rest.length, 0)
      assert.ok(entry)
      assert.equal(entry.summary, 'Seminar on VET partnerships')
      assert.equal(entry.startDate.toJSDate().toISOString(), '2099-12-13T06:00:00.000Z')
      assert.equal(entry.endDate.toJSDate().toISOString(), '2099-12-15T13:00:00.000Z')
      assert.equal(entry.location, 'Ganja State University, main hall, Ganja')
      assert.match(entry.uid, /@localhost:3000$/)
      assert.equal(entry.component.getFirstPropertyValue('status'), 'CONFIRMED')

      const cancelled = await coordinatorClient.form(`/events/${slug}/cancel`, {})
      assert.equal(cancelled.status, 303)
      const page = await visitor.get(`/events/${slug}`)
      assert.match(page.body, /This event has been cancelled/)
      assert.equal(jsonLd(page.body).eventStatus, 'https://schema.org/EventCancelled')
      const [after] = vevents((await visitor.get(`/events/${slug}/event.ics`)).body)
      assert.equal(after?.component.getFirstPropertyValue('status'), 'CANCELLED')
      assert.equal(after?.uid, entry.uid, 'the same UID, so calendars replace the entry')
      assert.ok(
        Number(after?.component.getFirstPropertyValue('sequence')) >=
          Number(entry.component.getFirstPropertyValue('sequence')),
      )
      // Off the calendar; no more changes.
      assert.doesNotMatch((await visitor.get('/events')).body, new RegExp(`href="/events/${slug}"`))
      assert.equal((await coordinatorClient.form(`/events/${slug}/edit`, conference())).status, 409)
    })

    test('bad input comes back as field messages with what was typed, never a 500', async () => {
      const cases: Array<[Record<string, string>, string, RegExp]> = [
        [{ end_date: '2099-12-12' }, 'end_date', /The end must be after the start/],
        [{ capacity: '0' }, 'capacity', /at least 1|must be 1 or more|1/],
        [{ capacity: '-5' }, 'capacity', /1/],
        [{ title_en: 'x'.repeat(5000) }, 'title_en', /200/],
        [{ title_en: '', title_az: '' }, 'title_az', /Give the event a title/],
        [{ time_zone: 'Mars/Olympus' }, 'time_zone', /Enter a time zone/],
        [{ start_date: '2099-13-45' }, 'start_date', /./],
        [{ end_date: '2100-03-01' }, 'end_date', /at most 31 days/],
        [{ venue: '', city: '' }, 'venue', /Enter the venue or the city/],
        [{ kind: 'party' }, 'kind', /./],
      ]
      for (const [fields, field, message] of cases) {
        const response = await coordinatorClient.form('/events/new', conference(fields))
        assert.equal(response.status, 400, `${field}: ${response.status}`)
        assert.match(response.body, /class="error-summary"/, field)
        assert.match(response.body, new RegExp(`href="#field-${field}"`), field)
        assert.match(response.body, message, field)
        // What was typed comes back (the venue, here), except when it was the field emptied on purpose.
        if (field !== 'venue') assert.match(response.body, /Ganja State University, main hall/, field)
      }
      const count = await h()
        .db.selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'party' as never)
        .executeTakeFirst()
      assert.equal(Number(count?.n), 0)
    })

    test('who may create, edit and manage: coordinators create; managers edit their own events; others are refused', async () => {
      const slug = await created({ title_en: 'Closing meeting of a consortium', kind: 'project_meeting' })
      await coordinatorClient.form(`/events/${slug}/publish`, {})
      const visitor = await h().client()
      const newForm = await visitor.get('/events/new')
      assert.equal(newForm.status, 303)
      assert.match(String(newForm.headers.location), /^\/sign-in/)
      for (const role of ['registered', 'member', 'institution_admin', 'editor', 'platform_admin'] as const) {
        const client = await h().client(await h().person({ role }))
        assert.equal((await client.get('/events/new')).status, 403, role)
        assert.equal((await client.form('/events/new', conference())).status, 403, role)
        assert.equal((await client.get(`/events/${slug}/edit`)).status, 403, role)
        assert.equal((await client.form(`/events/${slug}/edit`, conference())).status, 403, role)
        assert.equal((await client.form(`/events/${slug}/cancel`, {})).status, 403, role)
        assert.equal((await client.get(`/events/${slug}/agenda`)).status, 403, role)
        assert.equal((await client.form(`/events/${slug}/speakers`, { name: 'X' })).status, 403, role)
      }
      const pupil = await h().client(await h().person({ role: 'pupil' }))
      assert.equal((await pupil.get(`/events/${slug}/edit`)).status, 403)
      assert.equal((await pupil.get(`/events/${slug}`)).status, 200)

      // A coordinator names a validated member as manager; someone not yet validated cannot be one.
      const manager = await h().person({ role: 'member', name: 'Rauf Manager' })
      const registered = await h().person({ role: 'registered' })
      const refused = await coordinatorClient.form(`/events/${slug}/managers`, { email: registered.email })
      assert.equal(refused.status, 400)
      assert.match(refused.body, /No validated member has this email address/)
      assert.equal(
        (await coordinatorClient.form(`/events/${slug}/managers`, { email: manager.email })).status,
        303,
      )
      assert.equal(
        (await coordinatorClient.form(`/events/${slug}/managers`, { email: manager.email })).status,
        409,
      )
      const managerClient = await h().client(manager)
      const form = await managerClient.get(`/events/${slug}/edit`)
      assert.equal(form.status, 200)
      assert.match(form.body, /value="Closing meeting of a consortium"/)
      assert.match(form.body, /value="2099-12-13"/)
      assert.match(form.body, /value="10:00"/)
      const saved = await managerClient.form(
        `/events/${slug}/edit`,
        conference({ title_en: 'Closing meeting', kind: 'project_meeting' }),
      )
      assert.equal(saved.status, 303)
      assert.match((await visitor.get(`/events/${slug}`)).body, /<h1 lang="en">Closing meeting<\/h1>/)
      // A manager does not name other managers.
      const other = await h().person({ role: 'member' })
      assert.equal((await managerClient.form(`/events/${slug}/managers`, { email: other.email })).status, 403)
      const mine = await managerClient.get('/events/mine')
      assert.match(mine.body, new RegExp(`href="/events/${slug}"`))
      const audit = await h()
        .db.selectFrom('audit_log')
        .select('action')
        .where(
          'subject_id',
          '=',
          (await h().db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow())
            .id,
        )
        .execute()
      assert.deepEqual(audit.map((a) => a.action).sort(), [
        'events.create',
        'events.manager_add',
        'events.publish',
        'events.update',
      ])
    })

    test('the agenda: speakers, sessions on the event days, organisers and supporters from the registry', async () => {
      const slug = await created({ title_en: 'Agenda conference' })
      await coordinatorClient.form(`/events/${slug}/publish`, {})
      const ministry = await createInstitution(h().db, {
        name: 'Ministry of Science and Education',
        type: 'ministry' as never,
      })
      await createInstitution(h().db, { name: 'UNDP Azerbaijan' })
      assert.equal(
        (
          await coordinatorClient.form(`/events/${slug}/partners`, {
            institution: ministry.name,
            role: 'organiser',
          })
        ).status,
        303,
      )
      assert.equal(
        (
          await coordinatorClient.form(`/events/${slug}/partners`, {
            institution: 'undp azerbaijan',
            role: 'supporter',
          })
        ).status,
        303,
      )
      const unknown = await coordinatorClient.form(`/events/${slug}/partners`, {
        institution: 'Nowhere Institute',
        role: 'supporter',
      })
      assert.equal(unknown.status, 400)
      assert.match(unknown.body, /No institution of the registry has this name/)
      assert.match(unknown.body, /value="Nowhere Institute"/)

      assert.equal(
        (
          await coordinatorClient.form(`/events/${slug}/speakers`, {
            name: 'Leyla Speaker',
            affiliation: 'ADA University',
            bio_en: 'Teaches teachers.',
          })
        ).status,
        303,
      )
      const noName = await coordinatorClient.form(`/events/${slug}/speakers`, { name: '' })
      assert.equal(noName.status, 400)
      const speaker = await h()
        .db.selectFrom('event_speakers')
        .select('id')
        .where('name', '=', 'Leyla Speaker')
        .executeTakeFirstOrThrow()
      const session = {
        date: '2099-12-14',
        start_time: '11:00',
        end_time: '12:30',
        room: 'Hall B',
        title_en: 'Planning projects together',
        speakers: speaker.id,
      }
      assert.equal((await coordinatorClient.form(`/events/${slug}/agenda/sessions`, session)).status, 303)
      const offDay = await coordinatorClient.form(`/events/${slug}/agenda/sessions`, {
        ...session,
        date: '2099-12-20',
      })
      assert.equal(offDay.status, 400)
      assert.match(offDay.body, /Choose one of the event&#39;s days|Choose one of the event's days/)
      const backwards = await coordinatorClient.form(`/events/${slug}/agenda/sessions`, {
        ...session,
        end_time: '10:00',
      })
      assert.equal(backwards.status, 400)
      const stranger = await coordinatorClient.form(`/events/${slug}/agenda/sessions`, {
        ...session,
        speakers: newId(),
      })
      assert.equal(stranger.status, 400)

      const page = (await (await h().client()).get(`/events/${slug}`)).body
      assert.match(page, /Day 2 · Monday 14 December/)
      assert.match(page, /11:00–12:30/)
      assert.match(page, /Planning projects together/)
      assert.match(page, /Speakers: Leyla Speaker/)
      const data = jsonLd(page)
      assert.deepEqual(
        (data.organizer as Array<{ name: string }>).map((o) => o.name),
        ['Ministry of Science and Education'],
      )
      assert.deepEqual(
        (data.sponsor as Array<{ name: string }>).map((o) => o.name),
        ['UNDP Azerbaijan'],
      )
      assert.deepEqual(
        (data.performer as Array<{ name: string }>).map((o) => o.name),
        ['Leyla Speaker'],
      )

      const api = (await (await h().client()).get(`/api/v1/events/${slug}`)).json<{
        sessions: Array<{ title: { en: string }; speakers: string[] }>
      }>()
      assert.equal(api.sessions[0]?.title.en, 'Planning projects together')
      assert.deepEqual(api.sessions[0]?.speakers, [speaker.id])
      // Removing a speaker takes them off the sessions too.
      assert.equal(
        (await coordinatorClient.form(`/events/${slug}/speakers/${speaker.id}/delete`, {})).status,
        303,
      )
      assert.doesNotMatch((await (await h().client()).get(`/events/${slug}`)).body, /Leyla Speaker/)
    })

    test('the meeting link goes to confirmed participants and organisers only', async () => {
      const slug = await created({
        format: 'online',
        title_en: 'Online conference of the alliance',
        meeting_url: 'https://meet.example.org/alliance',
        venue: '',
        city: '',
      })
      await coordinatorClient.form(`/events/${slug}/publish`, {})
      const event = await h()
        .db.selectFrom('events')
        .select(['id', 'venue', 'region'])
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow()
      assert.equal(event.venue, null)
      assert.equal(event.region, null)
      const waiting = await h().person({ role: 'member' })
      const confirmed = await h().person({ role: 'member' })
      for (const [person, status] of [
        [waiting, 'waitlisted'],
        [confirmed, 'confirmed'],
      ] as const) {
        await h()
          .db.insertInto('event_registrations')
          .values({
            id: newId(),
            event_id: event.id,
            person_id: person.id,
            status,
            ticket: newId(),
            registered_at: new Date().toISOString(),
          })
          .execute()
      }
      const link = /https:\/\/meet\.example\.org\/alliance/
      assert.doesNotMatch((await (await h().client()).get(`/events/${slug}`)).body, link)
      assert.equal((await (await h().client()).get(`/api/v1/events/${slug}`)).json().meetingUrl, null)
      assert.doesNotMatch((await (await h().client(waiting)).get(`/events/${slug}`)).body, link)
      assert.doesNotMatch((await (await h().client()).get(`/events/${slug}/event.ics`)).body, link)
      assert.match((await (await h().client(confirmed)).get(`/events/${slug}`)).body, link)
      assert.equal(
        (await (await h().client(confirmed)).get(`/api/v1/events/${slug}`)).json().meetingUrl,
        'https://meet.example.org/alliance',
      )
      assert.match((await coordinatorClient.get(`/events/${slug}`)).body, link)
      const data = jsonLd((await (await h().client()).get(`/events/${slug}`)).body)
      assert.equal(data.eventAttendanceMode, 'https://schema.org/OnlineEventAttendanceMode')
      assert.doesNotMatch(JSON.stringify(data), link)
    })

    test('materials and photos: organisers upload; a file that is not what it claims is refused; too large is 413', async () => {
      const slug = await created({ title_en: 'Event with files' })
      await coordinatorClient.form(`/events/${slug}/publish`, {})
      const photo = await coordinatorClient.upload(
        `/events/${slug}/files`,
        { title: 'Group photo', kind: 'photo' },
        [{ field: 'file', filename: 'group.png', contentType: 'image/png', content: PNG }],
      )
      assert.equal(photo.status, 303, photo.body.slice(0, 400))
      const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF')
      assert.equal(
        (
          await coordinatorClient.upload(`/events/${slug}/files`, { title: 'Programme', kind: 'material' }, [
            { field: 'file', filename: 'programme.pdf', contentType: 'application/pdf', content: pdf },
          ])
        ).status,
        303,
      )
      const html = await coordinatorClient.upload(
        `/events/${slug}/files`,
        { title: 'Page', kind: 'material' },
        [
          {
            field: 'file',
            filename: 'page.html',
            contentType: 'text/html',
            content: Buffer.from('<script>alert(1)</script>'),
          },
        ],
      )
      assert.equal(html.status, 400)
      assert.match(html.body, /This kind of file cannot be uploaded/)
      assert.match(html.body, /value="Page"/)
      const fakePhoto = await coordinatorClient.upload(
        `/events/${slug}/files`,
        { title: 'Fake', kind: 'photo' },
        [
          {
            field: 'file',
            filename: 'fake.png',
            contentType: 'image/png',
            content: Buffer.from('not a png at all'),
          },
        ],
      )
      assert.equal(fakePhoto.status, 400)
      const pdfAsPhoto = await coordinatorClient.upload(
        `/events/${slug}/files`,
        { title: 'Not a photo', kind: 'photo' },
        [{ field: 'file', filename: 'p.pdf', contentType: 'application/pdf', content: pdf }],
      )
      assert.equal(pdfAsPhoto.status, 400)
      assert.match(pdfAsPhoto.body, /A photo must be a PNG, JPEG, GIF or WebP image/)
      const big = await coordinatorClient.upload(
        `/events/${slug}/files`,
        { title: 'Huge', kind: 'material' },
        [
          {
            field: 'file',
            filename: 'huge.pdf',
            contentType: 'application/pdf',
            content: Buffer.alloc(1024 * 1024 + 10, 0x25),
          },
        ],
      )
      assert.equal(big.status, 413)
      assert.match(big.body, /The file is larger than 1 MB/)
      assert.match(big.body, /value="Huge"/)

      const member = await h().client(await h().person({ role: 'member' }))
      const denied = await member.upload(`/events/${slug}/files`, { title: 'Mine', kind: 'photo' }, [
        { field: 'file', filename: 'group.png', contentType: 'image/png', content: PNG },
      ])
      assert.equal(denied.status, 403)

      const page = (await (await h().client()).get(`/events/${slug}`)).body
      assert.match(page, /<h2 id="photos">Photos<\/h2>/)
      const files = await h().db.selectFrom('event_files').select(['id', 'kind']).execute()
      const photoId = files.find((f) => f.kind === 'photo')?.id
      const download = await (await h().client()).get(`/events/${slug}/files/${photoId}`)
      assert.equal(download.status, 200)
      assert.equal(download.headers['content-type'], 'image/png')
      assert.equal(download.headers['x-content-type-options'], 'nosniff')
      assert.equal((await (await h().client()).get(`/events/${slug}/files/${newId()}`)).status, 404)
      assert.equal((await coordinatorClient.form(`/events/${slug}/files/${photoId}/delete`, {})).status, 303)
      assert.equal((await (await h().client()).get(`/events/${slug}/files/${photoId}`)).status, 404)
    })
  },
  { KORPU_PROJECT_MAX_UPLOAD_MB: '1' },
)

eachDatabase('events: the calendar, its filters, month view and feeds', (h) => {
  let slugs: Record<string, string>

  before(async () => {
    const future = (days: number) => new Date(Date.now() + days * 86_400_000)
    const make = async (title: string, options: Parameters<typeof createEvent>[1]) =>
      (await createEvent(h().db, { title, ...options })).slug
    slugs = {
      seminar: await make('Baku seminar', { kind: 'seminar', region: 'AZ-BA', startsAt: future(5) }),
      conference: await make('Ganja conference', {
        kind: 'conference',
        region: 'AZ-GA',
        startsAt: future(12),
        days: 3,
      }),
      webinar: await make('Webinar on coding', { kind: 'webinar', format: 'online', startsAt: future(20) }),
      past: await make('Past training', { kind: 'training', startsAt: future(-40) }),
      draft: await make('Draft seminar', { status: 'draft', startsAt: future(7) }),
      cancelled: await make('Cancelled seminar', { status: 'cancelled', startsAt: future(8) }),
    }
    await h()
      .db.updateTable('events')
      .set({ audience: '["teachers","school_leaders"]' })
      .where('slug', '=', slugs.conference ?? '')
      .execute()
  })

  const shown = (body: string, key: string) => body.includes(`href="/events/${slugs[key]}"`)

  test('upcoming events soonest first; drafts and cancelled events are not listed; past events latest first', async () => {
    const client = await h().client()
    const body = (await client.get('/events')).body
    assert.ok(shown(body, 'seminar') && shown(body, 'conference') && shown(body, 'webinar'))
    assert.ok(!shown(body, 'past') && !shown(body, 'draft') && !shown(body, 'cancelled'))
    assert.ok(body.indexOf(slugs.seminar ?? '') < body.indexOf(slugs.conference ?? ''))
    assert.match(body, /Upcoming events/)
    const past = (await client.get('/events?when=past')).body
    assert.ok(shown(past, 'past') && !shown(past, 'seminar'))
    const api = (await client.get('/api/v1/events?when=past')).json<{
      hasMore: boolean
      results: unknown[]
    }>()
    assert.deepEqual([api.results.length, api.hasMore], [1, false])
  })

  test('filters by kind, format, region and audience, on the page, the API and the feed alike', async () => {
    const client = await h().client()
    const cases: Array<[string, string[]]> = [
      ['kind=conference', ['conference']],
      ['format=online', ['webinar']],
      ['region=AZ-GA', ['conference']],
      ['audience=teachers', ['conference']],
      ['audience=rectors', []],
      ['kind=seminar&region=AZ-BA', ['seminar']],
    ]
    for (const [query, expected] of cases) {
      const api = (await client.get(`/api/v1/events?${query}`)).json<{ results: Array<{ slug: string }> }>()
      assert.deepEqual(
        api.results.map((r) => r.slug),
        expected.map((k) => slugs[k]),
        query,
      )
      const page = (await client.get(`/events?${query}`)).body
      for (const key of ['seminar', 'conference', 'webinar'])
        assert.equal(shown(page, key), expected.includes(key), `${query} ${key}`)
      const feed = await client.get(`/events/calendar.ics?${query}`)
      assert.equal(feed.status, 200)
      assert.deepEqual(
        vevents(feed.body)
          .map((e) => e.summary)
          .sort(),
        expected
          .map(
            (k) =>
              ({ seminar: 'Baku seminar', conference: 'Ganja conference', webinar: 'Webinar on coding' })[
                k as 'seminar'
              ],
          )
          .sort(),
        query,
      )
    }
    // Empty filters (a form sent as is) are no filters; bad values are field errors, never a 500.
    assert.equal((await client.get('/events?kind=&region=')).status, 200)
    const bad = await client.get('/api/v1/events?kind=party&page=0')
    assert.equal(bad.status, 400)
    assert.match(String(bad.headers['content-type']), /problem\+json/)
    assert.ok(bad.json<{ errors: Array<{ field: string }> }>().errors.some((e) => e.field === 'kind'))
    assert.equal((await client.get('/events?month=2026-13&view=month')).status, 400)
  })

  test('the calendar page links the feed of its filters, and htmx gets the results alone', async () => {
    const client = await h().client()
    const page = (await client.get('/events?kind=conference')).body
    assert.match(page, /href="\/events\/calendar\.ics\?kind=conference"/)
    const partial = await client.get('/events?kind=conference', { 'hx-request': 'true' })
    assert.doesNotMatch(partial.body, /<html/)
    assert.match(partial.body, /id="results"/)
  })

  test('the month view puts a three-day event on each of its days', async () => {
    const row = await h()
      .db.selectFrom('events')
      .select(['starts_at'])
      .where('slug', '=', slugs.conference ?? '')
      .executeTakeFirstOrThrow()
    const start = new Date(row.starts_at)
    const month = start.toISOString().slice(0, 7)
    const body = (await (await h().client()).get(`/events?view=month&month=${month}&kind=conference`)).body
    const occurrences = body.split(`href="/events/${slugs.conference}"`).length - 1
    // Three days, unless the event crosses into the next month (then the grid's trailing days still hold them).
    assert.ok(occurrences >= 2 && occurrences <= 3, String(occurrences))
    assert.match(body, /<caption>/)
    assert.match(body, /name="view" value="month"/)
  })

  test('a busy day in the month view shows its first three events and counts the others', async () => {
    const day = new Date(Date.now() + 60 * 86_400_000)
    const titles = ['Meeting A', 'Meeting B', 'Meeting C', 'Meeting D', 'Meeting E']
    for (const title of titles)
      await createEvent(h().db, { title, kind: 'project_meeting', region: 'AZ-SM', startsAt: day })
    const month = day.toISOString().slice(0, 7)
    const body = (await (await h().client()).get(`/events?view=month&month=${month}&region=AZ-SM`)).body
    const listed = titles.filter((t) => body.includes(`>${t}</a>`))
    assert.equal(listed.length, 3, listed.join())
    assert.match(body, /2 more events this day/)
    assert.match(body, /href="\/events\?region=AZ-SM&amp;from=\d{4}-\d{2}-\d{2}"/)
  })

  test('visitors are served the calendar from a cache that every change through the service empties', async () => {
    const visitor = await h().client()
    const member = await h().client(await h().person({ role: 'member' }))
    const before = await visitor.get('/events?kind=webinar')
    assert.equal(before.headers['cache-control'], 'public, max-age=60')
    // Written past the service, as only another process sharing the database would: visitors keep the page they were
    // sent, and everyone the calendar's index of events, for up to a minute (a change through the service: at once).
    const hidden = newId()
    const start = new Date(Date.now() + 3 * 86_400_000).toISOString()
    await h()
      .db.insertInto('events')
      .values({
        id: hidden,
        slug: `raw-webinar-${hidden.slice(-6)}`,
        kind: 'webinar',
        format: 'online',
        status: 'published',
        title_az: null,
        title_en: 'Raw webinar',
        title_ru: null,
        description_az: null,
        description_en: null,
        description_ru: null,
        venue: null,
        city: null,
        region: null,
        country: 'AZ',
        meeting_url: null,
        starts_at: start,
        ends_at: new Date(Date.parse(start) + 3_600_000).toISOString(),
        time_zone: 'Asia/Baku',
        programme: null,
        network_id: null,
        consortium_id: null,
        registration: 'none',
        capacity: null,
        registration_closes_at: null,
        report_az: null,
        report_en: null,
        report_ru: null,
        outcome_recorded_at: null,
        created_by: null,
        created_at: start,
        updated_at: start,
        published_at: start,
        cancelled_at: null,
      })
      .execute()
    assert.equal((await visitor.get('/events?kind=webinar')).body, before.body)
    const signedIn = await member.get('/events?kind=webinar')
    assert.equal(signedIn.headers['cache-control'], 'private, no-store')
    assert.doesNotMatch(signedIn.body, /Raw webinar/)
    // A coordinator's change empties the cache: the next visitor sees the calendar as it is.
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    assert.equal((await coordinator.form(`/events/${slugs.draft}/publish`, {})).status, 303)
    assert.match((await visitor.get('/events?kind=webinar')).body, /Raw webinar/)
    assert.match((await visitor.get('/api/v1/events?kind=webinar')).body, /Raw webinar/)
    await h().db.deleteFrom('events').where('id', '=', hidden).execute()
    await h()
      .db.updateTable('events')
      .set({ status: 'draft' })
      .where('slug', '=', slugs.draft ?? '')
      .execute()
    // The next tests read the calendar as it now is.
    forgetCalendar(h().db)
  })

  test('the OpenAPI document lists /api/v1/events with its filters and /api/v1/events/{slug}', async () => {
    const doc = (await (await h().client()).get('/api/v1/openapi.json')).json<{
      paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }>
    }>()
    const list = doc.paths['/api/v1/events']?.get
    assert.ok(list)
    assert.deepEqual((list.parameters ?? []).map((p) => p.name).sort(), [
      'audience',
      'format',
      'from',
      'kind',
      'page',
      'region',
      'when',
    ])
    assert.ok(doc.paths['/api/v1/events/{slug}']?.get)
  })

  test("a draft's iCal, page and API are hidden from all but its organisers", async () => {
    for (const url of [
      `/events/${slugs.draft}`,
      `/events/${slugs.draft}/event.ics`,
      `/api/v1/events/${slugs.draft}`,
    ]) {
      assert.equal((await (await h().client()).get(url)).status, 404, url)
    }
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    assert.equal((await coordinator.get(`/events/${slugs.draft}`)).status, 200)
    assert.equal((await (await h().client()).get('/events/no-such-event')).status, 404)
  })
})
