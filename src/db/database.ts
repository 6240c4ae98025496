import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.ts'

export type Db = Kysely<Database>
export type Trx = Transaction<Database>
/** Either the database or an open transaction: queries take this so callers decide the unit of work. */
export type Queryable = Db | Trx

// Read timestamptz back as ISO strings and bigint counts as numbers, so both dialects return the same shapes.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value) => new Date(value).toISOString())
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10))

export function createDatabase(databaseUrl: string): Db {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
    // An idle connection the server drops (restart, failover, idle timeout) must not crash the process:
    // the pool discards it and the next query opens a new one.
    pool.on('error', (error) => {
      process.emitWarning(`PostgreSQL idle connection lost: ${error.message}`)
    })
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  }
  if (databaseUrl !== ':memory:') fs.mkdirSync(path.dirname(databaseUrl), { recursive: true })
  const connection = new SQLite(databaseUrl)
  connection.pragma('journal_mode = WAL')
  connection.pragma('foreign_keys = ON')
  connection.pragma('busy_timeout = 5000')
  // NORMAL in WAL mode: a commit is in the OS before it is acknowledged, so a killed process loses nothing
  // (test/crash.test.ts); a power cut may roll back the last commits, never corrupt. FULL fsyncs every commit:
  // ~4 ms here, spent on the only event loop. Why: docs/design-notes.md, "Durability".
  connection.pragma('synchronous = NORMAL')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) })
}

export async function checkDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db)
}

export function nowIso(): string {
  return new Date().toISOString()
}
