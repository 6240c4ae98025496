import type { Selectable } from 'kysely'
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

/** Retry delays grow: 10 s, 40 s, 2.7 min, 10 min, 45 min. */
export function backoffMs(attempts: number): number {
  return 10_000 * 4 ** (attempts - 1)
}

export class Worker {
  private readonly handlers = new Map<string, Handler<never>>()
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private stopped = true

  constructor(
    private readonly db: Db,
    private readonly dialect: 'sqlite' | 'postgres',
    private readonly log: Logger,
    private readonly pollMs = 500,
  ) {}

  handle<K extends JobKind>(kind: K, handler: Handler<K>): void {
    this.handlers.set(kind, handler as Handler<never>)
  }

  start(): void {
    this.stopped = false
    this.schedule()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }

  /** Runs every due job now; for the CLI and tests. Returns how many ran. */
  async drain(): Promise<number> {
    let count = 0
    while (await this.runOne()) count++
    return count
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.log.error({ err: error }, 'job loop failed'))
        .finally(() => this.schedule())
    }, this.pollMs)
    this.timer.unref()
  }

  /** Claims one due job (SKIP LOCKED on PostgreSQL, so many workers never take the same one) and runs it. */
  private async runOne(): Promise<boolean> {
    const now = new Date()
    const lease = new Date(now.getTime() + LEASE_MS).toISOString()
    const due = sql`(status = 'pending' and run_at <= ${now.toISOString()}) or (status = 'running' and locked_until < ${now.toISOString()})`
    const pick =
      this.dialect === 'postgres'
        ? sql`select id from jobs where ${due} order by run_at limit 1 for update skip locked`
        : sql`select id from jobs where ${due} order by run_at limit 1`
    const result = await sql<Selectable<JobsTable>>`
      update jobs set status = 'running', locked_until = ${lease}, attempts = attempts + 1
      where id = (${pick}) returning *`.execute(this.db)
    const job = result.rows[0]
    if (!job) return false

    const handler = this.handlers.get(job.kind)
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`)
      await handler(JSON.parse(job.payload) as never)
      await this.db
        .updateTable('jobs')
        .set({ status: 'done', finished_at: new Date().toISOString(), locked_until: null, last_error: null })
        .where('id', '=', job.id)
        .execute()
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const finalAttempt = job.attempts >= MAX_ATTEMPTS
      // Mail servers name the recipient in their errors: addresses are personal data and stay out of the log.
      const logged = message.replace(/[^\s@<>"']+@[^\s@<>"']+/g, '[address]')
      this.log.warn({ job: job.id, kind: job.kind, attempts: job.attempts, error: logged }, 'job failed')
      await this.db
        .updateTable('jobs')
        .set({
          status: finalAttempt ? 'failed' : 'pending',
          run_at: new Date(Date.now() + backoffMs(job.attempts)).toISOString(),
          locked_until: null,
          last_error: message.slice(0, 2000),
          finished_at: finalAttempt ? new Date().toISOString() : null,
        })
        .where('id', '=', job.id)
        .execute()
    }
    return true
  }
}
