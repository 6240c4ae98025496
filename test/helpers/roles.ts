import assert from 'node:assert/strict'
import { newId } from '../../src/db/ids.ts'
import { type Actor, ROLES, type Role, VISITOR } from '../../src/platform/policy.ts'
import { actorForSession, createSession } from '../../src/platform/sessions.ts'
import type { Client } from './client.ts'
import type { TestPerson } from './factories.ts'
import type { Harness } from './harness.ts'

/** One person per role (none for the visitor), with the actor the app sees for their session. */
export interface Subject {
  role: Role
  person: TestPerson | null
  actor: Actor
}

export async function createSubjects(h: Harness): Promise<Subject[]> {
  const subjects: Subject[] = []
  for (const role of ROLES) {
    if (role === 'visitor') {
      subjects.push({ role, person: null, actor: VISITOR })
      continue
    }
    const person = await h.person({ role })
    const actor = await actorForSession(h.db, person.sessionToken)
    assert.ok(actor, `the ${role} test person has a session`)
    // The person holds exactly the roles the app will see for them; the policy is asked about that same actor.
    assert.ok(actor.roles.has(role), `the ${role} test person holds the role ${role}`)
    subjects.push({ role, person, actor })
  }
  return subjects
}

/** A client with a fresh session of the subject's person: some routes (sign-out) end the session they are called with. */
export async function clientFor(h: Harness, subject: Subject): Promise<Client> {
  const client = await h.client()
  if (subject.person) client.setCookie('korpu_session', await createSession(h.db, subject.person.id))
  return client
}

/**
 * A concrete URL for a route pattern. Parameters get a valid-looking value (authorization and the CSRF check are
 * decided before the handler looks at them, so any well-formed value will do); an unknown parameter name still gets one.
 */
export function concreteUrl(pattern: string): string {
  const values: Record<string, string> = { locale: 'en', id: newId(), slug: 'example' }
  return pattern
    .replace(/:(\w+)/g, (_m, name: string) => values[name] ?? 'example')
    .replace(/\*$/, pattern.startsWith('/static/vendor/') ? 'htmx.min.js' : 'style.css')
}

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export function isApi(url: string): boolean {
  return url.startsWith('/api/')
}

/**
 * A request as the route's own page or API client sends it, with an empty body: writes carry a valid CSRF token, so
 * that what is refused is decided by authorization, not by the CSRF check.
 */
export async function sendEmpty(client: Client, method: Method, url: string) {
  const headers: Record<string, string> = {}
  let payload: string | undefined
  if (UNSAFE_METHODS.has(method)) {
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
