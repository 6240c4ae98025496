import path from 'node:path'
import { sql } from 'kysely'
import pino from 'pino'
import type { AppDeps } from './app.ts'
import type { Config } from './config.ts'
import { createDatabase } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { createReadDatabase } from './db/read-pool.ts'
import { handleReminders } from './modules/events/reminders.ts'
import { ensureEconomicRegions } from './modules/institutions/service.ts'
import { ensureStaticPages } from './modules/news/service.ts'
import { ensureDigestJob, handleDigests } from './modules/notifications/digest.ts'
import { ensureSnapshotJob, handleStatsSnapshots } from './modules/stats/service.ts'
import { Worker } from './platform/jobs.ts'
import { createMailSender } from './platform/mail.ts'
import { createStorage } from './platform/storage.ts'

/**
 * Opens the database (migrated), the mail sender and the job worker with its handlers: everything the web app,
 * the CLI and tests share. The caller decides whether the worker runs.
 */
export async function createRuntime(
  config: Config,
  options: { migrate?: boolean } = {},
): Promise<AppDeps & { close(): Promise<void> }> {
  const db = createDatabase(config.databaseUrl)
  if (options.migrate ?? true) {
    await migrateToLatest(db)
    // Reference data every Azerbaijani installation needs (not only the demo): the national economic regions.
    if (config.country === 'AZ') await db.transaction().execute((trx) => ensureEconomicRegions(trx))
    // The static pages (about, how to join, contact) with a first text, when missing; editors rewrite them.
    await ensureStaticPages(db)
  }
  // After migrating: readers open the file as it now is. They start with the first search.
  const readDb = createReadDatabase(config.databaseUrl, db, config.sqliteReaders)
  const log = pino({ level: config.logLevel, base: { component: 'worker' } })
  const mail = createMailSender({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    dropDir: path.join(config.filesDir, 'mail'),
  })
  const storage = createStorage(config)
  const worker = new Worker(db, config.dialect, log)
  worker.handle('mail.send', (message) => mail.send(message))
  handleReminders(worker, db, config)
  handleDigests(worker, db, config)
  handleStatsSnapshots(worker, db)
  return {
    config,
    db,
    readDb,
    worker,
    mail,
    storage,
    async close() {
      await worker.stop()
      mail.close()
      storage.close()
      if (readDb !== db) await readDb.destroy()
      await db.destroy()
    },
  }
}

/** Names the lock in pg_locks while a starting worker checks the periodic jobs (any fixed number would do). */
const PERIODIC_JOBS_LOCK = 0x6b6f7270

/**
 * Starts running background jobs in this process: a web process in embedded mode, or `korpu worker`. First it
 * queues the self-renewing periodic jobs when missing (the monthly statistics snapshot, due at once on the first
 * start so the history exists; the daily digest, for the next morning), under a lock on PostgreSQL: workers
 * started together would otherwise each queue them, and both copies would renew themselves for ever.
 */
export async function startWorker(
  runtime: Pick<AppDeps, 'config' | 'db' | 'worker'>,
  options: { keepAlive?: boolean } = {},
): Promise<void> {
  await runtime.db.transaction().execute(async (trx) => {
    if (runtime.config.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(${PERIODIC_JOBS_LOCK})`.execute(trx)
    await ensureSnapshotJob(trx)
    await ensureDigestJob(trx, runtime.config)
  })
  runtime.worker.start(options)
}
