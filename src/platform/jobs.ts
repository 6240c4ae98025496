import { randomBytes } from 'node:crypto'
import os from 'node:os'
import type { Selectable, Updateable } from 'kysely'
import { sql } from 'kysely'
import type { Logger } from 'pino'
import type { Db, Queryable } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import type { JobsTable } from '../db/schema.ts'

/** Jobs and their payloads; modules add their kinds here (declaration merging). */
export interface JobPayloads {
  'mail.send': {
    to: string
    subject: string
    text: string
    attachments?: MailAttachment[]
    /** Extra headers, e.g. List-Unsubscribe on notification mail. */
    headers?: Record<string, string>
  }
}

/** A small text attachment (an iCal invitation), carried in the job's JSON payload. */
export interface MailAttachment {
  filename: string
  contentType: string
  content: string
}
export type JobKind = keyof JobPayloads
type Handler<K extends JobKind> = (payload: JobPayloads[K]) => Promise<void>

const MAX_ATTEMPTS = 6
const LEASE_MS = 5 * 60_000

/**
 * Enqueues a job in the caller's transaction (outbox): it exists exactly when the change that caused it commits.
 */
export async function enqueue<K extends JobKind>(
  db: Queryable,
  kind: K,
  payload: JobPayloads[K],
  runAt: Date = new Date(),
): Promise<string> {
  const id = newId()
  const now = new Date().toISOString()
  await db
    .insertInto('jobs')
    .values({
      id,
      kind,
      payload: JSON.stringify(payload),
      status: 'pending',
      run_at: runAt.toISOString(),
      created_at: now,
    })
    .execute()
  return id
}

/**
 * Whether a job of this kind is queued (by default: waiting to run; pass 'running' too to count one in hand). The
 * periodic jobs re-queue themselves through it, so that a start, a rerun or a takeover never adds a second one.
 */
export async function hasQueuedJob(
  db: Queryable,
  kind: JobKind,
  statuses: ReadonlyArray<'pending' | 'running'> = ['pending'],
): Promise<boolean> {
  const row = await db
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', kind)
    .where('status', 'in', statuses)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** Retry delays grow: 10 s, 40 s, 2.7 min, 10 min, 45 min. */
export function backoffMs(attempts: number): number {
  return 10_000 * 4 ** (attempts - 1)
}

export interface WorkerOptions {
  /** How long to wait between polls when no job is due. */
  pollMs?: number
  /** How long a claimed job is reserved for its worker; after that another worker may take it over. */
  leaseMs?: number
}

/**
 * Runs queued jobs: claims one due job at a time, runs its handler, records the outcome.
 *
 * Delivery is at least once, so handlers must be safe to run twice for the same job. A job runs again when its
 * worker died mid-job (crash, kill -9, lost machine: the lease ends and another worker takes it), and when a
 * handler outlives its lease and another worker takes the job over while the first still runs it. Only one of the
 * runs is recorded (the claim token below), but both have had their effects: handlers write through upserts or
 * check-then-write in one transaction, and an email may, rarely, go out twice (SMTP has no transaction to join).
 */
export class Worker {
  private readonly handlers = new Map<string, Handler<never>>()
  /** Names this process in claim tokens, so an operator can tell which machine holds a running job. */
  private readonly owner = `${os.hostname().slice(0, 60)}:${process.pid}`
  private readonly pollMs: number
  private readonly leaseMs: number
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private stopping = false
  private keepAlive = false

  constructor(
    private readonly db: Db,
    private readonly dialect: 'sqlite' | 'postgres',
    private readonly log: Logger,
    options: WorkerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 500
    this.leaseMs = options.leaseMs ?? LEASE_MS
  }

  handle<K extends JobKind>(kind: K, handler: Handler<K>): void {
    this.handlers.set(kind, handler as Handler<never>)
  }

  /**
   * Polls for due jobs until stop(). `keepAlive` holds the process open between polls (`korpu worker`, which has
   * nothing else to do); a web process lives by its HTTP server and must be able to exit without stopping this.
   */
  start(options: { keepAlive?: boolean } = {}): void {
    this.stopping = false
    this.keepAlive = options.keepAlive ?? false
    this.schedule()
  }

  /** Stops polling; the job in hand finishes and is recorded, no further job is claimed. */
  async stop(): Promise<void> {
    this.stopping = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }

  /** Runs every due job now; for the CLI and tests. Returns how many ran. */
  async drain(): Promise<number> {
    await this.failAbandoned()
    let count = 0
    while (!this.stopping && (await this.runOne())) count++
    return count
  }

  private schedule(): void {
    if (this.stopping) return
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.log.error({ err: error }, 'job loop failed'))
        .finally(() => this.schedule())
    }, this.pollMs)
    if (!this.keepAlive) this.timer.unref()
  }

  /**
   * Claims one due job and runs it. The claim is a single UPDATE that marks the job running under a fresh token:
   * on PostgreSQL its subquery locks the row with SKIP LOCKED, so concurrent workers each take a different job; on
   * SQLite the statement holds the database's write lock from before it reads until it commits, so two processes
   * on one file cannot claim the same job either (one worker per SQLite file is still the supported set-up: SQLite
   * runs one writer at a time, and a second worker adds no throughput).
   */
  /**
   * A job whose lease ran out on its last allowed attempt lost its worker (a crash, or the job itself killing the
   * process): it is failed rather than claimed again, so that such a job cannot take workers down for ever.
   */
  private async failAbandoned(): Promise<void> {
    const now = new Date().toISOString()
    await this.db
      .updateTable('jobs')
      .set({
        status: 'failed',
        finished_at: now,
        locked_until: null,
        locked_by: null,
        last_error: 'its worker stopped during the last attempt (the lease ran out)',
      })
      .where('status', '=', 'running')
      .where('locked_until', '<', now)
      .where('attempts', '>=', MAX_ATTEMPTS)
      .execute()
  }

  private async runOne(): Promise<boolean> {
    const now = new Date()
    const lease = new Date(now.getTime() + this.leaseMs).toISOString()
    const token = `${this.owner}:${randomBytes(6).toString('hex')}`
    const due = sql`(status = 'pending' and run_at <= ${now.toISOString()}) or (status = 'running' and locked_until < ${now.toISOString()} and attempts < ${MAX_ATTEMPTS})`
    const pick =
      this.dialect === 'postgres'
        ? sql`select id from jobs where ${due} order by run_at limit 1 for update skip locked`
        : sql`select id from jobs where ${due} order by run_at limit 1`
    const result = await sql<Selectable<JobsTable>>`
      update jobs set status = 'running', locked_until = ${lease}, locked_by = ${token}, attempts = attempts + 1
      where id = (${pick}) returning *`.execute(this.db)
    const job = result.rows[0]
    if (!job) return false

    const about = { job: job.id, kind: job.kind, attempts: job.attempts }
    const overrun = setTimeout(
      () =>
        this.log.warn(
          { ...about, leaseMs: this.leaseMs },
          'job still running after its lease ended: another worker may take it over',
        ),
      this.leaseMs,
    )
    overrun.unref()
    let outcome: Updateable<JobsTable>
    try {
      const handler = this.handlers.get(job.kind)
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`)
      await handler(JSON.parse(job.payload) as never)
      outcome = { status: 'done', finished_at: new Date().toISOString(), last_error: null }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const finalAttempt = job.attempts >= MAX_ATTEMPTS
      // Mail servers name the recipient in their errors: addresses are personal data and stay out of the log.
      const logged = message.replace(/[^\s@<>"']+@[^\s@<>"']+/g, '[address]')
      this.log.warn({ ...about, error: logged }, 'job failed')
      outcome = {
        status: finalAttempt ? 'failed' : 'pending',
        run_at: new Date(Date.now() + backoffMs(job.attempts)).toISOString(),
        last_error: message.slice(0, 2000),
        finished_at: finalAttempt ? new Date().toISOString() : null,
      }
    } finally {
      clearTimeout(overrun)
    }
    // Only while the job still carries this claim's token: if the lease ran out and another worker took the job
    // over, that worker records the outcome, and this run's result (done or failed) must not overwrite it.
    const recorded = await this.db
      .updateTable('jobs')
      .set({ ...outcome, locked_until: null, locked_by: null })
      .where('id', '=', job.id)
      .where('locked_by', '=', token)
      .executeTakeFirst()
    if (recorded.numUpdatedRows === 0n) {
      this.log.warn(
        { ...about, outcome: outcome.status },
        'job finished after another worker took it over: its outcome here is not recorded',
      )
    }
    return true
  }
}
