import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { translator } from '../src/platform/i18n.ts'
import { can, type RouteAction } from '../src/platform/policy.ts'
import type { Response } from './helpers/client.ts'
import { eachDatabase } from './helpers/harness.ts'
import {
  clientFor,
  concreteUrl,
  createSubjects,
  isApi,
  type Method,
  type Subject,
  UNSAFE_METHODS,
} from './helpers/roles.ts'

/**
 * State-changing routes that ask for no CSRF token, each with the reason. Nothing else may be exempt; the Origin
 * check applies to these too. (No route authenticates with an API token: /metrics takes a bearer token but is a GET.)
 */
const EXEMPT: Record<string, string> = {
  'POST /unsubscribe/:token':
    "signed link: the URL carries an HMAC of whom it unsubscribes, and a mail client's one-click POST (RFC 8058) has no token",
}

const t = translator('en')

/** The refusal names its reason, so a 403 from the policy is not mistaken for the CSRF check's. */
function refusedFor(response: Response, key: 'errors.csrf' | 'errors.cross_origin'): boolean {
  return response.status === 403 && response.body.includes(t(key))
}

eachDatabase('CSRF: every state-changing route with cookie authentication', (h) => {
  let subjects: Subject[] = []

  before(async () => {
    subjects = await createSubjects(h())
  })

  /** The state-changing routes, generated from the route table so that a new route is covered as it lands. */
  const unsafeRoutes = () => h().app.routeTable.filter((r) => UNSAFE_METHODS.has(r.method))

  /**
   * Someone the route's policy lets in (the route-level check), so that a refusal can only come from the CSRF or
   * Origin check. Signed-in people first: cookie authentication is what CSRF abuses.
   */
  function allowedSubject(access: string | undefined): Subject {
    const ordered = [...subjects.filter((s) => s.person), ...subjects.filter((s) => !s.person)]
    const subject = ordered.find((s) => access && can(s.actor, access as RouteAction, undefined))
    assert.ok(subject, `somebody may use ${access}`)
    return subject
  }

  /** The route's request as its own page or API client would send it, with or without the token. */
  async function send(
    route: { method: string; url: string; access?: string },
    options: {
      token: boolean
      origin?: string
    },
  ): Promise<Response> {
    const client = await clientFor(h(), allowedSubject(route.access))
    const url = concreteUrl(route.url)
    // Fetching a token sets the secret cookie, as loading the form would: only the token itself is missing.
    const token = await client.csrf()
    const headers: Record<string, string> = {}
    if (options.origin) headers.origin = options.origin
    let payload: string
    if (isApi(url)) {
      headers['content-type'] = 'application/json'
      if (options.token) headers['x-csrf-token'] = token
      payload = '{}'
    } else {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      payload = new URLSearchParams(options.token ? { _csrf: token } : {}).toString()
    }
    return client.request({ method: route.method as Method, url, headers, payload })
  }

  test('the routes exempt from the token are exactly the listed ones, each signed by its URL', () => {
    const exempt = unsafeRoutes()
      .filter((r) => r.signedLink)
      .map((r) => `${r.method} ${r.url}`)
      .sort()
    assert.deepEqual(exempt, Object.keys(EXEMPT).sort())
    assert.ok(unsafeRoutes().length > 100, 'the state-changing routes are found')
  })

  test('a request without a valid token is refused (403) on every state-changing route', async () => {
    const accepted: string[] = []
    for (const route of unsafeRoutes()) {
      if (route.signedLink) continue
      const response = await send(route, { token: false })
      if (!refusedFor(response, 'errors.csrf'))
        accepted.push(`${route.method} ${route.url}: ${response.status}`)
    }
    assert.deepEqual(
      accepted,
      [],
      `state-changing routes that did not ask for the token:\n${accepted.join('\n')}`,
    )
  })

  test('a forged token is refused as well', async () => {
    const routes = unsafeRoutes().filter((r) => r.url === '/profile' || r.url === '/api/v1/me')
    assert.equal(routes.length, 3, 'the profile form, the API PATCH and DELETE')
    for (const route of routes) {
      const client = await clientFor(h(), allowedSubject(route.access))
      await client.csrf()
      const forged = 'x'.repeat(52)
      const response = isApi(route.url)
        ? await client.request({
            method: route.method as Method,
            url: route.url,
            headers: { 'content-type': 'application/json', 'x-csrf-token': forged },
            payload: '{}',
          })
        : await client.request({
            method: 'POST',
            url: route.url,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams({ _csrf: forged }).toString(),
          })
      assert.ok(refusedFor(response, 'errors.csrf'), `${route.method} ${route.url}: ${response.status}`)
    }
  })

  test('a request with a valid token but from a foreign Origin is refused (403) on every state-changing route', async () => {
    const accepted: string[] = []
    for (const route of unsafeRoutes()) {
      for (const origin of ['https://evil.example', 'http://localhost:3000.evil.example']) {
        const response = await send(route, { token: true, origin })
        if (!refusedFor(response, 'errors.cross_origin'))
          accepted.push(`${route.method} ${route.url} from ${origin}: ${response.status}`)
      }
    }
    assert.deepEqual(
      accepted,
      [],
      `state-changing routes that accepted a foreign Origin:\n${accepted.join('\n')}`,
    )
  })
})
