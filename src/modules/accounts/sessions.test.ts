import assert from 'node:assert/strict'
import { test } from 'node:test'
import { addressedClient } from '../../../test/helpers/addressed-client.ts'
import type { Client } from '../../../test/helpers/client.ts'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { sessionCookieName } from '../../app.ts'
import { newId } from '../../db/ids.ts'
import { hashToken } from '../../platform/tokens.ts'

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'
const DAY_MS = 24 * 3600_000

/** Clients on their own addresses in 10.40.x.x (see addressedClient). */
function clientFor(h: Harness, person?: TestPerson): Client {
  return addressedClient(h, 40, person)
}

/** Whether a session cookie value still signs anyone in. */
async function works(h: Harness, token: string): Promise<boolean> {
  const client = clientFor(h)
  client.setCookie(sessionCookieName(h.config), token)
  return (await client.get('/api/v1/me')).status === 200
}

async function signIn(h: Harness, person: TestPerson, userAgent = FIREFOX_WINDOWS): Promise<Client> {
  const client = clientFor(h)
  await client.get('/sign-in', { 'user-agent': userAgent })
  const response = await client.request({
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': userAgent },
    payload: new URLSearchParams({
      email: person.email,
      password: person.password,
      _csrf: await client.csrf(),
    }).toString(),
  })
  assert.equal(response.status, 303, response.body)
  return client
}

const tokenOf = (h: Harness, client: Client) => client.cookie(sessionCookieName(h.config)) ?? ''

/** The handles of the "sign out" forms on one's sessions page. */
function handlesOn(html: string): string[] {
  return [...html.matchAll(/action="\/profile\/sessions\/([0-9a-f]{32})\/end"/g)].map((m) => m[1] ?? '')
}

eachDatabase(
  'session cookie behind https',
  (h) => {
    test('is __Host-korpu_session with Secure, HttpOnly, SameSite=Lax, Path=/ and no Domain; it signs in', async () => {
      const person = await h().person()
      const client = clientFor(h())
      const response = await client.form('/sign-in', { email: person.email, password: person.password })
      assert.equal(response.status, 303, response.body)
      const line = String(
        [response.headers['set-cookie']].flat().find((c) => String(c).startsWith('__Host-korpu_session=')),
      )
      for (const attribute of [/; Secure/, /; HttpOnly/, /; SameSite=Lax/, /; Path=\/(;|$)/]) {
        assert.match(line, attribute)
      }
      assert.doesNotMatch(line, /Domain=/i)
      assert.equal((await client.get('/api/v1/me')).status, 200)
      // Signing out expires it with the same flags, or a browser would keep the __Host- cookie.
      const out = await client.form('/sign-out', {})
      const cleared = String(
        [out.headers['set-cookie']].flat().find((c) => String(c).startsWith('__Host-korpu_session=')),
      )
      assert.match(cleared, /; Secure/)
      assert.match(cleared, /Expires=Thu, 01 Jan 1970/)
    })
  },
  { KORPU_BASE_URL: 'https://korpu.example.az' },
)

eachDatabase('sessions', (h) => {
  test('on plain http the cookie is named korpu_session, HttpOnly, SameSite=Lax, Path=/, without Secure (local use)', async () => {
    const person = await h().person()
    const client = clientFor(h())
    const response = await client.form('/sign-in', { email: person.email, password: person.password })
    const line = [response.headers['set-cookie']].flat().find((c) => String(c).startsWith('korpu_session='))
    assert.ok(line, 'a session cookie is set')
    assert.match(String(line), /; HttpOnly/)
    assert.match(String(line), /; SameSite=Lax/)
    assert.match(String(line), /; Path=\//)
    assert.doesNotMatch(String(line), /; Secure/)
  })

  test('signing in replaces the session the browser came with: the old cookie no longer works', async () => {
    const person = await h().person()
    const client = clientFor(h(), person)
    await client.form('/sign-in', { email: person.email, password: person.password })
    const fresh = tokenOf(h(), client)
    assert.ok(fresh && fresh !== person.sessionToken, 'a new id on sign-in')
    assert.equal(await works(h(), person.sessionToken), false)
    assert.equal(await works(h(), fresh), true)
  })

  test('signing out ends the session (page and API)', async () => {
    const person = await h().person()
    const page = await signIn(h(), person)
    const pageToken = tokenOf(h(), page)
    assert.equal((await page.form('/sign-out', {})).status, 303)
    assert.equal(await works(h(), pageToken), false)
    const api = await signIn(h(), person)
    const apiToken = tokenOf(h(), api)
    assert.equal((await api.api('DELETE', '/api/v1/session')).status, 204)
    assert.equal(await works(h(), apiToken), false)
  })

  test('a password change ends every other session and replaces the current one', async () => {
    const person = await h().person()
    const here = await signIn(h(), person)
    const before = tokenOf(h(), here)
    const elsewhere = await signIn(h(), person, SAFARI_IPHONE)
    const changed = await here.form('/profile/password', {
      current_password: person.password,
      password: 'a brand new passphrase for 2026',
    })
    assert.equal(changed.status, 303, changed.body)
    assert.notEqual(tokenOf(h(), here), before)
    assert.equal(await works(h(), before), false, 'the old id of this browser')
    assert.equal(await works(h(), tokenOf(h(), elsewhere)), false, 'the other device')
    assert.equal(await works(h(), tokenOf(h(), here)), true, 'the replacement')
    assert.equal(await works(h(), person.sessionToken), false)
  })

  test('a privilege change ends the sessions begun without it: role granted, role removed, institution admin gained', async () => {
    const person = await h().person()
    const now = new Date().toISOString()
    await h()
      .db.insertInto('role_grants')
      .values({ person_id: person.id, role: 'editor', granted_at: now })
      .execute()
    assert.equal(await works(h(), person.sessionToken), false, 'editor granted')

    const asEditor = await signIn(h(), person)
    assert.equal(await works(h(), tokenOf(h(), asEditor)), true)
    await h().db.deleteFrom('role_grants').where('person_id', '=', person.id).execute()
    assert.equal(await works(h(), tokenOf(h(), asEditor)), false, 'editor removed')

    const asMember = await signIn(h(), person)
    const institution = await createInstitution(h().db)
    await h()
      .db.insertInto('memberships')
      .values({
        id: newId(),
        person_id: person.id,
        institution_id: institution.id,
        role: 'institution_admin',
        status: 'confirmed',
        created_at: now,
      })
      .execute()
    assert.equal(await works(h(), tokenOf(h(), asMember)), false, 'institution admin gained')
    const again = await signIn(h(), person)
    const me = await again.get('/api/v1/me')
    assert.ok(
      me.json<{ roles: string[] }>().roles.includes('institution_admin'),
      'signing in again brings the rights',
    )
  })

  test('idle for 7 days or 30 days old: the session has ended', async () => {
    const idle = await h().person()
    const idleHash = hashToken(idle.sessionToken)
    const setSession = (hash: string, values: { last_seen_at?: string; expires_at?: string }) =>
      h().db.updateTable('sessions').set(values).where('id_hash', '=', hash).execute()

    await setSession(idleHash, { last_seen_at: new Date(Date.now() - 6 * DAY_MS).toISOString() })
    assert.equal(await works(h(), idle.sessionToken), true, 'six idle days are within the limit')
    const touched = await h()
      .db.selectFrom('sessions')
      .select('last_seen_at')
      .where('id_hash', '=', idleHash)
      .executeTakeFirstOrThrow()
    assert.ok(Date.parse(touched.last_seen_at) > Date.now() - DAY_MS, 'using it moves the idle clock')
    await setSession(idleHash, { last_seen_at: new Date(Date.now() - 7 * DAY_MS - 60_000).toISOString() })
    assert.equal(await works(h(), idle.sessionToken), false, 'idle for more than 7 days')

    const old = await h().person()
    // In daily use (never idle), but begun more than 30 days ago: the absolute limit.
    await setSession(hashToken(old.sessionToken), { expires_at: new Date(Date.now() - 60_000).toISOString() })
    assert.equal(await works(h(), old.sessionToken), false, 'past the absolute limit')
  })

  test('lists one’s sessions with their device; ends one, then all the others', async () => {
    const person = await h().person()
    const here = await signIn(h(), person, FIREFOX_WINDOWS)
    const phone = await signIn(h(), person, SAFARI_IPHONE)
    const page = await here.get('/profile/sessions')
    assert.equal(page.status, 200)
    assert.match(page.body, /Firefox · Windows/)
    assert.match(page.body, /Safari · iOS/)
    assert.match(page.body, /This session/)
    // The factory's session (no device) is listed too; the current one has no sign-out button.
    assert.match(page.body, /Unknown device/)
    const handles = handlesOn(page.body)
    assert.equal(handles.length, 2)
    assert.doesNotMatch(page.body, new RegExp(tokenOf(h(), here)), 'no cookie value on the page')
    assert.doesNotMatch(page.body, new RegExp(hashToken(tokenOf(h(), phone))), 'nor its stored hash')

    const phoneRow = page.body.split('<tr>').find((row) => row.includes('Safari · iOS')) ?? ''
    const [phoneHandle = ''] = handlesOn(phoneRow)
    const ended = await here.form(`/profile/sessions/${phoneHandle}/end`, {})
    assert.equal(ended.status, 303)
    assert.equal(ended.headers.location, '/profile/sessions?ended=1')
    const after = await here.get('/profile/sessions?ended=1')
    assert.equal(handlesOn(after.body).length, 1)
    assert.match(after.body, /Signed out\./)
    assert.equal(await works(h(), tokenOf(h(), phone)), false, 'the phone is signed out')

    const everywhere = await here.form('/profile/sessions/end-others', {})
    assert.equal(everywhere.status, 303)
    assert.equal(handlesOn((await here.get('/profile/sessions')).body).length, 0)
    assert.equal(await works(h(), person.sessionToken), false)
    assert.equal(await works(h(), tokenOf(h(), here)), true, 'the current session stays')
  })

  test('another person’s session cannot be ended (404), a malformed handle is 400, a visitor is asked to sign in', async () => {
    const owner = await h().person()
    const other = await h().person()
    const ownerClient = await signIn(h(), owner)
    const [ownerHandle = ''] = handlesOn((await ownerClient.get('/profile/sessions')).body)
    const otherClient = clientFor(h(), other)
    const refused = await otherClient.form(`/profile/sessions/${ownerHandle}/end`, {})
    assert.equal(refused.status, 404)
    assert.equal(await works(h(), owner.sessionToken), true)
    assert.equal((await otherClient.form('/profile/sessions/not-a-handle/end', {})).status, 400)

    const visitor = clientFor(h())
    const page = await visitor.get('/profile/sessions')
    assert.equal(page.status, 303)
    assert.equal(page.headers.location, '/sign-in?next=%2Fprofile%2Fsessions')
    assert.equal((await visitor.form('/profile/sessions/end-others', {})).status, 401)
  })

  test('every role may see its own sessions; the profile links to them', async () => {
    for (const role of [
      'registered',
      'member',
      'institution_admin',
      'editor',
      'coordinator',
      'platform_admin',
    ] as const) {
      const client = clientFor(h(), await h().person({ role }))
      assert.equal((await client.get('/profile/sessions')).status, 200, role)
    }
    const pupil = clientFor(h(), await h().person({ role: 'pupil' }))
    assert.equal((await pupil.get('/profile/sessions')).status, 200, 'pupil')
    const profile = await clientFor(h(), await h().person()).get('/profile')
    assert.match(profile.body, /href="\/profile\/sessions"/)
    assert.match(profile.body, /href="\/profile\/second-factor"/)
  })
})
