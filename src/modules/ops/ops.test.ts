import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { eachDatabase } from '../../../test/helpers/harness.ts'

const ROOT = path.resolve(import.meta.dirname, '../../..')

function assertSecurityHeaders(headers: Record<string, unknown>, where: string): void {
  const csp = String(headers['content-security-policy'] ?? '')
  assert.ok(csp, `${where}: has a content-security-policy`)
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/)
        return [name, values] as const
      }),
  )
  const scriptSrc = directives.get('script-src') ?? directives.get('default-src')
  assert.ok(scriptSrc, `${where}: CSP restricts scripts`)
  assert.ok(!scriptSrc.includes("'unsafe-inline'"), `${where}: no inline scripts allowed (${csp})`)
  assert.ok(!scriptSrc.includes("'unsafe-eval'"), `${where}: no eval allowed (${csp})`)
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"], `${where}: no framing (${csp})`)
  assert.equal(headers['x-content-type-options'], 'nosniff', where)
  assert.equal(headers['referrer-policy'], 'strict-origin-when-cross-origin', where)
  assert.equal(headers['x-frame-options'], 'DENY', where)
}

eachDatabase('operations endpoints', (h) => {
  test('/healthz answers ok with the database reachable', async () => {
    const response = await (await h().client()).get('/healthz')
    assert.equal(response.status, 200)
    assert.equal(response.json().status, 'ok')
  })

  test('/metrics is Prometheus text with the request duration histogram', async () => {
    const client = await h().client()
    await client.get('/')
    await client.get('/no-such-page-4c1d2e')
    const response = await client.get('/metrics')
    assert.equal(response.status, 200)
    assert.match(String(response.headers['content-type']), /^text\/plain/)
    assert.match(response.body, /# TYPE korpu_http_request_duration_seconds histogram/)
    // Labelled by route pattern, so that ids in paths do not explode the number of series.
    assert.match(response.body, /korpu_http_request_duration_seconds_count\{[^}]*route="\/"[^}]*\} [1-9]/)
    assert.doesNotMatch(response.body, /no-such-page-4c1d2e/, 'unmatched paths share one series')
    assert.match(response.body, /route="unmatched"/)
  })

  test('security headers on a page, an API response and a 404', async () => {
    const client = await h().client()
    const responses = {
      page: await client.get('/'),
      api: await client.get('/api/v1/institutions'),
      'not found page': await client.get('/no-such-page'),
      'not found API': await client.get('/api/v1/no-such-thing'),
    }
    assert.equal(responses.page.status, 200)
    assert.equal(responses.api.status, 200)
    assert.equal(responses['not found page'].status, 404)
    assert.equal(responses['not found API'].status, 404)
    for (const [where, response] of Object.entries(responses)) assertSecurityHeaders(response.headers, where)
  })

  test('the API document is OpenAPI 3.1 and describes the API, not the HTML pages', async () => {
    const response = await (await h().client()).get('/api/v1/openapi.json')
    assert.equal(response.status, 200)
    const doc = response.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>()
    assert.equal(doc.openapi, '3.1.0')
    for (const p of ['/api/v1/session', '/api/v1/me', '/api/v1/institutions', '/api/v1/registrations']) {
      assert.ok(doc.paths[p], `documents ${p}`)
    }
    assert.ok(doc.paths['/api/v1/session']?.post, 'documents signing in')
    const notApi = Object.keys(doc.paths).filter((p) => !p.startsWith('/api/v1/'))
    assert.deepEqual(notApi, [], 'only /api/v1 paths are documented')
    assert.ok(!doc.paths['/api/v1/openapi.json'], 'the document does not describe itself')
  })

  test('the API docs viewer is reachable and as strictly framed as the site', async () => {
    const client = await h().client()
    let url = '/api/docs'
    let response = await client.get(url)
    for (let hops = 0; hops < 5 && response.status >= 300 && response.status < 400; hops++) {
      url = new URL(String(response.headers.location), 'http://localhost').pathname
      response = await client.get(url)
    }
    assert.equal(response.status, 200)
    assert.match(response.body, /swagger/i)
    const csp = String(response.headers['content-security-policy'])
    assert.match(csp, /frame-ancestors 'none'/)
    assert.doesNotMatch(csp, /validator\.swagger\.io/)
    // Plain-http installation: forcing https would break every asset of the viewer.
    assert.doesNotMatch(csp, /upgrade-insecure-requests/)
    const initializer = await client.get('/api/docs/static/swagger-initializer.js')
    assert.equal(initializer.status, 200)
    assert.match(initializer.body, /\/api\/v1\/openapi\.json/)
  })
})

eachDatabase(
  'operations endpoints with a metrics token',
  (h) => {
    test('/metrics refuses a scrape without the bearer token, as a 401 for a program (no redirect)', async () => {
      const client = await h().client()
      const missing = await client.get('/metrics')
      assert.equal(missing.status, 401)
      assert.match(String(missing.headers['content-type']), /^application\/problem\+json/)
      assert.match(String(missing.headers['www-authenticate']), /^Bearer/)
      assert.doesNotMatch(missing.body, /korpu_/)
      const wrong = await client.get('/metrics', { authorization: 'Bearer not-the-token' })
      assert.equal(wrong.status, 401)
      const bare = await client.get('/metrics', { authorization: 'scrape-token-for-tests' })
      assert.equal(bare.status, 401)
    })

    test('/metrics answers with the bearer token', async () => {
      const response = await (await h().client()).get('/metrics', {
        authorization: 'Bearer scrape-token-for-tests',
      })
      assert.equal(response.status, 200)
      assert.match(response.body, /korpu_http_request_duration_seconds/)
    })

    test('/healthz stays open for load balancers', async () => {
      assert.equal((await (await h().client()).get('/healthz')).status, 200)
    })
  },
  { KORPU_METRICS_TOKEN: 'scrape-token-for-tests' },
)

// ---- The real server process

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo
      server.close(() => resolve(address.port))
    })
  })
}

interface Started {
  child: ChildProcess
  output(): string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Runs src/server.ts as `npm start` would, with only the KORPU_* variables given here. */
function startServer(env: Record<string, string>): Started {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('KORPU_')))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  return { child, output: () => output, exited }
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('server process', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-server-test-'))
  const started: Started[] = []
  after(() => {
    for (const s of started)
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
    fs.rmSync(dir, { recursive: true, force: true })
  })

  test('SIGTERM shuts the server down cleanly: exit code 0 and a log line saying so', async () => {
    const port = await freePort()
    const server = startServer({
      KORPU_PORT: String(port),
      KORPU_HOST: '127.0.0.1',
      KORPU_DATABASE_URL: path.join(dir, 'korpu.db'),
      KORPU_FILES_DIR: path.join(dir, 'files'),
      KORPU_DEMO_DATA: 'false',
      KORPU_LOG_LEVEL: 'info',
    })
    started.push(server)
    let exitedEarly = false
    void server.exited.then(() => {
      exitedEarly = true
    })
    await waitFor(() => /is serving/.test(server.output()) || exitedEarly, 'the server to listen')
    assert.ok(!exitedEarly, `the server started:\n${server.output()}`)
    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    assert.equal(health.status, 200)

    server.child.kill('SIGTERM')
    const { code, signal } = await server.exited
    assert.equal(signal, null, 'exited by itself, not killed by the signal')
    assert.equal(code, 0, server.output())
    const lines = server
      .output()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg?: string; signal?: string })
    const shutdown = lines.find((line) => /shutting down/.test(line.msg ?? ''))
    assert.ok(shutdown, `logs that it is shutting down:\n${server.output()}`)
    assert.equal(shutdown.signal, 'SIGTERM')
  })

  test('a bad configuration value stops the start with one line naming the variable', async () => {
    const server = startServer({
      KORPU_PORT: 'abc',
      KORPU_DATABASE_URL: path.join(dir, 'never.db'),
      KORPU_FILES_DIR: path.join(dir, 'files'),
    })
    started.push(server)
    const { code } = await server.exited
    assert.notEqual(code, 0)
    const lines = server.output().split('\n').filter(Boolean)
    assert.equal(lines.length, 1, `exactly one line:\n${server.output()}`)
    assert.match(lines[0] ?? '', /KORPU_PORT/)
    assert.match(lines[0] ?? '', /abc/)
    assert.ok(
      !fs.existsSync(path.join(dir, 'never.db')),
      'nothing was created before the configuration was read',
    )
  })
})
