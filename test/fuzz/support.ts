import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { before, test } from 'node:test'
import fc from 'fast-check'
import { sessionCookieName } from '../../src/app.ts'
import type { Db } from '../../src/db/database.ts'
import { loadDemoData } from '../../src/demo/seed.ts'
import { type Actor, can, type RouteAction, VISITOR } from '../../src/platform/policy.ts'
import { actorForSession, createSession } from '../../src/platform/sessions.ts'
import { multipartBody } from '../helpers/client.ts'
import { createInstitution } from '../helpers/factories.ts'
import { eachDatabase, type Harness } from '../helpers/harness.ts'
import { createProject } from '../helpers/projects.ts'
import { bodyArbitrary, formEncode, type JsonSchema, nastyString } from './arbitraries.ts'

/**
 * Bodies per route as the people who may use it. Each request goes through the whole stack (session, CSRF, policy,
 * validation, service, database, an error page) and costs about 4 ms of CPU: 1,000 per route (158 write routes)
 * would be about 650 CPU-seconds, over five minutes of the suite. Measured on the 2-core machine: 200 per route cost
 * about 50 CPU-seconds per file on SQLite (the three files about 75 s side by side), 40 on PostgreSQL about 20 more.
 * KORPU_FUZZ_RUNS sets the SQLite number (PostgreSQL gets a fifth): 1000 for the full run, more for a long one.
 */
function runsFor(dialect: Harness['dialect']): number {
  const configured = Number(process.env.KORPU_FUZZ_RUNS)
  const sqlite = Number.isInteger(configured) && configured > 0 ? configured : 200
  // Validation and the services' rules do not depend on the database; PostgreSQL gets a smaller number for what
  // does (encodings, NUL bytes, constraint errors).
  return dialect === 'sqlite' ? sqlite : Math.ceil(sqlite / 5)
}

/** People who may not use a route are refused before their body is read: fewer bodies prove that. */
const deniedRunsFor = (runs: number): number => Math.max(5, Math.ceil(runs / 10))

/** Routes whose success ends the session they were called with: each of their requests gets a new one. */
const SESSION_ENDING = new Set<RouteAction>([
  'account.sign_out',
  'account.delete_own',
  'account.change_password',
])

/** Routes that legitimately change role grants (the invariant below leaves them out). */
const GRANTS_ROLES = new Set<RouteAction>(['admin.coordinators.manage'])

/** Tables that change on every request or refusal (session touch, rate-limit counters), left out of snapshots. */
const VOLATILE = new Set(['sessions', 'attempt_counters'])

const ROOT = path.resolve(import.meta.dirname, '../..')

/**
 * What a response must never carry: a stack frame, a path inside the installation or node_modules, SQL text as
 * Kysely renders it, or a database driver's error message.
 */
const LEAKS: Array<[string, RegExp]> = [
  ['stack frame', /(?:^|\n)\s*at [^\n]*:\d+:\d+\)?/],
  ['node_modules path', /node_modules/],
  ['installation path', new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))],
  ['SQL text', /\b(?:select|insert into|update|delete from)\s+["`(*]|\bfrom\s+"[a-z_]+"/],
  [
    'database error',
    /SQLITE_[A-Z]|SqliteError|syntax error at or near|violates [a-z-]+ constraint|duplicate key value|constraint failed|invalid byte sequence/,
  ],
]

function leakIn(body: string): string | null {
  for (const [name, pattern] of LEAKS) if (pattern.test(body)) return name
  return null
}

interface FuzzActor {
  label: string
  personId: string | null
  token: string | null
  actor: Actor
}

interface World {
  actors: FuzzActor[]
  pools: Map<string, string[]>
  csrfCookie: string
  csrfToken: string
  bystander: { personId: string; institutionId: string; projectId: string }
  schemas: Map<string, JsonSchema>
}

/** Where the value of a path parameter comes from: by the segment before it (or its own name), a table column. */
const PARAM_SOURCES: Record<string, [table: string, column: string]> = {
  'institutions/:slug': ['institutions', 'slug'],
  'resources/:slug': ['resources', 'slug'],
  'newsroom/:slug': ['articles', 'slug'],
  'pages/:slug': ['pages', 'slug'],
  'networks/:slug': ['networks', 'slug'],
  'outcomes/:slug': ['outcomes', 'slug'],
  'consortia/:slug': ['consortia', 'slug'],
  'events/:slug': ['events', 'slug'],
  'projects/:id': ['projects', 'id'],
  'people/:id': ['people', 'id'],
  'coordinators/:id': ['people', 'id'],
  'applications/:id': ['applications', 'id'],
  'notifications/:id': ['notifications', 'id'],
  'members/:id': ['memberships', 'id'],
  'partners/:id': ['consortium_partners', 'id'],
  'work-packages/:id': ['work_packages', 'id'],
  'deliverables/:id': ['deliverables', 'id'],
  'sessions/:id': ['event_sessions', 'id'],
  'speakers/:id': ['event_speakers', 'id'],
  'managers/:id': ['people', 'id'],
  'registrations/:id': ['event_registrations', 'id'],
  'schools/:id': ['institutions', 'id'],
  'labels/:id': ['label_applications', 'id'],
  'subjects/:code': ['subjects', 'code'],
  'application-forms/:code': ['application_forms', 'code'],
  'curriculum-topics/:code': ['curriculum_topics', 'code'],
  'learning-models/:code': ['learning_models', 'code'],
  'fields/:key': ['application_form_fields', 'key'],
  'questions/:key': ['event_questions', 'key'],
  ':memberId': ['network_members', 'id'],
  ':officerId': ['network_officers', 'id'],
  ':groupId': ['working_groups', 'id'],
  'groups/:groupId/threads/:threadId': ['working_group_threads', 'id'],
  ':threadId': ['forum_threads', 'id'],
  ':institutionId': ['institutions', 'id'],
  ':eventId': ['events', 'id'],
  ':ticket': ['event_registrations', 'ticket'],
  ':pupilId': ['pupils', 'id'],
  'workspace/files/:fileId': ['project_files', 'id'],
  ':fileId': ['event_files', 'id'],
  ':pageId': ['project_pages', 'id'],
  ':milestoneId': ['project_milestones', 'id'],
  ':personId': ['people', 'id'],
}

function sourceKey(url: string, index: number, name: string): string {
  const segments = url.split('/')
  const previous = segments[index - 1] ?? ''
  const candidates = [`${segments.slice(index - 3, index + 1).join('/')}`, `${previous}/:${name}`, `:${name}`]
  return candidates.find((c) => c in PARAM_SOURCES) ?? `:${name}`
}

async function buildPools(db: Db): Promise<Map<string, string[]>> {
  const pools = new Map<string, string[]>()
  for (const [key, [table, column]] of Object.entries(PARAM_SOURCES)) {
    // A pool that fails to load (a module renamed a column) only makes the fuzz use random values there.
    const rows = await db
      .selectFrom(table as 'people')
      .select(column as 'id')
      .limit(50)
      .execute()
      .catch(() => [])
    pools.set(
      key,
      rows.map((r) => String(r.id)),
    )
  }
  return pools
}

/** A SHA-256 per table of all its rows, in a stable order. */
async function snapshot(
  db: Db,
  only?: Record<string, (q: AnyQuery) => AnyQuery>,
): Promise<Map<string, string>> {
  const tables = only
    ? Object.keys(only)
    : (await db.introspection.getTables())
        .map((t) => t.name)
        .filter((name) => !VOLATILE.has(name) && !name.includes('_fts') && !name.startsWith('kysely_'))
  const hashes = new Map<string, string>()
  for (const table of tables) {
    let query = db.selectFrom(table as 'people').selectAll() as unknown as AnyQuery
    const narrow = only?.[table]
    if (narrow) query = narrow(query)
    const rows = (await query.execute()).map((row) => JSON.stringify(row)).sort()
    hashes.set(table, createHash('sha256').update(rows.join('\n')).digest('hex'))
  }
  return hashes
}

interface AnyQuery {
  where(column: string, op: '=', value: string): AnyQuery
  execute(): Promise<Array<Record<string, unknown>>>
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before.keys()].filter((table) => before.get(table) !== after.get(table))
}

async function buildWorld(h: Harness): Promise<World> {
  await loadDemoData(h.db)
  const people: Array<{ label: string; id: string }> = []
  for (const role of [
    'registered',
    'member',
    'pupil',
    'institution_admin',
    'editor',
    'coordinator',
    'platform_admin',
  ] as const) {
    people.push({ label: role, id: (await h.person({ role })).id })
  }
  // The demo's people own its projects, events, networks and consortia: as them, bodies pass object-level checks.
  const demo = await h.db
    .selectFrom('people')
    .select(['id', 'email'])
    .where('email', 'in', [
      'admin@demo.korpu.az',
      'coordinator@demo.korpu.az',
      'editor@demo.korpu.az',
      'head@demo.korpu.az',
      'teacher@demo.korpu.az',
      'lecturer@demo.korpu.az',
      'vet@demo.korpu.az',
      'applicant@demo.korpu.az',
    ])
    .execute()
  for (const person of demo) people.push({ label: person.email, id: person.id })
  const actors: FuzzActor[] = [{ label: 'visitor', personId: null, token: null, actor: VISITOR }]
  for (const person of people) {
    const token = await createSession(h.db, person.id)
    const actor = await actorForSession(h.db, token)
    assert.ok(actor, `${person.label} has a session`)
    actors.push({ label: person.label, personId: person.id, token, actor })
  }
  const pools = await buildPools(h.db)

  // Someone nobody in the fuzz works with, created after the pools were read: no path ever names their things,
  // so no request may change them.
  const outsider = await h.person({ role: 'member' })
  const institution = await createInstitution(h.db, { name: 'Outsider School' })
  const project = await createProject(h.db, {
    founders: [{ personId: outsider.id, institutionId: institution.id }],
  })

  const session = await h.app.inject({ method: 'GET', url: '/api/v1/session' })
  const cookie = ([] as Array<string | number>)
    .concat(session.headers['set-cookie'] ?? [])
    .map(String)
    .find((c) => c.includes('csrf'))
  assert.ok(cookie, 'the session endpoint sets the CSRF cookie')
  return {
    actors,
    pools,
    csrfCookie: cookie.split(';')[0] ?? '',
    csrfToken: session.json<{ csrfToken: string }>().csrfToken,
    bystander: { personId: outsider.id, institutionId: institution.id, projectId: project.id },
    schemas: await exportedBodySchemas(),
  }
}

type Encoding = 'form' | 'json' | 'multipart' | 'broken'

interface Case {
  actor: FuzzActor
  params: Record<string, string>
  body: unknown
  encoding: Encoding
}

function paramArbitrary(world: World, url: string, index: number, name: string): fc.Arbitrary<string> {
  const pool = world.pools.get(sourceKey(url, index, name)) ?? []
  const junk = nastyString.filter((s) => s.length > 0 && s.length < 300)
  const random = fc.uuid({ version: 7 })
  if (name === 'step') return fc.oneof(fc.constantFrom('1', '2', '3', '4', '5'), junk)
  if (pool.length === 0) return fc.oneof(random, junk)
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: random },
    { weight: 1, arbitrary: junk },
  )
}

function caseArbitrary(world: World, route: RouteEntry, actors: FuzzActor[]): fc.Arbitrary<Case> {
  const segments = route.url.split('/')
  const params: Record<string, fc.Arbitrary<string>> = {}
  segments.forEach((segment, index) => {
    if (segment.startsWith(':'))
      params[segment.slice(1)] = paramArbitrary(world, route.url, index, segment.slice(1))
  })
  const api = route.url.startsWith('/api/')
  return fc.record({
    actor: fc.constantFrom(...actors),
    params: fc.record(params),
    body: route.bodySchemas.length
      ? fc.oneof(...route.bodySchemas.map((schema) => bodyArbitrary(schema)))
      : bodyArbitrary(undefined),
    encoding: fc.oneof(
      { weight: 6, arbitrary: fc.constant<Encoding>(api ? 'json' : 'form') },
      { weight: 3, arbitrary: fc.constant<Encoding>(api ? 'form' : 'json') },
      // Upload forms (and any other) get the fields as multipart/form-data, without a file.
      { weight: 2, arbitrary: fc.constant<Encoding>('multipart') },
      { weight: 1, arbitrary: fc.constant<Encoding>('broken') },
    ),
  })
}

interface RouteEntry {
  method: string
  url: string
  access: RouteAction | undefined
  /** The body's schema: the route's own, or those its handler validates with (HTML forms check in the handler). */
  bodySchemas: JsonSchema[]
}

/** Every object schema the modules export by a body-like name (PageBody, UploadFields…), by that name. */
async function exportedBodySchemas(): Promise<Map<string, JsonSchema>> {
  const modules = path.join(ROOT, 'src/modules')
  const schemas = new Map<string, JsonSchema>()
  for (const name of fs.readdirSync(modules)) {
    const file = path.join(modules, name, 'schemas.ts')
    if (!fs.existsSync(file)) continue
    for (const [key, value] of Object.entries(await import(file))) {
      if (/(Body|Fields|Form|Input)$/.test(key) && (value as JsonSchema | null)?.type === 'object') {
        schemas.set(key, value as JsonSchema)
      }
    }
  }
  return schemas
}

/**
 * The body schemas of a route: its declared one (API routes), else the exported schemas its handler names (a page's
 * handler passes its form's schema to handleForm or validate), so that generated bodies pass and reach the service.
 */
function bodySchemasOf(
  route: { schema: unknown; handler: unknown },
  known: Map<string, JsonSchema>,
): JsonSchema[] {
  const declared = (route.schema as { body?: JsonSchema } | undefined)?.body
  if (declared) return [declared]
  const names = new Set(String(route.handler).match(/\b[A-Z][A-Za-z]*(?:Body|Fields|Form|Input)\b/g) ?? [])
  return [...names].flatMap((name) => known.get(name) ?? [])
}

async function send(h: Harness, world: World, route: RouteEntry, c: Case) {
  const url = route.url.replace(/:(\w+)/g, (_m, name: string) => encodePathValue(c.params[name] ?? ''))
  let token = c.actor.token
  if (c.actor.personId && route.access && SESSION_ENDING.has(route.access)) {
    token = await createSession(h.db, c.actor.personId)
  }
  const cookie = [world.csrfCookie, token ? `${sessionCookieName(h.config)}=${token}` : ''].filter(Boolean)
  const headers: Record<string, string> = { cookie: cookie.join('; '), 'x-csrf-token': world.csrfToken }
  let payload: string
  if (c.encoding === 'form') {
    const form = formEncode(c.body)
    form.set('_csrf', world.csrfToken)
    headers['content-type'] = 'application/x-www-form-urlencoded'
    payload = form.toString()
  } else if (c.encoding === 'multipart') {
    // A Map: field names such as "constructor" must not meet Object.prototype here.
    const fields = new Map<string, string[]>()
    for (const [key, value] of formEncode(c.body)) fields.set(key, [...(fields.get(key) ?? []), value])
    const multipart = multipartBody({ ...Object.fromEntries(fields), _csrf: world.csrfToken })
    headers['content-type'] = multipart.contentType
    return h.app.inject({ method: route.method as 'POST', url, headers, payload: multipart.body })
  } else if (c.encoding === 'json') {
    headers['content-type'] = 'application/json'
    payload = JSON.stringify(c.body) ?? 'null'
  } else {
    headers['content-type'] = 'application/json'
    // Truncated JSON: the parser's refusal must be a 400 like any other.
    payload = (JSON.stringify(c.body) ?? 'null').slice(0, -1)
  }
  return h.app.inject({ method: route.method as 'POST', url, headers, payload })
}

/** Percent-encodes a path value; a lone surrogate (which encodeURIComponent refuses) goes as its raw bytes. */
function encodePathValue(value: string): string {
  return value
    .split(/([\uD800-\uDFFF])/)
    .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('')
}

function describeCase(route: RouteEntry, c: Case, status: number): string {
  const body = JSON.stringify(c.body) ?? String(c.body)
  return `${route.method} ${route.url} as ${c.actor.label} params=${JSON.stringify(c.params)} ${c.encoding} body=${body.slice(0, 500)} → ${status}`
}

/**
 * Runs one batch of generated requests, failing on any 5xx, leak or prototype pollution. Returns how many
 * requests got each status, so that a test can tell the bodies reached the services (not only the validation).
 */
async function fuzz(
  h: Harness,
  world: World,
  route: RouteEntry,
  actors: FuzzActor[],
  numRuns: number,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>()
  const seed = Number(process.env.KORPU_FUZZ_SEED) || hashSeed(`${route.method} ${route.url}`)
  await fc.assert(
    fc.asyncProperty(caseArbitrary(world, route, actors), async (c) => {
      const response = await send(h, world, route, c)
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
      const where = describeCase(route, c, response.statusCode)
      assert.ok(response.statusCode < 500, `server error: ${where}\n${response.body.slice(0, 2000)}`)
      const leak = leakIn(response.body)
      assert.equal(leak, null, `${leak} in the response: ${where}\n${response.body.slice(0, 2000)}`)
      assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false, `Object.prototype polluted: ${where}`)
    }),
    {
      numRuns,
      seed,
      endOnFailure: true,
      // The failing request, described by the property's own message, instead of fast-check's dump of the case.
      reporter: (run) => {
        if (!run.failed) return
        const reason =
          run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance)
        throw new Error(`${reason}\n(reproduce with KORPU_FUZZ_SEED=${run.seed})`)
      },
    },
  )
  return statuses
}

function hashSeed(text: string): number {
  return createHash('sha256').update(text).digest().readInt32LE(0)
}

/** The write routes of the app, sorted, and this file's share of them. */
function writeRoutes(h: Harness, world: World, part: number, parts: number): RouteEntry[] {
  return h.app.routeTable
    .filter((r) => r.method !== 'GET')
    .map((r) => ({
      method: r.method,
      url: r.url,
      access: r.access,
      bodySchemas: bodySchemasOf(r, world.schemas),
    }))
    .sort((a, b) => `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`))
    .filter((_r, index) => index % parts === part)
}

/**
 * Declares the fuzz tests of one share of the write routes (the routes are split over a few files so that the
 * test runner's two workers run them side by side): for every route, generated bodies as each person who may use
 * it, and fewer as each who may not; nothing 5xx, nothing leaked, nothing changed that the actor may not change.
 */
export function fuzzWriteRoutes(part: number, parts: number): void {
  eachDatabase(
    `fuzz: write routes, share ${part + 1} of ${parts}`,
    (h) => {
      let world: World | undefined
      before(async () => {
        world = await buildWorld(h())
      })

      // Refused requests first, all routes under one snapshot of the whole database (a snapshot reads every table).
      test('people a route refuses change nothing, whatever they send', async (t) => {
        assert.ok(world)
        const routes = writeRoutes(h(), world, part, parts)
        assert.ok(routes.length > 10, 'the route table lists the write routes')
        const runs = deniedRunsFor(runsFor(h().dialect))
        const before = await snapshot(h().db)
        for (const route of routes) {
          const action = route.access
          assert.ok(action, `${route.method} ${route.url} declares its policy`)
          const denied = world.actors.filter((a) => !can(a.actor, action, undefined))
          if (denied.length === 0) continue
          await t.test(`${route.method} ${route.url}`, async () => {
            const statuses = await fuzz(h(), world as World, route, denied, runs)
            const succeeded = [...statuses.keys()].filter((status) => status < 300)
            assert.deepEqual(succeeded, [], `people refused by ${action} got a success`)
          })
        }
        const changed = changedTables(before, await snapshot(h().db))
        assert.deepEqual(changed, [], 'refused requests changed these tables')
      })

      test('people a route allows get no 5xx, no leak, and change nothing of an outsider', async (t) => {
        assert.ok(world)
        const runs = runsFor(h().dialect)
        const { bystander } = world
        const outsiderRows = {
          people: (q: AnyQuery) => q.where('id', '=', bystander.personId),
          institutions: (q: AnyQuery) => q.where('id', '=', bystander.institutionId),
          memberships: (q: AnyQuery) => q.where('institution_id', '=', bystander.institutionId),
          projects: (q: AnyQuery) => q.where('id', '=', bystander.projectId),
          project_members: (q: AnyQuery) => q.where('project_id', '=', bystander.projectId),
          profiles: (q: AnyQuery) => q.where('person_id', '=', bystander.personId),
        }
        const routes = writeRoutes(h(), world, part, parts)
        const unknown = routes.filter((r) => r.bodySchemas.length === 0).map((r) => `${r.method} ${r.url}`)
        t.diagnostic(
          `routes whose body schema is not known (arbitrary bodies only): ${unknown.join(', ') || 'none'}`,
        )
        let reached = 0
        for (const route of routes) {
          const action = route.access
          assert.ok(action)
          const allowed = world.actors.filter((a) => can(a.actor, action, undefined))
          if (allowed.length === 0) continue
          // Role grants change only through the routes that manage them.
          const guarded = GRANTS_ROLES.has(action)
            ? outsiderRows
            : { ...outsiderRows, role_grants: (q: AnyQuery) => q }
          await t.test(`${route.method} ${route.url}`, async (st) => {
            const before = await snapshot(h().db, guarded)
            const statuses = await fuzz(h(), world as World, route, allowed, runs)
            const changed = changedTables(before, await snapshot(h().db, guarded))
            assert.deepEqual(
              changed,
              [],
              `requests to ${route.url} changed rows of an outsider or role grants`,
            )
            st.diagnostic(
              [...statuses]
                .sort(([a], [b]) => a - b)
                .map(([s, n]) => `${s}×${n}`)
                .join(' '),
            )
            if ([...statuses.keys()].some((status) => status < 400)) reached += 1
          })
        }
        // Most requests are refused (validation, or 404 for an object the actor may not manage); some routes must still
        // have done their work (a 2xx or a redirect), or a broken session or CSRF set-up would pass unnoticed.
        t.diagnostic(`${reached} of ${routes.length} routes succeeded at least once`)
        assert.ok(reached >= routes.length / 10, `only ${reached} of ${routes.length} routes ever succeeded`)
      })
    },
    NO_LOAD_SHEDDING,
  )
}

/** A 503 from the overload guard on a busy test machine is not what the fuzz looks for: the guard is off here. */
const NO_LOAD_SHEDDING = { KORPU_MAX_EVENT_LOOP_DELAY_MS: '0', KORPU_MAX_RSS_MB: '0' }
