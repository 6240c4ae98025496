import type { Queryable } from '../../db/database.ts'
import type { EventFormat, EventKind } from '../../db/schema.ts'
import { MAX_EVENT_DAYS } from './schemas.ts'

const DAY_MS = 86_400_000

export interface CalendarFilter {
  kind?: EventKind
  format?: EventFormat
  region?: string
  audience?: string
}

/** What a calendar line needs; nothing personal. */
const CARD_COLUMNS = [
  'id',
  'slug',
  'kind',
  'format',
  'status',
  'title_az',
  'title_en',
  'title_ru',
  'starts_at',
  'ends_at',
  'time_zone',
  'city',
  'region',
  'country',
  'audience',
] as const

export type CardRow = Awaited<ReturnType<typeof cardsByIds>>[number]

/**
 * Published events matching the filters, for the iCal feed (the calendar's pages find theirs in the in-memory index,
 * calendar-index.ts). Kind and region are leading columns of their own indexes after status (events_kind_idx,
 * events_region_idx), with starts_at, ends_at, format and id next (migration 0036), so the feed walks one index in
 * date order and stops at its limit; the end and the format are checked in the index, the audience on the rows.
 */
function published(db: Queryable, filter: CalendarFilter) {
  let query = db.selectFrom('events').where('status', '=', 'published')
  if (filter.kind) query = query.where('kind', '=', filter.kind)
  if (filter.region) query = query.where('region', '=', filter.region)
  if (filter.format) query = query.where('format', '=', filter.format)
  // Audience codes are a JSON array of plain words: '"teachers"' only matches the whole code.
  if (filter.audience) query = query.where('audience', 'like', `%"${filter.audience}"%`)
  return query
}

/**
 * Events not over at `from`, soonest first. An event lasts at most MAX_EVENT_DAYS, so only those starting within
 * that many days before `from` can still be running: the index range starts there, not at the beginning of time.
 */
function upcomingQuery(db: Queryable, filter: CalendarFilter, from: Date) {
  return published(db, filter)
    .where('starts_at', '>=', new Date(from.getTime() - MAX_EVENT_DAYS * DAY_MS).toISOString())
    .where('ends_at', '>=', from.toISOString())
}

/** The calendar feed's events: upcoming ones soonest first, with what an iCal entry carries besides. */
export function upcomingForFeed(db: Queryable, filter: CalendarFilter, from: Date, limit: number) {
  return upcomingQuery(db, filter, from)
    .select([...CARD_COLUMNS, 'description_az', 'description_en', 'description_ru', 'venue', 'updated_at'])
    .orderBy('starts_at')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** What the calendar's index holds of each published event (src/modules/events/calendar-index.ts), in its order. */
export function calendarIndexRows(db: Queryable) {
  return db
    .selectFrom('events')
    .where('status', '=', 'published')
    .select(['id', 'starts_at', 'ends_at', 'kind', 'format', 'region', 'audience'])
    .orderBy('starts_at')
    .orderBy('id')
    .execute()
}

/** Changes with any event written by any process: how many there are and the latest change. */
export async function calendarFingerprint(db: Queryable): Promise<string> {
  const row = await db
    .selectFrom('events')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at')])
    .executeTakeFirst()
  return `${row?.n ?? 0}|${row?.at ?? ''}`
}

/** The cards of the events with these ids; never a draft (an index a minute old may name one). */
export function cardsByIds(db: Queryable, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('events')
    .where('id', 'in', ids)
    .where('status', '!=', 'draft')
    .select(CARD_COLUMNS)
    .orderBy('starts_at')
    .orderBy('id')
    .execute()
}

export function findBySlug(db: Queryable, slug: string) {
  return db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst()
}
export type EventRow = NonNullable<Awaited<ReturnType<typeof findBySlug>>>

export function slugTaken(db: Queryable, slug: string) {
  return db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirst()
}

export function partnersOf(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_partners as p')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .select(['i.id', 'i.slug', 'i.name', 'i.country', 'i.type', 'i.logo_path', 'p.role', 'p.position'])
    .where('p.event_id', '=', eventId)
    .orderBy('p.position')
    .orderBy('i.name')
    .execute()
}

export function speakersOf(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_speakers')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('position')
    .orderBy('name')
    .execute()
}

export function sessionsOf(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_sessions')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('starts_at')
    .orderBy('id')
    .execute()
}

export function sessionSpeakersOf(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_session_speakers as ss')
    .innerJoin('event_sessions as s', 's.id', 'ss.session_id')
    .select(['ss.session_id', 'ss.speaker_id'])
    .where('s.event_id', '=', eventId)
    .execute()
}

export function filesOf(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_files')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export function managersOf(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_managers as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.name', 'p.email'])
    .where('m.event_id', '=', eventId)
    .orderBy('p.name')
    .execute()
}

/** Institutions by registry address, or by their folded name (several may share a name in different places). */
export function institutionsNamed(db: Queryable, slug: string, nameKey: string) {
  return db
    .selectFrom('institutions')
    .select(['id', 'slug', 'name', 'city', 'country'])
    .where('merged_into', 'is', null)
    .where((eb) => eb.or([eb('slug', '=', slug), eb('name_key', '=', nameKey)]))
    .limit(5)
    .execute()
}

export function personByEmail(db: Queryable, email: string) {
  return db
    .selectFrom('people')
    .select(['id', 'name', 'kind', 'validated_at'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst()
}

/** Events the person runs, soonest first, drafts included: their "my events" list. */
export function managedBy(db: Queryable, personId: string) {
  return db
    .selectFrom('events as e')
    .innerJoin('event_managers as m', 'm.event_id', 'e.id')
    .select(CARD_COLUMNS.map((c) => `e.${c}` as const))
    .where('m.person_id', '=', personId)
    .orderBy('e.starts_at', 'desc')
    .limit(100)
    .execute()
}
