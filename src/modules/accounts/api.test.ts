import assert from 'node:assert/strict'
import { test } from 'node:test'
import { addressedClient, uniqueEmail } from '../../../test/helpers/addressed-client.ts'
import type { Client, Response } from '../../../test/helpers/client.ts'
import type { TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { sessionCookieName } from '../../app.ts'

const PASSWORD = 'a long enough passphrase'

/** Clients on their own addresses in 10.1.x.x (see addressedClient). */
function clientFor(h: Harness, person?: TestPerson): Client {
  return addressedClient(h, 1, person)
}

interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance: string
  errors?: Array<{ field: string; pointer: string; code: string; detail: string }>
}

function problemOf(response: Response, status: number): Problem {
  assert.equal(response.status, status)
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
  const problem = response.json<Problem>()
  assert.equal(problem.status, status)
  assert.equal(typeof problem.detail, 'string')
  assert.ok(problem.detail.length > 0)
  return problem
}

async function peopleCount(h: Harness): Promise<number> {
  const row = await h.db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

interface SessionBody {
  signedIn: boolean
  person: { id: string; name: string; email: string; roles: string[]; validated: boolean } | null
  csrfToken: string
}

eachDatabase('accounts API', (h) => {
  test('GET /api/v1/session tells a visitor they are not signed in and hands out a CSRF token', async () => {
    const response = await clientFor(h()).get('/api/v1/session')
    assert.equal(response.status, 200)
    assert.match(String(response.headers['content-type']), /^application\/json/)
    const body = response.json<SessionBody>()
    assert.equal(body.signedIn, false)
    assert.equal(body.person, null)
    assert.equal(typeof body.csrfToken, 'string')
    assert.ok(body.csrfToken.length > 10)
  })

  test('sign in, read /me, sign out', async () => {
    const person = await h().person({ role: 'editor' })
    const client = clientFor(h())

    const visitorMe = problemOf(await client.get('/api/v1/me'), 401)
    assert.equal(visitorMe.instance, '/api/v1/me')

    const signIn = await client.api('POST', '/api/v1/session', {
      email: person.email.toUpperCase(),
      password: person.password,
    })
    assert.equal(signIn.status, 200)
    const session = signIn.json<SessionBody>()
    assert.equal(session.signedIn, true)
    assert.equal(session.person?.id, person.id)
    assert.equal(session.person?.email, person.email)
    assert.deepEqual([...(session.person?.roles ?? [])].sort(), ['editor', 'member', 'registered'])
    assert.equal(session.person?.validated, true)
    assert.ok(client.cookie(sessionCookieName(h().config)), 'the session cookie is set')
    assert.ok(!signIn.body.includes(person.password))

    const me = await client.get('/api/v1/me')
    assert.equal(me.status, 200)
    const body = me.json<{ id: string; name: string; email: string; memberSince: string; roles: string[] }>()
    assert.equal(body.id, person.id)
    assert.equal(body.name, person.name)
    assert.ok(!Number.isNaN(Date.parse(body.memberSince)))
    assert.ok(!('password_hash' in body), 'no secrets in the API')

    const current = await client.get('/api/v1/session')
    assert.equal(current.json<SessionBody>().signedIn, true)

    // The token given at sign-in is valid for the signed-in session.
    const signOut = await client.request({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { 'x-csrf-token': session.csrfToken },
    })
    assert.equal(signOut.status, 204)
    assert.equal(signOut.body, '')
    problemOf(await client.get('/api/v1/me'), 401)
    assert.equal((await client.get('/api/v1/session')).json<SessionBody>().signedIn, false)
  })

  test('wrong credentials are a 400 problem, the same for an unknown address', async () => {
    const person = await h().person()
    const wrong = problemOf(
      await clientFor(h()).api('POST', '/api/v1/session', { email: person.email, password: 'not it at all' }),
      400,
    )
    assert.equal(wrong.detail, 'The email address or password is not correct')
    assert.deepEqual(
      wrong.errors?.map((e) => e.field),
      ['email'],
    )
    const unknown = problemOf(
      await clientFor(h()).api('POST', '/api/v1/session', {
        email: uniqueEmail('nobody'),
        password: 'not it at all',
      }),
      400,
    )
    assert.deepEqual(unknown, wrong)
  })

  test('signing in to an unconfirmed account is refused', async () => {
    const email = uniqueEmail('unconfirmed')
    const created = await clientFor(h()).api('POST', '/api/v1/registrations', {
      name: 'Not Confirmed',
      email,
      password: PASSWORD,
    })
    assert.equal(created.status, 202)
    const refused = problemOf(
      await clientFor(h()).api('POST', '/api/v1/session', { email, password: PASSWORD }),
      403,
    )
    assert.match(refused.detail, /Confirm your email address first/)
  })

  test('five wrong passwords answer 429 with Retry-After, for a known and an unknown address alike', async () => {
    const person = await h().person()
    const answers: Problem[] = []
    for (const email of [person.email, uniqueEmail('nobody')]) {
      for (let attempt = 1; attempt <= 5; attempt++) {
        problemOf(
          await clientFor(h()).api('POST', '/api/v1/session', { email, password: `wrong ${attempt}xx` }),
          400,
        )
      }
      const locked = await clientFor(h()).api('POST', '/api/v1/session', { email, password: person.password })
      answers.push({ ...problemOf(locked, 429), instance: '' })
      assert.ok(Number(locked.headers['retry-after']) > 0)
    }
    assert.match(answers[0]?.detail ?? '', /Too many attempts\. Try again in \d+ min\./)
    assert.deepEqual(answers[0], answers[1])
  })

  test('POST /api/v1/registrations creates an unconfirmed account and emails a link', async () => {
    const email = uniqueEmail('api')
    const response = await clientFor(h()).api('POST', '/api/v1/registrations', {
      name: 'Api Person',
      email,
      password: PASSWORD,
      locale: 'ru',
    })
    assert.equal(response.status, 202)
    assert.deepEqual(response.json(), { status: 'verification_sent' })
    const row = await h()
      .db.selectFrom('people')
      .select(['name', 'locale', 'email_verified_at'])
      .where('email', '=', email)
      .executeTakeFirst()
    assert.deepEqual(row, { name: 'Api Person', locale: 'ru', email_verified_at: null })
    await h().runJobs()
    const mail = h().mail.to(email)
    assert.equal(mail.length, 1)
    assert.match(mail[0]?.subject ?? '', /[А-Яа-я]/, 'the mail is in the language chosen at registration')
  })

  test('a bad email address is a 400 problem naming the field, and nothing is stored', async () => {
    const before = await peopleCount(h())
    const problem = problemOf(
      await clientFor(h()).api('POST', '/api/v1/registrations', {
        name: 'Api Person',
        email: 'not-an-address',
        password: PASSWORD,
      }),
      400,
    )
    assert.deepEqual(problem.errors, [
      {
        pointer: '/email',
        field: 'email',
        code: 'format_email',
        detail: 'Enter an email address like name@example.org',
      },
    ])
    assert.equal(await peopleCount(h()), before)
  })

  test('values of the wrong type are a 400 problem with one entry per field', async () => {
    const before = await peopleCount(h())
    const problem = problemOf(
      await clientFor(h()).api('POST', '/api/v1/registrations', {
        name: 42,
        email: ['someone@example.org'],
        password: true,
      }),
      400,
    )
    const fields = (problem.errors ?? []).map((e) => e.field).sort()
    assert.deepEqual(fields, ['email', 'name', 'password'])
    for (const error of problem.errors ?? []) {
      assert.equal(error.pointer, `/${error.field}`)
      assert.ok(error.detail.length > 0)
    }

    for (const body of [['a list'], 'a string', null]) {
      const wrong = problemOf(await clientFor(h()).api('POST', '/api/v1/registrations', body), 400)
      assert.ok(wrong.detail)
    }
    const missing = problemOf(await clientFor(h()).api('POST', '/api/v1/registrations', {}), 400)
    assert.deepEqual((missing.errors ?? []).map((e) => [e.field, e.code]).sort(), [
      ['email', 'required'],
      ['name', 'required'],
      ['password', 'required'],
    ])
    assert.equal(await peopleCount(h()), before)
  })

  test('a body that is not JSON, or too large, is refused as a problem', async () => {
    const client = clientFor(h())
    const token = await client.csrf()
    const broken = await client.request({
      method: 'POST',
      url: '/api/v1/registrations',
      headers: { 'content-type': 'application/json', 'x-csrf-token': token },
      payload: '{"name": ',
    })
    assert.match(problemOf(broken, 400).detail, /not valid JSON/)
    const big = await client.request({
      method: 'POST',
      url: '/api/v1/registrations',
      headers: { 'content-type': 'application/json', 'x-csrf-token': token },
      payload: JSON.stringify({
        name: 'x'.repeat(10 * 1024 * 1024),
        email: uniqueEmail('big'),
        password: PASSWORD,
      }),
    })
    assert.match(problemOf(big, 413).detail, /too large/)
  })

  test('a registration for a taken address gets the same answer as a new one, and creates nothing', async () => {
    const person = await h().person()
    const before = await peopleCount(h())
    const register = (email: string) =>
      clientFor(h()).api('POST', '/api/v1/registrations', { name: 'Someone Else', email, password: PASSWORD })
    const taken = await register(person.email.toUpperCase())
    const fresh = await register(uniqueEmail('fresh'))
    assert.equal(taken.status, 202)
    assert.equal(taken.body, fresh.body)
    assert.equal(taken.headers['content-type'], fresh.headers['content-type'])
    assert.equal(await peopleCount(h()), before + 1)
  })

  test('writes without the x-csrf-token header are refused', async () => {
    const person = await h().person()
    const client = clientFor(h())
    await client.csrf()
    const signIn = await client.request({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: person.email, password: person.password }),
    })
    assert.match(problemOf(signIn, 403).detail, /did not come from this site/)
    assert.equal(client.cookie(sessionCookieName(h().config)), undefined)

    const before = await peopleCount(h())
    const register = await client.request({
      method: 'POST',
      url: '/api/v1/registrations',
      headers: { 'content-type': 'application/json', 'x-csrf-token': 'made-up' },
      payload: JSON.stringify({ name: 'No Token', email: uniqueEmail('notoken'), password: PASSWORD }),
    })
    problemOf(register, 403)
    assert.equal(await peopleCount(h()), before)

    // A signed-in session cannot be ended by a cross-site request either.
    const member = clientFor(h(), person)
    const signOut = await member.request({ method: 'DELETE', url: '/api/v1/session' })
    problemOf(signOut, 403)
    assert.equal((await member.get('/api/v1/me')).status, 200)
  })

  test('a visitor cannot sign out', async () => {
    problemOf(await clientFor(h()).api('DELETE', '/api/v1/session'), 401)
  })

  test('two registrations for one address at the same moment: one account, both get the same answer', async () => {
    for (let round = 0; round < 3; round++) {
      const email = uniqueEmail(`race${round}`)
      const before = await peopleCount(h())
      const responses = await Promise.all(
        ['Racer One', 'Racer Two'].map((name) =>
          clientFor(h()).api('POST', '/api/v1/registrations', { name, email, password: PASSWORD }),
        ),
      )
      assert.deepEqual(
        responses.map((r) => r.status),
        [202, 202],
        `round ${round}`,
      )
      assert.equal(await peopleCount(h()), before + 1)
    }
  })
})
