import type { Db } from '../../db/database.ts'
import { forgetCalendarIndex } from './calendar-index.ts'

/**
 * What visitors get from the calendar (its pages, month views, API lists and iCal feeds) is the same for all of
 * them for a while: responses are kept for 60 seconds, the time the responses already tell browsers and proxies
 * they may keep them (Cache-Control: public, max-age=60), so no visitor sees anything older than they could
 * anyway. Any change to an event in this process empties the cache at once; other processes (scale-out) catch up
 * within the same 60 seconds. Signed-in people are never served from it: their pages carry their own name and
 * controls. Event pages are not kept either: their registration panel counts places live.
 */

export const CALENDAR_TTL_MS = 60_000
/** Entries kept at most; past it the oldest go first (a Map iterates in insertion order). */
const MAX_ENTRIES = 5_000

export interface CachedResponse {
  contentType: string
  body: string
}

type Entries = Map<string, { at: number; response: CachedResponse }>
/** One cache per database: an app (or a test harness) on another database never sees these responses. */
const caches = new WeakMap<object, Entries>()

function entriesOf(db: object): Entries {
  let entries = caches.get(db)
  if (!entries) {
    entries = new Map()
    caches.set(db, entries)
  }
  return entries
}

export function cached(db: object, key: string, now = Date.now()): CachedResponse | undefined {
  const entries = entriesOf(db)
  const entry = entries.get(key)
  if (!entry) return undefined
  if (now - entry.at > CALENDAR_TTL_MS) {
    entries.delete(key)
    return undefined
  }
  return entry.response
}

export function remember(db: object, key: string, response: CachedResponse, now = Date.now()): void {
  const entries = entriesOf(db)
  if (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next().value
    if (oldest !== undefined) entries.delete(oldest)
  }
  entries.set(key, { at: now, response })
}

/** Called by every command that changes an event, its agenda or its partners (and by anything writing events). */
export function forgetCalendar(db: Db): void {
  caches.get(db)?.clear()
  forgetCalendarIndex(db)
}
