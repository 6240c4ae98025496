import { type Actor, allow, everyone, hasRole, isAdult } from '../../platform/policy.ts'
import { type ConsortiumAccess, canEditWorkPackage, isConsortiumManager } from './access.ts'

/** A work package as its policy sees it: the consortium, and the partner institution that leads it. */
export interface WorkPackageResource {
  consortium: ConsortiumAccess
  leadInstitutionId: string | null
}

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** The list, consortium pages and the API are public: funded projects publish their consortium. */
    'consortia.view': undefined
    /** Recording a consortium: staff of an institution (it becomes the coordinator) and national coordinators. */
    'consortia.create': undefined
    /** The management pages are reached by signed-in adults; which consortium each may change is decided below. */
    'consortia.manage': undefined
    /** The record, partners, work packages and meetings: the coordinating institution's staff and coordinators. */
    'consortia.edit': ConsortiumAccess
    /** A work package and its deliverables: its lead partner's staff, and whoever edits the consortium. */
    'consortia.work_package.edit': WorkPackageResource
    /** Good practice and success story are the funder's or the national office's judgement, never the team's own. */
    'consortia.flag': undefined
    /** Imports of the funder's lists: national coordinators. */
    'consortia.import': undefined
  }
}

const isCoordinator = (actor: Actor) => isAdult(actor) && hasRole(actor, 'coordinator')

allow('consortia.view', everyone)
allow('consortia.create', (actor) => isAdult(actor) && hasRole(actor, 'member', 'coordinator'))
allow('consortia.manage', isAdult)
allow('consortia.edit', (actor, c) => isAdult(actor) && isConsortiumManager(actor, c))
allow(
  'consortia.work_package.edit',
  (actor, { consortium, leadInstitutionId }) =>
    isAdult(actor) && canEditWorkPackage(actor, consortium, leadInstitutionId),
)
allow('consortia.flag', isCoordinator)
allow('consortia.import', isCoordinator)
