import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import { Client } from '../../test/helpers/client.ts'
import { type Harness, startHarness } from '../../test/helpers/harness.ts'
import { loadConfig } from '../config.ts'
import { OVERLOAD_RETRY_AFTER_SECONDS } from './overload.ts'

/**
 * The guard reads only the process's own event loop, not the database, so this runs once (SQLite). The delay is made
 * the way real overload makes it: the loop kept busy in slices, so that every sample of it is late.
 */
async function keepLoopBusy(totalMs: number, sliceMs: number): Promise<void> {
  const end = Date.now() + totalMs
  while (Date.now() < end) {
    const sliceEnd = Date.now() + sliceMs
    while (Date.now() < sliceEnd) {
      // busy: nothing else runs on this loop meanwhile
    }
    await nextTurn()
  }
}

let h: (Harness & { stop(): Promise<void> }) | undefined
before(async () => {
  h = await startHarness('sqlite', { KORPU_MAX_EVENT_LOOP_DELAY_MS: '50' })
})
after(async () => h?.stop())

test('past the event-loop delay threshold: 503 with Retry-After on pages, the API and /healthz; then recovery', async () => {
  assert.ok(h)
  const client = new Client(h.app)
  assert.equal((await client.get('/healthz')).status, 200)

  // Two and a half sampling intervals (1 s each) with the loop late by about 200 ms at every turn.
  await keepLoopBusy(2500, 200)
  const page = await client.get('/', { 'accept-language': 'ru' })
  assert.equal(page.status, 503)
  assert.equal(page.headers['retry-after'], String(OVERLOAD_RETRY_AFTER_SECONDS))
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8')
  assert.equal(page.headers['cache-control'], 'no-store')
  assert.match(String(page.headers['content-security-policy']), /default-src 'self'/)
  assert.match(page.body, /<html lang="ru">[\s\S]*Сервер сейчас перегружен/)
  const health = await client.get('/healthz')
  assert.equal(health.status, 503, '/healthz tells the load balancer the truth')
  assert.equal(health.headers['retry-after'], String(OVERLOAD_RETRY_AFTER_SECONDS))
  assert.match(String(health.headers['content-type']), /^application\/problem\+json/)
  assert.equal(health.json().status, 503)
  assert.equal((await client.get('/api/v1/session')).status, 503)

  // Left alone, the loop catches up; the next samples clear the state (bounded wait, not a measurement).
  let status = 503
  for (let tries = 0; tries < 50 && status === 503; tries++) {
    await sleep(200)
    status = (await client.get('/healthz')).status
  }
  assert.equal(status, 200)
  assert.equal((await client.get('/')).status, 200)
})

test('the thresholds come from KORPU_MAX_EVENT_LOOP_DELAY_MS and KORPU_MAX_RSS_MB; 0 turns a check off', () => {
  assert.deepEqual(loadConfig({}).overload, { maxEventLoopDelayMs: 1000, maxRssMb: 2048 })
  assert.deepEqual(loadConfig({ KORPU_MAX_EVENT_LOOP_DELAY_MS: '0', KORPU_MAX_RSS_MB: '0' }).overload, {
    maxEventLoopDelayMs: 0,
    maxRssMb: 0,
  })
  assert.throws(() => loadConfig({ KORPU_MAX_RSS_MB: '-1' }), /KORPU_MAX_RSS_MB/)
})
