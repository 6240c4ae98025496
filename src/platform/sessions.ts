import { createHash } from 'node:crypto'
import type { Db } from '../db/database.ts'
import type { PlatformRole } from '../db/schema.ts'
import { NotFound } from './errors.ts'
import { type Actor, can, type Role, type RouteAction } from './policy.ts'
import { hashToken, newToken } from './tokens.ts'

const ABSOLUTE_MS = 30 * 24 * 3600_000
const IDLE_MS = 7 * 24 * 3600_000
const TOUCH_EVERY_MS = 5 * 60_000

export const SESSION_MAX_AGE_SECONDS = ABSOLUTE_MS / 1000

/** Roles that act only once the person has a second factor (ASVS 2.8: privileged accounts). */
export const SECOND_FACTOR_ROLES: ReadonlySet<Role> = new Set<Role>(['coordinator', 'platform_admin'])

/** Roles whose gain or loss ends the person's sessions: rights are never carried into a session begun without them. */
const PRIVILEGED_ROLES: ReadonlySet<Role> = new Set<Role>([
  'institution_admin',
  'editor',
  'coordinator',
  'platform_admin',
])

declare module './policy.ts' {
  interface Actor {
    /** Roles the person holds but may not use until they enrol a second factor (SECOND_FACTOR_ROLES). */
    withheldRoles?: ReadonlySet<Role>
  }
}

/** What a session was granted with: its privileged roles and whether a second factor was enrolled. */
function privilegesKey(roles: ReadonlySet<Role>, secondFactor: boolean): string {
  const held = [...roles].filter((role) => PRIVILEGED_ROLES.has(role)).sort()
  return `${held.join(',')}${secondFactor ? '+2fa' : ''}`
}

/** The privileges a session begun now would carry; a session carrying others has ended. */
export async function currentPrivileges(db: Db, personId: string): Promise<string> {
  const person = await db
    .selectFrom('people')
    .leftJoin('second_factors', (join) =>
      join
        .onRef('second_factors.person_id', '=', 'people.id')
        .on('second_factors.enrolled_at', 'is not', null),
    )
    .select(['people.kind', 'people.validated_at', 'second_factors.enrolled_at'])
    .where('people.id', '=', personId)
    .executeTakeFirstOrThrow()
  const roles = await rolesOf(db, personId, person.kind, person.validated_at)
  return privilegesKey(roles, person.enrolled_at !== null)
}

/** Starts a session; returns the cookie value. Only its hash is stored. */
export async function createSession(
  db: Db,
  personId: string,
  options: { device?: string | null } = {},
): Promise<string> {
  const { token, hash } = newToken()
  const now = Date.now()
  await db
    .insertInto('sessions')
    .values({
      id_hash: hash,
      person_id: personId,
      created_at: new Date(now).toISOString(),
      last_seen_at: new Date(now).toISOString(),
      expires_at: new Date(now + ABSOLUTE_MS).toISOString(),
      device: options.device ?? null,
      privileges: await currentPrivileges(db, personId),
    })
    .execute()
  return token
}

export async function destroySession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashToken(token)).execute()
}

const isLive = (row: { last_seen_at: string; expires_at: string }, now: number) =>
  Date.parse(row.expires_at) > now && Date.parse(row.last_seen_at) + IDLE_MS > now

/**
 * The actor a session cookie stands for, or null when it is unknown, expired, idle too long, or began with other
 * privileges than the person has now (a role granted or removed, institution admin gained or lost, a second factor
 * enrolled): such a session ends, and signing in again starts one with the new rights under a new id.
 */
export async function actorForSession(db: Db, token: string): Promise<Actor | null> {
  const now = Date.now()
  const row = await db
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.person_id')
    .leftJoin('second_factors', (join) =>
      join
        .onRef('second_factors.person_id', '=', 'people.id')
        .on('second_factors.enrolled_at', 'is not', null),
    )
    .select([
      'sessions.id_hash',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.privileges',
      'people.id',
      'people.name',
      'people.email',
      'people.kind',
      'people.locale',
      'people.validated_at',
      'second_factors.enrolled_at as second_factor_at',
    ])
    .where('sessions.id_hash', '=', hashToken(token))
    .executeTakeFirst()
  if (!row) return null
  const person = { id: row.id, name: row.name, email: row.email, kind: row.kind, locale: row.locale }
  const roles = await rolesOf(db, person.id, person.kind, row.validated_at)
  const secondFactor = row.second_factor_at !== null
  if (!isLive(row, now) || privilegesKey(roles, secondFactor) !== row.privileges) {
    await db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute()
    return null
  }
  if (now - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now).toISOString() })
      .where('id_hash', '=', row.id_hash)
      .execute()
  }
  if (secondFactor) return { person, roles }
  const withheldRoles = new Set([...roles].filter((role) => SECOND_FACTOR_ROLES.has(role)))
  if (withheldRoles.size === 0) return { person, roles }
  for (const role of withheldRoles) roles.delete(role)
  return { person, roles, withheldRoles }
}

/** True when the actor may not take the action only because a role of theirs waits for a second factor. */
export function needsSecondFactor(actor: Actor, action: RouteAction): boolean {
  if (!actor.withheldRoles?.size || can(actor, action, undefined)) return false
  return can({ ...actor, roles: new Set([...actor.roles, ...actor.withheldRoles]) }, action, undefined)
}

export async function rolesOf(
  db: Db,
  personId: string,
  kind: 'adult' | 'pupil',
  validatedAt: string | null,
): Promise<Set<Role>> {
  if (kind === 'pupil') return new Set<Role>(['pupil'])
  const roles = new Set<Role>(['registered'])
  if (validatedAt) roles.add('member')
  const [grants, adminOf] = await Promise.all([
    db.selectFrom('role_grants').select('role').where('person_id', '=', personId).execute(),
    db
      .selectFrom('memberships')
      .select('id')
      .where('person_id', '=', personId)
      .where('role', '=', 'institution_admin')
      .where('status', '=', 'confirmed')
      .limit(1)
      .execute(),
  ])
  for (const grant of grants) roles.add(grant.role satisfies PlatformRole)
  if (adminOf.length > 0) roles.add('institution_admin')
  return roles
}

// ---- One's own sessions: listed, ended one by one or all but the current one.

export interface SessionSummary {
  /** A handle for the page and its forms; neither the cookie value nor its stored hash. */
  handle: string
  createdAt: string
  lastSeenAt: string
  device: string | null
  current: boolean
}

const handleOf = (idHash: string) =>
  createHash('sha256').update(`session:${idHash}`).digest('hex').slice(0, 32)

/** The person's live sessions, most recently used first. */
export async function listSessions(
  db: Db,
  personId: string,
  currentToken: string,
): Promise<SessionSummary[]> {
  const now = Date.now()
  const currentHash = hashToken(currentToken)
  const rows = await db
    .selectFrom('sessions')
    .select(['id_hash', 'created_at', 'last_seen_at', 'expires_at', 'device'])
    .where('person_id', '=', personId)
    .execute()
  return rows
    .filter((row) => isLive(row, now))
    .map((row) => ({
      handle: handleOf(row.id_hash),
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      device: row.device,
      current: row.id_hash === currentHash,
    }))
    .sort((a, b) => Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt))
}

/** Ends one of the person's own sessions; another person's (or an unknown) handle is NotFound. */
export async function endSessionByHandle(db: Db, personId: string, handle: string): Promise<void> {
  const rows = await db.selectFrom('sessions').select('id_hash').where('person_id', '=', personId).execute()
  const row = rows.find((r) => handleOf(r.id_hash) === handle)
  if (!row) throw new NotFound()
  await db
    .deleteFrom('sessions')
    .where('id_hash', '=', row.id_hash)
    .where('person_id', '=', personId)
    .execute()
}

/** Ends every session of the person except the one the request came with; returns how many ended. */
export async function endOtherSessions(db: Db, personId: string, currentToken: string): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('person_id', '=', personId)
    .where('id_hash', '!=', hashToken(currentToken))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

const BROWSERS: Array<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bYaBrowser\//, 'Yandex Browser'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/Chrom(e|ium)\/|\bCriOS\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
]
const SYSTEMS: Array<[RegExp, string]> = [
  [/\bAndroid\b/, 'Android'],
  [/\biPhone\b|\biPad\b|\biPod\b/, 'iOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
]

/**
 * A coarse description of the device a session was started from ("Firefox · Windows"), enough for a person to
 * recognise their own; no version numbers, which would help fingerprinting and say nothing to them.
 */
export function describeDevice(userAgent: string | undefined): string | null {
  if (!userAgent) return null
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1]
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1]
  const parts = [browser, system].filter(Boolean)
  return parts.length > 0 ? parts.join(' · ') : null
}
