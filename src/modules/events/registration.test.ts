import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import ICAL from 'ical.js'
import type { Client } from '../../../test/helpers/client.ts'
import { createEvent, type EventOptions } from '../../../test/helpers/events.ts'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { newId } from '../../db/ids.ts'
import type { InstitutionType, RegistrationStatus } from '../../db/schema.ts'
import { placesChanged } from './registration.ts'
import { sendReminder } from './reminders.ts'

/** The VEVENTs of an iCalendar document, parsed back by a real iCal parser (Mozilla's ical.js). */
function vevents(text: string) {
  const component = new ICAL.Component(ICAL.parse(text))
  return component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
}

interface Problem {
  status: number
  errors?: Array<{ field: string; code: string }>
  detail: string
}

eachDatabase('events: registration, wait list, reminders and the organisers’ pages', (h) => {
  let manager: TestPerson
  let coordinator: TestPerson
  let managerClient: Client

  before(async () => {
    manager = await h().person({ role: 'member', name: 'Leyla Manager' })
    coordinator = await h().person({ role: 'coordinator' })
    managerClient = await h().client(manager)
  })

  const event = (options: EventOptions = {}) => createEvent(h().db, { managers: [manager.id], ...options })

  /** A validated member of a new institution of the given type in the given region. */
  async function memberFrom(region: string, type: InstitutionType = 'school', name?: string) {
    const person = await h().person({ role: 'member', ...(name ? { name } : {}) })
    const institution = await createInstitution(h().db, { type })
    await h().db.updateTable('institutions').set({ region }).where('id', '=', institution.id).execute()
    await h()
      .db.insertInto('memberships')
      .values({
        id: newId(),
        person_id: person.id,
        institution_id: institution.id,
        role: 'member',
        status: 'confirmed',
        created_at: new Date().toISOString(),
      })
      .execute()
    return person
  }

  async function statusOf(eventId: string, personId: string): Promise<RegistrationStatus | undefined> {
    const row = await h()
      .db.selectFrom('event_registrations')
      .select('status')
      .where('event_id', '=', eventId)
      .where('person_id', '=', personId)
      .executeTakeFirst()
    return row?.status
  }

  async function countStatus(eventId: string, status: RegistrationStatus): Promise<number> {
    const rows = await h()
      .db.selectFrom('event_registrations')
      .select('id')
      .where('event_id', '=', eventId)
      .where('status', '=', status)
      .execute()
    return rows.length
  }

  async function addQuestion(slug: string, fields: Record<string, string>) {
    return managerClient.form(`/events/${slug}/registrations/questions`, fields)
  }

  test('an organiser adds extra questions; a member answers them on the form, and a wrong answer keeps the form', async () => {
    const { id, slug } = await event({ title: 'Seminar on project work' })
    const choice = await addQuestion(slug, {
      key: 'workshop',
      kind: 'choice',
      required: 'yes',
      label_az: 'Emalatxana',
      label_en: 'Workshop',
      label_ru: 'Мастерская',
      options: 'stem | STEM | STEM | STEM\narts | İncəsənət | Arts | Искусство',
    })
    assert.equal(choice.status, 303)
    assert.equal(
      (
        await addQuestion(slug, {
          key: 'diet',
          kind: 'text',
          label_az: 'Qida',
          label_en: 'Diet',
          label_ru: 'Питание',
        })
      ).status,
      303,
    )
    const page = await managerClient.get(`/events/${slug}/registrations/questions`)
    assert.match(page.body, /Workshop/)
    assert.match(page.body, /Diet/)

    const member = await memberFrom('AZ-GA', 'school', 'Aysel Member')
    const client = await h().client(member)
    const form = await client.get(`/events/${slug}/register`)
    assert.equal(form.status, 200)
    assert.match(form.body, /name="answers\/workshop"/)

    const missing = await client.form(`/events/${slug}/register`, { 'answers/diet': 'Vegetarian' })
    assert.equal(missing.status, 400)
    assert.match(missing.body, /error-summary/)
    assert.match(missing.body, /value="Vegetarian"/, 'what was typed comes back')
    const wrong = await client.form(`/events/${slug}/register`, { 'answers/workshop': 'cooking' })
    assert.equal(wrong.status, 400)
    assert.equal(await statusOf(id, member.id), undefined)

    const done = await client.form(`/events/${slug}/register`, {
      'answers/workshop': 'arts',
      'answers/diet': 'Vegetarian',
    })
    assert.equal(done.status, 303)
    assert.equal(done.headers.location, `/events/${slug}/registration?done=registered`)
    assert.equal(await statusOf(id, member.id), 'confirmed')
    const own = await client.get(`/events/${slug}/registration?done=registered`)
    assert.match(own.body, /your place is confirmed/)
    assert.match(own.body, /Arts/)
    const stored = await h()
      .db.selectFrom('event_registrations')
      .selectAll()
      .where('event_id', '=', id)
      .where('person_id', '=', member.id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(JSON.parse(stored.answers), { workshop: 'arts', diet: 'Vegetarian' })
    assert.equal(stored.region, 'AZ-GA')
    assert.equal(stored.institution_type, 'school')

    // A second registration of the same person is refused.
    const again = await client.api('POST', `/api/v1/events/${slug}/registration`, {
      answers: { workshop: 'stem' },
    })
    assert.equal(again.status, 409)
  })

  test('the confirmation mail carries a personal iCal entry that a real parser reads back', async () => {
    const startsAt = new Date(Date.now() + 20 * 86_400_000)
    const { slug } = await event({ title: 'Training in Sheki', startsAt })
    const member = await memberFrom('AZ-SAK')
    const client = await h().client(member)
    const response = await client.api('POST', `/api/v1/events/${slug}/registration`, {})
    assert.equal(response.status, 201)
    assert.equal(response.json<{ status: string }>().status, 'confirmed')
    await h().runJobs()
    const mail = h().mail.to(member.email).at(-1)
    assert.ok(mail, 'a confirmation mail was sent')
    assert.match(mail.subject, /Registered: Training in Sheki/)
    const attachment = mail.attachments.find((a) => a.filename.endsWith('.ics'))
    assert.ok(attachment, 'the mail has an .ics attachment')
    assert.match(attachment.contentType, /text\/calendar/)
    const [entry, ...more] = vevents(attachment.content.toString('utf8'))
    assert.ok(entry)
    assert.equal(more.length, 0)
    assert.equal(entry.summary, 'Training in Sheki')
    const stored = await h()
      .db.selectFrom('events')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
    assert.equal(entry.startDate.toJSDate().toISOString(), new Date(stored.starts_at).toISOString())
    assert.equal(entry.endDate.toJSDate().toISOString(), new Date(stored.ends_at).toISOString())
    assert.match(entry.uid, /^registration-/)
    assert.match(String(entry.component.getFirstPropertyValue('url')), new RegExp(`/events/${slug}$`))
  })

  test('50 people registering at once for the last 10 places: 10 confirmed, 40 wait-listed, never more', async () => {
    const { id, slug } = await event({ title: 'Popular conference', capacity: 12 })
    for (const earlier of [await h().person(), await h().person()]) {
      const r = await (await h().client(earlier)).api('POST', `/api/v1/events/${slug}/registration`, {})
      assert.equal(r.status, 201)
    }
    const people = await Promise.all(Array.from({ length: 50 }, () => h().person()))
    const clients = await Promise.all(people.map((p) => h().client(p)))
    await Promise.all(clients.map((c) => c.csrf()))
    const responses = await Promise.all(
      clients.map((c) => c.api('POST', `/api/v1/events/${slug}/registration`, {})),
    )
    assert.deepEqual(
      responses.filter((r) => r.status !== 201).map((r) => r.body),
      [],
      'every registration is taken (confirmed or wait-listed)',
    )
    const statuses = responses.map((r) => r.json<{ status: string }>().status)
    assert.equal(statuses.filter((s) => s === 'confirmed').length, 10)
    assert.equal(statuses.filter((s) => s === 'waitlisted').length, 40)
    assert.equal(await countStatus(id, 'confirmed'), 12, 'no over-booking')
    assert.equal(await countStatus(id, 'waitlisted'), 40)
    // Wait-list positions are 1..40, each once.
    const waiting = responses.filter((r) => r.json<{ status: string }>().status === 'waitlisted')
    const positions = waiting
      .map((r) => r.json<{ waitlistPosition: number }>().waitlistPosition)
      .sort((a, b) => a - b)
    assert.deepEqual(
      positions,
      Array.from({ length: 40 }, (_, i) => i + 1),
    )
  })

  test('a cancellation promotes the first on the wait list, who is told with the calendar entry', async () => {
    const { id, slug } = await event({ title: 'Small workshop', capacity: 2 })
    const [a, b, c, d] = await Promise.all([h().person(), h().person(), h().person(), h().person()])
    const clients = new Map<string, Client>()
    for (const p of [a, b, c, d]) {
      assert.ok(p)
      const client = await h().client(p)
      clients.set(p.id, client)
      assert.equal((await client.api('POST', `/api/v1/events/${slug}/registration`, {})).status, 201)
    }
    assert.ok(a && b && c && d)
    assert.equal(await statusOf(id, c.id), 'waitlisted')
    const dView = await clients.get(d.id)?.api('GET', `/api/v1/events/${slug}/registration`)
    assert.equal(dView?.json<{ waitlistPosition: number }>().waitlistPosition, 2)
    await h().runJobs()

    // The first participant cancels on the site: c (first in line) gets the place, d moves up.
    const cancel = await clients.get(a.id)?.form(`/events/${slug}/registration/cancel`, {})
    assert.equal(cancel?.status, 303)
    assert.equal(await statusOf(id, a.id), 'cancelled')
    assert.equal(await statusOf(id, c.id), 'confirmed')
    assert.equal(await statusOf(id, d.id), 'waitlisted')
    assert.equal(await countStatus(id, 'confirmed'), 2)
    const moved = await clients.get(d.id)?.api('GET', `/api/v1/events/${slug}/registration`)
    assert.equal(moved?.json<{ waitlistPosition: number }>().waitlistPosition, 1)
    await h().runJobs()
    const promoted = h().mail.to(c.email).at(-1)
    assert.match(promoted?.subject ?? '', /A place for you: Small workshop/)
    assert.ok(promoted?.attachments.some((x) => x.filename.endsWith('.ics')))

    // Cancelling through the API does the same for d; cancelling twice is refused.
    const viaApi = await clients.get(b.id)?.api('DELETE', `/api/v1/events/${slug}/registration`)
    assert.equal(viaApi?.status, 200)
    assert.equal(viaApi?.json<{ status: string }>().status, 'cancelled')
    assert.equal(await statusOf(id, d.id), 'confirmed')
    assert.equal((await clients.get(b.id)?.api('DELETE', `/api/v1/events/${slug}/registration`))?.status, 409)

    // Someone who cancelled may register again: the event is full, so they queue.
    const back = await clients.get(a.id)?.api('POST', `/api/v1/events/${slug}/registration`, {})
    assert.equal(back?.status, 201)
    assert.equal(back?.json<{ status: string }>().status, 'waitlisted')
  })

  test('a larger capacity gives the new places to the wait list in order', async () => {
    const { id, slug } = await event({ title: 'Growing seminar', capacity: 1 })
    const people = [await h().person(), await h().person(), await h().person(), await h().person()]
    for (const p of people) {
      assert.equal(
        (await (await h().client(p)).api('POST', `/api/v1/events/${slug}/registration`, {})).status,
        201,
      )
    }
    await h().db.updateTable('events').set({ capacity: 3 }).where('id', '=', id).execute()
    const promoted = await h()
      .db.transaction()
      .execute((trx) => placesChanged(trx, h().config, id))
    assert.equal(promoted, 2)
    assert.deepEqual(await Promise.all(people.map((p) => statusOf(id, p.id))), [
      'confirmed',
      'confirmed',
      'confirmed',
      'waitlisted',
    ])
  })

  test('organisers raising the capacity on the edit form move the wait list up; calling the event off tells everyone registered', async () => {
    const { id, slug } = await event({ title: 'Growing workshop', capacity: 1, registration: 'open' })
    const people = [await h().person(), await h().person(), await h().person()]
    for (const p of people)
      assert.equal(
        (await (await h().client(p)).api('POST', `/api/v1/events/${slug}/registration`, {})).status,
        201,
      )
    const fields = {
      kind: 'seminar',
      format: 'on_site',
      title_en: 'Growing workshop',
      city: 'Sheki',
      region: 'AZ-SAK',
      start_date: '2099-10-01',
      start_time: '10:00',
      end_date: '2099-10-01',
      end_time: '17:00',
      time_zone: 'Asia/Baku',
      registration: 'open',
    }
    assert.equal((await managerClient.form(`/events/${slug}/edit`, { ...fields, capacity: '2' })).status, 303)
    assert.deepEqual(await Promise.all(people.map((p) => statusOf(id, p.id))), [
      'confirmed',
      'confirmed',
      'waitlisted',
    ])
    await h().runJobs()
    assert.match(
      h()
        .mail.to(people[1]?.email ?? '')
        .at(-1)?.subject ?? '',
      /A place for you: Growing workshop/,
    )

    assert.equal((await managerClient.form(`/events/${slug}/cancel`, {})).status, 303)
    await h().runJobs()
    for (const p of people) {
      assert.match(h().mail.to(p.email).at(-1)?.subject ?? '', /Event cancelled: Growing workshop/, p.email)
    }
    // A visitor is told that nobody can register any more, not invited to sign in.
    const page = (await (await h().client()).get(`/events/${slug}`)).body
    assert.match(page, /cancelled/i)
    assert.doesNotMatch(page, /Sign in to register/)
  })

  test('a visitor looking at an event that has begun is told registration is closed', async () => {
    const { slug } = await event({
      title: 'Started seminar',
      registration: 'open',
      startsAt: new Date(Date.now() - 3_600_000),
    })
    const page = (await (await h().client()).get(`/events/${slug}`)).body
    assert.match(page, /Registration for this event has closed/)
    assert.doesNotMatch(page, /Sign in to register/)
  })

  test('the day-before reminder goes out exactly once, however often its job runs', async () => {
    const startsAt = new Date(Date.now() + 30 * 86_400_000)
    const { id, slug } = await event({ title: 'Webinar on funding', startsAt })
    const [stays, leaves] = [await h().person(), await h().person()]
    for (const p of [stays, leaves]) {
      assert.equal(
        (await (await h().client(p)).api('POST', `/api/v1/events/${slug}/registration`, {})).status,
        201,
      )
    }
    await h().runJobs()
    const jobs = await h()
      .db.selectFrom('jobs')
      .select(['id', 'run_at', 'payload'])
      .where('kind', '=', 'events.remind')
      .where('status', '=', 'pending')
      .execute()
    const mine = jobs.filter((j) => (JSON.parse(j.payload) as { registrationId: string }).registrationId)
    assert.ok(mine.length >= 2, 'each confirmed place has its reminder queued')
    const row = await h().db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const dayBefore = new Date(Date.parse(row.starts_at) - 86_400_000).toISOString()
    const ours = await h()
      .db.selectFrom('event_registrations')
      .select(['id', 'person_id'])
      .where('event_id', '=', id)
      .execute()
    for (const r of ours) {
      const job = jobs.find(
        (j) => (JSON.parse(j.payload) as { registrationId: string }).registrationId === r.id,
      )
      assert.ok(job, 'a reminder job per registration')
      assert.equal(new Date(job.run_at).toISOString(), dayBefore, 'queued for the day before')
    }
    assert.equal(
      (await (await h().client(leaves)).api('DELETE', `/api/v1/events/${slug}/registration`)).status,
      200,
    )

    // The event is now tomorrow; the jobs are due, and one of them is there twice (a retried job, a second worker).
    const tomorrow = new Date(Date.now() + 20 * 3_600_000).toISOString()
    await h().db.updateTable('events').set({ starts_at: tomorrow }).where('id', '=', id).execute()
    const stayer = ours.find((r) => r.person_id === stays.id)
    assert.ok(stayer)
    await h()
      .db.insertInto('jobs')
      .values({
        id: newId(),
        kind: 'events.remind',
        payload: JSON.stringify({ registrationId: stayer.id }),
        status: 'pending',
        run_at: new Date().toISOString(),
        created_at: new Date().toISOString(),
      })
      .execute()
    await h()
      .db.updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .where('kind', '=', 'events.remind')
      .where('status', '=', 'pending')
      .execute()
    const before = h().mail.messages.length
    await h().runJobs()
    await h().runJobs()
    assert.equal(await sendReminder(h().db, h().config, stayer.id), 'skipped', 'a later run finds it sent')
    await h().runJobs()
    const reminders = h()
      .mail.messages.slice(before)
      .filter((m) => /^Tomorrow: Webinar on funding/.test(m.subject))
    assert.deepEqual(
      reminders.map((m) => m.to),
      [stays.email],
      'one reminder, to the one still registered',
    )
    const reminded = await h()
      .db.selectFrom('event_registrations')
      .select('reminded_at')
      .where('id', '=', stayer.id)
      .executeTakeFirstOrThrow()
    assert.ok(reminded.reminded_at)
  })

  test('a reminder due for an event that moved later is queued again for the new day', async () => {
    const { id, slug } = await event({
      title: 'Moved meeting',
      startsAt: new Date(Date.now() + 12 * 3_600_000),
    })
    const person = await h().person()
    assert.equal(
      (await (await h().client(person)).api('POST', `/api/v1/events/${slug}/registration`, {})).status,
      201,
    )
    const registration = await h()
      .db.selectFrom('event_registrations')
      .select('id')
      .where('event_id', '=', id)
      .executeTakeFirstOrThrow()
    const later = new Date(Date.now() + 10 * 86_400_000)
    await h().db.updateTable('events').set({ starts_at: later.toISOString() }).where('id', '=', id).execute()
    assert.equal(await sendReminder(h().db, h().config, registration.id), 'rescheduled')
    assert.equal(
      await sendReminder(h().db, h().config, registration.id, new Date(later.getTime() - 3_600_000)),
      'sent',
    )
    assert.equal(
      await sendReminder(h().db, h().config, registration.id, new Date(later.getTime() - 1_800_000)),
      'skipped',
    )
  })

  test('approval required: registrations wait; an organiser approves one (a place) and declines another', async () => {
    const { id, slug } = await event({ title: 'Rectors meeting', approvalRequired: true, capacity: 1 })
    const [first, second, third] = [await h().person(), await h().person(), await h().person()]
    for (const p of [first, second, third]) {
      const r = await (await h().client(p)).api('POST', `/api/v1/events/${slug}/registration`, {})
      assert.equal(r.json<{ status: string }>().status, 'pending')
    }
    const list = await managerClient.get(`/events/${slug}/registrations`)
    assert.equal(list.status, 200)
    assert.match(list.body, /Awaiting approval/)
    await h().runJobs()
    assert.ok(
      h()
        .mail.to(manager.email)
        .some((m) => m.subject === 'Awaiting your approval: Rectors meeting'),
      'the managers hear of registrations to decide on',
    )
    const reg = async (personId: string) =>
      h()
        .db.selectFrom('event_registrations')
        .select('id')
        .where('event_id', '=', id)
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow()
    const decide = async (personId: string, decision: string) =>
      managerClient.form(`/events/${slug}/registrations/${(await reg(personId)).id}/decision`, { decision })
    assert.equal((await decide(first.id, 'approve')).status, 303)
    assert.equal(await statusOf(id, first.id), 'confirmed')
    // The one place is taken: the next approved waits for it.
    assert.equal((await decide(second.id, 'approve')).status, 303)
    assert.equal(await statusOf(id, second.id), 'waitlisted')
    assert.equal((await decide(third.id, 'decline')).status, 303)
    assert.equal(await statusOf(id, third.id), 'declined')
    // Declined stays declined: registering again is refused.
    const retry = await (await h().client(third)).api('POST', `/api/v1/events/${slug}/registration`, {})
    assert.equal(retry.status, 409)
    assert.match(retry.json<Problem>().detail, /declined your registration/)
    // Approving what is not pending is refused with the page again.
    const twice = await decide(first.id, 'approve')
    assert.equal(twice.status, 409)
    assert.match(twice.body, /cannot be decided on/)
    // Declining a confirmed participant frees the place for the approved one waiting.
    assert.equal((await decide(first.id, 'decline')).status, 303)
    assert.equal(await statusOf(id, second.id), 'confirmed')
    // A bad decision value is a 400, not a 500.
    assert.equal((await decide(second.id, 'maybe')).status, 400)
    const audit = await h()
      .db.selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'events.registration.%')
      .execute()
    assert.ok(audit.length >= 4)
  })

  test('members-only events refuse adults not yet validated; open events take them; drafts and cancelled events take no one', async () => {
    const membersOnly = await event({ title: 'Members seminar' })
    const open = await event({ title: 'Open webinar', registration: 'open' })
    const registered = await h().person({ role: 'registered' })
    const client = await h().client(registered)
    const refused = await client.api('POST', `/api/v1/events/${membersOnly.slug}/registration`, {})
    assert.equal(refused.status, 403)
    assert.match(refused.json<Problem>().detail, /Only validated members/)
    const page = await client.get(`/events/${membersOnly.slug}/register`)
    assert.match(page.body, /Only validated members/)
    assert.doesNotMatch(page.body, /action="\/events\/[^"]+\/register"/)
    assert.equal((await client.api('POST', `/api/v1/events/${open.slug}/registration`, {})).status, 201)

    const member = await h().person()
    const memberClient = await h().client(member)
    const draft = await event({ status: 'draft' })
    assert.equal(
      (await memberClient.api('POST', `/api/v1/events/${draft.slug}/registration`, {})).status,
      404,
    )
    assert.equal((await memberClient.get(`/events/${draft.slug}/register`)).status, 404)
    const cancelled = await event({ status: 'cancelled' })
    const onCancelled = await memberClient.api('POST', `/api/v1/events/${cancelled.slug}/registration`, {})
    assert.equal(onCancelled.status, 409)
    const none = await event({ registration: 'none' })
    assert.equal((await memberClient.api('POST', `/api/v1/events/${none.slug}/registration`, {})).status, 409)
    const past = await event({ startsAt: new Date(Date.now() - 3 * 86_400_000) })
    const closed = await memberClient.api('POST', `/api/v1/events/${past.slug}/registration`, {})
    assert.equal(closed.status, 409)
    assert.match(closed.json<Problem>().detail, /closed/)
    assert.equal(
      (await memberClient.api('POST', '/api/v1/events/no-such-event/registration', {})).status,
      404,
    )

    // Pupils take part through their project, not by registering.
    const pupil = await h().person({ role: 'pupil' })
    assert.equal(
      (await (await h().client(pupil)).api('POST', `/api/v1/events/${open.slug}/registration`, {})).status,
      403,
    )
    // Visitors are asked to sign in.
    const visitor = await h().client()
    assert.equal((await visitor.api('POST', `/api/v1/events/${open.slug}/registration`, {})).status, 401)
    const visit = await visitor.get(`/events/${open.slug}/register`)
    assert.equal(visit.status, 303)
    assert.match(String(visit.headers.location), /^\/sign-in\?next=/)
  })

  test('bad input through the API: field-level problems for unknown, missing and malformed answers', async () => {
    const { slug } = await event({ title: 'Strict form' })
    assert.equal(
      (
        await addQuestion(slug, {
          key: 'arrival',
          kind: 'date',
          required: 'yes',
          label_az: 'Gəliş',
          label_en: 'Arrival',
          label_ru: 'Прибытие',
        })
      ).status,
      303,
    )
    const client = await h().client(await h().person())
    const bad = await client.api('POST', `/api/v1/events/${slug}/registration`, {
      answers: { arrival: '2026-02-30', shoe_size: '42' },
    })
    assert.equal(bad.status, 400)
    const fields = (bad.json<Problem>().errors ?? []).map((e) => e.field).sort()
    assert.deepEqual(fields, ['answers/arrival', 'answers/shoe_size'])
    const missing = await client.api('POST', `/api/v1/events/${slug}/registration`, { answers: {} })
    assert.equal(missing.status, 400)
    assert.deepEqual(
      missing.json<Problem>().errors?.map((e) => [e.field, e.code]),
      [['answers/arrival', 'required']],
    )
    const badShape = await client.api('POST', `/api/v1/events/${slug}/registration`, {
      answers: { arrival: 5 },
    })
    assert.equal(badShape.status, 400)
    const long = await client.api('POST', `/api/v1/events/${slug}/registration`, {
      answers: { arrival: 'x'.repeat(30_000) },
    })
    assert.equal(long.status, 400)
    assert.equal(
      (
        await client.api('POST', `/api/v1/events/${slug}/registration`, {
          answers: { arrival: '2026-03-01' },
        })
      ).status,
      201,
    )
  })

  test('bad question definitions keep the organiser’s form with field messages', async () => {
    const { slug } = await event()
    const oneOption = await addQuestion(slug, {
      key: 'track',
      kind: 'choice',
      label_az: 'Trek',
      label_en: 'Track',
      label_ru: 'Трек',
      options: 'only',
    })
    assert.equal(oneOption.status, 400)
    assert.match(oneOption.body, /value="track"/)
    const noLabels = await addQuestion(slug, {
      key: 'notes',
      kind: 'text',
      label_az: '',
      label_en: '',
      label_ru: '',
    })
    assert.equal(noLabels.status, 400)
    const badKey = await addQuestion(slug, {
      key: 'Bad Key!',
      kind: 'text',
      label_az: 'a',
      label_en: 'a',
      label_ru: 'a',
    })
    assert.equal(badKey.status, 400)
    const badKind = await addQuestion(slug, {
      key: 'upload',
      kind: 'file',
      label_az: 'a',
      label_en: 'a',
      label_ru: 'a',
    })
    assert.equal(badKind.status, 400, 'registration forms take no uploads')
    const ok = { key: 'notes', kind: 'text', label_az: 'Qeyd', label_en: 'Notes', label_ru: 'Заметки' }
    assert.equal((await addQuestion(slug, ok)).status, 303)
    const taken = await addQuestion(slug, ok)
    assert.equal(taken.status, 409)
    assert.match(taken.body, /already has a question with this key/)
    assert.equal(
      (await managerClient.form(`/events/${slug}/registrations/questions/notes/delete`, {})).status,
      303,
    )
    assert.equal(
      (await managerClient.form(`/events/${slug}/registrations/questions/notes/delete`, {})).status,
      404,
    )
  })

  test('statistics count registrations by day, region, institution type and choice; the CSV neutralises formulas', async () => {
    const { slug } = await event({ title: 'Counted conference' })
    assert.equal(
      (
        await addQuestion(slug, {
          key: 'topics',
          kind: 'multiple_choice',
          label_az: 'Mövzular',
          label_en: 'Topics',
          label_ru: 'Темы',
          options:
            'stem | STEM | STEM | STEM\ninclusion | İnklüziv | Inclusion | Инклюзия\nmedia | Media | Media literacy | Медиа',
        })
      ).status,
      303,
    )
    const people = [
      await memberFrom('AZ-GA', 'school', '=HYPERLINK("http://evil.example","click")'),
      await memberFrom('AZ-GA', 'university'),
      await memberFrom('AZ-SAK', 'school'),
    ]
    const answers = [['stem', 'media'], ['stem'], ['inclusion']]
    for (const [i, p] of people.entries()) {
      const r = await (await h().client(p)).api('POST', `/api/v1/events/${slug}/registration`, {
        answers: { topics: answers[i] },
      })
      assert.equal(r.status, 201)
    }
    const stats = await managerClient.get(`/events/${slug}/registrations/statistics`)
    assert.equal(stats.status, 200)
    const text = stats.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    assert.match(text, /By region .*Ganja 2 .*Shaki 1/i)
    assert.match(text, /By institution type .*School 2 .*University 1/)
    assert.match(text, /Topics STEM 2 Inclusion 1 Media literacy 1/)
    assert.match(text, /New Total so far .* 3 3/)

    const csv = await managerClient.get(`/events/${slug}/registrations.csv`)
    assert.equal(csv.status, 200)
    assert.match(String(csv.headers['content-type']), /text\/csv/)
    assert.match(String(csv.headers['content-disposition']), /attachment/)
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    assert.equal(lines.length, 4)
    assert.match(
      lines[0] ?? '',
      /^Name,Email,Status,Institution,Institution type,Region,Registered,Confirmed,Topics$/,
    )
    assert.ok(
      lines.some((l) => l.startsWith(`"'=HYPERLINK(""http://evil.example"",""click"")"`)),
      lines.join('\n'),
    )
    assert.ok(lines.some((l) => /"STEM, Media literacy"$/.test(l)))
  })

  test('organisers’ pages and the CSV: the event’s managers and coordinators only; others learn nothing', async () => {
    const { slug } = await event({ title: 'Guarded seminar' })
    const participant = await h().person()
    assert.equal(
      (await (await h().client(participant)).api('POST', `/api/v1/events/${slug}/registration`, {})).status,
      201,
    )
    const pages = [
      `/events/${slug}/registrations`,
      `/events/${slug}/registrations/statistics`,
      `/events/${slug}/registrations/questions`,
      `/events/${slug}/registrations.csv`,
    ]
    const expect: Array<[string, TestPerson | null, number]> = [
      ['visitor', null, 303],
      ['registered', await h().person({ role: 'registered' }), 404],
      ['member', await h().person({ role: 'member' }), 404],
      ['participant', participant, 404],
      ['pupil', await h().person({ role: 'pupil' }), 403],
      ['institution_admin', await h().person({ role: 'institution_admin' }), 404],
      ['editor', await h().person({ role: 'editor' }), 404],
      ['platform_admin', await h().person({ role: 'platform_admin' }), 404],
      ['coordinator', coordinator, 200],
      ['manager', manager, 200],
    ]
    const mismatches: string[] = []
    for (const [name, person, status] of expect) {
      const client = await h().client(person ?? undefined)
      for (const url of pages) {
        const response = await client.get(url)
        if (response.status !== status)
          mismatches.push(`${name} ${url}: ${response.status}, expected ${status}`)
      }
      const decision = await client.form(`/events/${slug}/registrations/${newId()}/decision`, {
        decision: 'approve',
      })
      // A visitor's form post is refused outright (401): only page loads are sent to the sign-in page.
      const decisionExpected = status === 200 ? 404 : status === 303 ? 401 : status
      if (decision.status !== decisionExpected)
        mismatches.push(`${name} decision: ${decision.status}, expected ${decisionExpected}`)
    }
    assert.deepEqual(mismatches, [])
    // The participant list shows personal data only to organisers.
    const list = await (await h().client(coordinator)).get(`/events/${slug}/registrations`)
    assert.match(list.body, new RegExp(participant.email.replace('.', '\\.')))
  })

  test('the event page shows the registration panel: places left, the form, one’s own place', async () => {
    const { slug } = await event({ title: 'Panel event', capacity: 5, registration: 'open' })
    const visitorPage = await (await h().client()).get(`/events/${slug}`)
    assert.equal(visitorPage.status, 200)
    assert.match(visitorPage.body, /5 of 5 places left/)
    assert.match(visitorPage.body, /Sign in to register/)
    const member = await h().person()
    const client = await h().client(member)
    const before = await client.get(`/events/${slug}`)
    assert.match(before.body, new RegExp(`action="/events/${slug}/register"`))
    assert.equal((await client.form(`/events/${slug}/register`, {})).status, 303)
    const after = await client.get(`/events/${slug}`)
    assert.match(after.body, /4 of 5 places left/)
    assert.match(after.body, /your place is confirmed/)
    const organiser = await managerClient.get(`/events/${slug}`)
    assert.match(organiser.body, new RegExp(`href="/events/${slug}/registrations"`))
  })

  test('the OpenAPI document describes /api/v1/events/{slug}/registration: reading, registering, cancelling', async () => {
    const doc = (await (await h().client()).get('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, { summary?: string }>>
    }>()
    const path = doc.paths['/api/v1/events/{slug}/registration']
    assert.ok(path, 'the path is documented')
    assert.deepEqual(Object.keys(path).sort(), ['delete', 'get', 'post'])
    assert.match(path.post?.summary ?? '', /wait-listed/)
  })
})
