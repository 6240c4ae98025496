import { type Actor, allow, everyone, hasRole, isAdult } from '../../platform/policy.ts'
import { isFounder, isTeacher, type ProjectAccess } from '../projects/access.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** The published criteria are public: teams read them before they apply. */
    'labels.criteria.view': undefined
    /** The project's label page is reached by validated members; which project each may see is 'labels.project.view'. */
    'labels.project.open': undefined
    /** A project's label status: its founders and partner teachers (pupils and outsiders never). */
    'labels.project.view': ProjectAccess
    /** Applying for the national label: the project's founders, once the project is approved. */
    'labels.project.apply': ProjectAccess
    /** The coordinators' queue, reviews, nominations and school labels. */
    'labels.review': undefined
    /** Deciding on a project's labels: a coordinator who is not on the project's team (no judging one's own). */
    'labels.decide': ProjectAccess
  }
}

const isValidatedAdult = (actor: Actor) => isAdult(actor) && hasRole(actor, 'member')

allow('labels.criteria.view', everyone)
allow('labels.project.open', isValidatedAdult)
allow('labels.project.view', (actor, p) => isValidatedAdult(actor) && isTeacher(p))
allow(
  'labels.project.apply',
  (actor, p) => isValidatedAdult(actor) && isFounder(p) && p.status === 'approved',
)
allow('labels.review', (actor) => hasRole(actor, 'coordinator'))
// Any tie to the team counts, past or pending: a coordinator who was invited or left still judges their own work.
allow('labels.decide', (actor, p) => hasRole(actor, 'coordinator') && p.membership === null)
