import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { newId } from '../src/db/ids.ts'
import {
  type Actor,
  can,
  isDefined,
  ROLES,
  type Role,
  type RouteAction,
  VISITOR,
} from '../src/platform/policy.ts'
import { actorForSession, createSession } from '../src/platform/sessions.ts'
import type { Client } from './helpers/client.ts'
import type { TestPerson } from './helpers/factories.ts'
import { eachDatabase } from './helpers/harness.ts'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
const UNSAFE = new Set<string>(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * A concrete URL for a route pattern. Parameters get a valid-looking value (authorization is decided before the
 * handler looks at them, so any well-formed value will do); an unknown parameter name still gets one.
 */
function concreteUrl(pattern: string): string {
  const values: Record<string, string> = { locale: 'en', id: newId(), slug: 'example' }
  return pattern
    .replace(/:(\w+)/g, (_m, name: string) => values[name] ?? 'example')
    .replace(/\*$/, pattern.startsWith('/static/vendor/') ? 'htmx.min.js' : 'style.css')
}

function isApi(url: string): boolean {
  return url.startsWith('/api/')
}

interface Subject {
  role: Role
  person: TestPerson | null
  actor: Actor
}

eachDatabase('authorization: every route × every role', (h) => {
  const subjects: Subject[] = []

  before(async () => {
    for (const role of ROLES) {
      if (role === 'visitor') {
        subjects.push({ role, person: null, actor: VISITOR })
        continue
      }
      const person = await h().person({ role })
      const actor = await actorForSession(h().db, person.sessionToken)
      assert.ok(actor, `the ${role} test person has a session`)
      // The person holds exactly the roles the app will see for them; the policy is asked about that same actor.
      assert.ok(actor.roles.has(role), `the ${role} test person holds the role ${role}`)
      subjects.push({ role, person, actor })
    }
  })

  test('every route declares the policy action it is checked against', () => {
    const table = h().app.routeTable
    assert.ok(table.length > 20, 'the route table lists the registered routes')
    const undeclared = table.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`)
    assert.deepEqual(undeclared, [], `routes without an access declaration: ${undeclared.join(', ')}`)
  })

  test('every declared action has a rule (a misspelt action would silently deny everyone)', () => {
    const unknown = h()
      .app.routeTable.filter((r) => r.access && !isDefined(r.access))
      .map((r) => `${r.method} ${r.url}: ${r.access}`)
    assert.deepEqual(unknown, [], `routes naming an action without a rule: ${unknown.join(', ')}`)
  })

  /** A fresh session per request: some routes (sign-out) end the session they are called with. */
  async function clientFor(subject: Subject): Promise<Client> {
    const client = await h().client()
    if (subject.person) {
      const token = await createSession(h().db, subject.person.id)
      client.setCookie('korpu_session', token)
    }
    return client
  }

  async function send(client: Client, method: Method, url: string) {
    const headers: Record<string, string> = {}
    let payload: string | undefined
    if (UNSAFE.has(method)) {
      // A valid CSRF token, so that what is refused (or not) is decided by authorization, not by the CSRF check.
      const token = await client.csrf()
      if (isApi(url)) {
        headers['x-csrf-token'] = token
        headers['content-type'] = 'application/json'
        payload = '{}'
      } else {
        headers['content-type'] = 'application/x-www-form-urlencoded'
        payload = new URLSearchParams({ _csrf: token }).toString()
      }
    }
    return client.request({ method, url, headers, payload })
  }

  test('each role gets exactly what the policy allows on each route', async () => {
    const failures: string[] = []
    for (const route of h().app.routeTable) {
      const action = route.access as RouteAction
      const url = concreteUrl(route.url)
      for (const subject of subjects) {
        const allowed = can(subject.actor, action, undefined)
        const client = await clientFor(subject)
        const response = await send(client, route.method as Method, url)
        const where = `${route.method} ${url} as ${subject.role} (${action} ${allowed ? 'allows' : 'denies'}): ${response.status}`
        if (allowed) {
          const toSignIn = response.status === 303 && String(response.headers.location).startsWith('/sign-in')
          if (response.status === 401 || response.status === 403 || (subject.person === null && toSignIn)) {
            failures.push(where)
          }
          continue
        }
        const signInRedirect =
          subject.role === 'visitor' &&
          route.method === 'GET' &&
          !isApi(route.url) &&
          response.status === 303 &&
          String(response.headers.location).startsWith('/sign-in')
        if (!signInRedirect && response.status !== 401 && response.status !== 403) failures.push(where)
        // A visitor is asked to sign in, a signed-in person is told they may not: 401 is for visitors only.
        if (subject.role !== 'visitor' && response.status === 401)
          failures.push(`${where} (401 for a signed-in person)`)
      }
    }
    assert.deepEqual(failures, [], `responses that do not match the policy:\n${failures.join('\n')}`)
  })

  test('a refused request gets the refusal in the right form (problem+json for the API, a page or sign-in for the site)', async () => {
    const visitor = await h().client()
    const api = await visitor.get('/api/v1/me')
    assert.equal(api.status, 401)
    assert.match(String(api.headers['content-type']), /^application\/problem\+json/)
    const page = await visitor.get('/admin/audit')
    assert.equal(page.status, 303)
    assert.equal(page.headers.location, '/sign-in?next=%2Fadmin%2Faudit')
    const member = subjects.find((s) => s.role === 'member')
    assert.ok(member)
    const forbidden = await (await clientFor(member)).get('/admin/audit')
    assert.equal(forbidden.status, 403)
    assert.match(String(forbidden.headers['content-type']), /^text\/html/)
  })

  test('authorization is decided before input validation: a refused person learns nothing about the inputs', async () => {
    const badCursor = `/admin/audit?before=${'x'.repeat(500)}`
    const visitor = await h().client()
    const asVisitor = await visitor.get(badCursor)
    assert.equal(asVisitor.status, 303)
    assert.match(String(asVisitor.headers.location), /^\/sign-in\?next=/)
    const member = subjects.find((s) => s.role === 'member')
    assert.ok(member)
    assert.equal((await (await clientFor(member)).get(badCursor)).status, 403)
    const admin = subjects.find((s) => s.role === 'platform_admin')
    assert.ok(admin)
    assert.equal((await (await clientFor(admin)).get(badCursor)).status, 400)
  })
})
