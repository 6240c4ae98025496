import type { Db } from '../../db/database.ts'
import { type Actor, hasRole } from '../../platform/policy.ts'

/**
 * A consortium project as every consortia policy sees it: which institutions take part, and which of them the
 * acting person works for (confirmed memberships). Loaded once per request by `loadConsortiumAccess`.
 */
export interface ConsortiumAccess {
  consortiumId: string
  /** The coordinating institution (partner with role 'coordinator'), if recorded. */
  coordinatorInstitutionId: string | null
  /** Partner institutions (every role) the actor is a confirmed member of. */
  actorInstitutions: ReadonlySet<string>
}

export async function loadConsortiumAccess(
  db: Db,
  consortiumId: string,
  actor: Actor,
): Promise<ConsortiumAccess | null> {
  const consortium = await db
    .selectFrom('consortia')
    .select('id')
    .where('id', '=', consortiumId)
    .executeTakeFirst()
  if (!consortium) return null
  const partners = await db
    .selectFrom('consortium_partners')
    .select(['institution_id', 'role'])
    .where('consortium_id', '=', consortiumId)
    .execute()
  const own = actor.person
    ? await db
        .selectFrom('memberships')
        .select('institution_id')
        .where('person_id', '=', actor.person.id)
        .where('status', '=', 'confirmed')
        .where('institution_id', 'in', partners.length > 0 ? partners.map((p) => p.institution_id) : [''])
        .execute()
    : []
  return {
    consortiumId: consortium.id,
    coordinatorInstitutionId: partners.find((p) => p.role === 'coordinator')?.institution_id ?? null,
    actorInstitutions: new Set(own.map((m) => m.institution_id)),
  }
}

/** National coordinators record and manage every consortium of the installation. */
export const isCoordinatorRole = (actor: Actor): boolean => hasRole(actor, 'coordinator')

/** Staff of the coordinating institution run the whole record (partners, work packages, outcomes). */
export const isConsortiumManager = (actor: Actor, c: ConsortiumAccess): boolean =>
  isCoordinatorRole(actor) ||
  (c.coordinatorInstitutionId !== null && c.actorInstitutions.has(c.coordinatorInstitutionId))

/** Staff of any partner institution. */
export const isPartnerStaff = (c: ConsortiumAccess): boolean => c.actorInstitutions.size > 0

/** A work package is edited by its lead partner's staff, and by the consortium's managers. */
export const canEditWorkPackage = (
  actor: Actor,
  c: ConsortiumAccess,
  leadInstitutionId: string | null,
): boolean =>
  isConsortiumManager(actor, c) || (leadInstitutionId !== null && c.actorInstitutions.has(leadInstitutionId))
