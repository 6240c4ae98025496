import { allow, everyone, isAdult } from '../../platform/policy.ts'
import { type ConsortiumAccess, isConsortiumManager, isCoordinatorRole } from '../consortia/access.ts'

/**
 * An outcome as its policy sees it: whether the actor works for the owner institution, and the consortium that
 * produced it (or, when creating, the one it is recorded for).
 */
export interface OutcomeAccess {
  /** The actor is confirmed staff of the owner institution. */
  ownerStaff: boolean
  consortium: ConsortiumAccess | null
}

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** The catalogue, outcome pages, their packages and the API are public: funded results are published. */
    'outcomes.view': undefined
    /** The forms are reached by signed-in adults; which outcome each may record or change is 'outcomes.edit'. */
    'outcomes.manage': undefined
    /**
     * Recording, changing, deleting an outcome and its participants: the owner institution's staff, the managers
     * of the consortium that produced it (its coordinating institution's staff), and national coordinators.
     */
    'outcomes.edit': OutcomeAccess
  }
}

allow('outcomes.view', everyone)
allow('outcomes.manage', isAdult)
allow(
  'outcomes.edit',
  (actor, o) =>
    isAdult(actor) &&
    (isCoordinatorRole(actor) ||
      o.ownerStaff ||
      (o.consortium !== null && isConsortiumManager(actor, o.consortium))),
)
