import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect, sql, type Transaction } from 'kysely'
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
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingStatements(connection) }) })
}

/** Statements kept per connection: the SQL texts of the code's queries, and then some. */
const KEPT_STATEMENTS = 500

/**
 * The connection as Kysely sees it, with its prepared statements kept by SQL text. Kysely prepares each query anew
 * (a tenth of a millisecond on the only event loop for a join); better-sqlite3 lets a statement run again, and one
 * is never in use twice at once here, since each runs to its end synchronously (nothing streams from this one).
 */
export function keepingStatements(connection: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>()
  return {
    close: () => connection.close(),
    prepare(text: string) {
      let statement = statements.get(text)
      if (!statement) {
        statement = connection.prepare(text)
        // The oldest out first: a Map keeps insertion order.
        if (statements.size >= KEPT_STATEMENTS) statements.delete(statements.keys().next().value ?? '')
        statements.set(text, statement)
      }
      return statement
    },
  }
}

export async function checkDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db)
}

export function nowIso(): string {
  return new Date().toISOString()
}
