import { randomBytes } from 'node:crypto'
import type { Db } from '../../src/db/database.ts'
import { newId } from '../../src/db/ids.ts'
import type { InstitutionType } from '../../src/db/schema.ts'
import { nameKey } from '../../src/modules/institutions/normalise.ts'
import { hashPassword } from '../../src/platform/passwords.ts'
import type { Role } from '../../src/platform/policy.ts'
import { createSession } from '../../src/platform/sessions.ts'

export const TEST_PASSWORD = 'correct horse battery staple'
let cachedHash: Promise<string> | null = null

export interface PersonOptions {
  /** The role to give: platform roles get a grant, institution_admin a confirmed admin membership. */
  role?: Exclude<Role, 'visitor'>
  email?: string
  name?: string
  locale?: 'az' | 'en' | 'ru'
}

export interface TestPerson {
  id: string
  email: string
  name: string
  password: string
  sessionToken: string
}

export async function createInstitution(
  db: Db,
  fields: { name?: string; type?: InstitutionType; country?: string; city?: string } = {},
) {
  const id = newId()
  const now = new Date().toISOString()
  const name = fields.name ?? `Test School ${randomBytes(3).toString('hex')}`
  await db
    .insertInto('institutions')
    .values({
      id,
      slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`,
      name,
      name_key: nameKey(name),
      type: fields.type ?? 'school',
      country: fields.country ?? 'AZ',
      region: 'AZ-BA',
      city: fields.city ?? 'Baku',
      website: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  return { id, name }
}

/** A person in the given role, verified, with a live session. */
export async function createPerson(db: Db, options: PersonOptions = {}): Promise<TestPerson> {
  cachedHash ??= hashPassword(TEST_PASSWORD)
  const role = options.role ?? 'member'
  const id = newId()
  const now = new Date().toISOString()
  const email = options.email ?? `${role}-${randomBytes(4).toString('hex')}@example.org`
  const name = options.name ?? `Test ${role.replace('_', ' ')}`
  const validated = role !== 'registered' && role !== 'pupil'
  await db
    .insertInto('people')
    .values({
      id,
      email,
      name,
      password_hash: role === 'pupil' ? null : await cachedHash,
      kind: role === 'pupil' ? 'pupil' : 'adult',
      locale: options.locale ?? null,
      email_verified_at: now,
      validated_at: validated ? now : null,
      locked_until: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  if (role === 'editor' || role === 'coordinator' || role === 'platform_admin') {
    await db.insertInto('role_grants').values({ person_id: id, role, granted_at: now }).execute()
  }
  if (role === 'institution_admin') {
    const institution = await createInstitution(db)
    await db
      .insertInto('memberships')
      .values({
        id: newId(),
        person_id: id,
        institution_id: institution.id,
        role: 'institution_admin',
        status: 'confirmed',
        created_at: now,
      })
      .execute()
  }
  return { id, email, name, password: TEST_PASSWORD, sessionToken: await createSession(db, id) }
}
