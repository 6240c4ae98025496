import { type RawBuilder, sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type { StatsSnapshotsTable } from '../../db/schema.ts'
import { isPostgres } from '../partners/queries.ts'

/** The figures every statistic is built from; their definitions (locales stats.metric_definitions) say the same. */
export const METRICS = [
  'teachers',
  'institutions',
  'schools',
  'projects',
  'events',
  'consortia',
  'outcomes',
  'networks',
] as const
export type Metric = (typeof METRICS)[number]

/** The three figures the home page shows and coordinators enter for the months before the platform. */
export const MAIN_METRICS = ['teachers', 'schools', 'projects'] as const satisfies readonly Metric[]

interface Source {
  table: RawBuilder<unknown>
  where: RawBuilder<unknown>
  /** The record's own date that says since when it counts (history is rebuilt from it). */
  date: RawBuilder<unknown>
}

const SOURCES: Record<Metric, Source> = {
  teachers: {
    table: sql`people`,
    where: sql`kind = 'adult' and validated_at is not null`,
    date: sql.ref('validated_at'),
  },
  institutions: { table: sql`institutions`, where: sql`merged_into is null`, date: sql.ref('created_at') },
  schools: {
    table: sql`institutions`,
    where: sql`merged_into is null and type = 'school'`,
    date: sql.ref('created_at'),
  },
  projects: {
    table: sql`projects`,
    where: sql`status = 'approved' and approved_at is not null`,
    date: sql.ref('approved_at'),
  },
  events: {
    table: sql`events`,
    where: sql`status = 'published' and published_at is not null`,
    date: sql.ref('published_at'),
  },
  consortia: { table: sql`consortia`, where: sql`1 = 1`, date: sql.ref('created_at') },
  outcomes: { table: sql`outcomes`, where: sql`1 = 1`, date: sql.ref('created_at') },
  networks: { table: sql`networks`, where: sql`1 = 1`, date: sql.ref('created_at') },
}

/** Every metric counted now, in one round trip. */
export async function currentCounts(db: Queryable): Promise<Record<Metric, number>> {
  const columns = sql.join(
    METRICS.map((m) => {
      const s = SOURCES[m]
      return sql`(select count(*) from ${s.table} where ${s.where}) as ${sql.ref(m)}`
    }),
  )
  const result = await sql<Record<Metric, number | string>>`select ${columns}`.execute(db)
  const row = result.rows[0]
  return Object.fromEntries(METRICS.map((m) => [m, Number(row?.[m] ?? 0)])) as Record<Metric, number>
}

function monthOf(db: Queryable, column: RawBuilder<unknown>): RawBuilder<string> {
  return isPostgres(db)
    ? sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM')`
    : sql<string>`substr(${column}, 1, 7)`
}

/** How many of a metric's records are dated in each month (YYYY-MM), oldest first. */
export async function countsByMonth(
  db: Queryable,
  metric: Metric,
): Promise<Array<{ month: string; count: number }>> {
  const s = SOURCES[metric]
  const month = monthOf(db, s.date)
  const result = await sql<{ month: string; count: number | string }>`
    select ${month} as month, count(*) as count from ${s.table}
    where ${s.where} and ${s.date} is not null group by 1 order by 1`.execute(db)
  return result.rows.map((r) => ({ month: r.month, count: Number(r.count) }))
}

export interface Bucket {
  key: string | null
  count: number
}

const toBuckets = (rows: Array<{ key: string | number | null; count: number | string }>): Bucket[] =>
  rows.map((r) => ({ key: r.key === null ? null : String(r.key), count: Number(r.count) }))

export async function institutionsBy(db: Queryable, column: 'region' | 'type'): Promise<Bucket[]> {
  const rows = await db
    .selectFrom('institutions')
    .select([`${column} as key`, (eb) => eb.fn.countAll<number>().as('count')])
    .where('merged_into', 'is', null)
    .groupBy(column)
    .orderBy('count', 'desc')
    .execute()
  return toBuckets(rows)
}

/** Approved projects per subject (a project with two subjects counts under both), by subject code. */
export async function projectsBySubject(db: Queryable): Promise<Bucket[]> {
  // Grouped by subject id over the approved projects' ids (twice as fast as joining row by row at 300,000
  // projects); the few subject codes are joined to the result.
  const counts = db
    .selectFrom('project_subjects')
    .select(['subject_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('project_id', 'in', (eb) =>
      eb.selectFrom('projects').select('id').where('status', '=', 'approved'),
    )
    .groupBy('subject_id')
    .as('c')
  const rows = await db
    .selectFrom(counts)
    .innerJoin('subjects as s', 's.id', 'c.subject_id')
    .select(['s.code as key', 'c.count'])
    .orderBy('c.count', 'desc')
    .execute()
  return toBuckets(rows)
}

export async function projectsByYear(db: Queryable): Promise<Bucket[]> {
  const year = isPostgres(db)
    ? sql<string>`to_char(approved_at at time zone 'UTC', 'YYYY')`
    : sql<string>`substr(approved_at, 1, 4)`
  const rows = await db
    .selectFrom('projects')
    .select([year.as('key'), (eb) => eb.fn.countAll<number>().as('count')])
    .where('status', '=', 'approved')
    .where('approved_at', 'is not', null)
    .groupBy(year)
    .orderBy(year)
    .execute()
  return toBuckets(rows)
}

export function subjectNames(db: Queryable) {
  return db.selectFrom('subjects').select(['code', 'name_az', 'name_en', 'name_ru']).execute()
}

export type SnapshotRow = Pick<StatsSnapshotsTable, 'month' | 'metric' | 'value' | 'source' | 'note'>

export async function listSnapshots(db: Queryable): Promise<SnapshotRow[]> {
  const rows = await db
    .selectFrom('stats_snapshots')
    .select(['month', 'metric', 'value', 'source', 'note'])
    .orderBy('month')
    .orderBy('metric')
    .execute()
  return rows.map((r) => ({ ...r, value: Number(r.value) }))
}

/**
 * Writes figures for a month. Computed figures never replace entered ones (the coordinator's published figure
 * stays); entered figures replace whatever was there.
 */
export async function upsertSnapshots(
  db: Queryable,
  rows: Array<{ month: string; metric: Metric; value: number }>,
  source: 'computed' | 'entered',
  by: { note: string | null; enteredBy: string | null },
): Promise<void> {
  const recordedAt = new Date().toISOString()
  // Chunks keep each statement under SQLite's bound-parameter limit on a long history.
  for (let i = 0; i < rows.length; i += 100) {
    const values = rows.slice(i, i + 100).map((r) => ({
      month: r.month,
      metric: r.metric,
      value: r.value,
      source,
      note: by.note,
      entered_by: by.enteredBy,
      recorded_at: recordedAt,
    }))
    await db
      .insertInto('stats_snapshots')
      .values(values)
      .onConflict((oc) => {
        const update = oc.columns(['metric', 'month']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          source: eb.ref('excluded.source'),
          note: eb.ref('excluded.note'),
          entered_by: eb.ref('excluded.entered_by'),
          recorded_at: eb.ref('excluded.recorded_at'),
        }))
        return source === 'computed' ? update.where('stats_snapshots.source', '=', 'computed') : update
      })
      .execute()
  }
}

export async function deleteEntered(db: Queryable, month: string): Promise<number> {
  const result = await db
    .deleteFrom('stats_snapshots')
    .where('month', '=', month)
    .where('source', '=', 'entered')
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function hasComputedSnapshots(db: Queryable): Promise<boolean> {
  const row = await db
    .selectFrom('stats_snapshots')
    .select('month')
    .where('source', '=', 'computed')
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}
