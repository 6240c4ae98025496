import type { Db } from '../../db/database.ts'
import { Snapshots } from '../../platform/snapshots.ts'
import * as q from './queries.ts'
import { MAX_EVENT_DAYS } from './schemas.ts'

const DAY_MS = 86_400_000
/** How long an event may run at most, in milliseconds: only events starting this long before a moment can span it. */
const LONGEST_MS = MAX_EVENT_DAYS * DAY_MS

/**
 * The published events as the calendar filters and orders them, in memory: start and end instants, kind, format,
 * region and audience as small numbers, in the database's order (start, then id). A list page, a month view or an
 * API page finds its events here with a binary search and a walk, then reads only the cards it shows by primary
 * key. From the database, a month view read every event of the month's weeks, and filters by region and audience
 * were checked on the rows, so a rare combination walked the whole calendar (15–30 ms per month view at 50,000
 * events, most of the calendar's CPU).
 */
export interface CalendarIndex {
  ids: string[]
  starts: Float64Array
  ends: Float64Array
  kinds: Uint8Array
  formats: Uint8Array
  regions: Uint32Array
  /** Event e's audience codes are audienceCodes[audienceStart[e]] up to audienceStart[e + 1]. */
  audienceStart: Uint32Array
  audienceCodes: Uint8Array
  /** Each value's number (from 1; 0 for none) per filter. */
  codes: {
    kind: Map<string, number>
    format: Map<string, number>
    region: Map<string, number>
    audience: Map<string, number>
  }
}

/** A filter as numbers; null: a value no published event has, so nothing matches. */
interface Wanted {
  kind: number
  format: number
  region: number
  audience: number
}

function numbered(values: Map<string, number>, value: string | null | undefined): number {
  if (!value) return 0
  let n = values.get(value)
  if (n === undefined) {
    n = values.size + 1
    values.set(value, n)
  }
  return n
}

function audienceList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

async function load(readDb: Db): Promise<CalendarIndex> {
  const rows = await q.calendarIndexRows(readDb)
  const n = rows.length
  const codes = {
    kind: new Map<string, number>(),
    format: new Map<string, number>(),
    region: new Map<string, number>(),
    audience: new Map<string, number>(),
  }
  const index: CalendarIndex = {
    ids: new Array<string>(n),
    starts: new Float64Array(n),
    ends: new Float64Array(n),
    kinds: new Uint8Array(n),
    formats: new Uint8Array(n),
    regions: new Uint32Array(n),
    audienceStart: new Uint32Array(n + 1),
    audienceCodes: new Uint8Array(0),
    codes,
  }
  const audiences: number[] = []
  rows.forEach((row, e) => {
    index.ids[e] = row.id
    index.starts[e] = Date.parse(row.starts_at)
    index.ends[e] = Date.parse(row.ends_at)
    index.kinds[e] = numbered(codes.kind, row.kind)
    index.formats[e] = numbered(codes.format, row.format)
    index.regions[e] = numbered(codes.region, row.region)
    for (const code of audienceList(row.audience)) audiences.push(numbered(codes.audience, code))
    index.audienceStart[e + 1] = audiences.length
  })
  index.audienceCodes = Uint8Array.from(audiences)
  return index
}

/**
 * Reloaded at once after a change through the events service (forgetCalendar); what other processes sharing the
 * database change shows within a minute, as the visitors' kept calendar pages do (src/modules/events/cache.ts).
 */
const indexes = new Snapshots<CalendarIndex>({
  ttlMs: 60_000,
  fullReloadMs: 10 * 60_000,
  load,
  fingerprint: q.calendarFingerprint,
})

export function calendarIndex(db: Db, readDb: Db): Promise<CalendarIndex> {
  return indexes.get(db, readDb)
}

export function forgetCalendarIndex(db: Db): void {
  indexes.forget(db)
}

function wantedOf(index: CalendarIndex, filter: q.CalendarFilter): Wanted | null {
  const number = (values: Map<string, number>, value: string | undefined) =>
    value === undefined ? 0 : (values.get(value) ?? -1)
  const wanted = {
    kind: number(index.codes.kind, filter.kind),
    format: number(index.codes.format, filter.format),
    region: number(index.codes.region, filter.region),
    audience: number(index.codes.audience, filter.audience),
  }
  return Object.values(wanted).includes(-1) ? null : wanted
}

function matches(index: CalendarIndex, e: number, wanted: Wanted): boolean {
  if (wanted.kind && index.kinds[e] !== wanted.kind) return false
  if (wanted.format && index.formats[e] !== wanted.format) return false
  if (wanted.region && index.regions[e] !== wanted.region) return false
  if (wanted.audience) {
    const end = index.audienceStart[e + 1] ?? 0
    for (let i = index.audienceStart[e] ?? 0; i < end; i++)
      if (index.audienceCodes[i] === wanted.audience) return true
    return false
  }
  return true
}

/** The position of the first event starting at or after `instant`. */
function firstStartingFrom(index: CalendarIndex, instant: number): number {
  let low = 0
  let high = index.ids.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((index.starts[mid] ?? 0) < instant) low = mid + 1
    else high = mid
  }
  return low
}

/** Events not over at `from`, soonest first: a page of their ids, with one more when a next page exists. */
export function upcomingIds(
  index: CalendarIndex,
  filter: q.CalendarFilter,
  from: number,
  limit: number,
  offset: number,
): string[] {
  const wanted = wantedOf(index, filter)
  const ids: string[] = []
  if (!wanted) return ids
  let skipped = 0
  for (let e = firstStartingFrom(index, from - LONGEST_MS); e < index.ids.length && ids.length < limit; e++) {
    if ((index.ends[e] ?? 0) < from || !matches(index, e, wanted)) continue
    if (skipped++ >= offset) ids.push(index.ids[e] ?? '')
  }
  return ids
}

/** Events over by `now`, latest first. */
export function pastIds(
  index: CalendarIndex,
  filter: q.CalendarFilter,
  now: number,
  limit: number,
  offset: number,
): string[] {
  const wanted = wantedOf(index, filter)
  const ids: string[] = []
  if (!wanted) return ids
  let skipped = 0
  for (let e = firstStartingFrom(index, now) - 1; e >= 0 && ids.length < limit; e--) {
    if ((index.ends[e] ?? 0) >= now || !matches(index, e, wanted)) continue
    if (skipped++ >= offset) ids.push(index.ids[e] ?? '')
  }
  return ids
}

export interface Span {
  id: string
  startsAt: number
  endsAt: number
}

/** Events overlapping [from, to), in start order, at most `limit`. */
export function overlapping(
  index: CalendarIndex,
  filter: q.CalendarFilter,
  from: number,
  to: number,
  limit: number,
): Span[] {
  const wanted = wantedOf(index, filter)
  const spans: Span[] = []
  if (!wanted) return spans
  for (
    let e = firstStartingFrom(index, from - LONGEST_MS);
    e < index.ids.length && spans.length < limit;
    e++
  ) {
    const startsAt = index.starts[e] ?? 0
    if (startsAt >= to) break
    const endsAt = index.ends[e] ?? 0
    if (endsAt > from && matches(index, e, wanted)) spans.push({ id: index.ids[e] ?? '', startsAt, endsAt })
  }
  return spans
}
