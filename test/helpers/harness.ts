import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe } from 'node:test'
import pg from 'pg'
import { type App, buildApp, sessionCookieName } from '../../src/app.ts'
import { type Config, loadConfig } from '../../src/config.ts'
import type { Db } from '../../src/db/database.ts'
import { createRuntime } from '../../src/runtime.ts'
import { Client } from './client.ts'
import {
  createPerson,
  type PersonOptions,
  registerTestConfig,
  type TestPerson,
  withCurrentSession,
} from './factories.ts'
import { MailCatcher } from './mail.ts'

export type Dialect = 'sqlite' | 'postgres'

/**
 * The databases every integration test runs on. `npm test` sets KORPU_TEST_PG_URL to its throwaway cluster;
 * KORPU_TEST_DATABASES=sqlite runs SQLite alone (for a quick local run), never silently.
 */
export function testDialects(): Dialect[] {
  const only = process.env.KORPU_TEST_DATABASES
  if (only === 'sqlite') return ['sqlite']
  if (!process.env.KORPU_TEST_PG_URL) {
    throw new Error(
      'KORPU_TEST_PG_URL is not set: run the suite with `npm test`, or set KORPU_TEST_DATABASES=sqlite',
    )
  }
  return ['sqlite', 'postgres']
}

export interface Harness {
  dialect: Dialect
  app: App
  db: Db
  config: Config
  mail: MailCatcher
  /** A cookie-keeping client, optionally already signed in. */
  client(person?: TestPerson): Promise<Client>
  person(options?: PersonOptions): Promise<TestPerson>
  /** Delivers queued jobs (mail) now, as the worker would. */
  runJobs(): Promise<number>
}

/** A fresh, empty PostgreSQL database on the test cluster, with a drop() for the end of the test. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.KORPU_TEST_PG_URL ?? ''
  const name = `korpu_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}

/** Starts the real app on a fresh database of the given dialect, with a real SMTP server receiving its mail. */
export async function startHarness(
  dialect: Dialect,
  env: Record<string, string> = {},
): Promise<Harness & { stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-test-'))
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase() : null
  const mail = new MailCatcher()
  const smtpUrl = await mail.start()
  const config = loadConfig({
    KORPU_DATABASE_URL: pgDb ? pgDb.url : path.join(dir, 'korpu.db'),
    KORPU_FILES_DIR: path.join(dir, 'files'),
    KORPU_SMTP_URL: smtpUrl,
    KORPU_BASE_URL: 'http://localhost:3000',
    KORPU_SESSION_SECRET: randomBytes(32).toString('hex'),
    KORPU_DEMO_DATA: 'false',
    KORPU_LOG_LEVEL: 'silent',
    KORPU_DEFAULT_LOCALE: 'en',
    // Cold first renders block the loop for a second or more in tests; only the overload test turns the guard on.
    KORPU_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env,
  })
  const runtime = await createRuntime(config)
  registerTestConfig(runtime.db, config)
  const app = await buildApp(runtime)
  await app.ready()
  const harness = {
    dialect,
    app,
    db: runtime.db,
    config,
    mail,
    async client(person?: TestPerson) {
      const client = new Client(app)
      if (person) {
        const { sessionToken } = await withCurrentSession(runtime.db, person)
        client.setCookie(sessionCookieName(config), sessionToken)
      }
      return client
    },
    person: (options: PersonOptions = {}) => createPerson(runtime.db, options),
    runJobs: () => runtime.worker.drain(),
    async stop() {
      await app.close()
      await runtime.close()
      await mail.stop()
      await pgDb?.drop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
  return harness
}

/**
 * Declares the same tests once per database: `describe("name [sqlite]")` and `describe("name [postgres]")`.
 * The body receives a getter because the harness starts in `before`.
 */
export function eachDatabase(
  name: string,
  body: (h: () => Harness) => void,
  env: Record<string, string> = {},
): void {
  for (const dialect of testDialects()) {
    describe(`${name} [${dialect}]`, () => {
      let harness: (Harness & { stop(): Promise<void> }) | undefined
      before(async () => {
        harness = await startHarness(dialect, env)
      })
      after(async () => {
        await harness?.stop()
      })
      body(() => {
        if (!harness) throw new Error('harness not started')
        return harness
      })
    })
  }
}
