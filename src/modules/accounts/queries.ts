import type { Queryable } from '../../db/database.ts'
import type { EmailTokenPurpose, PlatformRole } from '../../db/schema.ts'

export function findPersonByEmail(db: Queryable, email: string) {
  return db
    .selectFrom('people')
    .select(['id', 'name', 'email', 'kind', 'locale', 'password_hash', 'email_verified_at', 'validated_at'])
    .where('email', '=', email)
    .executeTakeFirst()
}

export function findPersonById(db: Queryable, id: string) {
  return db
    .selectFrom('people')
    .select([
      'id',
      'name',
      'email',
      'kind',
      'locale',
      'password_hash',
      'email_verified_at',
      'validated_at',
      'created_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function insertPerson(
  db: Queryable,
  person: {
    id: string
    email: string
    name: string
    passwordHash: string
    locale: string | null
    verifiedAt: string | null
  },
): Promise<void> {
  const now = new Date().toISOString()
  await db
    .insertInto('people')
    .values({
      id: person.id,
      email: person.email,
      name: person.name,
      password_hash: person.passwordHash,
      kind: 'adult',
      locale: person.locale,
      email_verified_at: person.verifiedAt,
      validated_at: null,
      locked_until: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
}

export async function insertEmailToken(
  db: Queryable,
  token: { hash: string; personId: string; purpose: EmailTokenPurpose; ttlMs: number },
): Promise<void> {
  const now = Date.now()
  await db
    .insertInto('email_tokens')
    .values({
      token_hash: token.hash,
      person_id: token.personId,
      purpose: token.purpose,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + token.ttlMs).toISOString(),
      used_at: null,
    })
    .execute()
}

/** Marks an unused, unexpired token as used and returns its person; undefined when the token is not valid. */
export async function consumeEmailToken(db: Queryable, hash: string, purpose: EmailTokenPurpose) {
  const now = new Date().toISOString()
  const token = await db
    .selectFrom('email_tokens')
    .select(['person_id'])
    .where('token_hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  if (!token) return undefined
  // The used_at condition makes a concurrent second use update nothing.
  const result = await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n ? token.person_id : undefined
}

/** Voids every unused token of one purpose for a person (after a password change, older reset links must not work). */
export async function voidEmailTokens(
  db: Queryable,
  personId: string,
  purpose: EmailTokenPurpose,
): Promise<void> {
  await db
    .updateTable('email_tokens')
    .set({ used_at: new Date().toISOString() })
    .where('person_id', '=', personId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute()
}

/** Grants a platform role; false when the person already had it. */
export async function grantRole(db: Queryable, personId: string, role: PlatformRole): Promise<boolean> {
  const result = await db
    .insertInto('role_grants')
    .values({ person_id: personId, role, granted_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['person_id', 'role']).doNothing())
    .executeTakeFirst()
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n
}

export async function countValidatedMembers(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('kind', '=', 'adult')
    .where('validated_at', 'is not', null)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}
