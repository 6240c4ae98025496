import { type Actor, hasRole, isAdult } from '../../platform/policy.ts'

/** Who may read a findable thing: anyone, or validated members and the portal's staff (never pupils). */
export type Audience = 'public' | 'members'

/** Validated adult members; staff roles are held by validated members only (sessions.rolesOf). */
export function readsMembersOnly(actor: Actor): boolean {
  return isAdult(actor) && hasRole(actor, 'member')
}

/** The audiences whose things an actor may find and read. */
export function audiencesFor(actor: Actor): Audience[] {
  return readsMembersOnly(actor) ? ['public', 'members'] : ['public']
}
