import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { addressedClient, uniqueEmail } from '../../../test/helpers/addressed-client.ts'
import type { Client } from '../../../test/helpers/client.ts'
import type { TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { sessionCookieName } from '../../app.ts'

const PASSWORD = 'a long enough passphrase'
const NEW_PASSWORD = 'another long passphrase'

/** Clients on their own addresses in 10.0.x.x (see addressedClient). */
function clientFor(h: Harness, person?: TestPerson): Client {
  return addressedClient(h, 0, person)
}

/** The path and query of an emailed link, to request from the test client. */
function pathOf(link: string): string {
  const url = new URL(link)
  return url.pathname + url.search
}

/** The page's main content without the per-response CSRF tokens, to compare two answers. */
function mainContent(html: string): string {
  const main = html.match(/<main[^>]*>([\s\S]*)<\/main>/)?.[1] ?? ''
  return main.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"')
}

async function peopleCount(h: Harness): Promise<number> {
  const row = await h.db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function personRow(h: Harness, email: string) {
  return h.db.selectFrom('people').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
}

async function signInForm(client: Client, email: string, password: string) {
  return client.form('/sign-in?next=%2Fprofile', { email, password })
}

eachDatabase('accounts: registration and sign-in pages', (h) => {
  test('register, confirm the address from the email, sign in, see the profile, sign out', async () => {
    const client = clientFor(h())
    const email = uniqueEmail('ada')

    const form = await client.get('/register')
    assert.equal(form.status, 200)
    assert.match(form.body, /<form method="post" action="\/register"/)
    for (const field of ['_csrf', 'name', 'email', 'password']) {
      assert.match(form.body, new RegExp(`name="${field}"`), `the form has a ${field} field`)
    }

    const registered = await client.form('/register', { name: 'Ada Lovelace', email, password: PASSWORD })
    assert.equal(registered.status, 303)
    assert.equal(registered.headers.location, '/register/sent')
    const sent = await client.get('/register/sent')
    assert.equal(sent.status, 200)
    assert.match(sent.body, /Check your email/)
    const row = await personRow(h(), email)
    assert.ok(row, 'the person is stored')
    assert.equal(row.email_verified_at, null)
    assert.notEqual(row.password_hash, PASSWORD, 'only a hash is stored')

    // Before the address is confirmed the right password is not enough.
    const early = await signInForm(client, email, PASSWORD)
    assert.equal(early.status, 403)
    assert.match(early.body, /Confirm your email address first/)
    assert.match(early.body, /<form method="post" action="\/sign-in/)
    assert.match(early.body, new RegExp(`value="${email}"`))
    assert.ok(!early.body.includes(PASSWORD), 'the password is never sent back')
    assert.equal(client.cookie(sessionCookieName(h().config)), undefined)

    assert.equal(await h().runJobs(), 1)
    const mail = h().mail.to(email)
    assert.equal(mail.length, 1)
    assert.match(mail[0]?.text ?? '', /Ada Lovelace/)
    const link = h().mail.linkTo(email, '/verify-email?token=')
    assert.ok(link.startsWith(`${h().config.baseUrl}/verify-email?token=`))

    const confirmed = await client.get(pathOf(link))
    assert.equal(confirmed.status, 200)
    assert.match(confirmed.body, /Email address confirmed/)
    assert.ok((await personRow(h(), email))?.email_verified_at)
    // A confirmation link works once.
    const again = await client.get(pathOf(link))
    assert.equal(again.status, 400)
    assert.match(again.body, /This link cannot be used/)

    const signedIn = await signInForm(client, email, PASSWORD)
    assert.equal(signedIn.status, 303)
    assert.equal(signedIn.headers.location, '/profile')
    const token = client.cookie(sessionCookieName(h().config))
    assert.ok(token, 'a session cookie is set')
    const setCookie = String(signedIn.headers['set-cookie'])
    assert.match(setCookie, /HttpOnly/i)
    assert.match(setCookie, /SameSite=Lax/i)

    const profile = await client.get('/profile')
    assert.equal(profile.status, 200)
    assert.match(profile.body, /Ada Lovelace/)
    assert.match(profile.body, new RegExp(email))

    const signedOut = await client.form('/sign-out', {})
    assert.equal(signedOut.status, 303)
    assert.equal(signedOut.headers.location, '/')
    const afterwards = await client.get('/profile')
    assert.equal(afterwards.status, 303)
    assert.equal(afterwards.headers.location, '/sign-in?next=%2Fprofile')

    // The session is gone on the server, not only forgotten by this browser.
    const replay = clientFor(h())
    replay.setCookie(sessionCookieName(h().config), token)
    const replayed = await replay.get('/profile')
    assert.equal(replayed.status, 303)
    assert.equal(replayed.headers.location, '/sign-in?next=%2Fprofile')
  })

  test('a signed-in person asking for the registration or sign-in page goes to the profile', async () => {
    const client = clientFor(h(), await h().person())
    const register = await client.get('/register')
    assert.equal(register.status, 303)
    assert.equal(register.headers.location, '/profile')
    const signIn = await client.get('/sign-in?next=%2F%2Fevil.example')
    assert.equal(signIn.status, 303)
    assert.equal(signIn.headers.location, '/profile', 'never redirects off-site')
  })

  test('sign-in never redirects to another site', async () => {
    const person = await h().person()
    const client = clientFor(h())
    for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example/']) {
      const response = await client.form(`/sign-in?next=${encodeURIComponent(next)}`, {
        email: person.email,
        password: person.password,
      })
      assert.equal(response.status, 303)
      assert.equal(response.headers.location, '/profile', `next=${next}`)
    }
  })

  test('the confirmation page refuses a missing or made-up token', async () => {
    const client = clientFor(h())
    for (const path of ['/verify-email', '/verify-email?token=nonsense']) {
      const response = await client.get(path)
      assert.equal(response.status, 400)
      assert.match(response.body, /This link cannot be used/)
    }
  })

  test('a new confirmation link can be requested, and the answer does not reveal accounts', async () => {
    const client = clientFor(h())
    const email = uniqueEmail('resend')
    await client.form('/register', { name: 'Resend Person', email, password: PASSWORD })
    await h().runJobs()
    const first = h().mail.linkTo(email, '/verify-email?token=')

    const known = await client.form('/verify-email/resend', { email })
    const unknown = await client.form('/verify-email/resend', { email: uniqueEmail('nobody') })
    assert.equal(known.status, 303)
    assert.equal(unknown.status, 303)
    assert.equal(known.headers.location, unknown.headers.location)
    assert.equal(await h().runJobs(), 1, 'only the known address gets mail')
    const second = h().mail.linkTo(email, '/verify-email?token=')
    assert.notEqual(second, first)
    assert.equal((await client.get(pathOf(second))).status, 200)
  })
})

eachDatabase('accounts: registration refuses bad input', (h) => {
  const typedName = 'Grace Hopper'

  async function expectRefused(
    response: { status: number; body: string },
    status: number,
    message: RegExp,
    kept: { name?: string; email?: string },
  ) {
    assert.equal(response.status, status)
    assert.match(response.body, message)
    assert.match(response.body, /<form method="post" action="\/register"/, 'the form is shown again')
    if (kept.name) assert.ok(response.body.includes(`value="${kept.name}"`), 'the typed name is kept')
    if (kept.email) assert.ok(response.body.includes(`value="${kept.email}"`), 'the typed email is kept')
    assert.ok(!response.body.includes(PASSWORD), 'the password is never sent back')
  }

  test('a malformed email address', async () => {
    const before = await peopleCount(h())
    const client = clientFor(h())
    const response = await client.form('/register', {
      name: typedName,
      email: 'not-an-address',
      password: PASSWORD,
    })
    await expectRefused(response, 400, /Enter an email address like name@example.org/, {
      name: typedName,
      email: 'not-an-address',
    })
    assert.match(response.body, /aria-invalid="true"/)
    assert.equal(await peopleCount(h()), before)
  })

  test('a name longer than 120 characters', async () => {
    const before = await peopleCount(h())
    const name = 'N'.repeat(121)
    const email = uniqueEmail('long')
    const response = await clientFor(h()).form('/register', { name, email, password: PASSWORD })
    await expectRefused(response, 400, /Use at most 120 characters/, { name, email })
    assert.equal(await peopleCount(h()), before)
  })

  test('a blank name', async () => {
    const before = await peopleCount(h())
    const email = uniqueEmail('blank')
    const response = await clientFor(h()).form('/register', { name: '   ', email, password: PASSWORD })
    await expectRefused(response, 400, /Enter a value/, { email })
    assert.equal(await peopleCount(h()), before)
  })

  test('a password shorter than 12 characters', async () => {
    const before = await peopleCount(h())
    const email = uniqueEmail('short')
    const short = 'abcdefghijk'
    assert.equal(short.length, 11)
    const response = await clientFor(h()).form('/register', { name: typedName, email, password: short })
    await expectRefused(response, 400, /Use at least 12 characters/, { name: typedName, email })
    assert.ok(!response.body.includes(`value="${short}"`))
    assert.equal(await peopleCount(h()), before)
  })

  test("an address no mail can reach (the reserved .invalid domain of pupils' placeholders)", async () => {
    const before = await peopleCount(h())
    const email = `pupil-${randomBytes(3).toString('hex')}@pupils.invalid`
    const response = await clientFor(h()).form('/register', { name: typedName, email, password: PASSWORD })
    await expectRefused(response, 400, /No mail can reach this address/, { name: typedName, email })
    assert.equal(await peopleCount(h()), before)
  })

  test('an address that is already registered, in any letter case, gets the answer a new one gets', async () => {
    const local = `Foo-${randomBytes(3).toString('hex')}`
    const first = await clientFor(h()).form('/register', {
      name: 'First Foo',
      email: `${local}@X.org`,
      password: PASSWORD,
    })
    assert.equal(first.status, 303)
    const before = await peopleCount(h())

    for (const email of [`${local}@X.org`, `${local.toLowerCase()}@x.org`]) {
      const response = await clientFor(h()).form('/register', { name: typedName, email, password: PASSWORD })
      assert.equal(response.status, first.status)
      assert.equal(response.headers.location, first.headers.location)
      assert.equal(response.body, first.body)
    }
    assert.equal(await peopleCount(h()), before)
    const stored = await h()
      .db.selectFrom('people')
      .select(['email', 'name'])
      .where('email', '=', `${local.toLowerCase()}@x.org`)
      .execute()
    assert.deepEqual(stored, [{ email: `${local.toLowerCase()}@x.org`, name: 'First Foo' }])
  })

  test('a form without its CSRF token', async () => {
    const before = await peopleCount(h())
    const fields = { name: typedName, email: uniqueEmail('csrf'), password: PASSWORD }
    // A visitor who never loaded a page has no CSRF secret at all.
    const fresh = await clientFor(h()).form('/register', fields, { csrf: false })
    assert.equal(fresh.status, 403)
    assert.match(fresh.body, /The form has expired or did not come from this site/)
    // One who did, but whose form lacks the token (a forged cross-site form).
    const client = clientFor(h())
    await client.csrf()
    const forged = await client.form('/register', fields, { csrf: false })
    assert.equal(forged.status, 403)
    assert.match(forged.body, /The form has expired or did not come from this site/)
    const wrong = await client.request({
      method: 'POST',
      url: '/register',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, _csrf: 'made-up' }).toString(),
    })
    assert.equal(wrong.status, 403)
    assert.ok(!wrong.body.includes(PASSWORD))
    assert.equal(await peopleCount(h()), before)
  })

  test('a form posted from another site', async () => {
    const before = await peopleCount(h())
    const client = clientFor(h())
    const fields = {
      name: typedName,
      email: uniqueEmail('origin'),
      password: PASSWORD,
      _csrf: await client.csrf(),
    }
    const response = await client.request({
      method: 'POST',
      url: '/register',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      payload: new URLSearchParams(fields).toString(),
    })
    assert.equal(response.status, 403)
    assert.match(response.body, /Requests from other sites are not accepted/)
    assert.equal(await peopleCount(h()), before)
  })

  test('a 10 MB body', async () => {
    const before = await peopleCount(h())
    const client = clientFor(h())
    const response = await client.request({
      method: 'POST',
      url: '/register',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        name: 'x'.repeat(10 * 1024 * 1024),
        email: uniqueEmail('big'),
        password: PASSWORD,
        _csrf: await client.csrf(),
      }).toString(),
    })
    assert.equal(response.status, 413)
    assert.match(response.body, /The request is too large/)
    assert.equal(await peopleCount(h()), before)
  })

  test('two registrations for one address at the same moment make one account', async () => {
    const email = uniqueEmail('twice')
    const before = await peopleCount(h())
    const [a, b] = await Promise.all([
      clientFor(h()).form('/register', { name: 'Twin One', email, password: PASSWORD }),
      clientFor(h()).form('/register', { name: 'Twin Two', email: email.toUpperCase(), password: PASSWORD }),
    ])
    assert.deepEqual([a.status, b.status], [303, 303])
    assert.equal(a.headers.location, b.headers.location)
    assert.equal(await peopleCount(h()), before + 1)
    await h().runJobs()
    const verifications = h()
      .mail.to(email)
      .filter((m) => /Confirm your email address/.test(m.subject))
    assert.equal(verifications.length, 1, 'one verification mail, for the account that exists')
  })
})

eachDatabase('accounts: password reset', (h) => {
  test('known and unknown addresses get the same answer; only the known one gets mail', async () => {
    const person = await h().person()
    const unknown = uniqueEmail('nobody')
    const client = clientFor(h())

    const form = await client.get('/forgot-password')
    assert.equal(form.status, 200)
    assert.match(form.body, /action="\/forgot-password"/)

    const known = await client.form('/forgot-password', { email: person.email })
    const other = await client.form('/forgot-password', { email: unknown })
    assert.equal(known.status, 200)
    assert.equal(other.status, known.status)
    assert.match(known.body, /If an account uses this address, a link to reset the password is on its way/)
    assert.equal(mainContent(other.body), mainContent(known.body))

    assert.equal(await h().runJobs(), 1)
    assert.equal(h().mail.to(person.email).length, 1)
    assert.equal(h().mail.to(unknown).length, 0)
  })

  test('the emailed link sets a new password once, and every earlier session ends', async () => {
    const person = await h().person()
    const oldSession = clientFor(h(), person)
    assert.equal((await oldSession.get('/profile')).status, 200)

    const client = clientFor(h())
    await client.form('/forgot-password', { email: person.email })
    await h().runJobs()
    const link = h().mail.linkTo(person.email, '/reset-password?token=')
    const token = new URL(link).searchParams.get('token') ?? ''
    assert.ok(token.length > 20)

    const page = await client.get(pathOf(link))
    assert.equal(page.status, 200)
    assert.match(page.body, new RegExp(`name="token" value="${token}"`))

    const done = await client.form('/reset-password', { token, password: NEW_PASSWORD })
    assert.equal(done.status, 200)
    assert.match(done.body, /Password changed/)
    assert.ok(!done.body.includes(NEW_PASSWORD))

    const old = await oldSession.get('/profile')
    assert.equal(old.status, 303, 'the earlier session is signed out')
    assert.equal(old.headers.location, '/sign-in?next=%2Fprofile')
    const sessions = await h()
      .db.selectFrom('sessions')
      .select('id_hash')
      .where('person_id', '=', person.id)
      .execute()
    assert.equal(sessions.length, 0)

    assert.equal((await signInForm(clientFor(h()), person.email, person.password)).status, 400)
    assert.equal((await signInForm(clientFor(h()), person.email, NEW_PASSWORD)).status, 303)

    const reused = await client.form('/reset-password', { token, password: 'a third long passphrase' })
    assert.equal(reused.status, 400)
    assert.match(reused.body, /The reset link is invalid, has expired or was already used/)
    assert.equal((await signInForm(clientFor(h()), person.email, NEW_PASSWORD)).status, 303)
  })

  test('setting a new password voids every other reset link of the account', async () => {
    const person = await h().person()
    const client = clientFor(h())
    const tokens: string[] = []
    for (let n = 0; n < 2; n++) {
      await client.form('/forgot-password', { email: person.email })
      await h().runJobs()
      tokens.push(
        new URL(h().mail.linkTo(person.email, '/reset-password?token=')).searchParams.get('token') ?? '',
      )
    }
    const [older = '', newer = ''] = tokens
    assert.notEqual(older, newer)
    assert.equal((await client.form('/reset-password', { token: newer, password: NEW_PASSWORD })).status, 200)
    const stale = await client.form('/reset-password', { token: older, password: 'an attacker passphrase' })
    assert.equal(stale.status, 400)
    assert.match(stale.body, /The reset link is invalid/)
    assert.equal((await signInForm(clientFor(h()), person.email, NEW_PASSWORD)).status, 303)
  })

  test('changing the password voids reset links sent before', async () => {
    const person = await h().person()
    await clientFor(h()).form('/forgot-password', { email: person.email })
    await h().runJobs()
    const token =
      new URL(h().mail.linkTo(person.email, '/reset-password?token=')).searchParams.get('token') ?? ''
    const changed = await clientFor(h(), person).form('/profile/password', {
      current_password: person.password,
      password: NEW_PASSWORD,
    })
    assert.equal(changed.status, 303)
    const stale = await clientFor(h()).form('/reset-password', { token, password: 'an attacker passphrase' })
    assert.equal(stale.status, 400)
  })

  test('a made-up token is refused with a message', async () => {
    const response = await clientFor(h()).form('/reset-password', {
      token: 'not-a-real-token',
      password: NEW_PASSWORD,
    })
    assert.equal(response.status, 400)
    assert.match(response.body, /The reset link is invalid, has expired or was already used/)
    assert.match(response.body, /name="token" value="not-a-real-token"/, 'the form keeps its token')
    assert.ok(!response.body.includes(NEW_PASSWORD))
  })

  test('a short new password is refused and the token stays usable', async () => {
    const person = await h().person()
    const client = clientFor(h())
    await client.form('/forgot-password', { email: person.email })
    await h().runJobs()
    const token =
      new URL(h().mail.linkTo(person.email, '/reset-password?token=')).searchParams.get('token') ?? ''
    const short = await client.form('/reset-password', { token, password: 'short' })
    assert.equal(short.status, 400)
    assert.match(short.body, /Use at least 12 characters/)
    assert.equal((await client.form('/reset-password', { token, password: NEW_PASSWORD })).status, 200)
  })
})

eachDatabase('accounts: changing the password', (h) => {
  test('a wrong current password is refused with a field message', async () => {
    const person = await h().person()
    const client = clientFor(h(), person)
    const form = await client.get('/profile/password')
    assert.equal(form.status, 200)
    const response = await client.form('/profile/password', {
      current_password: 'not my password at all',
      password: NEW_PASSWORD,
    })
    assert.equal(response.status, 400)
    assert.match(response.body, /The current password is not correct/)
    assert.match(response.body, /id="field-current_password-error"/)
    assert.ok(!response.body.includes('not my password at all'))
    assert.ok(!response.body.includes(NEW_PASSWORD))
    assert.equal((await signInForm(clientFor(h()), person.email, person.password)).status, 303)
  })

  test('the same password again is refused', async () => {
    const person = await h().person()
    const response = await clientFor(h(), person).form('/profile/password', {
      current_password: person.password,
      password: person.password,
    })
    assert.equal(response.status, 400)
    assert.match(response.body, /Choose a password different from the current one/)
  })

  test('success signs out the other sessions and keeps this one', async () => {
    const person = await h().person()
    const here = clientFor(h(), person)
    const elsewhere = clientFor(h())
    assert.equal((await signInForm(elsewhere, person.email, person.password)).status, 303)
    assert.equal((await elsewhere.get('/profile')).status, 200)

    const response = await here.form('/profile/password', {
      current_password: person.password,
      password: NEW_PASSWORD,
    })
    assert.equal(response.status, 303)
    assert.equal(response.headers.location, '/profile?saved=password')
    assert.notEqual(
      here.cookie(sessionCookieName(h().config)),
      person.sessionToken,
      'the session id is renewed',
    )

    const profile = await here.get(String(response.headers.location))
    assert.equal(profile.status, 200)
    assert.match(profile.body, /Your password has been changed/)
    assert.equal((await elsewhere.get('/profile')).status, 303)
    assert.equal((await clientFor(h(), person).get('/profile')).status, 303, 'the old session id is dead')
    const sessions = await h()
      .db.selectFrom('sessions')
      .select('id_hash')
      .where('person_id', '=', person.id)
      .execute()
    assert.equal(sessions.length, 1)

    assert.equal((await signInForm(clientFor(h()), person.email, person.password)).status, 400)
    assert.equal((await signInForm(clientFor(h()), person.email, NEW_PASSWORD)).status, 303)
  })

  test('a visitor is sent to sign in', async () => {
    const response = await clientFor(h()).get('/profile/password')
    assert.equal(response.status, 303)
    assert.equal(response.headers.location, '/sign-in?next=%2Fprofile%2Fpassword')
  })
})

eachDatabase('accounts: lockout after wrong passwords', (h) => {
  test('five wrong passwords block the address, even against the right one', async () => {
    const person = await h().person()
    const client = clientFor(h())
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await signInForm(client, person.email, `wrong password ${attempt}`)
      assert.equal(response.status, 400, `attempt ${attempt}`)
      assert.match(response.body, /The email address or password is not correct/)
    }
    const locked = await signInForm(client, person.email, person.password)
    assert.equal(locked.status, 429)
    const retryAfter = Number(locked.headers['retry-after'])
    assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After is ${locked.headers['retry-after']}`)
    assert.match(locked.body, /Too many attempts\. Try again in \d+ min\./)
    assert.match(locked.body, new RegExp(`value="${person.email}"`))
    assert.equal(client.cookie(sessionCookieName(h().config)), undefined)
    // From another address too: the lock belongs to the account.
    assert.equal((await signInForm(clientFor(h()), person.email, person.password)).status, 429)
  })

  test('wrong passwords sent at the same moment all count', async () => {
    const person = await h().person()
    const attempts = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => signInForm(clientFor(h()), person.email, `parallel wrong ${n}`)),
    )
    assert.deepEqual(
      attempts.map((r) => r.status),
      [400, 400, 400, 400, 400],
    )
    assert.equal((await signInForm(clientFor(h()), person.email, person.password)).status, 429)
  })

  test('a right password in between starts the count again', async () => {
    const person = await h().person()
    for (let attempt = 1; attempt <= 4; attempt++) {
      await signInForm(clientFor(h()), person.email, `wrong password ${attempt}`)
    }
    assert.equal((await signInForm(clientFor(h()), person.email, person.password)).status, 303)
    for (let attempt = 1; attempt <= 4; attempt++) {
      await signInForm(clientFor(h()), person.email, `wrong password ${attempt}`)
    }
    assert.equal((await signInForm(clientFor(h()), person.email, person.password)).status, 303)
  })

  test('one address cannot try more than ten sign-ins a minute', async () => {
    const client = clientFor(h())
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await signInForm(client, uniqueEmail('guess'), 'a guessed password')
      assert.equal(response.status, 400, `attempt ${attempt}`)
    }
    const limited = await signInForm(client, uniqueEmail('guess'), 'a guessed password')
    assert.equal(limited.status, 429)
    assert.ok(Number(limited.headers['retry-after']) > 0)
    // Another address is not affected.
    assert.equal((await signInForm(clientFor(h()), uniqueEmail('guess'), 'a guessed password')).status, 400)
  })

  test('an unknown address gets the same answer as a wrong password', async () => {
    const person = await h().person()
    const wrong = await signInForm(clientFor(h()), person.email, 'not the password')
    const unknown = await signInForm(clientFor(h()), uniqueEmail('nobody'), 'not the password')
    assert.equal(unknown.status, wrong.status)
    assert.equal(unknown.status, 400)
    for (const response of [wrong, unknown]) {
      assert.match(response.body, /The email address or password is not correct/)
      assert.ok(!response.body.includes('not the password'))
    }
  })
})

eachDatabase('accounts: own profile', (h) => {
  test('name and language changes are saved', async () => {
    const person = await h().person({ role: 'registered' })
    const client = clientFor(h(), person)
    const page = await client.get('/profile')
    assert.equal(page.status, 200)
    assert.match(page.body, /action="\/profile"/)

    const saved = await client.form('/profile', { name: '  Renamed Person  ', locale: 'ru' })
    assert.equal(saved.status, 303)
    assert.equal(saved.headers.location, '/profile?saved=1')
    assert.equal(client.cookie('korpu_lang'), 'ru')
    const row = await personRow(h(), person.email)
    assert.equal(row?.name, 'Renamed Person')
    assert.equal(row?.locale, 'ru')

    const after = await client.get('/profile?saved=1')
    assert.match(after.body, /<html lang="ru">/)
    assert.match(after.body, /Renamed Person/)
    assert.match(after.body, /<option value="ru" selected>/)
  })

  test('an over-long name and an unknown language are refused, and nothing changes', async () => {
    const person = await h().person()
    const client = clientFor(h(), person)
    const name = 'L'.repeat(121)
    const long = await client.form('/profile', { name, locale: 'en' })
    assert.equal(long.status, 400)
    assert.match(long.body, /Use at most 120 characters/)
    assert.ok(long.body.includes(`value="${name}"`), 'the typed name is kept')

    const language = await client.form('/profile', { name: 'Fine Name', locale: 'de' })
    assert.equal(language.status, 400)
    assert.match(language.body, /Choose one of the listed options/)

    const row = await personRow(h(), person.email)
    assert.equal(row?.name, person.name)
    assert.equal(row?.locale, null)
  })

  test('a pupil can see but not change their account', async () => {
    const pupil = await h().person({ role: 'pupil' })
    const client = clientFor(h(), pupil)
    const page = await client.get('/profile')
    assert.equal(page.status, 200)
    assert.ok(!page.body.includes('action="/profile"'), 'no edit form for a pupil')
    const update = await client.form('/profile', { name: 'Changed By Pupil', locale: 'en' })
    assert.equal(update.status, 403)
    const password = await client.form('/profile/password', {
      current_password: 'whatever it is now',
      password: NEW_PASSWORD,
    })
    assert.equal(password.status, 403)
    assert.equal((await personRow(h(), pupil.email))?.name, pupil.name)
  })

  test('a visitor cannot change a profile', async () => {
    const response = await clientFor(h()).form('/profile', { name: 'Nobody', locale: 'en' })
    assert.equal(response.status, 401)
    const page = await clientFor(h()).get('/profile')
    assert.equal(page.status, 303)
    assert.equal(page.headers.location, '/sign-in?next=%2Fprofile')
  })
})
