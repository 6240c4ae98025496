import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { type App, buildApp } from '../../src/app.ts'
import { type Config, loadConfig } from '../../src/config.ts'
import type { Db } from '../../src/db/database.ts'
import { createRuntime } from '../../src/runtime.ts'
import { registerTestConfig } from './factories.ts'
import { MailCatcher, type ReceivedMail } from './mail.ts'

export interface TestServer {
  /** Origin the browser uses, e.g. http://127.0.0.1:41234 (no trailing slash); emailed links point here. */
  url: string
  mail: MailCatcher
  db: Db
  config: Config
  app: App
  /** Runs due jobs (mail delivery) now instead of waiting for the worker's next poll. */
  drain(): Promise<number>
  stop(): Promise<void>
}

/**
 * Starts the real application on a loopback HTTP port for browser tests: a fresh SQLite file, a real SMTP server
 * catching its mail, the background worker running, and KORPU_BASE_URL set to the listening address.
 */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-browser-'))
  const mail = new MailCatcher()
  const smtpUrl = await mail.start()
  const config = loadConfig({
    KORPU_DATABASE_URL: path.join(dir, 'korpu.db'),
    KORPU_FILES_DIR: path.join(dir, 'files'),
    KORPU_SMTP_URL: smtpUrl,
    // Replaced by the real address below, once the port is known (same scheme, so cookie settings do not change).
    KORPU_BASE_URL: 'http://127.0.0.1',
    KORPU_SESSION_SECRET: randomBytes(32).toString('hex'),
    KORPU_DEMO_DATA: 'false',
    KORPU_LOG_LEVEL: 'silent',
    // Cold first renders block the loop for a second or more; the overload guard would answer them 503 (see harness.ts).
    KORPU_MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env,
  })
  const runtime = await createRuntime(config)
  registerTestConfig(runtime.db, config)
  const app = await buildApp(runtime)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  // Links in emails are built from config.baseUrl at send time; the config object is shared by app and runtime.
  config.baseUrl = url
  runtime.worker.start()
  return {
    url,
    mail,
    db: runtime.db,
    config,
    app,
    drain: () => runtime.worker.drain(),
    async stop() {
      await app.close()
      await runtime.close()
      await mail.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Waits until a message to `address` has arrived, running due jobs between short polls; gives up after ~10 s.
 * Returns the newest message to that address.
 */
export async function waitForMail(
  mail: MailCatcher,
  address: string,
  drain?: () => Promise<number>,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<ReceivedMail> {
  const count = options.count ?? 1
  const deadline = Date.now() + (options.timeoutMs ?? 10_000)
  while (Date.now() < deadline) {
    await drain?.()
    const received = mail.to(address)
    const newest = received.at(-1)
    if (received.length >= count && newest) return newest
    await delay(50)
  }
  throw new Error(`no mail to ${address} within ${options.timeoutMs ?? 10_000} ms`)
}
