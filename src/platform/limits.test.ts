import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { Client } from '../../test/helpers/client.ts'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { type App, buildApp } from '../app.ts'
import { createRuntime } from '../runtime.ts'
import { Forbidden, Invalid, TooManyRequests } from './errors.ts'
import { LIMIT_RULES, type LimitKey, limitedAttempt, pupilCodeLimits, signInLimits } from './limits.ts'

/** A client that comes from `address` (the app trusts the loopback proxy's X-Forwarded-For). */
function clientAt(app: App, address: string): Client {
  const client = new Client(app)
  const request = client.request.bind(client)
  client.request = (options) =>
    request({ ...options, headers: { 'x-forwarded-for': address, ...options.headers } })
  return client
}

function wrong(): Promise<never> {
  return Promise.reject(new Invalid({ code: { key: 'validation.invalid' } }))
}

eachDatabase('limits kept in the database, shared by web processes', (h) => {
  const rule = { name: 'test.rule', max: 2, windowSeconds: 60 }
  let n = 0
  const key = (): LimitKey => ({ rule, value: `value-${++n}` })

  let second: { app: App; close(): Promise<void> } | undefined
  before(async () => {
    // A second web process on the same database, as in scale-out: nothing shared with the first but the database.
    const runtime = await createRuntime(h().config, { migrate: false })
    const app = await buildApp(runtime)
    await app.ready()
    second = {
      app,
      async close() {
        await app.close()
        await runtime.close()
      },
    }
  })
  after(async () => second?.close())

  test('failures count up to the limit; the next attempt is refused without running, with Retry-After', async () => {
    const k = key()
    for (let i = 0; i < 2; i++) await assert.rejects(limitedAttempt(h(), [k], wrong), Invalid)
    let ran = false
    const refused = await limitedAttempt(h(), [k], async () => {
      ran = true
    }).catch((error: unknown) => error)
    assert.ok(refused instanceof TooManyRequests)
    assert.equal(ran, false)
    assert.ok(refused.retryAfterSeconds > 0 && refused.retryAfterSeconds <= 60)
    assert.deepEqual(refused.detail, {
      key: 'limits.too_many_attempts',
      values: { minutes: Math.ceil(refused.retryAfterSeconds / 60) },
    })
  })

  test('successes and errors other than Invalid give their count back; countEvery keeps every one', async () => {
    const k = key()
    for (let i = 0; i < 4; i++) assert.equal(await limitedAttempt(h(), [k], async () => i), i)
    for (let i = 0; i < 3; i++) {
      await assert.rejects(
        limitedAttempt(h(), [k], () => Promise.reject(new Forbidden())),
        Forbidden,
      )
    }
    const every = key()
    await limitedAttempt(h(), [every], async () => 1, { countEvery: true })
    await limitedAttempt(h(), [every], async () => 2, { countEvery: true })
    await assert.rejects(
      limitedAttempt(h(), [every], async () => 3, { countEvery: true }),
      TooManyRequests,
    )
  })

  test('any key over its limit refuses the attempt, whatever the other keys', async () => {
    const spent = key()
    for (let i = 0; i < 2; i++) await assert.rejects(limitedAttempt(h(), [spent], wrong), Invalid)
    await assert.rejects(
      limitedAttempt(h(), [key(), spent], async () => 1),
      TooManyRequests,
    )
  })

  test('keys are stored as keyed hashes: no email or client address in clear', async () => {
    const email = 'hashed-person@example.org'
    const address = '203.0.113.77'
    await assert.rejects(limitedAttempt(h(), signInLimits(email, address), wrong), Invalid)
    const rows = await h().db.selectFrom('attempt_counters').selectAll().execute()
    assert.ok(rows.length >= 2)
    for (const row of rows) {
      assert.match(row.key_hash, /^[0-9a-f]{64}$/)
      assert.ok(!JSON.stringify(row).includes('hashed-person') && !JSON.stringify(row).includes('203.0.113'))
    }
  })

  test('counters whose window is over are pruned when a new window starts', async () => {
    const past = new Date(Date.now() - 3_600_000)
    await h()
      .db.insertInto('attempt_counters')
      .values({
        key_hash: 'f'.repeat(64),
        window_end: past.toISOString(),
        attempts: 9,
      })
      .execute()
    await limitedAttempt(h(), [key()], async () => 1)
    const stale = await h()
      .db.selectFrom('attempt_counters')
      .select('attempts')
      .where('key_hash', '=', 'f'.repeat(64))
      .execute()
    assert.deepEqual(stale, [])
  })

  test('wrong passwords spread over two processes add up; both refuse the account, known or not', async () => {
    const other = second?.app
    assert.ok(other)
    const person = await h().person()
    const apps = [h().app, other]
    for (const email of [person.email, `nobody-${Date.now()}@example.org`]) {
      for (let attempt = 0; attempt < LIMIT_RULES.signInAccount.max; attempt++) {
        const app = apps[attempt % 2] as App
        const response = await clientAt(app, `198.51.100.${attempt + 1}`).api('POST', '/api/v1/session', {
          email,
          password: `wrong password ${attempt}`,
        })
        assert.equal(response.status, 400)
      }
      for (const app of apps) {
        const refused = await clientAt(app, '198.51.100.99').api('POST', '/api/v1/session', {
          email,
          password: person.password,
        })
        assert.equal(refused.status, 429)
        assert.ok(Number(refused.headers['retry-after']) > 0)
      }
    }
  })

  test('a client address past its limit is refused by every process, whichever email it tries', async () => {
    const other = second?.app
    assert.ok(other)
    const address = '198.51.100.200'
    // The address's earlier failures, as other processes would have counted them.
    for (let i = 0; i < LIMIT_RULES.signInAddress.max; i++) {
      await assert.rejects(
        limitedAttempt(h(), signInLimits(`spray-${i}@example.org`, address), wrong),
        Invalid,
      )
    }
    const person = await h().person()
    for (const app of [h().app, other]) {
      const refused = await clientAt(app, address).api('POST', '/api/v1/session', {
        email: person.email,
        password: person.password,
      })
      assert.equal(refused.status, 429)
    }
    const elsewhere = await clientAt(other, '198.51.100.201').api('POST', '/api/v1/session', {
      email: person.email,
      password: person.password,
    })
    assert.equal(elsewhere.status, 200)
  })

  test("a pupil's code from an address past its limit is refused, by every process", async () => {
    const other = second?.app
    assert.ok(other)
    const address = '198.51.100.210'
    for (let i = 0; i < LIMIT_RULES.pupilCodeAddress.max; i++) {
      await assert.rejects(limitedAttempt(h(), pupilCodeLimits(address), wrong), Invalid)
    }
    for (const app of [h().app, other]) {
      const refused = await clientAt(app, address).form('/sign-in/pupil', { code: 'ABCD-EFGH' })
      assert.equal(refused.status, 429)
      assert.match(refused.body, /Too many attempts/)
    }
    assert.equal(
      (await clientAt(other, '198.51.100.211').form('/sign-in/pupil', { code: 'ABCD-EFGH' })).status,
      400,
    )
  })
})
