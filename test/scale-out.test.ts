/**
 * Scale-out (issue 9): two web processes with the worker off and one `korpu worker` process on one PostgreSQL, as
 * docs/deployment.md describes. A person signs in through one web process and carries on through the other (the
 * session and its CSRF secret live in the database, not in a process); people register on both at once; the worker
 * sends each verification mail exactly once.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createDatabase, type Db } from '../src/db/database.ts'
import { createPerson } from './helpers/factories.ts'
import { createPostgresDatabase, testDialects } from './helpers/harness.ts'
import { MailCatcher } from './helpers/mail.ts'
import { freePort, HttpClient, KorpuProcess, waitFor } from './helpers/processes.ts'

const REGISTRATIONS_PER_PROCESS = 5

describe('scale-out: two web processes and a worker on one database [postgres only: SQLite is one process by design]', {
  skip: !testDialects().includes('postgres'),
}, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-scale-out-'))
  const mail = new MailCatcher()
  const processes: KorpuProcess[] = []
  let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined
  let db: Db | undefined
  let worker: KorpuProcess
  const web: Array<{ origin: string; process: KorpuProcess }> = []

  before(async () => {
    database = await createPostgresDatabase()
    const env = {
      KORPU_DATABASE_URL: database.url,
      KORPU_SMTP_URL: await mail.start(),
      KORPU_SESSION_SECRET: randomBytes(32).toString('hex'),
      KORPU_FILES_DIR: path.join(dir, 'files'),
      KORPU_DEMO_DATA: 'false',
      KORPU_DEFAULT_LOCALE: 'en',
      KORPU_LOG_LEVEL: 'info',
      KORPU_HOST: '127.0.0.1',
      // Shedding load is tested elsewhere: a busy test machine must not turn these requests into 503s.
      KORPU_MAX_EVENT_LOOP_DELAY_MS: '0',
      KORPU_MAX_RSS_MB: '0',
    }
    // The worker first: it brings the fresh database's schema up to date, which the web processes then find done.
    worker = new KorpuProcess('src/cli/main.ts', ['worker'], env)
    processes.push(worker)
    await worker.waitForLog(/^worker started$/)
    const ports = [await freePort(), await freePort()]
    for (const port of ports) {
      const origin = `http://127.0.0.1:${port}`
      const child = new KorpuProcess('src/server.ts', [], {
        ...env,
        KORPU_PORT: String(port),
        KORPU_BASE_URL: origin,
        KORPU_WORKER: 'false',
      })
      processes.push(child)
      web.push({ origin, process: child })
    }
    await Promise.all(web.map((w) => w.process.waitForLog(/is serving/)))
    db = createDatabase(database.url)
  })

  after(async () => {
    for (const child of processes) await child.stop('SIGKILL')
    await db?.destroy()
    await mail.stop()
    await database?.drop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  test('the worker names the database it serves, without its credentials', () => {
    const started = worker.logLines().find((line) => line.msg === 'worker started')
    assert.ok(started)
    const url = new URL(database?.url ?? '')
    assert.equal(started.database, `postgres ${url.host}${url.pathname}`)
    assert.doesNotMatch(worker.output(), /SQLite/)
  })

  test('a session started on one web process carries on on the other, with that page’s CSRF token', async () => {
    if (!db) throw new Error('not started')
    const [a, b] = web.map((w) => w.origin)
    const person = await createPerson(db, { name: 'Leyla Shared' })
    const browser = new HttpClient('10.90.0.1')

    const signIn = await browser.request('POST', `${a}/sign-in`, {
      email: person.email,
      password: person.password,
      _csrf: await browser.formToken(`${a}/sign-in`),
    })
    assert.equal(signIn.status, 303, signIn.body)

    const onB = await browser.request('GET', `${b}/profile`)
    assert.equal(onB.status, 200, 'process B knows the session process A started')
    assert.match(onB.body, /Leyla Shared/)

    const saved = await browser.request('POST', `${b}/profile`, {
      name: 'Leyla Renamed',
      locale: 'en',
      _csrf: await browser.formToken(`${b}/profile`),
    })
    assert.equal(saved.status, 303, saved.body)
    assert.equal(saved.location, '/profile?saved=1')
    assert.match((await browser.request('GET', `${a}/profile`)).body, /Leyla Renamed/, 'A reads what B wrote')

    const signOut = await browser.request('POST', `${b}/sign-out`, {
      _csrf: await browser.formToken(`${b}/profile`),
    })
    assert.equal(signOut.status, 303)
    const afterSignOut = await browser.request('GET', `${a}/profile`)
    assert.notEqual(afterSignOut.status, 200, 'signed out on B is signed out on A')
  })

  test('people registering on both web processes at once get one verification mail each, sent by the worker', async () => {
    if (!db) throw new Error('not started')
    const signUps = web.flatMap((w, server) =>
      Array.from({ length: REGISTRATIONS_PER_PROCESS }, (_, n) => ({
        origin: w.origin,
        email: `scale-${server}-${n}-${randomBytes(3).toString('hex')}@example.org`,
        browser: new HttpClient(`10.91.${server}.${n + 1}`),
      })),
    )
    const answers = await Promise.all(
      signUps.map(async ({ origin, email, browser }) =>
        browser.request('POST', `${origin}/register`, {
          name: 'Scale Person',
          email,
          password: 'a long enough passphrase',
          _csrf: await browser.formToken(`${origin}/register`),
        }),
      ),
    )
    for (const answer of answers) assert.equal(answer.status, 303, answer.body)

    const emails = signUps.map((s) => s.email)
    const jobsFor = async () =>
      (await db?.selectFrom('jobs').selectAll().where('kind', '=', 'mail.send').execute())?.filter((job) =>
        emails.includes((JSON.parse(job.payload) as { to: string }).to),
      ) ?? []
    await waitFor(async () => {
      const jobs = await jobsFor()
      return jobs.length === emails.length && jobs.every((job) => job.status === 'done')
    }, 'the worker to send every verification mail')

    for (const job of await jobsFor()) {
      assert.equal(job.attempts, 1, 'claimed once')
      assert.equal(job.locked_by, null)
      assert.ok(job.finished_at)
    }
    for (const email of emails) {
      const received = mail.to(email)
      assert.equal(received.length, 1, `one mail to ${email}`)
      assert.match(received[0]?.text ?? '', /\/verify-email\?token=/)
    }
  })

  test('the worker queued the periodic jobs once, and a SIGTERM stops it cleanly', async () => {
    // Waiting or (the snapshot, due at once on a new installation) running: one of each, never two.
    const periodic = await db
      ?.selectFrom('jobs')
      .select('kind')
      .where('kind', 'in', ['stats.snapshot', 'notifications.digest'])
      .where('status', 'in', ['pending', 'running'])
      .execute()
    assert.deepEqual(periodic?.map((job) => job.kind).sort(), ['notifications.digest', 'stats.snapshot'])

    const exit = await worker.stop('SIGTERM')
    assert.deepEqual(exit, { code: 0, signal: null }, worker.output())
    const messages = worker.logLines().map((line) => line.msg)
    assert.ok(messages.includes('worker stopping: finishing the job in hand'))
    assert.equal(messages.at(-1), 'worker stopped')
    for (const w of web) assert.deepEqual(await w.process.stop('SIGTERM'), { code: 0, signal: null })
  })
})
