import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hash } from '@node-rs/argon2'
import { addressedClient, uniqueEmail } from '../../../test/helpers/addressed-client.ts'
import type { Client, Response } from '../../../test/helpers/client.ts'
import type { TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { LIMIT_RULES } from '../../platform/limits.ts'
import { PASSWORD_MAX, verifyPassword } from '../../platform/passwords.ts'

const PASSWORD = 'a long enough passphrase'
/** On the bundled list of breached passwords (as "1qaz2wsx3edc"): refused in any letter case. */
const COMMON = '1QAZ2WSX3EDC'
const COMMON_MESSAGE = /This password is too common/

/** Clients on their own addresses in 10.6.x.x (see addressedClient). */
function clientFor(h: Harness, person?: TestPerson): Client {
  return addressedClient(h, 6, person)
}

/** The page's main content without the per-response CSRF tokens, to compare two answers. */
function mainContent(html: string): string {
  const main = html.match(/<main[^>]*>([\s\S]*)<\/main>/)?.[1] ?? ''
  return main.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"')
}

function pathOf(link: string): string {
  const url = new URL(link)
  return url.pathname + url.search
}

async function storedHash(h: Harness, email: string): Promise<string> {
  const row = await h.db
    .selectFrom('people')
    .select('password_hash')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  return row.password_hash ?? ''
}

/** Asks for a reset link for `email` and returns the link's path from the mail. */
async function resetLink(h: Harness, email: string): Promise<string> {
  assert.equal((await clientFor(h).form('/forgot-password', { email })).status, 200)
  await h.runJobs()
  const mail = h.mail.to(email).at(-1)
  const link = mail?.text.match(/https?:\/\/\S+reset-password\?token=\S+/)?.[0]
  assert.ok(link, 'a reset link was mailed')
  return pathOf(link)
}

eachDatabase('accounts: passwords, and the same answer for known and unknown addresses', (h) => {
  test('registration refuses a common password with a field message, keeping what was typed', async () => {
    const email = uniqueEmail('common')
    const response = await clientFor(h()).form('/register', {
      name: 'Common Choice',
      email,
      password: COMMON,
    })
    assert.equal(response.status, 400)
    assert.match(response.body, COMMON_MESSAGE)
    assert.match(response.body, /href="#field-password"/)
    assert.ok(response.body.includes(`value="${email}"`) && response.body.includes('value="Common Choice"'))
    assert.ok(!response.body.includes(COMMON))
    const api = await clientFor(h()).api('POST', '/api/v1/registrations', {
      name: 'Common Choice',
      email,
      password: COMMON.toLowerCase(),
    })
    assert.equal(api.status, 400)
    const problem = api.json<{ errors: Array<{ field: string; detail: string }> }>()
    assert.equal(problem.errors[0]?.field, 'password')
    assert.match(problem.errors[0]?.detail ?? '', COMMON_MESSAGE)
    const stored = await h().db.selectFrom('people').select('id').where('email', '=', email).execute()
    assert.deepEqual(stored, [])
  })

  test('128 characters are accepted; 129 get a field message; no composition rules', async () => {
    const longest = 'unrelated words '.repeat(8)
    assert.equal(longest.length, PASSWORD_MAX)
    const accepted = await clientFor(h()).form('/register', {
      name: 'Long Phrase',
      email: uniqueEmail('long'),
      password: longest,
    })
    assert.equal(accepted.status, 303)
    const lowerOnly = await clientFor(h()).form('/register', {
      name: 'Plain Words',
      email: uniqueEmail('plain'),
      password: 'plain lower case words',
    })
    assert.equal(lowerOnly.status, 303, 'no digits, capitals or symbols required')
    const email = uniqueEmail('toolong')
    const refused = await clientFor(h()).form('/register', {
      name: 'Too Long',
      email,
      password: `${longest}x`,
    })
    assert.equal(refused.status, 400)
    assert.match(refused.body, /Use at most 128 characters/)
    assert.ok(refused.body.includes(`value="${email}"`))
  })

  test('a reset refuses a common password and the link stays usable', async () => {
    const person = await h().person()
    const link = await resetLink(h(), person.email)
    const token = new URLSearchParams(link.split('?')[1]).get('token') ?? ''
    const client = clientFor(h())
    const refused = await client.form('/reset-password', { token, password: COMMON })
    assert.equal(refused.status, 400)
    assert.match(refused.body, COMMON_MESSAGE)
    assert.equal(
      (await client.form('/reset-password', { token, password: 'a fresh uncommon passphrase' })).status,
      200,
    )
  })

  test('changing the password refuses a common one and keeps the old password', async () => {
    const person = await h().person()
    const client = clientFor(h(), person)
    const refused = await client.form('/profile/password', {
      current_password: person.password,
      password: COMMON,
    })
    assert.equal(refused.status, 400)
    assert.match(refused.body, COMMON_MESSAGE)
    assert.ok(await verifyPassword(await storedHash(h(), person.email), person.password))
  })

  test('wrong current passwords on the change form count as wrong sign-ins', async () => {
    const person = await h().person()
    const client = clientFor(h(), person)
    for (let attempt = 1; attempt <= LIMIT_RULES.signInAccount.max; attempt++) {
      const wrong = await client.form('/profile/password', {
        current_password: `not mine ${attempt}`,
        password: 'a fresh uncommon passphrase',
      })
      assert.equal(wrong.status, 400)
    }
    const right = await client.form('/profile/password', {
      current_password: person.password,
      password: 'a fresh uncommon passphrase',
    })
    assert.equal(right.status, 429)
    assert.match(right.body, /Too many attempts/)
    const signIn = await clientFor(h()).form('/sign-in', { email: person.email, password: person.password })
    assert.equal(signIn.status, 429)
  })

  test('a hash made with older parameters is upgraded at sign-in, and then left alone', async () => {
    const person = await h().person({ role: 'registered' })
    // argon2id with less memory and one pass: what an older configuration would have stored.
    const weak = await hash(person.password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 })
    await h().db.updateTable('people').set({ password_hash: weak }).where('id', '=', person.id).execute()
    const signIn = () => clientFor(h()).form('/sign-in', { email: person.email, password: person.password })
    assert.equal((await signIn()).status, 303)
    const upgraded = await storedHash(h(), person.email)
    assert.match(upgraded, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    assert.ok(await verifyPassword(upgraded, person.password))
    assert.equal((await signIn()).status, 303)
    assert.equal(await storedHash(h(), person.email), upgraded, 'a current hash is not made again')
  })

  test('registration: the same page; the owner of a taken address is told by mail', async () => {
    const owner = await h().person({ locale: 'ru' })
    const newcomer = uniqueEmail('newcomer')
    const answers: Response[] = []
    for (const email of [owner.email, newcomer]) {
      const client = clientFor(h())
      const response = await client.form('/register', { name: 'Same Answer', email, password: PASSWORD })
      assert.equal(response.status, 303)
      answers.push(await client.get(response.headers.location as string))
    }
    const [taken, fresh] = answers as [Response, Response]
    assert.equal(taken.status, fresh.status)
    assert.equal(mainContent(taken.body), mainContent(fresh.body))
    await h().runJobs()
    const notice = h().mail.to(owner.email)
    assert.equal(notice.length, 1)
    assert.match(notice[0]?.subject ?? '', /Кто-то пытался зарегистрироваться/, "in the owner's language")
    assert.ok(notice[0]?.text.includes('http://localhost:3000/sign-in'))
    assert.ok(notice[0]?.text.includes('http://localhost:3000/forgot-password'))
    assert.match(h().mail.to(newcomer)[0]?.subject ?? '', /Confirm your email address/)
    const owners = await h().db.selectFrom('people').select('name').where('email', '=', owner.email).execute()
    assert.deepEqual(owners, [{ name: owner.name }], 'the account is unchanged')
  })

  test('sign-in: a wrong password and an unknown address get the same page, and the same block after five', async () => {
    const person = await h().person()
    const stranger = uniqueEmail('stranger')
    const pages: string[][] = []
    for (const email of [person.email, stranger]) {
      const seen: string[] = []
      for (let attempt = 1; attempt <= LIMIT_RULES.signInAccount.max + 1; attempt++) {
        const response = await clientFor(h()).form('/sign-in', { email, password: `not it ${attempt}` })
        seen.push(`${response.status} ${mainContent(response.body).replaceAll(email, 'EMAIL')}`)
      }
      pages.push(seen)
    }
    assert.deepEqual(pages[0], pages[1])
    assert.match(pages[0]?.[0] ?? '', /^400 [\s\S]*The email address or password is not correct/)
    assert.match(pages[0]?.at(-1) ?? '', /^429 [\s\S]*Too many attempts\. Try again in \d+ min\./)
  })

  test('a reset link clears the block that wrong passwords set on the address', async () => {
    const person = await h().person()
    for (let attempt = 1; attempt <= LIMIT_RULES.signInAccount.max; attempt++) {
      await clientFor(h()).form('/sign-in', { email: person.email, password: `guess ${attempt}` })
    }
    assert.equal(
      (await clientFor(h()).form('/sign-in', { email: person.email, password: person.password })).status,
      429,
    )
    const token = new URLSearchParams((await resetLink(h(), person.email)).split('?')[1]).get('token') ?? ''
    const newPassword = 'my own new passphrase'
    assert.equal((await clientFor(h()).form('/reset-password', { token, password: newPassword })).status, 200)
    assert.equal(
      (await clientFor(h()).form('/sign-in', { email: person.email, password: newPassword })).status,
      303,
    )
  })

  test('mail on request is limited per address, for known and unknown addresses alike', async () => {
    const person = await h().person()
    const answers: string[] = []
    for (const email of [person.email, uniqueEmail('unknown')]) {
      for (let request = 1; request <= LIMIT_RULES.mailAccount.max; request++) {
        assert.equal((await clientFor(h()).form('/forgot-password', { email })).status, 200)
      }
      const limited = await clientFor(h()).form('/forgot-password', { email })
      assert.equal(limited.status, 429)
      assert.ok(Number(limited.headers['retry-after']) > 0)
      answers.push(mainContent(limited.body).replaceAll(email, 'EMAIL'))
      // Registration and a new confirmation link draw on the same allowance.
      const register = await clientFor(h()).form('/register', {
        name: 'Mail Bomb',
        email,
        password: PASSWORD,
      })
      assert.equal(register.status, 429)
    }
    assert.equal(answers[0], answers[1])
    await h().runJobs()
    assert.equal(h().mail.to(person.email).length, LIMIT_RULES.mailAccount.max)
  })
})
