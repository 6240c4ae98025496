import { randomBytes } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import type { Config } from '../../src/config.ts'
import type { Db } from '../../src/db/database.ts'
import { newId } from '../../src/db/ids.ts'
import type { InstitutionType } from '../../src/db/schema.ts'
import { encryptSecret } from '../../src/modules/accounts/second-factor.ts'
import { nameKey } from '../../src/modules/institutions/normalise.ts'
import { hashPassword } from '../../src/platform/passwords.ts'
import type { Role } from '../../src/platform/policy.ts'
import { createSession, currentPrivileges, SECOND_FACTOR_ROLES } from '../../src/platform/sessions.ts'
import { hashToken } from '../../src/platform/tokens.ts'

export const TEST_PASSWORD = 'correct horse battery staple'
let cachedHash: Promise<string> | null = null

export interface PersonOptions {
  /** The role to give: platform roles get a grant, institution_admin a confirmed admin membership. */
  role?: Exclude<Role, 'visitor'>
  email?: string
  name?: string
  locale?: 'az' | 'en' | 'ru'
  /**
   * Enrol a TOTP second factor (its secret is in TestPerson.totpSecret). Default: for the roles that need one
   * (coordinators, platform admins), so that tests act as such people really do.
   */
  secondFactor?: boolean
}

export interface TestPerson {
  id: string
  email: string
  name: string
  password: string
  sessionToken: string
  /** Base32 TOTP secret when a second factor is enrolled; totpCode(secret) is what the app would show. */
  totpSecret?: string
}

/**
 * The configuration of the app each database belongs to (harness and browser server register it): enrolling a
 * second factor encrypts its secret with a key derived from that app's KORPU_SESSION_SECRET.
 */
const configs = new WeakMap<Db, Pick<Config, 'sessionSecret'>>()

export function registerTestConfig(db: Db, config: Pick<Config, 'sessionSecret'>): void {
  configs.set(db, config)
}

/** The code an authenticator app shows for the secret at that moment. */
export function totpCode(secret: string, timestamp = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp })
}

async function enrolSecondFactor(db: Db, personId: string): Promise<string> {
  const config = configs.get(db)
  if (!config)
    throw new Error('enrolling a second factor needs the app: create the person through the harness')
  const secret = new Secret({ size: 20 }).base32
  const now = new Date().toISOString()
  await db
    .insertInto('second_factors')
    .values({
      person_id: personId,
      secret_enc: encryptSecret(config, personId, secret),
      created_at: now,
      enrolled_at: now,
    })
    .execute()
  return secret
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

/**
 * Signs the person in again after a privilege change ended their sessions (a role granted, institution admin
 * gained), enrolling a second factor first when a role of theirs needs one, as the portal would make them do.
 * Updates and returns `person` with the new session.
 */
export async function signInAgain(db: Db, person: TestPerson): Promise<TestPerson> {
  const grants = await db
    .selectFrom('role_grants')
    .select('role')
    .where('person_id', '=', person.id)
    .execute()
  const needsFactor = grants.some((grant) => SECOND_FACTOR_ROLES.has(grant.role))
  const enrolled = await db
    .selectFrom('second_factors')
    .select('person_id')
    .where('person_id', '=', person.id)
    .where('enrolled_at', 'is not', null)
    .executeTakeFirst()
  if (needsFactor && !enrolled) person.totpSecret = await enrolSecondFactor(db, person.id)
  person.sessionToken = await createSession(db, person.id)
  return person
}

/**
 * The person, with a session for a new client: when their privileges changed since their session began (the portal
 * ends such a session), they sign in again first, as a real person would. A session that ended otherwise (signed
 * out, password changed, account deleted) stays ended.
 */
export async function withCurrentSession(db: Db, person: TestPerson): Promise<TestPerson> {
  const session = await db
    .selectFrom('sessions')
    .select('privileges')
    .where('id_hash', '=', hashToken(person.sessionToken))
    .executeTakeFirst()
  if (session && session.privileges !== (await currentPrivileges(db, person.id)))
    await signInAgain(db, person)
  return person
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
  const totpSecret =
    (options.secondFactor ?? SECOND_FACTOR_ROLES.has(role)) ? await enrolSecondFactor(db, id) : undefined
  return { id, email, name, password: TEST_PASSWORD, sessionToken: await createSession(db, id), totpSecret }
}
