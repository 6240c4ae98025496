import { createHmac, timingSafeEqual } from 'node:crypto'
import { isTopic, type Topic } from './kinds.ts'

/** "all": the digest's link, which turns off every kind at once. */
export type UnsubscribeScope = Topic | 'all'

export interface UnsubscribeClaim {
  personId: string
  scope: UnsubscribeScope
}

/** 128 bits of the HMAC: unguessable, and the link stays short enough for a URL path segment. */
function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`unsubscribe:${payload}`).digest().subarray(0, 16)
}

/**
 * A link token that proves, without signing in, which person may turn which kind off: "<person id>.<kind>.<HMAC
 * of both under the session secret>" (ids and kinds are URL-safe as they are). It never expires, as a mail's footer must keep working; the worst it can do
 * is turn mail off, which the person can undo in their settings.
 */
export function signUnsubscribe(secret: string, claim: UnsubscribeClaim): string {
  const payload = `${claim.personId}.${claim.scope}`
  return `${payload}.${signature(secret, payload).toString('base64url')}`
}

/** The claim of a token whose signature holds, or null for anything altered or malformed. */
export function verifyUnsubscribe(secret: string, token: string): UnsubscribeClaim | null {
  const [personId, scope, signed, ...rest] = token.split('.')
  if (!personId || !scope || !signed || rest.length > 0) return null
  const expected = signature(secret, `${personId}.${scope}`)
  const given = Buffer.from(signed, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  if (scope !== 'all' && !isTopic(scope)) return null
  return { personId, scope }
}
