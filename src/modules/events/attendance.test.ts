import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { before, test } from 'node:test'
import { createEvent } from '../../../test/helpers/events.ts'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { createProject } from '../../../test/helpers/projects.ts'
import type { Db } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { RegistrationStatus } from '../../db/schema.ts'
import { calendarDay } from './attendance.ts'

interface Place {
  id: string
  ticket: string
}

/** A registration written straight into the database, with where the person came from as registration keeps it. */
async function place(
  db: Db,
  eventId: string,
  person: TestPerson,
  options: { status?: RegistrationStatus; region?: string | null; institutionType?: string | null } = {},
): Promise<Place> {
  const id = newId()
  const ticket = randomBytes(24).toString('base64url')
  const now = new Date().toISOString()
  await db
    .insertInto('event_registrations')
    .values({
      id,
      event_id: eventId,
      person_id: person.id,
      status: options.status ?? 'confirmed',
      institution_id: null,
      institution_type: options.institutionType === undefined ? 'school' : options.institutionType,
      region: options.region === undefined ? 'AZ-BA' : options.region,
      country: 'AZ',
      ticket,
      registered_at: now,
      confirmed_at: options.status === 'confirmed' || !options.status ? now : null,
      cancelled_at: null,
      decided_by: null,
      reminded_at: null,
    })
    .execute()
  return { id, ticket }
}

/** The days of a createEvent event: it starts at 09:00 Baku time (05:00 UTC) on its first day. */
function daysFrom(start: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(start)
    d.setUTCHours(5, 0, 0, 0)
    d.setUTCDate(d.getUTCDate() + i)
    return calendarDay(d.toISOString(), 'Asia/Baku')
  })
}

eachDatabase('events: check-in, attendance per day, certificates and outcomes', (h) => {
  let organiser: TestPerson
  let coordinator: TestPerson
  let outsider: TestPerson
  let aysel: TestPerson
  let rashad: TestPerson
  let waiting: TestPerson
  let absent: TestPerson
  let event: { id: string; slug: string }
  let days: string[]
  const places = {} as Record<'aysel' | 'rashad' | 'waiting' | 'absent', Place>
  const day = (i: number) => days[i] ?? ''

  before(async () => {
    const db = h().db
    organiser = await h().person({ role: 'member', name: 'Leyla Organiser' })
    coordinator = await h().person({ role: 'coordinator' })
    outsider = await h().person({ role: 'member' })
    aysel = await h().person({ role: 'member', name: 'Aysel Əliyeva' })
    rashad = await h().person({ role: 'institution_admin', name: 'Rashad Mammadov' })
    waiting = await h().person({ role: 'member', name: 'Vusal Waiting' })
    absent = await h().person({ role: 'member', name: 'Nigar Absent' })
    const start = new Date(Date.now() + 5 * 86_400_000)
    event = await createEvent(db, {
      title: 'Regional conference',
      kind: 'conference',
      days: 3,
      startsAt: start,
      managers: [organiser.id],
    })
    days = daysFrom(start, 3)
    places.aysel = await place(db, event.id, aysel, { region: 'AZ-GA', institutionType: 'school' })
    places.rashad = await place(db, event.id, rashad, { region: 'AZ-BA', institutionType: 'university' })
    places.waiting = await place(db, event.id, waiting, { status: 'waitlisted' })
    places.absent = await place(db, event.id, absent, { region: 'AZ-SKI' })
  })

  test('the organiser’s list shows confirmed participants only, searched with Azerbaijani letters folded', async () => {
    const client = await h().client(organiser)
    const list = await client.get(`/events/${event.slug}/check-in?day=${day(0)}`)
    assert.equal(list.status, 200)
    assert.match(list.body, /Aysel Əliyeva/)
    assert.match(list.body, /Rashad Mammadov/)
    assert.doesNotMatch(list.body, /Vusal Waiting/, 'the wait list has no seat to check in')
    assert.match(list.body, /0 of 3 participants checked in/)
    const found = await client.get(`/events/${event.slug}/check-in?day=${day(0)}&q=aliyeva`)
    assert.match(found.body, /Aysel Əliyeva/)
    assert.doesNotMatch(found.body, /Rashad Mammadov/)
    const none = await client.get(`/events/${event.slug}/check-in?q=nobody-here`)
    assert.match(none.body, /No participant matches this search/)
  })

  test('one click checks a participant in for a day; twice keeps the first; undo takes it back', async () => {
    const client = await h().client(organiser)
    const url = `/events/${event.slug}/check-in`
    const first = await client.form(url, {
      registration: places.aysel.id,
      day: day(0),
      present: 'yes',
      q: 'aysel',
    })
    assert.equal(first.status, 303)
    assert.match(String(first.headers.location), new RegExp(`day=${day(0)}.*done=in.*q=aysel`))
    const page = await client.get(String(first.headers.location))
    assert.match(page.body, /Aysel Əliyeva is checked in for/)
    const rows = await h()
      .db.selectFrom('event_attendance')
      .selectAll()
      .where('registration_id', '=', places.aysel.id)
      .execute()
    assert.equal(rows.length, 1)
    assert.equal(rows[0]?.day, day(0))
    assert.equal(rows[0]?.checked_in_by, organiser.id)
    const again = await client.form(url, { registration: places.aysel.id, day: day(0), present: 'yes' })
    assert.equal(again.status, 303)
    const after = await h()
      .db.selectFrom('event_attendance')
      .selectAll()
      .where('registration_id', '=', places.aysel.id)
      .execute()
    assert.deepEqual(after, rows, 'the first check-in is kept')
    // A mistaken click on Rashad is taken back.
    await client.form(url, { registration: places.rashad.id, day: day(0), present: 'yes' })
    const undone = await client.form(url, { registration: places.rashad.id, day: day(0), present: 'no' })
    assert.equal(undone.status, 303)
    const rashadRows = await h()
      .db.selectFrom('event_attendance')
      .select('day')
      .where('registration_id', '=', places.rashad.id)
      .execute()
    assert.equal(rashadRows.length, 0)
    const audit = await h()
      .db.selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', places.rashad.id)
      .execute()
    assert.deepEqual(audit.map((a) => a.action).sort(), ['events.check_in', 'events.check_in_undone'])
  })

  test('a scanned ticket opens the person’s page; checking in there is stored per day of the event', async () => {
    const client = await h().client(organiser)
    const url = `/events/${event.slug}/check-in/${places.rashad.ticket}`
    const page = await client.get(url)
    assert.equal(page.status, 200)
    assert.match(page.body, /Rashad Mammadov/)
    for (const d of [day(1), day(2)]) {
      const response = await client.form(url, { day: d, present: 'yes' })
      assert.equal(response.status, 303)
      assert.match(String(response.headers.location), /done=in/)
    }
    const stored = await h()
      .db.selectFrom('event_attendance')
      .select('day')
      .where('registration_id', '=', places.rashad.id)
      .orderBy('day')
      .execute()
    assert.deepEqual(
      stored.map((r) => r.day),
      [day(1), day(2)],
    )
    // The participant's own ticket shows the days attended and offers the certificate.
    const own = await (await h().client(rashad)).get(`/events/${event.slug}/ticket`)
    assert.equal(own.status, 200)
    assert.match(own.body, /<svg[^>]*viewBox/)
    assert.equal((own.body.match(/: checked in/g) ?? []).length, 2)
    assert.match(own.body, /certificate\.pdf/)
    assert.equal(own.headers['cache-control'], 'private, no-store')
  })

  test('the QR code on the ticket leads to the organiser’s check-in page for that ticket', async () => {
    const { checkInUrl } = await import('./tickets.ts')
    assert.equal(
      checkInUrl('http://localhost:3000/', event.slug, places.aysel.ticket),
      `http://localhost:3000/events/${event.slug}/check-in/${places.aysel.ticket}`,
    )
  })

  test('no check-in for the wait list, on a day outside the event, or with a ticket of another event', async () => {
    const client = await h().client(organiser)
    const waitlisted = await client.form(`/events/${event.slug}/check-in`, {
      registration: places.waiting.id,
      day: day(0),
      present: 'yes',
    })
    assert.equal(waitlisted.status, 409)
    assert.match(waitlisted.body, /Vusal Waiting has no confirmed place/)
    const byTicket = await client.form(`/events/${event.slug}/check-in/${places.waiting.ticket}`, {
      day: day(0),
      present: 'yes',
    })
    assert.equal(byTicket.status, 409)
    const outside = await client.form(`/events/${event.slug}/check-in`, {
      registration: places.aysel.id,
      day: '2001-01-01',
      present: 'yes',
    })
    assert.equal(outside.status, 400)
    assert.match(outside.body, /Choose one of the event’s days|Choose one of the event's days/)
    assert.match(outside.body, /Aysel Əliyeva/, 'the list is shown again with the message')
    const badDay = await client.form(`/events/${event.slug}/check-in`, {
      registration: places.aysel.id,
      day: 'tomorrow',
      present: 'yes',
    })
    assert.equal(badDay.status, 400)
    const badId = await client.form(`/events/${event.slug}/check-in`, {
      registration: 'x',
      day: day(0),
      present: 'yes',
    })
    assert.equal(badId.status, 400)
    assert.equal((await client.get(`/events/${event.slug}/check-in?day=someday`)).status, 400)
    assert.equal((await client.get(`/events/${event.slug}/check-in/not a ticket!`)).status, 400)
    const other = await createEvent(h().db, { managers: [organiser.id] })
    const foreign = await client.get(`/events/${other.slug}/check-in/${places.aysel.ticket}`)
    assert.equal(foreign.status, 404)
    assert.equal((await client.get(`/events/${event.slug}/check-in?day=${'2001-01-01'}`)).status, 400)
  })

  test('who may check people in: the event’s managers and coordinators; the existence of the list is hidden from others', async () => {
    const url = `/events/${event.slug}/check-in`
    const visitor = await h().client()
    const asVisitor = await visitor.get(url)
    assert.equal(asVisitor.status, 303)
    assert.match(String(asVisitor.headers.location), /^\/sign-in/)
    const pupil = await h().person({ role: 'pupil' })
    assert.equal((await (await h().client(pupil)).get(url)).status, 403)
    for (const role of ['registered', 'member', 'institution_admin', 'editor', 'platform_admin'] as const) {
      const person = await h().person({ role })
      const client = await h().client(person)
      assert.equal((await client.get(url)).status, 404, `${role} GET`)
      const post = await client.form(url, {
        registration: places.aysel.id,
        day: day(0),
        present: 'no',
      })
      assert.equal(post.status, 404, `${role} POST`)
      assert.equal((await client.get(`${url}/${places.aysel.ticket}`)).status, 404, `${role} ticket`)
    }
    // A participant holds a place, not the list.
    assert.equal((await (await h().client(aysel)).get(url)).status, 404)
    assert.equal((await (await h().client(coordinator)).get(url)).status, 200)
    assert.equal((await (await h().client(organiser)).get(url)).status, 200)
    // A cancelled event takes no check-ins.
    const cancelled = await createEvent(h().db, { status: 'cancelled', managers: [organiser.id] })
    assert.equal((await (await h().client(organiser)).get(`/events/${cancelled.slug}/check-in`)).status, 404)
    // Check-in without the CSRF token is refused.
    const noCsrf = await (await h().client(organiser)).form(
      url,
      { registration: places.aysel.id, day: day(0), present: 'yes' },
      { csrf: false },
    )
    assert.equal(noCsrf.status, 403)
  })

  test('a ticket is its holder’s alone, and only for a confirmed place', async () => {
    const url = `/events/${event.slug}/ticket`
    assert.equal((await (await h().client(aysel)).get(url)).status, 200)
    assert.equal((await (await h().client(waiting)).get(url)).status, 404, 'the wait list has no ticket yet')
    assert.equal((await (await h().client(outsider)).get(url)).status, 404)
    assert.equal((await (await h().client(organiser)).get(url)).status, 404)
    const visitor = await (await h().client()).get(url)
    assert.equal(visitor.status, 303)
  })

  test('a certificate only for the checked in; its code verifies publicly with the name, event and dates only', async () => {
    const absentCertificate = await (await h().client(absent)).get(`/events/${event.slug}/certificate.pdf`)
    assert.equal(absentCertificate.status, 403)
    assert.match(absentCertificate.body, /issued to participants who were checked in/)
    assert.equal((await (await h().client(waiting)).get(`/events/${event.slug}/certificate.pdf`)).status, 404)
    assert.equal(
      (await (await h().client(outsider)).get(`/events/${event.slug}/certificate.pdf`)).status,
      404,
    )

    const client = await h().client(aysel)
    const pdf = await client.get(`/events/${event.slug}/certificate.pdf`)
    assert.equal(pdf.status, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.ok(pdf.body.startsWith('%PDF-'))
    assert.match(pdf.body, /DejaVuSans/, 'the font that prints ə and Cyrillic is embedded')
    const issued = await h()
      .db.selectFrom('event_certificates')
      .selectAll()
      .where('registration_id', '=', places.aysel.id)
      .execute()
    assert.equal(issued.length, 1)
    const code = issued[0]?.code ?? ''
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    await client.get(`/events/${event.slug}/certificate.pdf`)
    const again = await h()
      .db.selectFrom('event_certificates')
      .select('code')
      .where('registration_id', '=', places.aysel.id)
      .execute()
    assert.deepEqual(
      again.map((c) => c.code),
      [code],
      'a second download is the same certificate',
    )

    const visitor = await h().client()
    const page = await visitor.get(`/certificates/${code}`)
    assert.equal(page.status, 200)
    assert.match(page.body, /This certificate is genuine/)
    assert.match(page.body, /Aysel Əliyeva/)
    assert.match(page.body, /Regional conference/)
    assert.doesNotMatch(page.body, new RegExp(aysel.email.replace('.', '\\.')), 'no email address')
    assert.doesNotMatch(page.body, /AZ-GA|Ganja/, 'nothing about where they came from')
    // Typed by hand: lower case, spaces, no dashes.
    const typed = await visitor.get(
      `/certificates?code=${encodeURIComponent(code.toLowerCase().replace(/-/g, ' '))}`,
    )
    assert.equal(typed.status, 303)
    assert.equal(typed.headers.location, `/certificates/${code}`)
    const api = await visitor.get(`/api/v1/certificates/${code}`)
    assert.equal(api.status, 200)
    assert.deepEqual(Object.keys(api.json()).sort(), ['code', 'dates', 'event', 'issuedAt', 'name'])
    assert.equal(api.json().name, 'Aysel Əliyeva')
    const openapi = (await visitor.get('/api/v1/openapi.json')).json<{ paths: Record<string, unknown> }>()
    assert.ok(openapi.paths['/api/v1/certificates/{code}'], 'verification is in the OpenAPI document')

    const unknown = await visitor.get('/certificates/ABCD-EFGH-JKMN')
    assert.equal(unknown.status, 404)
    assert.match(unknown.body, /No certificate has this code/)
    assert.equal((await visitor.get('/api/v1/certificates/ABCD-EFGH-JKMN')).status, 404)
    assert.equal((await visitor.get('/certificates/<script>')).status, 400)
    assert.equal((await visitor.get('/certificates?code=nonsense')).status, 400)
    assert.equal((await visitor.get('/certificates')).status, 200)
  })

  test('outcomes are computed from attendance and the projects naming the event, and shown on the event page', async () => {
    const db = h().db
    const institution = await createInstitution(db)
    const founders = [{ personId: aysel.id, institutionId: institution.id }]
    const listed = await createProject(db, { founders, title: 'Green schools', inGallery: true })
    const inReview = await createProject(db, { founders, status: 'in_review', title: 'Private plan' })
    const draft = await createProject(db, { founders, status: 'draft', title: 'Draft idea' })
    for (const p of [listed, inReview, draft]) {
      await db.updateTable('projects').set({ event_id: event.id }).where('id', '=', p.id).execute()
    }
    const client = await h().client(organiser)
    const form = await client.get(`/events/${event.slug}/outcome`)
    assert.equal(form.status, 200)
    // Aysel (Ganja, school) and Rashad (Baku, university) attended; Nigar registered but never came.
    assert.match(form.body, /2 participants from 2 regions; 2 projects created/)
    assert.match(form.body, /University/)
    assert.doesNotMatch(form.body, /Shaki|Şəki/, 'a participant who never came is not counted')

    const empty = await client.form(`/events/${event.slug}/outcome`, { report_en: '   ' })
    assert.equal(empty.status, 400)
    assert.match(empty.body, /Write the report in at least one language/)
    const long = await client.form(`/events/${event.slug}/outcome`, { report_en: 'x'.repeat(5001) })
    assert.equal(long.status, 400)
    assert.match(long.body, /x{100}/, 'the typed text comes back')
    const saved = await client.form(`/events/${event.slug}/outcome`, {
      report_en: 'Teachers planned projects together.\n\nThe ministry will repeat it.',
      report_az: 'Müəllimlər birlikdə layihələr planlaşdırdılar.',
    })
    assert.equal(saved.status, 303)
    assert.equal(saved.headers.location, `/events/${event.slug}/outcome?done=saved`)
    const row = await db
      .selectFrom('events')
      .select(['report_en', 'report_ru', 'outcome_recorded_at'])
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow()
    assert.equal(row.report_ru, null)
    assert.ok(row.outcome_recorded_at)

    // A photo uploaded by the organisers (the events core stores it) is linked from the outcome.
    await db
      .insertInto('event_files')
      .values({
        id: newId(),
        event_id: event.id,
        session_id: null,
        kind: 'photo',
        title: 'Teams presenting',
        original_name: 'teams.png',
        stored_name: 'teams.png',
        media_type: 'image/png',
        size: 100,
        uploaded_by: organiser.id,
        created_at: new Date().toISOString(),
      })
      .execute()
    const visitor = await h().client()
    const page = await visitor.get(`/events/${event.slug}`)
    assert.equal(page.status, 200)
    assert.match(page.body, new RegExp(`<a href="/events/${event.slug}#photos">1 photo</a>`))
    assert.match(page.body, /2 participants from 2 regions; 2 projects created/)
    assert.match(page.body, new RegExp(`href="/projects/${listed.id}"`))
    assert.doesNotMatch(
      page.body,
      /Private plan|Draft idea/,
      'projects outside the gallery are counted, not shown',
    )
    assert.match(page.body, /1 more project is not shown in the public gallery/)
    assert.match(page.body, /The ministry will repeat it/)
    assert.doesNotMatch(page.body, /\/check-in"/, 'the organisers’ links are for organisers')
    const inAzerbaijani = await visitor.get(`/events/${event.slug}`, { 'accept-language': 'az' })
    assert.match(inAzerbaijani.body, /2 regiondan 2 iştirakçı; 2 layihə yaradılıb/)
    const organiserPage = await client.get(`/events/${event.slug}`)
    assert.match(organiserPage.body, new RegExp(`href="/events/${event.slug}/check-in"`))
    const participantPage = await (await h().client(aysel)).get(`/events/${event.slug}`)
    assert.match(participantPage.body, new RegExp(`href="/events/${event.slug}/ticket"`))
    const ownPlace = participantPage.body.indexOf('You are registered: your place is confirmed.')
    assert.ok(
      ownPlace > 0 && ownPlace < participantPage.body.indexOf('/ticket"'),
      'the ticket follows the person’s place',
    )
  })

  test('only the event’s organisers record its outcome', async () => {
    const url = `/events/${event.slug}/outcome`
    assert.equal((await (await h().client(outsider)).get(url)).status, 404)
    assert.equal((await (await h().client(aysel)).form(url, { report_en: 'Mine now' })).status, 404)
    assert.equal((await (await h().client(coordinator)).get(url)).status, 200)
    const visitor = await (await h().client()).get(url)
    assert.equal(visitor.status, 303)
    const draft = await createEvent(h().db, { status: 'draft', managers: [organiser.id] })
    assert.equal((await (await h().client(organiser)).get(`/events/${draft.slug}/outcome`)).status, 404)
  })
})

eachDatabase('projects wizard: naming the event a project was created at', (h) => {
  test('a founder names an event they took part in; another event is refused; the choice can be cleared', async () => {
    const founder = await h().person({ role: 'member' })
    const attended = await createEvent(h().db, { title: 'Teachers forum' })
    const elsewhere = await createEvent(h().db, { title: 'Closed seminar' })
    await place(h().db, attended.id, founder)
    const client = await h().client(founder)
    const form = await client.get('/projects/new')
    assert.equal(form.status, 200)
    assert.match(form.body, /Created at an event \(optional\)/)
    assert.match(form.body, new RegExp(`<option value="${attended.id}">Teachers forum`))
    assert.doesNotMatch(form.body, /Closed seminar/)

    const refused = await client.form('/projects/new', {
      scope: 'national',
      title_en: 'Our plan',
      event_id: elsewhere.id,
      intent: 'save',
    })
    assert.equal(refused.status, 400)
    assert.match(refused.body, /Choose an event you took part in or organised/)
    assert.match(refused.body, /value="Our plan"/)
    const malformed = await client.form('/projects/new', { scope: 'national', event_id: 'x', intent: 'save' })
    assert.equal(malformed.status, 400)

    const created = await client.form('/projects/new', {
      scope: 'national',
      title_en: 'Our plan',
      event_id: attended.id,
      intent: 'save',
    })
    assert.equal(created.status, 303)
    const id = /\/projects\/([^/]+)\/plan/.exec(String(created.headers.location))?.[1] ?? ''
    const row = await h()
      .db.selectFrom('projects')
      .select(['event_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(row.event_id, attended.id)
    const step = await client.get(`/projects/${id}/plan/1`)
    assert.match(step.body, new RegExp(`<option value="${attended.id}" selected>`))
    // Choosing "not at an event" clears it.
    await client.form(`/projects/${id}/plan/1`, {
      scope: 'national',
      title_en: 'Our plan',
      event_id: '',
      intent: 'save',
    })
    const cleared = await h()
      .db.selectFrom('projects')
      .select(['event_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    assert.equal(cleared.event_id, null)
  })
})
