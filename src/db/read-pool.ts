import { Worker } from 'node:worker_threads'
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely'
import type { Db } from './database.ts'
import type { Database } from './schema.ts'

/** What the main thread sends a reader, and what it answers (src/db/read-pool-worker.ts). */
export interface ReadWorkerData {
  file: string
}
export interface ReadRequest {
  sql: string
  parameters: readonly unknown[]
}
export type ReadResponse =
  | { columns: string[]; json: string }
  | { columns: string[]; rows: unknown[][] }
  | { error: { name: string; message: string; code: string | undefined } }

export interface ReadPoolOptions {
  /** Worker threads, each with its own read-only connection. */
  size: number
  /** A statement that runs longer fails, and its reader is replaced. */
  timeoutMs?: number
  /** Heap of each reader: a runaway result ends that reader, not the process. */
  maxHeapMb?: number
}

interface Job {
  sql: string
  parameters: readonly unknown[]
  resolve(rows: unknown[]): void
  reject(error: Error): void
  /** Runs from the moment a reader takes the statement. */
  timer: NodeJS.Timeout | undefined
  settled: boolean
}

interface Reader {
  worker: Worker
  ready: boolean
  job: Job | undefined
  /** Why the thread ended, if it failed (an uncaught error, a heap exhausted, a database it could not open). */
  failure: Error | undefined
}

/** A reader that has not opened its database by then is ended (and the statements waiting fail). */
const STARTUP_MS = 30_000

const WORKER_MODULE = new URL('./read-pool-worker.ts', import.meta.url).href
// Node 20 does not hand the --import tsx loader on to worker threads: the reader registers tsx itself, then loads
// its TypeScript module.
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_MODULE)}) })`

/**
 * SQLite reads on worker threads: statements wait in one queue and go to whichever reader is free, so a slow
 * statement holds one reader while the others (and the event loop) go on. Readers start when first needed and are
 * replaced when one ends. Nothing waits forever: a running statement ends within timeoutMs (answered, failed, or
 * its reader replaced), so the queue moves; a reader that cannot start fails the waiting statements.
 */
export class ReadPool {
  readonly #file: string
  readonly #size: number
  readonly #timeoutMs: number
  readonly #maxHeapMb: number
  readonly #readers = new Set<Reader>()
  #queue: Job[] = []
  #closed = false

  constructor(file: string, options: ReadPoolOptions) {
    if (options.size < 1) throw new Error('a read pool needs at least one reader')
    this.#file = file
    this.#size = options.size
    this.#timeoutMs = options.timeoutMs ?? 10_000
    this.#maxHeapMb = options.maxHeapMb ?? 256
  }

  /** Runs one statement that returns rows on a reader. */
  run(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    if (this.#closed) return Promise.reject(new Error('the read pool is closed'))
    return new Promise((resolve, reject) => {
      this.#queue.push({ sql, parameters, resolve, reject, settled: false, timer: undefined })
      this.#dispatch()
    })
  }

  /** Ends every reader; statements still waiting fail. */
  async close(): Promise<void> {
    this.#closed = true
    const error = new Error('the read pool is closed')
    for (const job of this.#queue.splice(0)) fail(job, error)
    const readers = [...this.#readers]
    this.#readers.clear()
    for (const reader of readers) if (reader.job) fail(reader.job, error)
    await Promise.all(readers.map((reader) => reader.worker.terminate()))
  }

  #dispatch(): void {
    for (const reader of this.#readers) {
      if (this.#queue.length === 0) return
      if (!reader.ready || reader.job) continue
      const job = this.#queue.shift() as Job
      reader.job = job
      job.timer = setTimeout(() => this.#timeOut(reader, job), this.#timeoutMs)
      const request: ReadRequest = { sql: job.sql, parameters: job.parameters }
      reader.worker.postMessage(request)
    }
    const starting = [...this.#readers].filter((r) => !r.ready).length
    if (this.#queue.length > starting && this.#readers.size < this.#size) this.#start()
  }

  #start(): void {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { file: this.#file } satisfies ReadWorkerData,
      resourceLimits: { maxOldGenerationSizeMb: this.#maxHeapMb },
    })
    // An idle reader does not keep the process alive; the timers of a starting reader and a running statement do.
    worker.unref()
    const reader: Reader = { worker, ready: false, job: undefined, failure: undefined }
    this.#readers.add(reader)
    const startup = setTimeout(() => {
      reader.failure = new Error(`a read-pool worker did not open ${this.#file} within ${STARTUP_MS} ms`)
      void worker.terminate()
    }, STARTUP_MS)
    worker.on('message', (message: ReadResponse | { ready: true }) => {
      if ('ready' in message) {
        clearTimeout(startup)
        reader.ready = true
      } else if (reader.job) {
        const job = reader.job
        reader.job = undefined
        if ('error' in message) fail(job, Object.assign(new Error(message.error.message), message.error))
        else if (finish(job)) job.resolve(rowObjects(message))
      }
      this.#dispatch()
    })
    worker.on('error', (error) => {
      reader.failure = error
    })
    worker.on('exit', (code) => {
      clearTimeout(startup)
      this.#ended(reader, code)
    })
  }

  #ended(reader: Reader, code: number): void {
    if (!this.#readers.delete(reader)) return
    const error = reader.failure ?? new Error(`a read-pool worker ended (exit code ${code})`)
    if (reader.job) fail(reader.job, error)
    // A reader that could not even start (the file is not a database, tsx missing): every reader would fail the
    // same way, so the waiting statements fail now rather than at their timeout, and the next statement retries.
    if (!reader.ready) for (const job of this.#queue.splice(0)) fail(job, error)
    if (!this.#closed) this.#dispatch()
  }

  #timeOut(reader: Reader, job: Job): void {
    fail(job, new Error(`a read took longer than ${this.#timeoutMs} ms`))
    // A statement cannot be interrupted from outside its thread: the reader is replaced (the next dispatch
    // starts another) and ends when SQLite hands control back.
    if (!this.#readers.delete(reader)) return
    void reader.worker.terminate()
    this.#dispatch()
  }
}

/**
 * Rows as the main connection gives them: objects keyed by column name (a later column of the same name wins, as in
 * better-sqlite3), blobs as Buffer (structured cloning makes them plain Uint8Array).
 */
function rowObjects(message: { columns: string[] } & ({ json: string } | { rows: unknown[][] })): unknown[] {
  const { columns } = message
  const cloned = 'rows' in message
  const rows = cloned ? message.rows : (JSON.parse(message.json) as unknown[][])
  return rows.map((values) => {
    const row: Record<string, unknown> = {}
    for (let i = 0; i < columns.length; i++) {
      const value = values[i]
      row[columns[i] as string] =
        cloned && value instanceof Uint8Array
          ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
          : value
    }
    return row
  })
}

/** Marks the statement settled; false if it already was (timed out, or the pool closed meanwhile). */
function finish(job: Job): boolean {
  if (job.settled) return false
  job.settled = true
  clearTimeout(job.timer)
  return true
}

function fail(job: Job, error: Error): void {
  if (finish(job)) job.reject(error)
}

class ReadPoolConnection implements DatabaseConnection {
  constructor(readonly pool: ReadPool) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return { rows: (await this.pool.run(query.sql, query.parameters)) as R[] }
  }

  // biome-ignore lint/correctness/useYield: streaming is refused before the first row
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the read pool does not stream; use execute()')
  }
}

const NO_TRANSACTIONS =
  'the read pool runs single reads; transactions (and reading one’s own uncommitted writes) belong on the main connection'

/** Kysely on the read pool: queries compile on the main thread (SQLite dialect) and run on a reader. */
class ReadPoolDriver implements Driver {
  readonly #connection: ReadPoolConnection
  constructor(readonly pool: ReadPool) {
    this.#connection = new ReadPoolConnection(pool)
  }
  async init(): Promise<void> {}
  // Stateless: every statement is queued on the pool by itself, so one "connection" serves every caller at once.
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection
  }
  async beginTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS)
  }
  async commitTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS)
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error(NO_TRANSACTIONS)
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    await this.pool.close()
  }
}

class ReadPoolDialect implements Dialect {
  constructor(readonly pool: ReadPool) {}
  createAdapter() {
    return new SqliteAdapter()
  }
  createDriver() {
    return new ReadPoolDriver(this.pool)
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler()
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db)
  }
}

/**
 * The database for read-only paths (partner search). On a SQLite file with `readers` > 0: a Kysely instance on a
 * pool of reader threads (destroy() ends them). Otherwise `db` itself: PostgreSQL runs queries in parallel already,
 * and a `:memory:` database cannot be opened by a second connection.
 */
export function createReadDatabase(
  databaseUrl: string,
  db: Db,
  readers: number,
  options: Omit<ReadPoolOptions, 'size'> = {},
): Db {
  if (/^postgres(ql)?:\/\//.test(databaseUrl) || databaseUrl === ':memory:' || readers === 0) return db
  return new Kysely<Database>({
    dialect: new ReadPoolDialect(new ReadPool(databaseUrl, { ...options, size: readers })),
  })
}
