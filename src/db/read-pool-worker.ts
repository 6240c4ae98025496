import { parentPort, workerData } from 'node:worker_threads'
import SQLite from 'better-sqlite3'
import type { ReadRequest, ReadResponse, ReadWorkerData } from './read-pool.ts'

/**
 * One reader of the read pool (src/db/read-pool.ts): its own read-only connection to the database file, running the
 * statements the main thread compiled, one at a time, and answering with their rows.
 */
const { file } = workerData as ReadWorkerData
const port = parentPort
if (!port) throw new Error('read-pool-worker runs as a worker thread')

// Read-only: a statement that would write fails here instead of racing the main connection. The pragmas of
// src/db/database.ts that apply to a reader: WAL is a property of the file (set by the main connection), and a
// reader can meet a lock only while the WAL is being recovered, which busy_timeout waits out.
const connection = open(file)

function open(file: string): SQLite.Database {
  try {
    const connection = new SQLite(file, { readonly: true, fileMustExist: true })
    connection.pragma('busy_timeout = 5000')
    return connection
  } catch (error) {
    // A SqliteError reaches the main thread without its message; a plain Error keeps it.
    const { message, code } = error as { message?: string; code?: string }
    throw Object.assign(new Error(`cannot open ${file} for reading: ${message}`), { code })
  }
}

/** Values JSON carries exactly: text, finite numbers (not -0) and null; not blobs, bigints or infinite reals. */
const jsonSafe = (value: unknown) =>
  value === null || typeof value === 'string' || (Number.isFinite(value) && !Object.is(value, -0))

/** Statements kept by SQL text (a search's statements repeat with other parameters): preparing one costs more than
 * running many of the point reads a page makes. Every statement here runs in raw mode, so they are kept in it. */
const statements = new Map<string, SQLite.Statement>()
const KEPT_STATEMENTS = 300

function prepared(sql: string): SQLite.Statement {
  let statement = statements.get(sql)
  if (!statement) {
    statement = connection.prepare(sql)
    if (statements.size >= KEPT_STATEMENTS) statements.delete(statements.keys().next().value ?? '')
    statements.set(sql, statement)
  }
  return statement
}

port.on('message', ({ sql, parameters }: ReadRequest) => {
  let response: ReadResponse
  try {
    const statement = prepared(sql)
    if (!statement.reader) throw new Error('the read pool only runs statements that return rows')
    const columns = statement.columns().map((c) => c.name)
    // Rows as arrays, sent as JSON when every value allows it: making and reading the objects, and structured
    // cloning them, cost several times more than this for the thousand-row reads of a search.
    const rows = statement.raw(true).all(parameters) as unknown[][]
    response = rows.every((row) => row.every(jsonSafe))
      ? { columns, json: JSON.stringify(rows) }
      : { columns, rows }
  } catch (error) {
    const { name, message, code } = error as { name?: string; message?: string; code?: string }
    response = { error: { name: name ?? 'Error', message: message ?? String(error), code } }
  }
  port.postMessage(response)
})
port.postMessage({ ready: true })
