import assert from 'node:assert/strict'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import type { Harness } from '../../../test/helpers/harness.ts'
import { newId } from '../../db/ids.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { AppError } from '../../platform/errors.ts'
import { translator } from '../../platform/i18n.ts'
import { rolesOf } from '../../platform/sessions.ts'

// Shared by the projects module's tests.

/** The service context a signed-in person's request would carry. */
export async function contextOf(h: Harness, person: TestPerson): Promise<ServiceContext> {
  const row = await h.db
    .selectFrom('people')
    .select(['kind', 'validated_at', 'locale'])
    .where('id', '=', person.id)
    .executeTakeFirstOrThrow()
  return {
    db: h.db,
    config: h.config,
    storage: h.app.deps.storage,
    actor: {
      person: { id: person.id, name: person.name, email: person.email, kind: row.kind, locale: row.locale },
      roles: await rolesOf(h.db, person.id, row.kind, row.validated_at),
    },
    t: translator('en'),
  }
}

/** Makes the person a confirmed member of a new institution in the given country. */
export async function memberOf(h: Harness, person: TestPerson, country = 'AZ') {
  const institution = await createInstitution(h.db, { country })
  await h.db
    .insertInto('memberships')
    .values({
      id: newId(),
      person_id: person.id,
      institution_id: institution.id,
      role: 'member',
      status: 'confirmed',
      created_at: new Date().toISOString(),
    })
    .execute()
  return institution
}

/** Asserts the service refused with this kind of error (and a message on this field). */
export async function rejects(
  promise: Promise<unknown>,
  kind: AppError['kind'],
  field?: string,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, String(error))
    assert.equal(error.kind, kind)
    if (field) assert.ok((error as AppError & { fields: Record<string, unknown> }).fields[field], field)
    return true
  })
}
