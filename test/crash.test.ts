/**
 * Crash test (issue 9, durability): the real server runs as a child process under a steady stream of writes from
 * several concurrent clients over HTTP and is killed with SIGKILL at random moments. After every kill, each write the
 * server acknowledged must be in the database, and the database must be intact; then the server starts again on it.
 *
 * KORPU_CRASH_ROUNDS sets the number of kills (3 by default, the short form in `npm test`).
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import { setTimeout as delay } from 'node:timers/promises'
import { sessionCookieName } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createDatabase, type Db } from '../src/db/database.ts'
import { createRuntime } from '../src/runtime.ts'
import { createEvent } from './helpers/events.ts'
import { createInstitution, createPerson, type TestPerson } from './helpers/factories.ts'
import { createPostgresDatabase, type Dialect, testDialects } from './helpers/harness.ts'
import { assertIntact } from './helpers/integrity.ts'
import { createProject } from './helpers/projects.ts'

const ROUNDS = Number(process.env.KORPU_CRASH_ROUNDS || 3)
const ROOT = path.resolve(import.meta.dirname, '..')
const EVENT_CAPACITY = 4

/** What the server acknowledged (2xx, or the 303 that ends a successful form), with what identifies it. */
interface Acknowledged {
  registrations: string[]
  threads: Array<{ id: string; title: string }>
  eventRegistrations: Array<{ eventId: string; personId: string }>
}

interface Fixture {
  /** Founders of the project: they start forum threads. */
  posters: TestPerson[]
  projectId: string
  events: Array<{ id: string; slug: string }>
  members: Map<string, TestPerson>
  /** Members who register for events: each (event, member) pair is used once. */
  pairs: Array<{ event: { id: string; slug: string }; member: TestPerson }>
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** A cookie-keeping HTTP client over the network (the server is another process), adding the CSRF token to writes. */
class HttpClient {
  private readonly cookies = new Map<string, string>()
  private csrfToken = ''

  constructor(
    private readonly origin: string,
    /** Sign-in and registration are rate-limited per client address; each simulated client has its own. */
    private readonly address: string,
  ) {}

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value)
  }

  async send(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    body?: { json: unknown } | { form: Record<string, string> },
  ): Promise<{ status: number; location: string | null; text: string }> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    let payload: string | undefined
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json'
      headers['x-csrf-token'] = this.csrfToken
      payload = JSON.stringify(body.json)
    } else if (body) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      payload = new URLSearchParams({ ...body.form, _csrf: this.csrfToken }).toString()
    }
    const response = await fetch(`${this.origin}${url}`, {
      method,
      headers,
      body: payload,
      redirect: 'manual',
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const index = pair.indexOf('=')
      this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim())
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      text: await response.text(),
    }
  }

  /** Fetches the CSRF token bound to this client's cookie, as a page load would. */
  async prepare(): Promise<this> {
    const response = await this.send('GET', '/api/v1/session')
    this.csrfToken = (JSON.parse(response.text) as { csrfToken: string }).csrfToken
    return this
  }
}

/** The server as a child process on its own port. */
class ServerProcess {
  private child: ChildProcess | null = null
  private output = ''
  readonly origin: string

  constructor(
    private readonly env: Record<string, string>,
    port: number,
  ) {
    this.origin = `http://127.0.0.1:${port}`
  }

  async start(): Promise<void> {
    this.output = ''
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    child.stdout?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString()
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString()
    })
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${this.output}`)
      const ready = await fetch(`${this.origin}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
      if (ready) return
      await delay(100)
    }
    throw new Error(`server did not answer /healthz within 60 s:\n${this.output}`)
  }

  /** SIGKILL: no shutdown hook runs, as in a crash or an OOM kill. */
  async kill(): Promise<void> {
    const child = this.child
    this.child = null
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}

async function createFixture(db: Db): Promise<Fixture> {
  const institution = await createInstitution(db)
  const posters = [await createPerson(db), await createPerson(db)]
  const project = await createProject(db, {
    founders: posters.map((p) => ({ personId: p.id, institutionId: institution.id })),
  })
  const events = []
  for (let i = 0; i < 3; i++) events.push(await createEvent(db, { capacity: EVENT_CAPACITY }))
  // Enough members that the event writers never run out, whatever the number of rounds.
  const members = new Map<string, TestPerson>()
  const pairs: Fixture['pairs'] = []
  for (let i = 0; i < 6 * ROUNDS + 6; i++) {
    const member = await createPerson(db)
    members.set(member.id, member)
    for (const event of events) pairs.push({ event, member })
  }
  // Shuffled, so concurrent writers compete for the same event's last places.
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1)
    ;[pairs[i], pairs[j]] = [pairs[j] as (typeof pairs)[number], pairs[i] as (typeof pairs)[number]]
  }
  return { posters, projectId: project.id, events, members, pairs }
}

/**
 * One round: writers run until each kind of write has been acknowledged at least once (or 8 s passed), then a random
 * moment later the server is killed. Every writer stops at its first network error (the dead server).
 */
async function crashRound(
  server: ServerProcess,
  fixture: Fixture,
  ack: Acknowledged,
  cookieName: string,
  round: number,
): Promise<{ statuses: Map<number, number>; killedAfterMs: number }> {
  const statuses = new Map<number, number>()
  const inRound = { registrations: 0, threads: 0, eventRegistrations: 0 }
  let stopped = false
  let addressCounter = 0
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1)
  const nextAddress = () => `10.77.${Math.floor(++addressCounter / 250) + round * 8}.${addressCounter % 250}`

  const loop = async (write: () => Promise<boolean>) => {
    try {
      while (!stopped && (await write()));
    } catch {
      // The server died under this request: it is neither acknowledged nor required.
    }
  }

  const registrations = async () => {
    const email = `crash-${randomBytes(5).toString('hex')}@example.org`
    const client = await new HttpClient(server.origin, nextAddress()).prepare()
    const response = await client.send('POST', '/api/v1/registrations', {
      json: { name: 'Crash Test', email, password: randomBytes(12).toString('base64url') },
    })
    count(response.status)
    if (response.status >= 200 && response.status < 300) {
      ack.registrations.push(email)
      inRound.registrations++
    }
    return true
  }

  const threads = (poster: TestPerson, writer: number) => {
    let client: HttpClient | null = null
    let n = 0
    return async () => {
      if (!client) {
        client = new HttpClient(server.origin, nextAddress())
        client.setCookie(cookieName, poster.sessionToken)
        await client.prepare()
      }
      const title = `Crash round ${round} writer ${writer} post ${++n}`
      const response = await client.send('POST', `/projects/${fixture.projectId}/workspace/forum`, {
        form: { title, body: `Written before a kill: ${title}.` },
      })
      count(response.status)
      const id = response.location?.match(/\/forum\/([^/?]+)$/)?.[1]
      if (response.status === 303 && id) {
        ack.threads.push({ id, title })
        inRound.threads++
      }
      return true
    }
  }

  const eventRegistrations = async () => {
    const pair = fixture.pairs.shift()
    if (!pair) return false
    const client = new HttpClient(server.origin, nextAddress())
    client.setCookie(cookieName, pair.member.sessionToken)
    await client.prepare()
    const response = await client.send('POST', `/api/v1/events/${pair.event.slug}/registration`, {
      json: { answers: {} },
    })
    count(response.status)
    if (response.status >= 200 && response.status < 300) {
      ack.eventRegistrations.push({ eventId: pair.event.id, personId: pair.member.id })
      inRound.eventRegistrations++
    }
    return true
  }

  const [first, second] = fixture.posters
  assert.ok(first && second)
  const writers = [
    loop(registrations),
    loop(registrations),
    loop(threads(first, 1)),
    loop(threads(second, 2)),
    loop(eventRegistrations),
    loop(eventRegistrations),
  ]
  const started = Date.now()
  while (
    Date.now() - started < 8_000 &&
    (inRound.registrations === 0 || inRound.threads === 0 || inRound.eventRegistrations === 0)
  ) {
    await delay(20)
  }
  await delay(randomInt(0, 500))
  const killedAfterMs = Date.now() - started
  await server.kill()
  stopped = true
  await Promise.all(writers)
  return { statuses, killedAfterMs }
}

/** Every acknowledged write is there, and the database is intact and within its rules. */
async function checkAfterCrash(db: Db, dialect: Dialect, ack: Acknowledged, fixture: Fixture): Promise<void> {
  await assertIntact(db, dialect)

  const people = new Set(
    (await db.selectFrom('people').select('email').where('email', 'like', 'crash-%').execute()).map(
      (r) => r.email,
    ),
  )
  assert.deepEqual(
    ack.registrations.filter((email) => !people.has(email)),
    [],
    'acknowledged registrations missing',
  )
  // The verification mail was queued in the registration's transaction (outbox): no account without its mail.
  const mails = await db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute()
  const mailed = new Set(mails.map((m) => (JSON.parse(m.payload) as { to: string }).to))
  assert.deepEqual(
    ack.registrations.filter((email) => !mailed.has(email)),
    [],
    'acknowledged registrations without their verification mail',
  )

  const threads = await db
    .selectFrom('forum_threads')
    .innerJoin('forum_posts', 'forum_posts.thread_id', 'forum_threads.id')
    .select(['forum_threads.id', 'forum_threads.title', 'forum_posts.body'])
    .where('forum_threads.project_id', '=', fixture.projectId)
    .execute()
  const found = new Map(threads.map((t) => [t.id, t]))
  for (const thread of ack.threads) {
    const row = found.get(thread.id)
    assert.equal(row?.title, thread.title, `acknowledged thread ${thread.title} missing`)
    assert.ok(row.body.includes(thread.title), `the first post of ${thread.title} missing`)
  }

  const registrations = await db
    .selectFrom('event_registrations')
    .select(['event_id', 'person_id', 'status'])
    .execute()
  const registered = new Set(registrations.map((r) => `${r.event_id} ${r.person_id}`))
  assert.deepEqual(
    ack.eventRegistrations.filter((r) => !registered.has(`${r.eventId} ${r.personId}`)),
    [],
    'acknowledged event registrations missing',
  )
  assert.equal(registered.size, registrations.length, 'a person registered twice for one event')
  for (const event of fixture.events) {
    const confirmed = registrations.filter((r) => r.event_id === event.id && r.status === 'confirmed')
    assert.ok(confirmed.length <= EVENT_CAPACITY, `event over capacity: ${confirmed.length}`)
  }
}

for (const dialect of testDialects()) {
  describe(`crash test [${dialect}]`, () => {
    test(`acknowledged writes survive ${ROUNDS} kill -9 of the server, and the database stays intact`, async (t) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-crash-'))
      const pgDb = dialect === 'postgres' ? await createPostgresDatabase() : null
      const port = await freePort()
      const env = {
        KORPU_DATABASE_URL: pgDb ? pgDb.url : path.join(dir, 'korpu.db'),
        KORPU_FILES_DIR: path.join(dir, 'files'),
        // Mail written to files: an SMTP catcher in this process would see the killed server reset its connection.
        KORPU_SMTP_URL: '',
        KORPU_PORT: String(port),
        KORPU_HOST: '127.0.0.1',
        KORPU_BASE_URL: `http://127.0.0.1:${port}`,
        KORPU_SESSION_SECRET: randomBytes(32).toString('hex'),
        KORPU_DEMO_DATA: 'false',
        KORPU_LOG_LEVEL: 'warn',
        KORPU_DEFAULT_LOCALE: 'en',
        // The worker on: its job claims and completions (the verification mails) are writes a kill can interrupt too.
        KORPU_WORKER: 'true',
        // Shedding load (503) on a busy test machine would only thin the stream; overload has its own test.
        KORPU_MAX_EVENT_LOOP_DELAY_MS: '0',
      }
      const server = new ServerProcess(env, port)
      try {
        const config = loadConfig(env)
        // The people, project and events the writers need, made as the tests' factories make them.
        const runtime = await createRuntime(config)
        const fixture = await createFixture(runtime.db)
        await runtime.close()

        const ack: Acknowledged = { registrations: [], threads: [], eventRegistrations: [] }
        const cookieName = sessionCookieName(config)
        for (let round = 1; round <= ROUNDS; round++) {
          await server.start()
          // Restarted on the crashed database: it serves what was acknowledged before the kill.
          const last = ack.eventRegistrations.at(-1)
          if (last) {
            const event = fixture.events.find((e) => e.id === last.eventId)
            const member = fixture.members.get(last.personId)
            assert.ok(event && member)
            const client = new HttpClient(server.origin, '10.77.255.1')
            client.setCookie(cookieName, member.sessionToken)
            const own = await client.send('GET', `/api/v1/events/${event.slug}/registration`)
            assert.equal(own.status, 200, own.text)
          }
          const { statuses, killedAfterMs } = await crashRound(server, fixture, ack, cookieName, round)
          t.diagnostic(
            `round ${round}: killed after ${killedAfterMs} ms; answers ${JSON.stringify([...statuses])}`,
          )
          const errors = [...statuses.keys()].filter((s) => s >= 500 && s !== 503)
          assert.deepEqual(errors, [], 'server errors before the kill')
          const db = createDatabase(env.KORPU_DATABASE_URL)
          try {
            await checkAfterCrash(db, dialect, ack, fixture)
          } finally {
            await db.destroy()
          }
        }
        t.diagnostic(
          `acknowledged: ${ack.registrations.length} registrations, ${ack.threads.length} threads, ${ack.eventRegistrations.length} event registrations`,
        )
        assert.ok(ack.registrations.length > 0 && ack.threads.length > 0 && ack.eventRegistrations.length > 0)
      } finally {
        await server.kill()
        await pgDb?.drop()
        fs.rmSync(dir, { recursive: true, force: true })
      }
    })
  })
}
