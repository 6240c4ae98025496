import type { Db } from '../../db/database.ts'
import { type Actor, hasRole } from '../../platform/policy.ts'

/**
 * A network as every networks policy sees it: whether the acting person is one of its officers today, belongs
 * to one of its active member institutions, and which of its working groups they are in.
 */
export interface NetworkAccess {
  networkId: string
  /** The actor holds an office whose term covers today. */
  officer: boolean
  /** The actor is a confirmed member of an institution that is an active member of the network. */
  memberStaff: boolean
  /** Working groups the actor belongs to, with their role there. */
  groups: ReadonlyMap<string, 'lead' | 'member'>
}

/** Today as YYYY-MM-DD (UTC), the form terms are stored in. */
function today(): string {
  return new Date().toISOString().slice(0, 10)
}

export async function loadNetworkAccess(
  db: Db,
  networkId: string,
  actor: Actor,
): Promise<NetworkAccess | null> {
  const network = await db.selectFrom('networks').select('id').where('id', '=', networkId).executeTakeFirst()
  if (!network) return null
  const personId = actor.person?.id
  if (!personId) return { networkId, officer: false, memberStaff: false, groups: new Map() }
  const day = today()
  const [office, staff, groups] = await Promise.all([
    db
      .selectFrom('network_officers')
      .select('id')
      .where('network_id', '=', networkId)
      .where('person_id', '=', personId)
      .where('term_start', '<=', day)
      .where((eb) => eb.or([eb('term_end', 'is', null), eb('term_end', '>=', day)]))
      .executeTakeFirst(),
    db
      .selectFrom('network_members')
      .innerJoin('memberships', 'memberships.institution_id', 'network_members.institution_id')
      .select('network_members.id')
      .where('network_members.network_id', '=', networkId)
      .where('network_members.status', '=', 'active')
      .where('memberships.person_id', '=', personId)
      .where('memberships.status', '=', 'confirmed')
      .executeTakeFirst(),
    db
      .selectFrom('working_group_members')
      .innerJoin('working_groups', 'working_groups.id', 'working_group_members.working_group_id')
      .select(['working_group_members.working_group_id', 'working_group_members.role'])
      .where('working_groups.network_id', '=', networkId)
      .where('working_group_members.person_id', '=', personId)
      .execute(),
  ])
  return {
    networkId,
    officer: office !== undefined,
    memberStaff: staff !== undefined,
    groups: new Map(groups.map((g) => [g.working_group_id, g.role])),
  }
}

/** Officers run the network; national coordinators may step in (they set networks up). */
export const isNetworkManager = (actor: Actor, n: NetworkAccess): boolean =>
  n.officer || hasRole(actor, 'coordinator')

/** Everyone who belongs: officers and staff of active member institutions. */
export const isInNetwork = (n: NetworkAccess): boolean => n.officer || n.memberStaff

export const isGroupMember = (n: NetworkAccess, groupId: string): boolean => n.groups.has(groupId)

export const isGroupLead = (actor: Actor, n: NetworkAccess, groupId: string): boolean =>
  n.groups.get(groupId) === 'lead' || isNetworkManager(actor, n)
