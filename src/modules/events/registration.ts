import { randomBytes } from 'node:crypto'
import { stringify } from 'csv-stringify/sync'
import type { Config, Locale } from '../../config.ts'
import { nowIso, type Queryable, type Trx } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { FormFieldKind, RegistrationStatus } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { type AppError, Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.ts'
import { formatDateTime, isLocale, translator } from '../../platform/i18n.ts'
import { enqueue } from '../../platform/jobs.ts'
import { type Actor, authorize, can, hasRole } from '../../platform/policy.ts'
import {
  checkAnswers,
  definitionValues,
  type FieldOption,
  type FormField,
  type RawAnswer,
  type StoredAnswer,
} from '../../platform/questions.ts'
import { neutraliseCell } from '../institutions/normalise.ts'
import { notify } from '../notifications/service.ts'
import { type EventAccess, loadEventAccess } from './access.ts'
import { utcToZoned } from './calendar.ts'
import { titleOf } from './service.ts'
import './policy.ts'
import { personalInvitation } from './registration-ical.ts'
import { isActive } from './registration-policy.ts'
import * as q from './registration-queries.ts'
import type { QuestionInput } from './registration-schemas.ts'

declare module '../../platform/jobs.ts' {
  interface JobPayloads {
    /** The day-before reminder of one registration; sent at most once (event_registrations.reminded_at). */
    'events.remind': { registrationId: string }
  }
}

export const DAY_MS = 86_400_000
export type Effects = Pick<Config, 'baseUrl' | 'defaultLocale' | 'sessionSecret' | 'timeZone'>

export type RegistrationEvent = q.RegistrationEvent
export type RegistrationRow = q.RegistrationRow

/** The event's extra questions as the shared question machinery reads them. */
export function asFields(rows: readonly q.QuestionRow[]): FormField[] {
  return rows.map((row) => ({
    key: row.key,
    kind: row.kind as FormFieldKind,
    required: row.required === 1,
    labels: { az: row.label_az, en: row.label_en, ru: row.label_ru },
    options: JSON.parse(row.options) as FieldOption[],
    maxLength: row.max_length,
  }))
}

function parseAnswers(json: string): Record<string, StoredAnswer> {
  const value = JSON.parse(json) as unknown
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, StoredAnswer>)
    : {}
}

/** The event by its slug, for someone who may see it; a draft is hidden from everyone but its organisers. */
async function visibleEvent(
  ctx: ServiceContext,
  slug: string,
): Promise<{ event: RegistrationEvent; access: EventAccess }> {
  const event = await q.eventBySlug(ctx.db, slug)
  const access = event ? await loadEventAccess(ctx.db, event.id, ctx.actor) : null
  if (!event || !access) throw new NotFound()
  authorize(ctx.actor, 'events.read', access, { hide: true })
  return { event, access }
}

/** The event for its organisers; to anyone else it does not exist. */
export async function organisedEvent(
  ctx: ServiceContext,
  slug: string,
): Promise<{ event: RegistrationEvent; access: EventAccess }> {
  const found = await visibleEvent(ctx, slug)
  authorize(ctx.actor, 'events.registrations.manage', found.access, { hide: true })
  return found
}

/** Registration has closed: the closing time set by the organisers, or else the start of the event. */
export function registrationClosed(event: RegistrationEvent, now = Date.now()): boolean {
  const closes = event.registration_closes_at ?? event.starts_at
  return now >= Date.parse(closes)
}

/** Why this person may not register for this event now, as the error the form or the API shows; null if they may. */
export function refusal(actor: Actor, event: RegistrationEvent, access: EventAccess): AppError | null {
  if (can(actor, 'events.register', access)) {
    return registrationClosed(event) ? new Conflict({ key: 'registration.closed' }) : null
  }
  if (isActive(access.registrationStatus)) return new Conflict({ key: 'registration.already' })
  if (access.registrationStatus === 'declined') return new Conflict({ key: 'registration.was_declined' })
  if (access.status === 'cancelled') return new Conflict({ key: 'registration.event_cancelled' })
  if (access.status !== 'published' || access.registration === 'none')
    return new Conflict({ key: 'registration.not_here' })
  if (access.registration === 'members' && actor.person?.kind === 'adult' && !hasRole(actor, 'member'))
    return new Forbidden({ key: 'registration.members_only' })
  return new Forbidden()
}

export interface RegistrationState {
  event: RegistrationEvent
  access: EventAccess
  own: RegistrationRow | null
  /** Place on the wait list (1: next), when wait-listed. */
  position: number | null
  questions: FormField[]
  /** Places still free; null without a limit. */
  placesLeft: number | null
  /** Why registering is not possible for this person now (a message key); null when it is. */
  refusal: string | null
  organiser: boolean
}

/** Everything the registration panel and page show for the acting person. */
export async function registrationState(ctx: ServiceContext, slug: string): Promise<RegistrationState> {
  const { event, access } = await visibleEvent(ctx, slug)
  const personId = ctx.actor.person?.id
  const [own, questions, confirmed] = await Promise.all([
    personId ? q.registrationOf(ctx.db, event.id, personId) : Promise.resolve(undefined),
    q.questionsOf(ctx.db, event.id),
    q.countWithStatus(ctx.db, event.id, 'confirmed'),
  ])
  const position = own?.status === 'waitlisted' ? await q.waitListPosition(ctx.db, own) : null
  const refused = ctx.actor.person ? refusal(ctx.actor, event, access) : null
  return {
    event,
    access,
    own: own ?? null,
    position,
    questions: asFields(questions),
    placesLeft: event.capacity === null ? null : Math.max(0, event.capacity - confirmed),
    refusal: refused ? refused.detail.key : null,
    organiser: can(ctx.actor, 'events.registrations.manage', access),
  }
}

// ---- Notifications

async function recipientLocale(db: Queryable, personId: string, fallback: Locale): Promise<Locale> {
  const row = await db.selectFrom('people').select('locale').where('id', '=', personId).executeTakeFirst()
  return isLocale(row?.locale) ? row.locale : fallback
}

/** Tells the person where their registration now stands; a confirmed place comes with its iCal entry. */
export async function tellParticipant(
  trx: Trx,
  config: Effects,
  event: RegistrationEvent,
  registration: { id: string; person_id: string },
  what:
    | 'confirmed'
    | 'waitlisted'
    | 'pending'
    | 'promoted'
    | 'declined'
    | 'cancelled'
    | 'reminder'
    | 'event_cancelled',
  extra: Record<string, string | number> = {},
): Promise<void> {
  const locale = await recipientLocale(trx, registration.person_id, config.defaultLocale)
  const values = {
    title: titleOf(event, locale).text,
    when: formatDateTime(locale, event.starts_at, event.time_zone),
    ...extra,
  }
  const withInvitation = what === 'confirmed' || what === 'promoted' || what === 'reminder'
  await notify(trx, config, {
    personId: registration.person_id,
    kind: `events.registration.${what}`,
    title: { key: `registration.mail.${what}_title`, values },
    body: { key: `registration.mail.${what}_body`, values },
    link: `/events/${event.slug}/registration`,
    ...(withInvitation
      ? { attachments: [personalInvitation(event, registration.id, locale, config.baseUrl)] }
      : {}),
  })
}

/** Tells the event's managers that a registration awaits their decision, each in their own language. */
async function tellManagers(
  trx: Trx,
  config: Effects,
  event: RegistrationEvent,
  name: string,
): Promise<void> {
  for (const personId of await q.managerIds(trx, event.id)) {
    const locale = await recipientLocale(trx, personId, config.defaultLocale)
    const values = { title: titleOf(event, locale).text, name }
    await notify(trx, config, {
      personId,
      kind: 'events.registration.awaiting',
      title: { key: 'registration.mail.awaiting_title', values },
      body: { key: 'registration.mail.awaiting_body', values },
      link: `/events/${event.slug}/registrations`,
    })
  }
}

/** Queues the day-before reminder of a confirmed place (run at once when the event is less than a day away). */
async function scheduleReminder(trx: Trx, event: RegistrationEvent, registrationId: string): Promise<void> {
  const at = Math.max(Date.now(), Date.parse(event.starts_at) - DAY_MS)
  await enqueue(trx, 'events.remind', { registrationId }, new Date(at))
}

async function confirm(
  trx: Trx,
  config: Effects,
  event: RegistrationEvent,
  registration: { id: string; person_id: string },
  what: 'confirmed' | 'promoted',
): Promise<void> {
  await q.updateRegistration(trx, registration.id, { status: 'confirmed', confirmed_at: nowIso() })
  await tellParticipant(trx, config, event, registration, what)
  await scheduleReminder(trx, event, registration.id)
}

/**
 * Gives freed places to the wait list, first come first served, in the caller's transaction, which must hold
 * the event's lock (q.lockEvent). Called after a cancellation or a decline, and whenever the capacity grows.
 */
export async function fillFreedPlaces(trx: Trx, config: Effects, event: RegistrationEvent): Promise<number> {
  const confirmed = await q.countWithStatus(trx, event.id, 'confirmed')
  const free = event.capacity === null ? Number.MAX_SAFE_INTEGER : event.capacity - confirmed
  if (free <= 0) return 0
  const next = await q.waitList(trx, event.id, Math.min(free, 10_000))
  for (const registration of next) await confirm(trx, config, event, registration, 'promoted')
  return next.length
}

/**
 * For the events core after an edit that may free places (a larger capacity, or none): in the edit's transaction,
 * locks the event and promotes from the wait list. Places already given are never taken back when it shrinks.
 */
export async function placesChanged(
  trx: Trx,
  config: Effects & Pick<Config, 'dialect'>,
  eventId: string,
): Promise<number> {
  await q.lockEvent(trx, eventId, config.dialect)
  const event = await q.eventById(trx, eventId)
  return event?.status === 'published' ? fillFreedPlaces(trx, config, event) : 0
}

/**
 * For the events core when an event is called off: in the cancellation's transaction, everyone holding or waiting
 * for a place is told, each in their own language. The registrations stay as they are, for the record.
 */
export async function eventCancelled(trx: Trx, config: Effects, eventId: string): Promise<number> {
  const event = await q.eventById(trx, eventId)
  if (!event) return 0
  const registrations = await q.activeRegistrations(trx, eventId)
  for (const registration of registrations) {
    await tellParticipant(trx, config, event, registration, 'event_cancelled')
  }
  return registrations.length
}

/** Confirmed when a place is free, else on the wait list; pending first when the organisers approve each one. */
async function placeFor(trx: Trx, event: RegistrationEvent, approved: boolean): Promise<RegistrationStatus> {
  if (event.approval_required === 1 && !approved) return 'pending'
  if (event.capacity === null) return 'confirmed'
  const confirmed = await q.countWithStatus(trx, event.id, 'confirmed')
  return confirmed < event.capacity ? 'confirmed' : 'waitlisted'
}

// ---- Registering and cancelling

/**
 * Registers the acting person with their answers to the event's questions. Places are counted and given under
 * the event's lock, so that however many register at once, no more are confirmed than the capacity.
 */
export async function register(
  ctx: ServiceContext,
  slug: string,
  raw: Record<string, RawAnswer>,
): Promise<RegistrationRow> {
  const { event, access } = await visibleEvent(ctx, slug)
  authorize(ctx.actor, 'events.registration.use', undefined)
  const refused = refusal(ctx.actor, event, access)
  if (refused) throw refused
  const questions = asFields(await q.questionsOf(ctx.db, event.id))
  const checked = checkAnswers(questions, raw)
  if (Object.keys(checked.errors).length > 0) throw new Invalid(checked.errors)
  const personId = ctx.actor.person?.id ?? ''
  const origin = await q.originOf(ctx.db, personId)

  return ctx.db.transaction().execute(async (trx) => {
    await q.lockEvent(trx, event.id, ctx.config.dialect)
    const previous = await q.registrationOf(trx, event.id, personId)
    // Two submissions of the same form: the second finds the first under the lock.
    if (previous && isActive(previous.status)) throw new Conflict({ key: 'registration.already' })
    const status = await placeFor(trx, event, false)
    const now = nowIso()
    const values = {
      status,
      answers: JSON.stringify(checked.answers),
      institution_id: origin?.id ?? null,
      institution_type: origin?.type ?? null,
      region: origin?.region ?? null,
      country: origin?.country ?? null,
      ticket: randomBytes(24).toString('base64url'),
      registered_at: now,
      confirmed_at: status === 'confirmed' ? now : null,
      cancelled_at: null,
      decided_by: null,
      reminded_at: null,
    }
    const id = previous?.id ?? newId()
    // Someone who cancelled registers again on the same row: one registration per person.
    if (previous) await q.updateRegistration(trx, id, values)
    else await q.insertRegistration(trx, { id, event_id: event.id, person_id: personId, ...values })
    const registration = { id, person_id: personId }
    if (status === 'confirmed') {
      await tellParticipant(trx, ctx.config, event, registration, 'confirmed')
      await scheduleReminder(trx, event, id)
    } else if (status === 'waitlisted') {
      const row = await q.registrationById(trx, event.id, id)
      const position = row ? await q.waitListPosition(trx, row) : 1
      await tellParticipant(trx, ctx.config, event, registration, 'waitlisted', { position })
    } else {
      await tellParticipant(trx, ctx.config, event, registration, 'pending')
      await tellManagers(trx, ctx.config, event, ctx.actor.person?.name ?? '')
    }
    const saved = await q.registrationById(trx, event.id, id)
    if (!saved) throw new NotFound()
    return saved
  })
}

/** Cancels the acting person's registration; a place it held goes to the next on the wait list at once. */
export async function cancel(ctx: ServiceContext, slug: string): Promise<void> {
  const { event, access } = await visibleEvent(ctx, slug)
  authorize(ctx.actor, 'events.registration.use', undefined)
  if (!can(ctx.actor, 'events.registration.cancel', access))
    throw new Conflict({ key: 'registration.not_active' })
  const personId = ctx.actor.person?.id ?? ''
  await ctx.db.transaction().execute(async (trx) => {
    await q.lockEvent(trx, event.id, ctx.config.dialect)
    const own = await q.registrationOf(trx, event.id, personId)
    if (!own || !isActive(own.status)) throw new Conflict({ key: 'registration.not_active' })
    await q.updateRegistration(trx, own.id, { status: 'cancelled', cancelled_at: nowIso() })
    await tellParticipant(trx, ctx.config, event, own, 'cancelled')
    if (own.status === 'confirmed') await fillFreedPlaces(trx, ctx.config, event)
  })
}

/** An organiser approves a pending registration (a place, or the wait list when full) or declines one. */
export async function decide(
  ctx: ServiceContext,
  slug: string,
  registrationId: string,
  decision: 'approve' | 'decline',
): Promise<RegistrationStatus> {
  const { event } = await organisedEvent(ctx, slug)
  return ctx.db.transaction().execute(async (trx) => {
    await q.lockEvent(trx, event.id, ctx.config.dialect)
    const registration = await q.registrationById(trx, event.id, registrationId)
    if (!registration) throw new NotFound()
    const decidable: readonly RegistrationStatus[] =
      decision === 'approve' ? ['pending'] : ['pending', 'waitlisted', 'confirmed']
    if (!decidable.includes(registration.status)) throw new Conflict({ key: 'registration.not_decidable' })
    const status = decision === 'approve' ? await placeFor(trx, event, true) : 'declined'
    await q.updateRegistration(trx, registration.id, { decided_by: ctx.actor.person?.id ?? null })
    if (status === 'confirmed') await confirm(trx, ctx.config, event, registration, 'confirmed')
    else if (status === 'waitlisted') {
      await q.updateRegistration(trx, registration.id, { status })
      const position = await q.waitListPosition(trx, { ...registration, status })
      await tellParticipant(trx, ctx.config, event, registration, 'waitlisted', { position })
    } else {
      await q.updateRegistration(trx, registration.id, { status })
      await tellParticipant(trx, ctx.config, event, registration, 'declined')
      if (registration.status === 'confirmed') await fillFreedPlaces(trx, ctx.config, event)
    }
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: `events.registration.${decision}`,
      subjectType: 'event_registration',
      subjectId: registration.id,
      details: { event: event.slug, status },
    })
    return status
  })
}

// ---- Organisers: questions, participants, statistics, export

export async function questions(ctx: ServiceContext, slug: string) {
  const { event } = await organisedEvent(ctx, slug)
  return { event, questions: await q.questionsOf(ctx.db, event.id) }
}

export async function addQuestion(ctx: ServiceContext, slug: string, input: QuestionInput): Promise<void> {
  const { event } = await organisedEvent(ctx, slug)
  const values = definitionValues(input, input.kind)
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await q.questionsOf(trx, event.id)
    if (existing.some((row) => row.key === input.key)) {
      throw new Conflict(
        { key: 'registration.question_key_taken' },
        { key: { key: 'registration.question_key_taken' } },
      )
    }
    await q.insertQuestion(trx, {
      id: newId(),
      event_id: event.id,
      key: input.key,
      kind: input.kind,
      position: existing.reduce((max, row) => Math.max(max, row.position + 1), 0),
      ...values,
    })
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'events.question.add',
      subjectType: 'event',
      subjectId: event.id,
      details: { key: input.key, kind: input.kind },
    })
  })
}

/** Removes a question; answers already given to it stay with their registrations. */
export async function removeQuestion(ctx: ServiceContext, slug: string, key: string): Promise<void> {
  const { event } = await organisedEvent(ctx, slug)
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await q.deleteQuestion(trx, event.id, key))) throw new NotFound()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'events.question.remove',
      subjectType: 'event',
      subjectId: event.id,
      details: { key },
    })
  })
}

export interface Participant {
  id: string
  name: string
  email: string
  status: RegistrationStatus
  institution: string | null
  institutionType: string | null
  region: string | null
  registeredAt: string
  confirmedAt: string | null
  answers: Record<string, StoredAnswer>
}

export async function participants(ctx: ServiceContext, slug: string) {
  const { event } = await organisedEvent(ctx, slug)
  const [rows, questionRows] = await Promise.all([
    q.participants(ctx.db, event.id),
    q.questionsOf(ctx.db, event.id),
  ])
  const list: Participant[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    status: r.status,
    institution: r.institution,
    institutionType: r.institution_type,
    region: r.region,
    registeredAt: r.registered_at,
    confirmedAt: r.confirmed_at,
    answers: parseAnswers(r.answers),
  }))
  return { event, participants: list, questions: asFields(questionRows) }
}

/** An answer as text in a language: option labels for choices, yes/no for a consent. */
export function answerText(
  field: FormField | undefined,
  value: StoredAnswer | undefined,
  locale: Locale,
): string {
  const t = translator(locale)
  const label = (v: string) => field?.options.find((o) => o.value === v)?.[`label_${locale}`] ?? v
  if (value === undefined) return ''
  if (typeof value === 'boolean') return t(value ? 'applications.yes' : 'applications.no')
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value)) return value.map(label).join(', ')
  if (typeof value === 'string') return field?.kind === 'choice' ? label(value) : value
  return ''
}

/**
 * The participants as CSV for the organisers: one row per registration with its answers in the reader's
 * language. Cells a spreadsheet would run as a formula are neutralised (names and answers are typed by people).
 */
export async function participantsCsv(ctx: ServiceContext, slug: string, locale: Locale): Promise<string> {
  const { event, participants: list, questions: fields } = await participants(ctx, slug)
  const t = translator(locale)
  const header = [
    t('registration.csv.name'),
    t('registration.csv.email'),
    t('registration.csv.status'),
    t('registration.csv.institution'),
    t('registration.csv.institution_type'),
    t('registration.csv.region'),
    t('registration.csv.registered_at'),
    t('registration.csv.confirmed_at'),
    ...fields.map((f) => f.labels[locale]),
  ]
  const rows = list.map((p) => [
    p.name,
    p.email,
    t(`registration.status.${p.status}`),
    p.institution ?? '',
    p.institutionType ?? '',
    p.region ?? '',
    p.registeredAt,
    p.confirmedAt ?? '',
    ...fields.map((f) => answerText(f, p.answers[f.key], locale)),
  ])
  await audit(ctx.db, {
    actorId: ctx.actor.person?.id ?? null,
    action: 'events.registrations.export',
    subjectType: 'event',
    subjectId: event.id,
    details: { rows: rows.length },
  })
  return stringify(
    [header, ...rows].map((row) => row.map((cell) => neutraliseCell(cell))),
    { bom: true },
  )
}

export interface CountItem {
  value: string | null
  count: number
}

export interface RegistrationStatistics {
  statuses: Record<RegistrationStatus, number>
  /** Registrations per day (in the event's time zone) and the running total. */
  timeline: Array<{ day: string; count: number; total: number }>
  byRegion: CountItem[]
  byInstitutionType: CountItem[]
  /** For each choice question, how many chose each option (registrations holding or waiting for a place). */
  choices: Array<{ field: FormField; counts: Array<{ option: FieldOption; count: number }> }>
}

export async function statistics(ctx: ServiceContext, slug: string) {
  const { event } = await organisedEvent(ctx, slug)
  const [statusRows, times, byRegion, byType, answers, questionRows] = await Promise.all([
    q.statusCounts(ctx.db, event.id),
    q.registrationTimes(ctx.db, event.id),
    q.activeCountsBy(ctx.db, event.id, 'region'),
    q.activeCountsBy(ctx.db, event.id, 'institution_type'),
    q.activeAnswers(ctx.db, event.id),
    q.questionsOf(ctx.db, event.id),
  ])
  const statuses: Record<RegistrationStatus, number> = {
    pending: 0,
    confirmed: 0,
    waitlisted: 0,
    cancelled: 0,
    declined: 0,
  }
  for (const row of statusRows) statuses[row.status] = Number(row.count)
  const perDay = new Map<string, number>()
  for (const { registered_at } of times) {
    const day = utcToZoned(registered_at, event.time_zone).date
    perDay.set(day, (perDay.get(day) ?? 0) + 1)
  }
  let total = 0
  const timeline = [...perDay].map(([day, count]) => {
    total += count
    return { day, count, total }
  })
  const parsed = answers.map((a) => parseAnswers(a.answers))
  const choices = asFields(questionRows)
    .filter((f) => f.kind === 'choice' || f.kind === 'multiple_choice')
    .map((field) => ({
      field,
      counts: field.options.map((option) => ({
        option,
        count: parsed.filter((a) => {
          const value = a[field.key]
          return Array.isArray(value) ? value.includes(option.value) : value === option.value
        }).length,
      })),
    }))
  const counts = (rows: Array<{ value: string | null; count: number }>) =>
    rows.map((r) => ({ value: r.value, count: Number(r.count) }))
  const stats: RegistrationStatistics = {
    statuses,
    timeline,
    byRegion: counts(byRegion),
    byInstitutionType: counts(byType),
    choices,
  }
  return { event, stats }
}
