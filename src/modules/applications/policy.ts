import type { ApplicationStatus } from '../../db/schema.ts'
import { type Actor, allow, everyone, hasRole, isAdult } from '../../platform/policy.ts'

/**
 * An application as the policy sees it, with the deciding coordinator's region scope (null: every region).
 * The scope lives in the database (coordinator_regions), so the service loads it and hands it in.
 */
export interface ApplicationResource {
  personId: string
  region: string | null
  status: ApplicationStatus
  reviewerScope: readonly string[] | null
}

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** Applying is for signed-in adults who are not members yet. */
    'applications.apply': undefined
    /** Seeing where one's own application stands (members too: their history stays visible). */
    'applications.view_own': undefined
    /** Answering the coordinator's question on one's own application. */
    'applications.answer': ApplicationResource
    /** The review queue: national coordinators only (the list is narrowed to their regions). */
    'applications.review': undefined
    /** Reading an application: its applicant, or a coordinator whose regions include it. */
    'applications.read': ApplicationResource
    /** Approving, rejecting or asking: a coordinator whose regions include it, never on their own application. */
    'applications.decide': ApplicationResource
    /** Programme forms are public (the API lists them); editing them is for platform admins. */
    'applications.forms.list': undefined
    'applications.forms.manage': undefined
  }
}

/** Whether a region is within a coordinator's scope; an application with no known region is for unscoped ones. */
export function inScope(scope: readonly string[] | null, region: string | null): boolean {
  return scope === null || (region !== null && scope.includes(region))
}

const isOwner = (actor: Actor, a: ApplicationResource) =>
  actor.person !== null && actor.person.id === a.personId
const isReviewerFor = (actor: Actor, a: ApplicationResource) =>
  hasRole(actor, 'coordinator') && inScope(a.reviewerScope, a.region)

allow('applications.apply', (actor) => isAdult(actor) && !hasRole(actor, 'member'))
allow('applications.view_own', isAdult)
allow('applications.answer', (actor, a) => isAdult(actor) && isOwner(actor, a))
allow('applications.review', (actor) => hasRole(actor, 'coordinator'))
allow('applications.read', (actor, a) => isOwner(actor, a) || isReviewerFor(actor, a))
allow('applications.decide', (actor, a) => isReviewerFor(actor, a) && !isOwner(actor, a))
allow('applications.forms.list', everyone)
allow('applications.forms.manage', (actor) => hasRole(actor, 'platform_admin'))
