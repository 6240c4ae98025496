import type { Db, Queryable } from '../../db/database.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Invalid, type Message } from '../../platform/errors.ts'
import { enqueue, hasQueuedJob, type Worker } from '../../platform/jobs.ts'
import { authorize } from '../../platform/policy.ts'
import './policy.ts'
import { visitorPages } from '../../web/visitor-pages.ts'
import * as q from './queries.ts'
import type { EnteredFiguresBody } from './schemas.ts'

export { MAIN_METRICS, METRICS, type Metric } from './queries.ts'

declare module '../../platform/jobs.ts' {
  interface JobPayloads {
    /** Records the month's figures, then queues itself for the start of the next month. */
    'stats.snapshot': Record<string, never>
  }
}

/** Everything the statistics page, the API and the bundle publish, counted at one moment (`asOf`). */
export interface StatsData {
  asOf: string
  counts: Record<q.Metric, number>
  institutionsByRegion: q.Bucket[]
  institutionsByType: q.Bucket[]
  projectsBySubject: q.Bucket[]
  projectsByYear: q.Bucket[]
  snapshots: q.SnapshotRow[]
  subjects: Awaited<ReturnType<typeof q.subjectNames>>
}

async function compute(db: Db, reader: Db, first: boolean): Promise<StatsData> {
  try {
    return await count(reader)
  } catch (error) {
    // A reader thread gives up on a statement after its time limit (a machine under load). With nothing to show
    // yet, count on the main connection rather than publish nothing; a recount that fails keeps the previous
    // figures (counting on the main connection would stop every request for seconds) and is tried again.
    if (reader === db || !first) throw error
    return count(db)
  }
}

async function count(db: Db): Promise<StatsData> {
  const asOf = new Date().toISOString()
  const [
    counts,
    institutionsByRegion,
    institutionsByType,
    projectsBySubject,
    projectsByYear,
    snapshots,
    subjects,
  ] = await Promise.all([
    q.currentCounts(db),
    q.institutionsBy(db, 'region'),
    q.institutionsBy(db, 'type'),
    q.projectsBySubject(db),
    q.projectsByYear(db),
    q.listSnapshots(db),
    q.subjectNames(db),
  ])
  return {
    asOf,
    counts,
    institutionsByRegion,
    institutionsByType,
    projectsBySubject,
    projectsByYear,
    snapshots,
    subjects,
  }
}

/**
 * How long published figures are reused. Counting every table at europe scale takes about a second, so the
 * figures are counted at most once a minute per database, and every figure says "as of" when it was counted.
 */
export const STATS_TTL_MS = 60_000

/** One counting of the figures and what is derived from it (charts per language, the bundle), kept together. */
export interface StatsEntry {
  at: number
  data: Promise<StatsData>
  derived: Map<string, Promise<unknown>>
}
const cache = new WeakMap<Db, StatsEntry>()

function fresh(db: Db, reader: Db, now: number, first: boolean): StatsEntry {
  const entry: StatsEntry = { at: now, data: compute(db, reader, first), derived: new Map() }
  // A failed count is not kept: the next request tries again.
  entry.data.catch(() => {
    if (cache.get(db) === entry) cache.delete(db)
  })
  return entry
}

/**
 * The published figures of `db`. After the TTL the previous figures are still served while a new count runs
 * (concurrent requests share it), so no page waits for a count except the very first one. The counting runs on
 * `reader` (the read pool's threads on SQLite, whose grouped counts over a million rows take seconds), so it never
 * holds up the event loop.
 */
export async function statsEntry(db: Db, reader: Db = db, now = Date.now()): Promise<StatsEntry> {
  const cached = cache.get(db)
  if (!cached) {
    const entry = fresh(db, reader, now, true)
    cache.set(db, entry)
    await entry.data
    return entry
  }
  if (now - cached.at >= STATS_TTL_MS) {
    const next = fresh(db, reader, now, false)
    // Swap in the new count only when it is ready; meanwhile everyone keeps reading the previous one.
    cached.at = now
    next.data.then(
      () => {
        if (cache.get(db) === cached) cache.set(db, next)
      },
      () => {
        cached.at = 0
      },
    )
  }
  await cached.data
  return cached
}

export async function statistics(db: Db, reader: Db = db): Promise<StatsData> {
  return (await statsEntry(db, reader)).data
}

/** Derived output (an SVG chart, the ZIP bundle) made once per counting of the figures. */
export function derived<T>(
  entry: StatsEntry,
  key: string,
  make: (data: StatsData) => Promise<T> | T,
): Promise<T> {
  let value = entry.derived.get(key) as Promise<T> | undefined
  if (!value) {
    value = entry.data.then(make)
    entry.derived.set(key, value)
  }
  return value
}

/** Forgets the figures of a database: its next reader counts again (after entered figures change; tests). */
export function invalidateStats(db: Db): void {
  cache.delete(db)
  statsPages.clear(db)
}

/**
 * The home page and the statistics page as visitors get them, kept as long as the figures they show (see
 * src/web/visitor-pages.ts) and dropped with them.
 */
export const statsPages = visitorPages({ ttlMs: STATS_TTL_MS, db: (req) => req.server.deps.db })

// ---------------------------------------------------------------- months

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7)
}

/** The first moment of the month after `date`, in UTC (when the next snapshot is due). */
export function nextMonthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1))
}

function addMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return monthOf(new Date(Date.UTC(y, m, 1)))
}

// ---------------------------------------------------------------- snapshots and history

/** Records every metric as it is now under the current month (the figure at the start of the month). */
export async function takeSnapshot(db: Queryable, now = new Date()): Promise<void> {
  const counts = await q.currentCounts(db)
  const month = monthOf(now)
  await q.upsertSnapshots(
    db,
    q.METRICS.map((metric) => ({ month, metric, value: counts[metric] })),
    'computed',
    { note: null, enteredBy: null },
  )
}

/**
 * Reconstructs every month's figures from the records' own dates (a teacher from their validation, a project
 * from its approval…): the figure of month M counts the records dated before the first day of M, from the month
 * after the first record up to the current month. Records deleted since are not in it; entered figures stay.
 * Returns how many months it wrote.
 */
export async function rebuildHistory(db: Queryable, now = new Date()): Promise<number> {
  const current = monthOf(now)
  const perMetric = await Promise.all(q.METRICS.map(async (m) => [m, await q.countsByMonth(db, m)] as const))
  const first = perMetric
    .flatMap(([, rows]) => rows.map((r) => r.month))
    .filter((m) => MONTH.test(m) && m <= current)
    .sort()[0]
  if (!first) return 0
  const rows: Array<{ month: string; metric: q.Metric; value: number }> = []
  let months = 0
  for (let month = addMonth(first); month <= current; month = addMonth(month)) {
    months++
    for (const [metric, counts] of perMetric) {
      const value = counts.filter((c) => c.month < month).reduce((sum, c) => sum + c.count, 0)
      rows.push({ month, metric, value })
    }
  }
  await q.upsertSnapshots(db, rows, 'computed', { note: null, enteredBy: null })
  return months
}

/** The monthly job: the first run on an empty history rebuilds it; every run queues the next month's. */
export function handleStatsSnapshots(worker: Worker, db: Db): void {
  worker.handle('stats.snapshot', async () => {
    await db.transaction().execute(async (trx) => {
      if (await q.hasComputedSnapshots(trx)) await takeSnapshot(trx)
      else await rebuildHistory(trx)
      // A run taken over after its lease (see platform/jobs.ts) finds the other's next job queued already.
      if (!(await hasQueuedJob(trx, 'stats.snapshot')))
        await enqueue(trx, 'stats.snapshot', {}, nextMonthStart(new Date()))
    })
    invalidateStats(db)
  })
}

/** Queues the monthly job when none is waiting (at server start): due now, so the history exists at once. */
export async function ensureSnapshotJob(db: Db): Promise<void> {
  if (!(await hasQueuedJob(db, 'stats.snapshot', ['pending', 'running'])))
    await enqueue(db, 'stats.snapshot', {})
}

// ---------------------------------------------------------------- entered figures

function checkMonth(month: string, now: Date): Message | null {
  if (!MONTH.test(month)) return { key: 'stats.errors.month_format' }
  if (month > monthOf(now)) return { key: 'stats.errors.month_future' }
  return null
}

/**
 * A coordinator records published figures for a month (months before the platform existed): they are shown
 * and downloaded marked as entered, and a computed snapshot never replaces them.
 */
export async function enterFigures(
  ctx: ServiceContext,
  input: EnteredFiguresBody,
  now = new Date(),
): Promise<void> {
  authorize(ctx.actor, 'stats.enter', undefined)
  const errors: Record<string, Message> = {}
  const monthError = checkMonth(input.month, now)
  if (monthError) errors.month = monthError
  const rows: Array<{ month: string; metric: q.Metric; value: number }> = []
  for (const metric of q.MAIN_METRICS) {
    const raw = input[metric]?.trim() ?? ''
    if (raw === '') continue
    // Figures are written as published, thousands separators allowed ("3,765", "3 765").
    const digits = raw.replace(/[\s,.\u00a0]/g, '')
    if (!/^\d{1,10}$/.test(digits)) {
      errors[metric] = { key: /^-/.test(raw) ? 'stats.errors.negative' : 'stats.errors.not_a_number' }
      continue
    }
    rows.push({ month: input.month, metric, value: Number(digits) })
  }
  if (rows.length === 0 && Object.keys(errors).length === 0)
    errors.teachers = { key: 'stats.errors.no_figure' }
  if (Object.keys(errors).length > 0) throw new Invalid(errors)
  const note = input.note?.trim() || null
  await ctx.db.transaction().execute(async (trx) => {
    await q.upsertSnapshots(trx, rows, 'entered', { note, enteredBy: ctx.actor.person?.id ?? null })
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'stats.enter',
      subjectType: 'stats_month',
      subjectId: input.month,
      details: { metrics: rows.map((r) => r.metric) },
    })
  })
  invalidateStats(ctx.db)
}

/** Withdraws the entered figures of a month (a typing mistake); computed figures are untouched. */
export async function withdrawFigures(ctx: ServiceContext, month: string, now = new Date()): Promise<void> {
  authorize(ctx.actor, 'stats.enter', undefined)
  const monthError = checkMonth(month, now)
  if (monthError) throw new Invalid({ month: monthError })
  await ctx.db.transaction().execute(async (trx) => {
    await q.deleteEntered(trx, month)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'stats.withdraw',
      subjectType: 'stats_month',
      subjectId: month,
    })
  })
  invalidateStats(ctx.db)
}
