import type { Locale } from '../../config.ts'
import { nowIso, type Queryable } from '../../db/database.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Invalid } from '../../platform/errors.ts'
import { formatDate } from '../../platform/i18n.ts'
import { type AttendanceEvent, eventFor, eventTitle } from './attendance.ts'
import * as q from './attendance-queries.ts'

export interface Count {
  /** A region code (ISO 3166-2) or institution type; null for participants who named none. */
  value: string | null
  count: number
}

/**
 * What an event achieved, computed from what was recorded rather than typed in: who attended (by region and
 * institution type, as they were when they registered), how many came each day, the projects that name the event
 * as where they were created, its materials and photos, and the organisers' report.
 */
export interface Outcome {
  participants: number
  /** Distinct known regions among the participants. */
  regionCount: number
  byRegion: Count[]
  byInstitutionType: Count[]
  byDay: Array<{ day: string; count: number }>
  projects: Array<{ id: string; title: string; listed: boolean }>
  materials: number
  photos: number
  report: { az: string | null; en: string | null; ru: string | null }
  recordedAt: string | null
}

/** Largest first; the unnamed ("not stated") group last whatever its size. */
function ranked(rows: Array<{ value: string | null; count: number | string }>): Count[] {
  return rows
    .map((r) => ({ value: r.value, count: Number(r.count) }))
    .sort((a, b) =>
      a.value === null ? 1 : b.value === null ? -1 : b.count - a.count || a.value.localeCompare(b.value),
    )
}

export async function computeOutcome(
  db: Queryable,
  event: Pick<AttendanceEvent, 'id' | 'report_az' | 'report_en' | 'report_ru' | 'outcome_recorded_at'>,
  locale: Locale,
): Promise<Outcome> {
  const [regions, types, days, projects, files] = await Promise.all([
    q.attendedByRegion(db, event.id),
    q.attendedByInstitutionType(db, event.id),
    q.attendanceByDay(db, event.id),
    q.projectsCreatedAt(db, event.id),
    q.eventFileCounts(db, event.id),
  ])
  const byRegion = ranked(regions)
  const fileCount = (kind: string) => Number(files.find((f) => f.kind === kind)?.count ?? 0)
  return {
    participants: byRegion.reduce((sum, r) => sum + r.count, 0),
    regionCount: byRegion.filter((r) => r.value !== null).length,
    byRegion,
    byInstitutionType: ranked(types),
    byDay: days.map((d) => ({ day: d.day, count: Number(d.count) })),
    projects: projects.map((p) => ({
      id: p.id,
      title: eventTitle(p, locale),
      listed: p.status === 'approved' && p.in_gallery_since !== null,
    })),
    materials: fileCount('material'),
    photos: fileCount('photo'),
    report: { az: event.report_az, en: event.report_en, ru: event.report_ru },
    recordedAt: event.outcome_recorded_at,
  }
}

/** Whether there is anything to show yet: nothing is shown for an event no one has attended or reported on. */
export function hasOutcome(o: Outcome): boolean {
  return o.participants > 0 || o.projects.length > 0 || o.recordedAt !== null
}

/** A published event's outcome for its public page, or null while there is nothing to show. */
export async function publicOutcome(db: Queryable, slug: string, locale: Locale): Promise<Outcome | null> {
  const event = await q.eventForAttendance(db, slug)
  if (event?.status !== 'published') return null
  const outcome = await computeOutcome(db, event, locale)
  return hasOutcome(outcome) ? outcome : null
}

/** The outcome form's page: the computed facts and the report as recorded so far. */
export async function outcomePage(
  ctx: ServiceContext,
  slug: string,
  locale: Locale,
): Promise<{ event: AttendanceEvent; outcome: Outcome }> {
  const { event } = await eventFor(ctx, slug, 'attendance.record_outcome')
  return { event, outcome: await computeOutcome(ctx.db, event, locale) }
}

export interface ReportInput {
  report_az?: string
  report_en?: string
  report_ru?: string
}

/** Records the organisers' short report (in the languages they write it in); the figures are never typed. */
export async function recordOutcome(ctx: ServiceContext, slug: string, input: ReportInput): Promise<void> {
  const { event } = await eventFor(ctx, slug, 'attendance.record_outcome')
  const clean = (value: string | undefined) => value?.trim() || null
  const report = { az: clean(input.report_az), en: clean(input.report_en), ru: clean(input.report_ru) }
  if (!report.az && !report.en && !report.ru) {
    throw new Invalid({ report_az: { key: 'attendance.report_required' } })
  }
  await ctx.db.transaction().execute(async (trx) => {
    await q.updateReport(trx, event.id, report, nowIso())
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'events.outcome_recorded',
      subjectType: 'event',
      subjectId: event.id,
      details: { languages: Object.keys(report).filter((k) => report[k as keyof typeof report] !== null) },
    })
  })
}

export interface EventChoice {
  id: string
  label: string
}

/** How many recent events the project wizard offers. */
const EVENT_CHOICES = 30

/**
 * Events a project's founder may name as where the project was created (the projects wizard's optional field):
 * the ones they took part in or ran, and the one the project already names (a co-founder may not have been there).
 */
export async function projectEventChoices(
  db: Queryable,
  personId: string,
  current: string | null,
  locale: Locale,
): Promise<EventChoice[]> {
  const rows = await q.eventsOfPerson(db, personId, { limit: EVENT_CHOICES, also: current })
  return rows.map((e) => ({
    id: e.id,
    label: `${eventTitle(e, locale)} (${formatDate(locale, e.starts_at, e.time_zone)})`,
  }))
}

/** Whether a founder may name this event for their project: one they took part in or ran, or the one it names. */
export async function isProjectEventChoice(
  db: Queryable,
  personId: string,
  eventId: string,
  current: string | null,
): Promise<boolean> {
  if (eventId === current) return true
  return (await q.eventsOfPerson(db, personId, { limit: 1, only: eventId })).length > 0
}
