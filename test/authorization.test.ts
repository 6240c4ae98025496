import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { before, test } from 'node:test'
import { type App, buildApp } from '../src/app.ts'
import { can, isDefined, type RouteAction } from '../src/platform/policy.ts'
import { eachDatabase } from './helpers/harness.ts'
import {
  clientFor,
  concreteUrl,
  createSubjects,
  isApi,
  type Method,
  type Subject,
  sendEmpty,
} from './helpers/roles.ts'

/** The routes that name no policy action: the check every route must pass (deny by default). */
function undeclaredRoutes(table: App['routeTable']): string[] {
  return table.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`)
}

const SRC = path.resolve(import.meta.dirname, '../src')

/** Every module file that registers routes (routes.tsx, attendance-routes.tsx…), as app.ts imports it. */
function routeFiles(): string[] {
  return fs
    .readdirSync(path.join(SRC, 'modules'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /^([a-z]+-)?routes\.tsx?$/.test(path.basename(file)))
    .map((file) => `./modules/${file.split(path.sep).join('/')}`)
    .sort()
}

eachDatabase('authorization: every route × every role', (h) => {
  let subjects: Subject[] = []

  before(async () => {
    subjects = await createSubjects(h())
  })

  test('the routes of every module are registered, so the walk below covers them all', () => {
    const appSource = fs.readFileSync(path.join(SRC, 'app.ts'), 'utf8')
    const missing: string[] = []
    for (const file of routeFiles()) {
      const name = new RegExp(`import \\{ register as (\\w+) \\} from '${file.replaceAll('.', '\\.')}'`).exec(
        appSource,
      )?.[1]
      if (!name || !appSource.includes(`${name}(app)`)) missing.push(file)
    }
    assert.ok(routeFiles().length > 20, 'the module route files are found')
    assert.deepEqual(
      missing,
      [],
      `route files whose register() buildApp does not call: ${missing.join(', ')}`,
    )
  })

  test('every route declares the policy action it is checked against', () => {
    const table = h().app.routeTable
    assert.ok(table.length > 20, 'the route table lists the registered routes')
    const undeclared = undeclaredRoutes(table)
    assert.deepEqual(undeclared, [], `routes without an access declaration: ${undeclared.join(', ')}`)
  })

  test('the check fails on a route without a declared policy, and such a route refuses everyone', async (t) => {
    // A throw-away instance of the same app on the same database, with one route added that names no action.
    const app = await buildApp(h().app.deps)
    t.after(() => app.close())
    app.get('/undeclared-probe', async () => 'reached')
    await app.ready()
    assert.deepEqual(undeclaredRoutes(app.routeTable), ['GET /undeclared-probe'])
    const admin = subjects.find((s) => s.role === 'platform_admin')
    assert.ok(admin?.person)
    const response = await app.inject({
      method: 'GET',
      url: '/undeclared-probe',
      cookies: { korpu_session: admin.person.sessionToken },
    })
    assert.equal(response.statusCode, 403)
    assert.doesNotMatch(response.body, /reached/)
  })

  test('every declared action has a rule (a misspelt action would silently deny everyone)', () => {
    const unknown = h()
      .app.routeTable.filter((r) => r.access && !isDefined(r.access))
      .map((r) => `${r.method} ${r.url}: ${r.access}`)
    assert.deepEqual(unknown, [], `routes naming an action without a rule: ${unknown.join(', ')}`)
  })

  test('each role gets exactly what the policy allows on each route', async () => {
    const failures: string[] = []
    for (const route of h().app.routeTable) {
      const action = route.access as RouteAction
      const url = concreteUrl(route.url)
      for (const subject of subjects) {
        const allowed = can(subject.actor, action, undefined)
        const client = await clientFor(h(), subject)
        const response = await sendEmpty(client, route.method as Method, url)
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
    const forbidden = await (await clientFor(h(), member)).get('/admin/audit')
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
    assert.equal((await (await clientFor(h(), member)).get(badCursor)).status, 403)
    const admin = subjects.find((s) => s.role === 'platform_admin')
    assert.ok(admin)
    assert.equal((await (await clientFor(h(), admin)).get(badCursor)).status, 400)
  })
})
