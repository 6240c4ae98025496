import assert from 'node:assert/strict'
import { test } from 'node:test'
import { addressedClient } from '../../../test/helpers/addressed-client.ts'
import type { Client } from '../../../test/helpers/client.ts'
import { type TestPerson, totpCode } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { sessionCookieName } from '../../app.ts'
import { translator } from '../../platform/i18n.ts'

const en = translator('en')
/**
 * The next 30-second step's code: accepted (one step of clock drift is allowed) after the current one was used for
 * enrolment. Never a past step's: a step boundary passing during the request would put it out of the window.
 */
const nextCode = (secret: string) => totpCode(secret, Date.now() + 30_000)

/** Clients on their own addresses in 10.41.x.x (see addressedClient). */
function clientFor(h: Harness, person?: TestPerson): Client {
  return addressedClient(h, 41, person)
}

const tokenOf = (h: Harness, client: Client) => client.cookie(sessionCookieName(h.config)) ?? ''

/** Reads the base32 key shown on the enrolment page, as a person types it into their app. */
function keyOn(html: string): string {
  const key = html.match(/<code id="second-factor-key">([A-Z2-7]+)<\/code>/)?.[1]
  assert.ok(key, 'the key is shown as text')
  return key
}

function recoveryCodesOn(html: string): string[] {
  const list = html.match(/<ul class="recovery-codes">([\s\S]*?)<\/ul>/)?.[1] ?? ''
  return [...list.matchAll(/<code>([a-z0-9-]+)<\/code>/g)].map((m) => m[1] ?? '')
}

async function enrol(client: Client): Promise<{ secret: string; recoveryCodes: string[] }> {
  const secret = keyOn((await client.get('/profile/second-factor')).body)
  const done = await client.form('/profile/second-factor', { code: totpCode(secret) })
  assert.equal(done.status, 200, done.body)
  return { secret, recoveryCodes: recoveryCodesOn(done.body) }
}

async function passwordStep(client: Client, person: TestPerson, next = '/profile') {
  return client.form(`/sign-in?next=${encodeURIComponent(next)}`, {
    email: person.email,
    password: person.password,
  })
}

async function signInWithCode(h: Harness, person: TestPerson, code: string): Promise<Client> {
  const client = clientFor(h)
  const password = await passwordStep(client, person)
  assert.equal(password.headers.location, `/sign-in/code?next=${encodeURIComponent('/profile')}`)
  const answered = await client.form('/sign-in/code?next=%2Fprofile', { code })
  assert.equal(answered.status, 303, answered.body)
  return client
}

eachDatabase('second factor', (h) => {
  test('a member enrols: QR code and key, a wrong code refused, the right one turns it on with recovery codes', async () => {
    const person = await h().person()
    const client = clientFor(h(), person)
    const page = await client.get('/profile/second-factor')
    assert.equal(page.status, 200)
    assert.equal(page.headers['cache-control'], 'no-store')
    assert.match(page.body, /<svg[^>]*>/, 'the QR code is drawn on the page')
    const secret = keyOn(page.body)
    assert.match(page.body, new RegExp(`otpauth://totp/[^"<]*secret=${secret}`), 'and the URI as text')
    assert.equal(
      keyOn((await client.get('/profile/second-factor')).body),
      secret,
      'a reload shows the same key',
    )
    const stored = await h()
      .db.selectFrom('second_factors')
      .selectAll()
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow()
    assert.ok(!stored.secret_enc.includes(secret), 'the secret is stored encrypted')
    assert.equal(stored.enrolled_at, null, 'not on before a code confirmed it')

    const wrong = await client.form('/profile/second-factor', {
      code: '000000' === totpCode(secret) ? '111111' : '000000',
    })
    assert.equal(wrong.status, 400)
    assert.match(wrong.body, new RegExp(en('second_factor.code_wrong')))
    assert.equal(keyOn(wrong.body), secret, 'the form comes back with the same key')
    const empty = await client.form('/profile/second-factor', { code: '' })
    assert.equal(empty.status, 400)

    const before = tokenOf(h(), client)
    const done = await client.form('/profile/second-factor', { code: totpCode(secret) })
    assert.equal(done.status, 200, done.body)
    const codes = recoveryCodesOn(done.body)
    assert.equal(codes.length, 10)
    assert.equal(new Set(codes).size, 10)
    const rows = await h()
      .db.selectFrom('recovery_codes')
      .selectAll()
      .where('person_id', '=', person.id)
      .execute()
    assert.equal(rows.length, 10)
    for (const code of codes) assert.ok(!rows.some((r) => r.code_hash.includes(code)), 'only hashes are kept')

    // Enabling a second factor is a privilege change: a new session id, the old one (and the factory's) dead.
    assert.notEqual(tokenOf(h(), client), before)
    assert.equal((await client.get('/api/v1/me')).status, 200)
    const old = clientFor(h())
    old.setCookie(sessionCookieName(h().config), before)
    assert.equal((await old.get('/api/v1/me')).status, 401)

    const audit = await h()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'second_factor.enable')
      .where('subject_id', '=', person.id)
      .execute()
    assert.equal(audit.length, 1)
    assert.ok(!audit[0]?.details.includes(secret))

    const status = await client.get('/profile/second-factor')
    assert.match(status.body, /Two-step verification is on since/)
    assert.match(status.body, /10 unused recovery codes left/)
    assert.doesNotMatch(status.body, /<svg/, 'the secret is not shown again')
    assert.equal((await client.form('/profile/second-factor', { code: nextCode(secret) })).status, 409)
  })

  test('who may enrol: adults of every role; a pupil is refused, a visitor is asked to sign in', async () => {
    for (const role of ['registered', 'member', 'institution_admin', 'editor'] as const) {
      const client = clientFor(h(), await h().person({ role }))
      assert.equal((await client.get('/profile/second-factor')).status, 200, role)
    }
    const pupil = clientFor(h(), await h().person({ role: 'pupil' }))
    assert.equal((await pupil.get('/profile/second-factor')).status, 403)
    assert.equal((await pupil.form('/profile/second-factor', { code: '123456' })).status, 403)
    const visitor = clientFor(h())
    assert.equal((await visitor.get('/profile/second-factor')).status, 303)
    assert.equal((await visitor.form('/profile/second-factor', { code: '123456' })).status, 401)
  })

  test('the password alone opens no session; the code does, once; a wrong code is refused', async () => {
    const person = await h().person()
    const { secret } = await enrol(clientFor(h(), person))
    const client = clientFor(h())
    const password = await passwordStep(client, person, '/partners')
    assert.equal(password.status, 303)
    assert.equal(password.headers.location, '/sign-in/code?next=%2Fpartners')
    assert.equal(tokenOf(h(), client), '', 'no session cookie yet')
    assert.equal((await client.get('/api/v1/me')).status, 401, 'the pending state grants nothing')
    const page = await client.get('/sign-in/code?next=%2Fpartners')
    assert.equal(page.status, 200)
    assert.match(page.body, /autocomplete="one-time-code"/)

    const wrong = await client.form('/sign-in/code?next=%2Fpartners', { code: '12345' })
    assert.equal(wrong.status, 400)
    assert.match(wrong.body, new RegExp(en('second_factor.code_wrong')))
    const code = nextCode(secret)
    const right = await client.form('/sign-in/code?next=%2Fpartners', { code })
    assert.equal(right.status, 303)
    assert.equal(right.headers.location, '/partners')
    assert.equal((await client.get('/api/v1/me')).status, 200)

    // The same code again, on a fresh sign-in within its window: refused (no replay).
    const replay = clientFor(h())
    await passwordStep(replay, person)
    const replayed = await replay.form('/sign-in/code?next=%2Fprofile', { code })
    assert.equal(replayed.status, 400)
    assert.equal(tokenOf(h(), replay), '')
  })

  test('a recovery code signs in once', async () => {
    const person = await h().person()
    const { recoveryCodes } = await enrol(clientFor(h(), person))
    const [first = ''] = recoveryCodes
    // Typed in capitals and without the dash, as people do.
    const client = await signInWithCode(h(), person, first.replace('-', ' ').toUpperCase())
    assert.equal((await client.get('/api/v1/me')).status, 200)
    const again = clientFor(h())
    await passwordStep(again, person)
    assert.equal((await again.form('/sign-in/code?next=%2Fprofile', { code: first })).status, 400)
    const status = await client.get('/profile/second-factor')
    assert.match(status.body, /9 unused recovery codes left/)
  })

  test('after five wrong codes, or without a pending sign-in, the password is asked again', async () => {
    const person = await h().person()
    const { secret } = await enrol(clientFor(h(), person))
    const client = clientFor(h())
    await passwordStep(client, person)
    for (let attempt = 1; attempt <= 5; attempt++) {
      assert.equal((await client.form('/sign-in/code?next=%2Fprofile', { code: '99999a' })).status, 400)
    }
    const closed = await client.form('/sign-in/code?next=%2Fprofile', { code: totpCode(secret) })
    assert.equal(closed.status, 400)
    assert.match(closed.body, new RegExp(en('second_factor.challenge_closed')))
    const codePage = await client.get('/sign-in/code?next=%2Fprofile')
    assert.match(
      codePage.body,
      /href="\/sign-in\?next=%2Fprofile"/,
      'the code page leads back to the password',
    )
    assert.equal(tokenOf(h(), client), '')
    const stranger = clientFor(h())
    const noChallenge = await stranger.form('/sign-in/code', { code: totpCode(secret) })
    assert.equal(noChallenge.status, 400)
  })

  test('the code step is rate limited per client address', async () => {
    const client = clientFor(h())
    const statuses: number[] = []
    for (let attempt = 0; attempt < 11; attempt++) {
      statuses.push((await client.form('/sign-in/code', { code: '123456' })).status)
    }
    assert.equal(statuses.at(-1), 429)
  })

  test('the API asks for the code with the password', async () => {
    const person = await h().person()
    const { secret } = await enrol(clientFor(h(), person))
    const missing = await clientFor(h()).api('POST', '/api/v1/session', {
      email: person.email,
      password: person.password,
    })
    assert.equal(missing.status, 400)
    const problem = missing.json<{ errors: Array<{ field: string; detail: string }> }>()
    assert.equal(problem.errors[0]?.field, 'code')
    assert.equal(problem.errors[0]?.detail, en('second_factor.code_required'))
    const wrong = await clientFor(h()).api('POST', '/api/v1/session', {
      email: person.email,
      password: person.password,
      code: '000000' === totpCode(secret) ? '111111' : '000000',
    })
    assert.equal(wrong.status, 400)
    const api = clientFor(h())
    const right = await api.api('POST', '/api/v1/session', {
      email: person.email,
      password: person.password,
      code: nextCode(secret),
    })
    assert.equal(right.status, 200, right.body)
    assert.equal((await api.get('/api/v1/me')).status, 200)
  })

  test('a coordinator without it is sent to enrol, refused in the API, and acts once enrolled', async () => {
    const coordinator = await h().person({ role: 'coordinator', secondFactor: false })
    const client = clientFor(h(), coordinator)
    const queue = await client.get('/review/applications')
    assert.equal(queue.status, 303)
    assert.equal(
      queue.headers.location,
      `/profile/second-factor?next=${encodeURIComponent('/review/applications')}`,
    )
    const api = await client.get('/api/v1/review/applications')
    assert.equal(api.status, 403)
    assert.equal(api.json<{ detail: string }>().detail, en('second_factor.required'))
    // As a member they go on as before.
    assert.equal((await client.get('/profile')).status, 200)

    // Signing in with the password leads to enrolment first.
    const fresh = clientFor(h())
    const signedIn = await passwordStep(fresh, coordinator, '/review/applications')
    assert.equal(
      signedIn.headers.location,
      `/profile/second-factor?next=${encodeURIComponent('/review/applications')}`,
    )
    const enrolPage = await fresh.get(String(signedIn.headers.location))
    assert.match(enrolPage.body, new RegExp(en('second_factor.required_notice').replace(/[()]/g, '\\$&')))
    const secret = keyOn(enrolPage.body)
    const done = await fresh.form(
      `/profile/second-factor?next=${encodeURIComponent('/review/applications')}`,
      {
        code: totpCode(secret),
      },
    )
    assert.equal(done.status, 200)
    assert.match(done.body, /href="\/review\/applications"/, 'continue leads where they were going')
    assert.equal((await fresh.get('/review/applications')).status, 200)
    assert.equal((await fresh.get('/api/v1/review/applications')).status, 200)
    assert.equal((await client.get('/api/v1/me')).status, 401, 'the session from before enrolment has ended')
  })

  test('a platform admin without it cannot open the audit log; the factory’s staff are enrolled', async () => {
    const admin = await h().person({ role: 'platform_admin', secondFactor: false })
    const refused = await clientFor(h(), admin).get('/admin/audit')
    assert.equal(refused.status, 303)
    assert.match(String(refused.headers.location), /^\/profile\/second-factor\?next=/)
    const enrolled = await h().person({ role: 'platform_admin' })
    assert.ok(enrolled.totpSecret)
    assert.equal((await clientFor(h(), enrolled).get('/admin/audit')).status, 200)
    const coordinator = await h().person({ role: 'coordinator' })
    const signedIn = await signInWithCode(h(), coordinator, totpCode(coordinator.totpSecret ?? ''))
    assert.equal((await signedIn.get('/review/applications')).status, 200)
  })
})
