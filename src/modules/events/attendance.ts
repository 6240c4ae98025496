import type { Locale } from '../../config.ts'
import { nowIso } from '../../db/database.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import { foldText } from '../partners/fold.ts'
import { type EventAccess, loadEventAccess } from './access.ts'
import * as q from './attendance-queries.ts'
import { addDays, utcToZoned } from './calendar.ts'
import './attendance-policy.ts'

/** The most rows the check-in list shows at once; a longer list is narrowed by searching. */
export const CHECK_IN_LIST_LIMIT = 200

export type AttendanceEvent = NonNullable<Awaited<ReturnType<typeof q.eventForAttendance>>>

/** An event's title in the reader's language, else in any language it has. */
export function eventTitle(
  e: { title_az: string | null; title_en: string | null; title_ru: string | null },
  locale: Locale,
): string {
  return e[`title_${locale}`] ?? e.title_en ?? e.title_az ?? e.title_ru ?? ''
}

/** A moment as a calendar date (YYYY-MM-DD) in a time zone. */
export function calendarDay(iso: string, timeZone: string): string {
  return utcToZoned(iso, timeZone).date
}

/** The days of the event in its own time zone, first to last: attendance is kept per day. */
export function eventDays(e: Pick<AttendanceEvent, 'starts_at' | 'ends_at' | 'time_zone'>): string[] {
  const last = calendarDay(e.ends_at, e.time_zone)
  const days: string[] = []
  for (
    let day = calendarDay(e.starts_at, e.time_zone);
    day <= last && days.length < 366;
    day = addDays(day, 1)
  ) {
    days.push(day)
  }
  return days
}

/** The day a check-in is for when none is named: today while the event runs, else its first day. */
export function defaultDay(e: AttendanceEvent, now = new Date()): string {
  const days = eventDays(e)
  const today = calendarDay(now.toISOString(), e.time_zone)
  return days.includes(today) ? today : (days[0] ?? today)
}

/**
 * The event by its slug after the check an action needs. A person who may not act on it learns nothing about it
 * (404), as for an event that does not exist.
 */
export async function eventFor(
  ctx: ServiceContext,
  slug: string,
  action: 'attendance.ticket' | 'attendance.check_in' | 'attendance.record_outcome',
): Promise<{ event: AttendanceEvent; access: EventAccess }> {
  const event = await q.eventForAttendance(ctx.db, slug)
  if (!event) throw new NotFound()
  const access = await loadEventAccess(ctx.db, event.id, ctx.actor)
  if (!access) throw new NotFound()
  authorize(ctx.actor, action, access, { hide: true })
  return { event, access }
}

function checkDay(event: AttendanceEvent, day: string | undefined): string {
  if (day === undefined) return defaultDay(event)
  if (!eventDays(event).includes(day)) throw new Invalid({ day: { key: 'attendance.day_not_of_event' } })
  return day
}

export interface CheckInRow {
  id: string
  ticket: string
  name: string
  institution: string | null
  region: string | null
  checkedInAt: string | null
}

export interface CheckInList {
  event: AttendanceEvent
  days: string[]
  day: string
  query: string
  rows: CheckInRow[]
  /** Matching rows beyond the shown ones. */
  more: number
  total: number
  checkedIn: number
}

/**
 * The organiser's list for a day: every confirmed participant, narrowed by a search on name, email or
 * institution. Matching happens here rather than in SQL so that "Əliyev", "Aliyev" and "əliyev" meet, as the
 * partner search folds text (SQLite's lower() folds ASCII only).
 */
export async function checkInList(
  ctx: ServiceContext,
  slug: string,
  options: { day?: string; q?: string },
): Promise<CheckInList> {
  const { event } = await eventFor(ctx, slug, 'attendance.check_in')
  const day = checkDay(event, options.day)
  const query = (options.q ?? '').trim()
  const all = await q.confirmedParticipants(ctx.db, event.id, day)
  const wanted = foldText(query)
  const matching = wanted
    ? all.filter((r) => foldText(`${r.name} ${r.email} ${r.institution ?? ''}`).includes(wanted))
    : all
  return {
    event,
    days: eventDays(event),
    day,
    query,
    rows: matching.slice(0, CHECK_IN_LIST_LIMIT).map((r) => ({
      id: r.id,
      ticket: r.ticket,
      name: r.name,
      institution: r.institution,
      region: r.region,
      checkedInAt: r.checked_in_at,
    })),
    more: Math.max(0, matching.length - CHECK_IN_LIST_LIMIT),
    total: all.length,
    checkedIn: all.filter((r) => r.checked_in_at !== null).length,
  }
}

export interface TicketHolder {
  event: AttendanceEvent
  days: string[]
  day: string
  registration: { id: string; ticket: string; name: string; institution: string | null; status: string }
  attended: string[]
}

/** What an organiser sees on scanning a ticket: whose it is, and the days they were checked in. */
export async function ticketHolder(
  ctx: ServiceContext,
  slug: string,
  ticket: string,
  day?: string,
): Promise<TicketHolder> {
  const { event } = await eventFor(ctx, slug, 'attendance.check_in')
  const registration = await q.registrationForCheckIn(ctx.db, event.id, { ticket })
  if (!registration) throw new NotFound({ key: 'attendance.ticket_unknown' })
  return {
    event,
    days: eventDays(event),
    day: checkDay(event, day),
    registration: {
      id: registration.id,
      ticket: registration.ticket,
      name: registration.name,
      institution: registration.institution,
      status: registration.status,
    },
    attended: await q.attendedDays(ctx.db, registration.id),
  }
}

/**
 * Checks a participant in for a day of the event (from the list, by registration, or from a scanned ticket), or
 * takes a mistaken check-in back. Only a confirmed place can be checked in: someone on the wait list or who
 * cancelled has no seat to take. Checking in twice is harmless; the first time is kept.
 */
export async function setAttendance(
  ctx: ServiceContext,
  slug: string,
  input: { registration: { id: string } | { ticket: string }; day?: string; present: boolean },
): Promise<{ name: string; day: string; changed: boolean }> {
  const { event } = await eventFor(ctx, slug, 'attendance.check_in')
  const day = checkDay(event, input.day)
  const actorId = ctx.actor.person?.id ?? null
  return ctx.db.transaction().execute(async (trx) => {
    const registration = await q.registrationForCheckIn(trx, event.id, input.registration)
    if (!registration) throw new NotFound({ key: 'attendance.ticket_unknown' })
    if (registration.status !== 'confirmed') {
      throw new Conflict({ key: 'attendance.not_confirmed', values: { name: registration.name } })
    }
    const changed = input.present
      ? await q.insertAttendance(trx, { registrationId: registration.id, day, at: nowIso(), by: actorId })
      : await q.deleteAttendance(trx, registration.id, day)
    if (changed) {
      await audit(trx, {
        actorId,
        action: input.present ? 'events.check_in' : 'events.check_in_undone',
        subjectType: 'event_registration',
        subjectId: registration.id,
        details: { event: event.id, day },
      })
    }
    return { name: registration.name, day, changed }
  })
}

export interface OwnTicket {
  event: AttendanceEvent
  ticket: string
  name: string
  days: string[]
  attended: string[]
  certificate: boolean
}

/** A participant's own ticket: the code the organiser scans, and the days already attended. */
export async function ownTicket(ctx: ServiceContext, slug: string): Promise<OwnTicket> {
  const { event } = await eventFor(ctx, slug, 'attendance.ticket')
  const person = ctx.actor.person
  const registration = person ? await q.ownRegistration(ctx.db, event.id, person.id) : undefined
  if (!person || !registration) throw new NotFound()
  const attended = await q.attendedDays(ctx.db, registration.id)
  return {
    event,
    ticket: registration.ticket,
    name: person.name,
    days: eventDays(event),
    attended,
    certificate: attended.length > 0,
  }
}

/** The days a person was checked in at an event, or null when they hold no place there (for the event page). */
export async function attendanceOf(ctx: ServiceContext, eventId: string): Promise<string[] | null> {
  const person = ctx.actor.person
  const registration = person ? await q.ownRegistration(ctx.db, eventId, person.id) : undefined
  return registration ? q.attendedDays(ctx.db, registration.id) : null
}
