import type { Db } from '../db/database.ts'
import type { PlatformRole } from '../db/schema.ts'
import type { Actor, Role } from './policy.ts'
import { hashToken, newToken } from './tokens.ts'

const ABSOLUTE_MS = 30 * 24 * 3600_000
const IDLE_MS = 7 * 24 * 3600_000
const TOUCH_EVERY_MS = 5 * 60_000

export const SESSION_MAX_AGE_SECONDS = ABSOLUTE_MS / 1000

/** Starts a session; returns the cookie value. Only its hash is stored. */
export async function createSession(db: Db, personId: string): Promise<string> {
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
    })
    .execute()
  return token
}

export async function destroySession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashToken(token)).execute()
}

/** The actor a session cookie stands for, or null when it is unknown, expired or idle too long. */
export async function actorForSession(db: Db, token: string): Promise<Actor | null> {
  const now = Date.now()
  const row = await db
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.person_id')
    .select([
      'sessions.id_hash',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'people.id',
      'people.name',
      'people.email',
      'people.kind',
      'people.locale',
      'people.validated_at',
    ])
    .where('sessions.id_hash', '=', hashToken(token))
    .executeTakeFirst()
  if (!row) return null
  const lastSeen = Date.parse(row.last_seen_at)
  if (Date.parse(row.expires_at) <= now || lastSeen + IDLE_MS <= now) {
    await db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute()
    return null
  }
  if (now - lastSeen > TOUCH_EVERY_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now).toISOString() })
      .where('id_hash', '=', row.id_hash)
      .execute()
  }
  const person = { id: row.id, name: row.name, email: row.email, kind: row.kind, locale: row.locale }
  return { person, roles: await rolesOf(db, person.id, person.kind, row.validated_at) }
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
