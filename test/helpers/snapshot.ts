import { sql } from 'kysely'
import type { Harness } from './harness.ts'

/**
 * Every row of every table, to show that a request changed nothing. Sessions are left out: each request touches
 * its own session's last-seen time.
 */
export async function snapshot(h: Harness): Promise<Record<string, string[]>> {
  const tables =
    h.dialect === 'postgres'
      ? await sql<{ name: string }>`
          select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(h.db)
      : await sql<{ name: string }>`
          select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(h.db)
  const all: Record<string, string[]> = {}
  for (const { name } of tables.rows) {
    if (name === 'sessions') continue
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(h.db)
    all[name] = rows.rows.map((row) => JSON.stringify(row)).sort()
  }
  return all
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Record<string, string[]>, after: Record<string, string[]>): string[] {
  return Object.keys({ ...before, ...after }).filter(
    (table) => JSON.stringify(after[table]) !== JSON.stringify(before[table]),
  )
}
