import type { Command } from 'commander'
import pino from 'pino'
import type { Config } from '../config.ts'
import { createRuntime, startWorker } from '../runtime.ts'

/**
 * Where the worker's jobs come from, for its first log line: host, port and database name of a PostgreSQL URL
 * (never its user or password), or the SQLite file's path.
 */
export function describeDatabase(config: Pick<Config, 'dialect' | 'databaseUrl'>): string {
  if (config.dialect === 'sqlite') return `sqlite ${config.databaseUrl}`
  const url = new URL(config.databaseUrl)
  return `postgres ${url.host}${url.pathname}`
}

/**
 * `korpu worker`: runs background jobs (mail, reminders, digests, statistics snapshots) as a process of its own,
 * without an HTTP server, until SIGTERM or SIGINT. Then it finishes the job in hand and exits; a second signal
 * exits at once, and the interrupted job is taken again by a worker once its lease ends.
 */
export function registerWorkerCommand(program: Command, config: () => Config): void {
  program
    .command('worker')
    .description('run background jobs (mail, reminders, digests, statistics) until stopped; no web server')
    .action(async () => {
      const settings = config()
      const log = pino({ level: settings.logLevel, base: { component: 'worker', pid: process.pid } })
      const runtime = await createRuntime(settings)
      await startWorker(runtime, { keepAlive: true })
      log.info({ database: describeDatabase(settings) }, 'worker started')
      if (settings.dialect === 'sqlite') {
        // Safe with more (each claim is one write), but SQLite writes one at a time: a second worker adds nothing.
        log.info(
          'SQLite: one worker per database file is the supported set-up (keep KORPU_WORKER=false on web processes); PostgreSQL runs several',
        )
      }

      // Registered once running: a signal during start-up ends the process the default way, with no job in hand.
      let stopping = false
      const stop = async (signal: NodeJS.Signals) => {
        if (stopping) {
          log.warn({ signal }, 'worker interrupted: exiting without finishing the job in hand')
          process.exit(1)
        }
        stopping = true
        log.info({ signal }, 'worker stopping: finishing the job in hand')
        await runtime.close()
        log.info('worker stopped')
        process.exit(0)
      }
      process.on('SIGTERM', (signal) => void stop(signal))
      process.on('SIGINT', (signal) => void stop(signal))
    })
}
