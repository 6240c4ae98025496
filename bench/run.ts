/**
 * `npm run bench [-- --db bench/data/europe.db --duration 20 --connections 32]`
 *
 * Starts the real server (src/server.ts) against a generated database (npm run bench:data) and measures partner
 * search with autocannon: a mix of facet and text queries, first a set of 300 queries that repeat (as popular
 * searches do; facet counts and pages come from the cache after their first run) and then 20,000 queries that all
 * differ (each computed, unless the run outlasts the list); the same two for the project gallery and for the events calendar
 * (pages, month views and /api/v1/events with filters) and the outcomes catalogue (pages and /api/v1/outcomes with
 * filters), and the home and statistics pages with their API (`--only partners|gallery|calendar|catalogue|home|statistics`
 * runs one of them). Then
 * the same load against a bare Fastify "hello" route, the ratio's denominator. Prints p50 / p99 latency and
 * requests per second, with the server's cold start (spawn to the first page served) and its peak resident memory.
 * Never part of `npm test`.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import SQLite from 'better-sqlite3'
import { benchQuery, type CatalogueRefs, calendarQuery, catalogueQuery, galleryQuery } from './queries.ts'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}
const dbFile = path.resolve(arg('db', 'bench/data/europe.db'))
const duration = Number(arg('duration', '20'))
const connections = Number(arg('connections', '32'))
if (!fs.existsSync(dbFile)) {
  console.error(`${dbFile} does not exist: run npm run bench:data -- --scale europe first`)
  process.exit(1)
}

const random = benchQuery.seeded(42)
const query = () => benchQuery.next(random)
const galleryRandom = galleryQuery.seeded(7)
const galleryPath = () => galleryQuery.next(galleryRandom)
const calendarRandom = calendarQuery.seeded(11)
const calendarPath = () => calendarQuery.next(calendarRandom)

/** Project and institution slugs for the catalogue's links, read once from the database (none in an older file). */
function catalogueRefs(): CatalogueRefs {
  const db = new SQLite(dbFile, { readonly: true })
  try {
    const slugs = (sql: string) => (db.prepare(sql).all() as Array<{ slug: string }>).map((r) => r.slug)
    return {
      projects: slugs('select slug from consortia order by id limit 500'),
      institutions: slugs(
        'select slug from institutions where id in (select owner_institution_id from outcomes order by id limit 500)',
      ),
    }
  } finally {
    db.close()
  }
}
const catalogueRandom = catalogueQuery.seeded(13)
const catalogueRefsOfDb = catalogueRefs()
const cataloguePath = () => catalogueQuery.next(catalogueRandom, catalogueRefsOfDb)
/** `--only partners|gallery|calendar|catalogue`: one area's scenarios (all by default). */
const only = arg('only', 'all')

/**
 * Paths drawn until `count` of them differ (a draw that repeats an earlier one is dropped): a list of 20,000 draws
 * held only 3,600 (calendar) to 7,700 (catalogue) different searches, which a response cache of a few thousand
 * entries answers after their first pass. At most ten times `count` draws: a smaller space gives what it has.
 */
function uniquePaths(next: () => string, count: number): string[] {
  const paths = new Set<string>()
  for (let draws = 0; paths.size < count && draws < count * 10; draws++) paths.add(next())
  return [...paths]
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not answer`)
}

interface Figures {
  name: string
  p50: number
  p99: number
  rps: number
  errors: number
  non2xx: number
  /** CPU time the server process used per request (user + system): comparable on a machine shared with others. */
  cpuMs: number
  /** The machine's 1-minute load average when the scenario started (2 cores: above 2, others compete for them). */
  load: number
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return Number.NaN
  }
}

async function load(name: string, url: string, paths: string[], pid?: number): Promise<Figures> {
  const load = os.loadavg()[0] ?? 0
  const cpuBefore = cpuSeconds(pid)
  // One cursor for every connection: each request takes the next path, whoever sends it. A list of requests would be
  // replayed by each connection from its start, so the 32 connections would ask every query at about the same time.
  let next = 0
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [
      { method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) },
    ],
  })
  return {
    name,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors: result.errors,
    non2xx: result.non2xx,
    cpuMs: ((cpuSeconds(pid) - cpuBefore) * 1000) / Math.max(1, result.requests.total),
    load,
  }
}

function start(command: string[], env: Record<string, string>): ChildProcess {
  const [cmd = 'node', ...args] = command
  return spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
}

/** The most resident memory a process has held (VmHWM, Linux), in MB; NaN elsewhere. */
function peakRssMb(pid: number | undefined): number {
  try {
    const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m)
    return line ? Number(line[1]) / 1024 : Number.NaN
  } catch {
    return Number.NaN
  }
}

const port = 3900 + Math.floor(Math.random() * 50)
const startedAt = performance.now()
const server = start(['node', '--import', 'tsx', 'src/server.ts'], {
  KORPU_DATABASE_URL: dbFile,
  KORPU_PORT: String(port),
  KORPU_HOST: '127.0.0.1',
  KORPU_DEMO_DATA: 'false',
  KORPU_WORKER: 'false',
  KORPU_LOG_LEVEL: 'warn',
  KORPU_FILES_DIR: path.join(os.tmpdir(), 'korpu-bench-files'),
})
const figures: Figures[] = []
let coldStartMs = Number.NaN
let serverPeakRss = Number.NaN
try {
  const base = `http://127.0.0.1:${port}`
  // Cold start: from spawning the process to the first page served (a static page: no counting behind it).
  await waitFor(`${base}/pages/about`, server)
  coldStartMs = performance.now() - startedAt
  for (const [name, next] of [
    ['partner search', query],
    ['project gallery', galleryPath],
    ['events calendar', calendarPath],
    ['outcomes catalogue', cataloguePath],
  ] as const) {
    if (only !== 'all' && !name.includes(only)) continue
    const popular = Array.from({ length: 300 }, next)
    const distinct = uniquePaths(next, 20_000)
    // Warm-up: the page cache of the database file and the JIT, not the search cache (distinct queries follow).
    await autocannon({
      url: base,
      connections: 4,
      duration: 3,
      requests: popular.map((p) => ({ method: 'GET', path: p })),
    })
    figures.push(await load(`${name}, 300 repeating queries`, base, popular, server.pid))
    figures.push(await load(`${name}, 20,000 distinct queries`, base, distinct, server.pid))
  }
  // The public pages with counted figures: every request asks the same page (its figures come from one counting a
  // minute, which the first request of the warm-up makes).
  for (const [name, page] of [
    ['home page', '/'],
    ['statistics page', '/statistics'],
    ['statistics API', '/api/v1/stats/counters'],
  ] as const) {
    if (only !== 'all' && !name.includes(only)) continue
    const paths = [page]
    // The first counting on a cold file of this size takes minutes: wait for it once, then warm up.
    const first = await fetch(`${base}${page}`, { signal: AbortSignal.timeout(600_000) })
    if (!first.ok) throw new Error(`${page} answered ${first.status} before the run`)
    await autocannon({
      url: base,
      connections: 4,
      duration: 3,
      requests: paths.map((p) => ({ method: 'GET', path: p })),
    })
    figures.push(await load(name, base, paths, server.pid))
  }
  serverPeakRss = peakRssMb(server.pid)
} finally {
  server.kill('SIGTERM')
}

const helloPort = port + 100
const hello = start(['node', '--import', 'tsx', 'bench/hello.ts'], { PORT: String(helloPort) })
try {
  await waitFor(`http://127.0.0.1:${helloPort}/`, hello)
  figures.push(await load('bare Fastify "hello"', `http://127.0.0.1:${helloPort}`, ['/'], hello.pid))
} finally {
  hello.kill('SIGTERM')
}

console.log(
  `\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
)
console.log(`database ${path.basename(dbFile)}, ${connections} connections, ${duration} s each`)
console.log(
  `cold start to the first page ${Math.round(coldStartMs)} ms; the server's peak RSS ${Math.round(serverPeakRss)} MB\n`,
)
console.log(
  'scenario'.padEnd(44),
  'p50 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'req/s'.padStart(9),
  'errors'.padStart(8),
  'cpu ms/req'.padStart(11),
  'load'.padStart(6),
)
for (const f of figures) {
  console.log(
    f.name.padEnd(44),
    String(f.p50).padStart(8),
    String(f.p99).padStart(8),
    String(f.rps).padStart(9),
    String(f.errors + f.non2xx).padStart(8),
    f.cpuMs.toFixed(3).padStart(11),
    f.load.toFixed(1).padStart(6),
  )
}
