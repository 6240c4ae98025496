import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { Db } from '../../src/db/database.ts'
import type { Dialect } from './harness.ts'

/**
 * The database is intact and keeps its own rules: SQLite's integrity_check says "ok" and foreign_key_check finds
 * nothing; on PostgreSQL no row points at nothing (every foreign key checked by a query) and no index is invalid.
 */
export async function assertIntact(db: Db, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)
    assert.deepEqual(
      integrity.rows.map((r) => r.integrity_check),
      ['ok'],
    )
    const orphans = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(db)
    assert.deepEqual(orphans.rows, [], 'foreign_key_check finds rows pointing at nothing')
    return
  }
  assert.deepEqual(await postgresOrphans(db), [], 'rows pointing at nothing')
  const invalid = await sql<{ index: string }>`
    select indexrelid::regclass::text as index from pg_index where not indisvalid or not indisready`.execute(
    db,
  )
  assert.deepEqual(invalid.rows, [], 'invalid indexes')
}

/**
 * Rows whose foreign key points at nothing, for every foreign key of the schema (read from information_schema,
 * multi-column keys included; a key with a null column is not checked, as PostgreSQL's MATCH SIMPLE does).
 */
async function postgresOrphans(db: Db): Promise<string[]> {
  const columns = await sql<{
    name: string
    table: string
    column: string
    ref_table: string
    ref_column: string
  }>`
    select rc.constraint_name as name, kcu.table_name as "table", kcu.column_name as "column",
           ref.table_name as ref_table, ref.column_name as ref_column
    from information_schema.referential_constraints rc
    join information_schema.key_column_usage kcu
      on kcu.constraint_schema = rc.constraint_schema and kcu.constraint_name = rc.constraint_name
    join information_schema.key_column_usage ref
      on ref.constraint_schema = rc.unique_constraint_schema and ref.constraint_name = rc.unique_constraint_name
     and ref.ordinal_position = kcu.position_in_unique_constraint
    where rc.constraint_schema = current_schema()
    order by rc.constraint_name, kcu.ordinal_position`.execute(db)
  const keys = new Map<string, typeof columns.rows>()
  for (const row of columns.rows) {
    const id = `${row.table}.${row.name}`
    keys.set(id, [...(keys.get(id) ?? []), row])
  }
  assert.ok(keys.size > 50, `only ${keys.size} foreign keys found: the query misses some`)
  const orphans: string[] = []
  for (const [id, parts] of keys) {
    const [first] = parts
    if (!first) continue
    const notNull = sql.join(
      parts.map((p) => sql`c.${sql.ref(p.column)} is not null`),
      sql` and `,
    )
    const matches = sql.join(
      parts.map((p) => sql`p.${sql.ref(p.ref_column)} = c.${sql.ref(p.column)}`),
      sql` and `,
    )
    const result = await sql<{ n: number }>`
      select count(*) as n from ${sql.table(first.table)} c
      where ${notNull} and not exists (select 1 from ${sql.table(first.ref_table)} p where ${matches})`.execute(
      db,
    )
    if (Number(result.rows[0]?.n) > 0) orphans.push(`${id}: ${result.rows[0]?.n}`)
  }
  return orphans
}
