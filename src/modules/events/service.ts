import { type Config, LOCALES, type Locale } from '../../config.ts'
import type { Db, Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { EventsTable } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, type FieldErrors, Invalid, NotFound } from '../../platform/errors.ts'
import {
  isImage,
  removeStoredFile,
  type StoredFile,
  sniffMediaType,
  storageKey,
  storeFile,
} from '../../platform/files.ts'
import { authorize, can } from '../../platform/policy.ts'
import { nameKey, slugify } from '../institutions/normalise.ts'
import { logoUrl } from '../institutions/service.ts'
import { acceptedMediaType, CHECKED_BY_BYTES } from '../workspace/uploads.ts'
import { type EventAccess, loadEventAccess } from './access.ts'
import { forgetCalendar } from './cache.ts'
import { addDays, daysOf, isTimeZone, monthGrid, monthOf, utcToZoned, zonedToUtc } from './calendar.ts'
import { calendarIndex, overlapping, pastIds, upcomingIds } from './calendar-index.ts'
import './policy.ts'
import { refreshSearch } from '../search/service.ts'
import * as q from './queries.ts'
import { eventCancelled, placesChanged } from './registration.ts'
import {
  CALENDAR_PAGE_SIZE,
  type CalendarParams,
  type EventCardData,
  type EventInput,
  type EventViewData,
  MAX_EVENT_DAYS,
  type PartnerInput,
  type SessionInput,
  type SpeakerInput,
} from './schemas.ts'

const DAY_MS = 86_400_000
/** Events a month view counts (beyond them it says the list has the rest). */
export const MONTH_LIMIT = 5000
/** Events a month view shows per day; the rest are behind the day's link to the list. */
export const MONTH_PER_DAY = 3
/** The iCal feed of a calendar filter carries this many events at most. */
export const FEED_LIMIT = 500
/** Where uploaded materials and photos are stored under the files directory. */
export const FILES_AREA = 'events'

type Localised = { az: string | null; en: string | null; ru: string | null }
type Texts = Pick<EventsTable, 'title_az' | 'title_en' | 'title_ru'>

/** The text in the reader's language, else in the first language the organisers wrote it in. */
export function inLanguage(text: Localised, locale: Locale): { text: string; lang: Locale } | null {
  for (const lang of [locale, ...LOCALES]) {
    const value = text[lang]
    if (value) return { text: value, lang }
  }
  return null
}

export function titleOf(row: Texts, locale: Locale): { text: string; lang: Locale } {
  return (
    inLanguage({ az: row.title_az, en: row.title_en, ru: row.title_ru }, locale) ?? { text: '', lang: locale }
  )
}

export const eventUrl = (slug: string) => `/events/${slug}`

function audienceOf(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

function card(row: q.CardRow, locale: Locale): EventCardData {
  const title = titleOf(row, locale)
  return {
    slug: row.slug,
    url: eventUrl(row.slug),
    title: title.text,
    lang: title.lang,
    kind: row.kind,
    format: row.format,
    status: row.status,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    city: row.city,
    region: row.region,
    country: row.country,
    audience: audienceOf(row.audience),
  }
}

function filterOf(params: CalendarParams): q.CalendarFilter {
  return { kind: params.kind, format: params.format, region: params.region, audience: params.audience }
}

// ---- The calendar

export interface CalendarResult {
  /** Whether a next page exists. No total is counted: with filters checked row by row, counting would read every
   * matching event of the installation to show one page of them. */
  hasMore: boolean
  page: number
  pageSize: number
  results: EventCardData[]
}

/** What the calendar reads with: the database the writes go to (its index is kept per that one) and the reader. */
export interface CalendarReader {
  db: Db
  /** Reader threads on a SQLite file (src/db/read-pool.ts); the database itself on PostgreSQL. */
  readDb: Db
  config: Config
}

/** The cards of these events by id (read by key; an event gone or back to draft has none). */
async function cardsById(
  readDb: Db,
  ids: readonly string[],
  locale: Locale,
): Promise<Map<string, EventCardData>> {
  return new Map((await q.cardsByIds(readDb, ids)).map((row) => [row.id, card(row, locale)]))
}

/** The list view and the API: upcoming events soonest first (from a day, when asked), or past ones latest first. */
export async function calendar(
  ctx: CalendarReader,
  params: CalendarParams,
  locale: Locale,
  now = new Date(),
): Promise<CalendarResult> {
  const page = params.page ?? 1
  const offset = (page - 1) * CALENDAR_PAGE_SIZE
  const filter = filterOf(params)
  const when = params.when ?? 'upcoming'
  const at = when === 'upcoming' && params.from ? zonedToUtc(params.from, '00:00', ctx.config.timeZone) : now
  const index = await calendarIndex(ctx.db, ctx.readDb)
  // One event more than a page tells whether there is a next one.
  const ids =
    when === 'upcoming'
      ? upcomingIds(index, filter, at.getTime(), CALENDAR_PAGE_SIZE + 1, offset)
      : pastIds(index, filter, at.getTime(), CALENDAR_PAGE_SIZE + 1, offset)
  const shown = ids.slice(0, CALENDAR_PAGE_SIZE)
  const cards = await cardsById(ctx.readDb, shown, locale)
  return {
    hasMore: ids.length > CALENDAR_PAGE_SIZE,
    page,
    pageSize: CALENDAR_PAGE_SIZE,
    results: shown.flatMap((id) => cards.get(id) ?? []),
  }
}

export interface MonthResult {
  month: string
  weeks: string[][]
  /** The first events of each day (YYYY-MM-DD in the installation's zone) they take place on, at most MONTH_PER_DAY. */
  days: Map<string, EventCardData[]>
  /** How many events take place on each day, shown or not. */
  counts: Map<string, number>
  /** More events than the month view counts: the list is the way to see them all. */
  truncated: boolean
}

const dayStartCache = new Map<string, number[]>()

/** When each day (YYYY-MM-DD) begins in the zone, as instants; kept per grid, since zone arithmetic is slow. */
function dayStarts(days: readonly string[], zone: string): number[] {
  const key = `${zone}|${days[0]}|${days.length}`
  let starts = dayStartCache.get(key)
  if (!starts) {
    starts = days.map((day) => zonedToUtc(day, '00:00', zone).getTime())
    if (dayStartCache.size >= 500) dayStartCache.delete(dayStartCache.keys().next().value ?? '')
    dayStartCache.set(key, starts)
  }
  return starts
}

/** The index of the last value at or before `instant` in an ascending list; -1 when all are after it. */
function lastAtOrBefore(sorted: readonly number[], instant: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((sorted[mid] ?? 0) <= instant) low = mid + 1
    else high = mid
  }
  return low - 1
}

/**
 * The month view: every event overlapping the month counted on each of its days, and the first MONTH_PER_DAY of
 * each day read in full. The counting reads only ids and times from an index, so a busy month (hundreds of events)
 * costs a few dozen cards, not hundreds.
 */
export async function month(
  ctx: CalendarReader,
  params: CalendarParams,
  locale: Locale,
  now = Date.now(),
): Promise<MonthResult> {
  const zone = ctx.config.timeZone
  const shown = params.month ?? monthOf(now, zone)
  const weeks = monthGrid(shown)
  const first = weeks[0]?.[0] ?? `${shown}-01`
  const last = weeks.at(-1)?.[6] ?? `${shown}-28`
  // The grid's whole weeks, so that the neighbouring months' days in it are filled too.
  const range = {
    from: zonedToUtc(first, '00:00', zone),
    to: zonedToUtc(addDays(last, 1), '00:00', zone),
  }
  const index = await calendarIndex(ctx.db, ctx.readDb)
  const spans = overlapping(
    index,
    filterOf(params),
    range.from.getTime(),
    range.to.getTime(),
    MONTH_LIMIT + 1,
  )
  const grid = weeks.flat()
  const starts = dayStarts(grid, zone)
  const counts = new Map<string, number>()
  const shownOn = new Map<string, string[]>()
  for (const span of spans.slice(0, MONTH_LIMIT)) {
    // The grid's days the event overlaps: from the last day starting at or before its start, while days start
    // before its end (one ending at midnight exactly ends on the day before).
    for (let i = Math.max(0, lastAtOrBefore(starts, span.startsAt)); i < grid.length; i++) {
      if ((starts[i] ?? 0) >= span.endsAt) break
      const day = grid[i] ?? ''
      const count = (counts.get(day) ?? 0) + 1
      counts.set(day, count)
      if (count <= MONTH_PER_DAY) shownOn.set(day, [...(shownOn.get(day) ?? []), span.id])
    }
  }
  const cards = await cardsById(ctx.readDb, [...new Set([...shownOn.values()].flat())], locale)
  const days = new Map(
    [...shownOn].map(([day, ids]) => [day, ids.flatMap((id) => cards.get(id) ?? [])] as const),
  )
  return { month: shown, weeks, days, counts, truncated: spans.length > MONTH_LIMIT }
}

/** Events for a calendar feed: upcoming ones and those of the last 30 days, which subscribers still look at. */
export async function feedEvents(ctx: Pick<ServiceContext, 'db'>, params: CalendarParams, now = new Date()) {
  return q.upcomingForFeed(ctx.db, filterOf(params), new Date(now.getTime() - 30 * DAY_MS), FEED_LIMIT)
}

// ---- One event

async function accessOf(ctx: ServiceContext, eventId: string): Promise<EventAccess> {
  const found = await loadEventAccess(ctx.db, eventId, ctx.actor)
  if (!found) throw new NotFound()
  return found
}

/** The event behind a slug, if the actor may see it; a draft is "not found" to everyone else. */
async function readable(
  ctx: ServiceContext,
  slug: string,
): Promise<{ row: q.EventRow; access: EventAccess }> {
  const row = await q.findBySlug(ctx.db, slug)
  if (!row) throw new NotFound()
  const access = await accessOf(ctx, row.id)
  authorize(ctx.actor, 'events.read', access, { hide: true })
  return { row, access }
}

/** The event for a change by its organisers; others learn no more than the public page tells. */
async function editable(
  ctx: ServiceContext,
  slug: string,
): Promise<{ row: q.EventRow; access: EventAccess }> {
  const found = await readable(ctx, slug)
  authorize(ctx.actor, 'events.edit', found.access)
  return found
}

export interface EventAbilities {
  edit: boolean
  assignManagers: boolean
  seeMeetingLink: boolean
}

export interface EventPageData {
  event: EventViewData
  access: EventAccess
  abilities: EventAbilities
  /** Internal id, for the registration and attendance parts drawn into the page. */
  id: string
}

function localised(row: Record<string, unknown>, field: string): Localised {
  const get = (l: Locale) => {
    const v = row[`${field}_${l}`]
    return typeof v === 'string' && v !== '' ? v : null
  }
  return { az: get('az'), en: get('en'), ru: get('ru') }
}

/** The event as its page and the API show it to this actor (the meeting link only to those who may see it). */
export async function eventPage(ctx: ServiceContext, slug: string): Promise<EventPageData> {
  const { row, access } = await readable(ctx, slug)
  const [partners, speakers, sessions, sessionSpeakers, files] = await Promise.all([
    q.partnersOf(ctx.db, row.id),
    q.speakersOf(ctx.db, row.id),
    q.sessionsOf(ctx.db, row.id),
    q.sessionSpeakersOf(ctx.db, row.id),
    q.filesOf(ctx.db, row.id),
  ])
  const abilities: EventAbilities = {
    edit: can(ctx.actor, 'events.edit', access),
    assignManagers: can(ctx.actor, 'events.assign_managers', access),
    seeMeetingLink: can(ctx.actor, 'events.see_meeting_link', access),
  }
  const partner = (p: (typeof partners)[number]) => ({
    id: p.id,
    slug: p.slug,
    name: p.name,
    country: p.country,
    logoUrl: logoUrl(p),
  })
  const event: EventViewData = {
    slug: row.slug,
    url: eventUrl(row.slug),
    kind: row.kind,
    format: row.format,
    status: row.status,
    title: localised(row, 'title'),
    description: localised(row, 'description'),
    venue: row.venue,
    city: row.city,
    region: row.region,
    country: row.country,
    meetingUrl: abilities.seeMeetingLink ? row.meeting_url : null,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    audience: audienceOf(row.audience),
    programme: row.programme,
    registration: row.registration,
    capacity: row.capacity,
    approvalRequired: row.approval_required === 1,
    registrationClosesAt: row.registration_closes_at,
    organisers: partners.filter((p) => p.role === 'organiser').map(partner),
    supporters: partners.filter((p) => p.role === 'supporter').map(partner),
    speakers: speakers.map((s) => ({
      id: s.id,
      name: s.name,
      affiliation: s.affiliation,
      bio: localised(s, 'bio'),
      personId: s.person_id,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      room: s.room,
      title: localised(s, 'title'),
      description: localised(s, 'description'),
      speakers: sessionSpeakers.filter((x) => x.session_id === s.id).map((x) => x.speaker_id),
      files: files.filter((f) => f.session_id === s.id).map((f) => f.id),
    })),
    files: files.map((f) => ({
      id: f.id,
      kind: f.kind,
      title: f.title,
      mediaType: f.media_type,
      size: f.size,
      sessionId: f.session_id,
      url: `${eventUrl(row.slug)}/files/${f.id}`,
    })),
    publishedAt: row.published_at,
    cancelledAt: row.cancelled_at,
  }
  return { event, access, abilities, id: row.id }
}

/** The stored event for its iCal entry, if the actor may see it. */
export async function icalSource(ctx: ServiceContext, slug: string): Promise<q.EventRow> {
  return (await readable(ctx, slug)).row
}

// ---- Creating and editing

const blank = (value: string | undefined) => {
  const text = value?.trim() ?? ''
  return text === '' ? null : text
}

/** The stored columns of a valid form, or Invalid with every problem the schema could not see. */
function eventColumns(input: EventInput) {
  const errors: FieldErrors = {}
  const titles = {
    title_az: blank(input.title_az),
    title_en: blank(input.title_en),
    title_ru: blank(input.title_ru),
  }
  if (!titles.title_az && !titles.title_en && !titles.title_ru) {
    errors[`title_${LOCALES[0]}`] = { key: 'events.errors.title_required' }
  }
  const zone = input.time_zone.trim()
  if (!isTimeZone(zone)) errors.time_zone = { key: 'events.errors.time_zone' }
  const zoneOk = isTimeZone(zone) ? zone : 'UTC'
  const starts = zonedToUtc(input.start_date, input.start_time, zoneOk)
  const ends = zonedToUtc(input.end_date, input.end_time, zoneOk)
  if (ends.getTime() <= starts.getTime()) errors.end_date = { key: 'events.errors.end_before_start' }
  else if (ends.getTime() - starts.getTime() > MAX_EVENT_DAYS * DAY_MS) {
    errors.end_date = { key: 'events.errors.too_long', values: { days: MAX_EVENT_DAYS } }
  }
  const meetingUrl = blank(input.meeting_url)
  if (meetingUrl && !/^https?:\/\//i.test(meetingUrl))
    errors.meeting_url = { key: 'events.errors.meeting_url' }
  const onSite = input.format !== 'online'
  if (onSite && !blank(input.venue) && !blank(input.city))
    errors.venue = { key: 'events.errors.venue_required' }
  if (input.registration === 'none' && input.capacity !== undefined) {
    errors.capacity = { key: 'events.errors.capacity_without_registration' }
  }
  const closes = input.registration_closes_date
    ? zonedToUtc(addDays(input.registration_closes_date, 1), '00:00', zoneOk)
    : null
  if (closes && closes.getTime() > ends.getTime() + DAY_MS) {
    errors.registration_closes_date = { key: 'events.errors.closes_after_end' }
  }
  if (Object.keys(errors).length > 0) throw new Invalid(errors)
  return {
    kind: input.kind,
    format: input.format,
    ...titles,
    description_az: blank(input.description_az),
    description_en: blank(input.description_en),
    description_ru: blank(input.description_ru),
    venue: onSite ? blank(input.venue) : null,
    city: onSite ? blank(input.city) : null,
    region: onSite ? (input.region ?? null) : null,
    meeting_url: meetingUrl,
    starts_at: starts.toISOString(),
    ends_at: ends.toISOString(),
    time_zone: zone,
    audience: JSON.stringify([...new Set(input.audience ?? [])]),
    programme: blank(input.programme),
    registration: input.registration,
    capacity: input.registration === 'none' ? null : (input.capacity ?? null),
    approval_required: input.registration !== 'none' && input.approval_required === '1' ? 1 : 0,
    registration_closes_at: closes ? closes.toISOString() : null,
  }
}

/** Addresses under /events that are pages of their own, never an event's slug. */
const RESERVED_SLUGS = new Set(['new', 'mine'])

async function freeSlug(db: Queryable, title: string, id: string): Promise<string> {
  const base = slugify(title).slice(0, 120).replace(/-+$/, '')
  // slugify answers "institution" for a title with no Latin letters or digits (a Russian-only title).
  const start = base === 'institution' ? 'event' : base
  if (!RESERVED_SLUGS.has(start) && !(await q.slugTaken(db, start))) return start
  return `${start}-${id.slice(-8)}`
}

/** A new event, as a draft run by the coordinator who creates it. Returns its slug. */
export async function createEvent(ctx: ServiceContext, input: EventInput): Promise<string> {
  const actor = ctx.actor.person
  authorize(ctx.actor, 'events.create', undefined)
  if (!actor) throw new NotFound()
  const columns = eventColumns(input)
  const id = newId()
  const now = new Date().toISOString()
  const title = columns.title_en ?? columns.title_az ?? columns.title_ru ?? 'event'
  const slug = await ctx.db.transaction().execute(async (trx) => {
    const slug = await freeSlug(trx, title, id)
    await trx
      .insertInto('events')
      .values({
        id,
        slug,
        status: 'draft',
        country: ctx.config.country,
        network_id: null,
        consortium_id: null,
        report_az: null,
        report_en: null,
        report_ru: null,
        outcome_recorded_at: null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
        published_at: null,
        cancelled_at: null,
        ...columns,
      })
      .execute()
    await trx
      .insertInto('event_managers')
      .values({ event_id: id, person_id: actor.id, added_at: now })
      .execute()
    await audit(trx, { actorId: actor.id, action: 'events.create', subjectType: 'event', subjectId: id })
    return slug
  })
  forgetCalendar(ctx.db)
  return slug
}

/** The form's values for an event as stored (times in the event's zone). */
export async function editFormValues(ctx: ServiceContext, slug: string): Promise<Record<string, unknown>> {
  const { row } = await editable(ctx, slug)
  const start = utcToZoned(row.starts_at, row.time_zone)
  const end = utcToZoned(row.ends_at, row.time_zone)
  const closes = row.registration_closes_at
    ? addDays(utcToZoned(row.registration_closes_at, row.time_zone).date, -1)
    : ''
  return {
    kind: row.kind,
    format: row.format,
    title_az: row.title_az ?? '',
    title_en: row.title_en ?? '',
    title_ru: row.title_ru ?? '',
    description_az: row.description_az ?? '',
    description_en: row.description_en ?? '',
    description_ru: row.description_ru ?? '',
    venue: row.venue ?? '',
    city: row.city ?? '',
    region: row.region ?? '',
    meeting_url: row.meeting_url ?? '',
    start_date: start.date,
    start_time: start.time,
    end_date: end.date,
    end_time: end.time,
    time_zone: row.time_zone,
    audience: audienceOf(row.audience),
    programme: row.programme ?? '',
    registration: row.registration,
    capacity: row.capacity === null ? '' : String(row.capacity),
    approval_required: row.approval_required === 1 ? '1' : '',
    registration_closes_date: closes,
  }
}

export async function updateEvent(ctx: ServiceContext, slug: string, input: EventInput): Promise<void> {
  const { row } = await editable(ctx, slug)
  if (row.status === 'cancelled') throw new Conflict({ key: 'events.errors.cancelled' })
  const columns = eventColumns(input)
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('events')
      .set({ ...columns, updated_at: new Date().toISOString() })
      .where('id', '=', row.id)
      .execute()
    await refreshSearch(trx, 'event', row.id)
    // A larger capacity (or none) gives the new places to the wait list at once.
    await placesChanged(trx, ctx.config, row.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'events.update',
      subjectType: 'event',
      subjectId: row.id,
    })
  })
  forgetCalendar(ctx.db)
}

/** A draft goes on the calendar. */
export async function publishEvent(ctx: ServiceContext, slug: string): Promise<void> {
  const { row } = await editable(ctx, slug)
  if (row.status !== 'draft') throw new Conflict({ key: 'events.errors.not_draft' })
  const now = new Date().toISOString()
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('events')
      .set({ status: 'published', published_at: now, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'draft')
      .execute()
    await refreshSearch(trx, 'event', row.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'events.publish',
      subjectType: 'event',
      subjectId: row.id,
    })
  })
  forgetCalendar(ctx.db)
}

/**
 * A published event is called off: its page stays and says so, the calendar no longer lists it, and its iCal
 * entry turns CANCELLED so that calendars which imported it show it struck through.
 */
export async function cancelEvent(ctx: ServiceContext, slug: string): Promise<void> {
  const { row } = await editable(ctx, slug)
  if (row.status !== 'published') throw new Conflict({ key: 'events.errors.not_published' })
  const now = new Date().toISOString()
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('events')
      .set({ status: 'cancelled', cancelled_at: now, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'published')
      .execute()
    await refreshSearch(trx, 'event', row.id)
    await eventCancelled(trx, ctx.config, row.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'events.cancel',
      subjectType: 'event',
      subjectId: row.id,
    })
  })
  forgetCalendar(ctx.db)
}

// ---- Agenda, speakers, partners, managers

export interface ManageData {
  page: EventPageData
  managers: Array<{ id: string; name: string; email: string }>
}

/** What the organisers' agenda page shows: the event as published plus who runs it. */
export async function manageData(ctx: ServiceContext, slug: string): Promise<ManageData> {
  const { row } = await editable(ctx, slug)
  const [page, managers] = await Promise.all([eventPage(ctx, slug), q.managersOf(ctx.db, row.id)])
  return { page, managers }
}

async function changed(
  trx: Queryable,
  ctx: ServiceContext,
  eventId: string,
  action: string,
  details: Record<string, string>,
) {
  await trx
    .updateTable('events')
    .set({ updated_at: new Date().toISOString() })
    .where('id', '=', eventId)
    .execute()
  // The feeds carry what changed (SEQUENCE, venue); they are served from the visitors' cache otherwise.
  forgetCalendar(ctx.db)
  await audit(trx, {
    actorId: ctx.actor.person?.id ?? null,
    action,
    subjectType: 'event',
    subjectId: eventId,
    details,
  })
}

/** A session of the agenda, on one of the event's days, with speakers from the event's list. */
export async function addSession(ctx: ServiceContext, slug: string, input: SessionInput): Promise<void> {
  const { row } = await editable(ctx, slug)
  const errors: FieldErrors = {}
  const titles = {
    title_az: blank(input.title_az),
    title_en: blank(input.title_en),
    title_ru: blank(input.title_ru),
  }
  if (!titles.title_az && !titles.title_en && !titles.title_ru) {
    errors[`title_${LOCALES[0]}`] = { key: 'events.errors.title_required' }
  }
  const starts = zonedToUtc(input.date, input.start_time, row.time_zone)
  const ends = zonedToUtc(input.date, input.end_time, row.time_zone)
  if (ends.getTime() <= starts.getTime()) errors.end_time = { key: 'events.errors.end_before_start' }
  const days = daysOf(row.starts_at, row.ends_at, row.time_zone)
  if (!days.includes(input.date)) errors.date = { key: 'events.errors.session_day' }
  const speakerIds = [...new Set(input.speakers ?? [])]
  if (speakerIds.length > 0) {
    const known = new Set((await q.speakersOf(ctx.db, row.id)).map((s) => s.id))
    if (speakerIds.some((id) => !known.has(id))) errors.speakers = { key: 'validation.choice' }
  }
  if (Object.keys(errors).length > 0) throw new Invalid(errors)
  const id = newId()
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('event_sessions')
      .values({
        id,
        event_id: row.id,
        starts_at: starts.toISOString(),
        ends_at: ends.toISOString(),
        room: blank(input.room),
        ...titles,
        description_az: blank(input.description_az),
        description_en: blank(input.description_en),
        description_ru: blank(input.description_ru),
      })
      .execute()
    for (const speakerId of speakerIds) {
      await trx
        .insertInto('event_session_speakers')
        .values({ session_id: id, speaker_id: speakerId })
        .execute()
    }
    await changed(trx, ctx, row.id, 'events.session_add', { session: id })
  })
}

export async function deleteSession(ctx: ServiceContext, slug: string, sessionId: string): Promise<void> {
  const { row } = await editable(ctx, slug)
  await ctx.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('event_sessions')
      .where('id', '=', sessionId)
      .where('event_id', '=', row.id)
      .executeTakeFirst()
    if (Number(deleted.numDeletedRows) === 0) throw new NotFound()
    await changed(trx, ctx, row.id, 'events.session_delete', { session: sessionId })
  })
}

export async function addSpeaker(ctx: ServiceContext, slug: string, input: SpeakerInput): Promise<void> {
  const { row } = await editable(ctx, slug)
  const count = (await q.speakersOf(ctx.db, row.id)).length
  const id = newId()
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('event_speakers')
      .values({
        id,
        event_id: row.id,
        name: input.name.trim(),
        affiliation: blank(input.affiliation),
        bio_az: blank(input.bio_az),
        bio_en: blank(input.bio_en),
        bio_ru: blank(input.bio_ru),
        person_id: null,
        position: count,
      })
      .execute()
    await changed(trx, ctx, row.id, 'events.speaker_add', { speaker: id })
  })
}

export async function deleteSpeaker(ctx: ServiceContext, slug: string, speakerId: string): Promise<void> {
  const { row } = await editable(ctx, slug)
  await ctx.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('event_speakers')
      .where('id', '=', speakerId)
      .where('event_id', '=', row.id)
      .executeTakeFirst()
    if (Number(deleted.numDeletedRows) === 0) throw new NotFound()
    await changed(trx, ctx, row.id, 'events.speaker_delete', { speaker: speakerId })
  })
}

/** An organiser or supporter from the registry, found by its address (slug) or its exact name. */
export async function addPartner(ctx: ServiceContext, slug: string, input: PartnerInput): Promise<void> {
  const { row } = await editable(ctx, slug)
  const wanted = input.institution.trim()
  const found = await q.institutionsNamed(ctx.db, wanted.toLowerCase(), nameKey(wanted))
  const exact = found.find((i) => i.slug === wanted.toLowerCase())
  const match = exact ?? (found.length === 1 ? found[0] : undefined)
  if (!match) {
    throw new Invalid({
      institution: {
        key: found.length > 1 ? 'events.errors.institution_ambiguous' : 'events.errors.institution_unknown',
        values: { slugs: found.map((i) => i.slug).join(', ') },
      },
    })
  }
  const partners = await q.partnersOf(ctx.db, row.id)
  if (partners.some((p) => p.id === match.id)) {
    throw new Conflict(
      { key: 'events.errors.partner_exists' },
      { institution: { key: 'events.errors.partner_exists' } },
    )
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('event_partners')
      .values({ event_id: row.id, institution_id: match.id, role: input.role, position: partners.length })
      .execute()
    await changed(trx, ctx, row.id, 'events.partner_add', { institution: match.id, role: input.role })
  })
}

export async function removePartner(ctx: ServiceContext, slug: string, institutionId: string): Promise<void> {
  const { row } = await editable(ctx, slug)
  await ctx.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('event_partners')
      .where('event_id', '=', row.id)
      .where('institution_id', '=', institutionId)
      .executeTakeFirst()
    if (Number(deleted.numDeletedRows) === 0) throw new NotFound()
    await changed(trx, ctx, row.id, 'events.partner_remove', { institution: institutionId })
  })
}

/** Coordinators name the people who run an event: validated adult members, found by their email address. */
export async function addManager(ctx: ServiceContext, slug: string, email: string): Promise<void> {
  const { row, access } = await readable(ctx, slug)
  authorize(ctx.actor, 'events.assign_managers', access)
  const person = await q.personByEmail(ctx.db, email.trim())
  if (person?.kind !== 'adult' || !person.validated_at) {
    throw new Invalid({ email: { key: 'events.errors.manager_unknown' } })
  }
  const managers = await q.managersOf(ctx.db, row.id)
  if (managers.some((m) => m.id === person.id)) {
    throw new Conflict(
      { key: 'events.errors.manager_exists' },
      { email: { key: 'events.errors.manager_exists' } },
    )
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('event_managers')
      .values({ event_id: row.id, person_id: person.id, added_at: new Date().toISOString() })
      .execute()
    await changed(trx, ctx, row.id, 'events.manager_add', { person: person.id })
  })
}

export async function removeManager(ctx: ServiceContext, slug: string, personId: string): Promise<void> {
  const { row, access } = await readable(ctx, slug)
  authorize(ctx.actor, 'events.assign_managers', access)
  await ctx.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('event_managers')
      .where('event_id', '=', row.id)
      .where('person_id', '=', personId)
      .executeTakeFirst()
    if (Number(deleted.numDeletedRows) === 0) throw new NotFound()
    await changed(trx, ctx, row.id, 'events.manager_remove', { person: personId })
  })
}

/** Events the signed-in person runs, drafts included. */
export async function myEvents(ctx: ServiceContext, locale: Locale): Promise<EventCardData[]> {
  const person = ctx.actor.person
  if (!person) return []
  return (await q.managedBy(ctx.db, person.id)).map((r) => card(r, locale))
}

// ---- Materials and photos

export interface Upload {
  bytes: Buffer
  fileName: string
  mediaType: string
}

/**
 * A material (documents, slides, recordings) or a photo, for the whole event or one session. Materials follow the
 * workspace's allow-list of types; a photo must really be an image, as its first bytes tell.
 */
export async function addFile(
  ctx: ServiceContext,
  slug: string,
  input: { title: string; kind: 'material' | 'photo'; session_id?: string },
  upload: Upload | null,
): Promise<void> {
  const { row } = await editable(ctx, slug)
  if (!upload || upload.bytes.length === 0)
    throw new Invalid({ file: { key: 'events.errors.file_required' } })
  const declared = acceptedMediaType(upload.fileName, upload.mediaType)
  const sniffed = sniffMediaType(upload.bytes)
  const wrongBytes = declared !== null && CHECKED_BY_BYTES.has(declared) && sniffed !== declared
  if (!declared || wrongBytes) throw new Invalid({ file: { key: 'events.errors.file_type' } })
  if (input.kind === 'photo' && !isImage(declared))
    throw new Invalid({ file: { key: 'events.errors.photo_type' } })
  if (input.session_id) {
    const sessions = await q.sessionsOf(ctx.db, row.id)
    if (!sessions.some((s) => s.id === input.session_id))
      throw new Invalid({ session_id: { key: 'validation.choice' } })
  }
  const stored = await storeFile(ctx.storage, FILES_AREA, upload.bytes)
  const id = newId()
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('event_files')
        .values({
          id,
          event_id: row.id,
          session_id: input.session_id ?? null,
          kind: input.kind,
          title: input.title.trim(),
          original_name: upload.fileName.slice(0, 255) || 'file',
          stored_name: stored.storedName,
          media_type: declared,
          size: stored.size,
          uploaded_by: ctx.actor.person?.id ?? null,
          created_at: new Date().toISOString(),
        })
        .execute()
      await changed(trx, ctx, row.id, 'events.file_add', { file: id })
    })
  } catch (error) {
    await removeStoredFile(ctx.storage, stored.key)
    throw error
  }
}

export async function deleteFile(ctx: ServiceContext, slug: string, fileId: string): Promise<void> {
  const { row } = await editable(ctx, slug)
  const file = await ctx.db
    .selectFrom('event_files')
    .select('stored_name')
    .where('id', '=', fileId)
    .where('event_id', '=', row.id)
    .executeTakeFirst()
  if (!file) throw new NotFound()
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('event_files').where('id', '=', fileId).execute()
    await changed(trx, ctx, row.id, 'events.file_delete', { file: fileId })
  })
  await removeStoredFile(ctx.storage, storageKey(FILES_AREA, file.stored_name))
}

/** A material or photo of an event the actor may see. */
export async function readFile(ctx: ServiceContext, slug: string, fileId: string): Promise<StoredFile> {
  const { row } = await readable(ctx, slug)
  const file = await ctx.db
    .selectFrom('event_files')
    .selectAll()
    .where('id', '=', fileId)
    .where('event_id', '=', row.id)
    .executeTakeFirst()
  if (!file) throw new NotFound()
  return {
    key: storageKey(FILES_AREA, file.stored_name),
    mediaType: file.media_type,
    downloadName: file.original_name,
  }
}
