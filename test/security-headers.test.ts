import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Client, Response } from './helpers/client.ts'
import { eachDatabase, type Harness } from './helpers/harness.ts'

/**
 * ASVS V14.4: the headers every kind of response carries. Pages are found from the route table (every GET route
 * without a parameter, as a visitor and as a member), so a new page is checked without being listed here; the kinds
 * a parameterless walk cannot reach (feeds, calendars, downloads, static files, error pages) are asked for by name.
 */

/** Text types are sent with their charset, so that no browser guesses one (and a guess cannot turn into script). */
const TEXT_TYPE = /^(text\/|application\/(json|problem\+json|javascript|xml|atom\+xml|rss\+xml|yaml|x-yaml))/

function directive(csp: string, name: string): string | undefined {
  return csp
    .split(';')
    .map((part) => part.trim())
    .find((part) => part === name || part.startsWith(`${name} `))
}

interface Expect {
  /** The request carried a session: the answer must not be kept by any cache. */
  signedIn?: boolean
  https?: boolean
}

function checkHeaders(label: string, response: Response, expect: Expect = {}): void {
  const headers = response.headers
  assert.equal(headers['x-content-type-options'], 'nosniff', `${label}: nosniff`)
  assert.ok(headers['referrer-policy'], `${label}: Referrer-Policy`)
  assert.equal(headers['x-powered-by'], undefined, `${label}: no X-Powered-By`)
  if (expect.https) {
    assert.match(String(headers['strict-transport-security']), /max-age=\d{7,}/, `${label}: HSTS`)
  } else {
    assert.equal(headers['strict-transport-security'], undefined, `${label}: no HSTS over plain http`)
  }
  const type = String(headers['content-type'] ?? '')
  if (response.body.length > 0) {
    assert.ok(type, `${label}: a Content-Type`)
    if (TEXT_TYPE.test(type)) assert.match(type, /;\s*charset=utf-8/i, `${label}: charset in ${type}`)
  }
  if (type.startsWith('text/html')) {
    const csp = String(headers['content-security-policy'] ?? '')
    assert.ok(csp, `${label}: a Content-Security-Policy`)
    const scripts = directive(csp, 'script-src') ?? directive(csp, 'default-src') ?? ''
    assert.ok(scripts.includes("'self'"), `${label}: scripts restricted (${scripts})`)
    assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes('*'), `${label}: no inline scripts`)
    assert.ok(
      directive(csp, 'frame-ancestors') === "frame-ancestors 'none'" || headers['x-frame-options'] === 'DENY',
      `${label}: not framed`,
    )
    assert.equal(directive(csp, 'object-src'), "object-src 'none'", `${label}: no plugins`)
  }
  if (expect.signedIn && response.status < 300) {
    // What a signed-in person is sent is kept by no cache, unless its route declared it the same for anyone.
    const cache = String(headers['cache-control'])
    assert.ok(/no-store|public/.test(cache), `${label}: Cache-Control ${cache}`)
  }
}

/** Every GET route without a path parameter or wildcard. */
function plainPages(h: Harness): string[] {
  return h.app.routeTable
    .filter((route) => route.method === 'GET' && !/[:*]/.test(route.url))
    .map((route) => route.url)
}

async function walk(h: Harness, client: Client, expect: Expect): Promise<number> {
  let checked = 0
  for (const url of plainPages(h)) {
    const response = await client.get(url)
    assert.ok(response.status < 500, `${url}: ${response.status}`)
    checkHeaders(`GET ${url}${expect.signedIn ? ' (member)' : ''}`, response, expect)
    checked++
  }
  return checked
}

eachDatabase('security headers', (h) => {
  test('every page without parameters, as a visitor and as a member', async () => {
    assert.ok((await walk(h(), await h().client(), {})) > 40)
    const member = await h().person({ role: 'member' })
    await walk(h(), await h().client(member), { signedIn: true })
  })

  test('feeds, calendar, sitemap, downloads, the JSON API, static files and the API viewer', async () => {
    const visitor = await h().client()
    const member = await h().client(await h().person({ role: 'member' }))
    const cases: Array<[string, Client, Expect, RegExp]> = [
      ['/news/feed/en', visitor, {}, /^application\/atom\+xml/],
      ['/events/calendar.ics', visitor, {}, /^text\/calendar/],
      ['/sitemap.xml', visitor, {}, /xml/],
      ['/api/v1/institutions.csv', visitor, {}, /^text\/csv/],
      ['/api/v1/stats/open-data.zip', visitor, {}, /^application\/zip/],
      ['/api/v1/institutions', visitor, {}, /^application\/json/],
      ['/api/v1/session', member, { signedIn: true }, /^application\/json/],
      ['/profile/data.json', member, { signedIn: true }, /^application\/json/],
      ['/api/v1/me/data', member, { signedIn: true }, /^application\/json/],
      ['/static/style.css', visitor, {}, /^text\/css/],
      ['/static/vendor/htmx.min.js', visitor, {}, /javascript/],
      ['/api/docs/static/swagger-initializer.js', visitor, {}, /javascript/],
      ['/api/v1/openapi.json', visitor, {}, /^application\/json/],
    ]
    for (const [url, client, expect, type] of cases) {
      const response = await client.get(url)
      assert.equal(response.status, 200, url)
      assert.match(String(response.headers['content-type']), type, url)
      checkHeaders(`GET ${url}`, response, expect)
    }
    for (const url of ['/profile', '/notifications', '/api/v1/me', '/api/v1/session', '/profile/data.json']) {
      assert.equal(
        (await member.get(url)).headers['cache-control'],
        'no-store',
        `${url}: personal, never cached`,
      )
    }
    const download = await member.get('/profile/data.json')
    assert.match(String(download.headers['content-disposition']), /^attachment;/)
  })

  test('error pages: 404, 403, 400 and 413, for pages and the API', async () => {
    const member = await h().client(await h().person({ role: 'member' }))
    const visitor = await h().client()
    const answers: Array<[string, Response, number, Expect]> = [
      ['404 page', await visitor.get('/no/such/page'), 404, {}],
      ['404 API', await visitor.get('/api/v1/no-such-thing'), 404, {}],
      ['403 page', await member.get('/admin/audit'), 403, { signedIn: true }],
      ['403 API', await member.get('/api/v1/review/applications'), 403, { signedIn: true }],
      ['400 page', await visitor.get(`/search?q=${'x'.repeat(1000)}`), 400, {}],
      ['400 API', await visitor.api('POST', '/api/v1/registrations', { email: 'nobody' }), 400, {}],
      [
        '413 page',
        await visitor.form('/register', {
          name: 'x'.repeat(2 * 1024 * 1024),
          email: 'a@b.org',
          password: 'p',
        }),
        413,
        {},
      ],
    ]
    for (const [label, response, status, expect] of answers) {
      assert.equal(response.status, status, label)
      checkHeaders(label, response, expect)
    }
  })
})

eachDatabase(
  'security headers behind https',
  (h) => {
    test('HSTS on pages, the API, static files and errors; cookies Secure', async () => {
      const client = await h().client()
      for (const url of ['/', '/api/v1/session', '/static/style.css', '/no/such/page']) {
        checkHeaders(`GET ${url} (https)`, await client.get(url), { https: true })
      }
      const fresh = await h().client()
      const cookies = [(await fresh.get('/api/v1/session')).headers['set-cookie'] ?? []].flat().map(String)
      assert.ok(cookies.length > 0)
      for (const cookie of cookies) assert.match(cookie, /; Secure/i, cookie)
    })
  },
  { KORPU_BASE_URL: 'https://portal.example.org' },
)
