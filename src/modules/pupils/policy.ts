import { type Actor, allow, everyone, hasRole, isAdult } from '../../platform/policy.ts'
import { isTeacher, isWritable, type ProjectAccess } from '../projects/access.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** Signing in with a code a teacher handed out: anyone (the code is the credential). */
    'pupils.sign_in': undefined
    /** A signed-in pupil's way back to their one project. */
    'pupils.own_project': undefined
    /**
     * The pupils pages of a project are reached by members and pupils; which project's pupils each may manage is
     * decided per project below, and everyone else is told the page does not exist.
     */
    'pupils.enter': undefined
    /** The list of a project's pupils: its teachers (founders and partner teachers) once it is approved. */
    'pupils.list': ProjectAccess
    /** Adding pupils and handing out new codes: the teachers, while the workspace is open. */
    'pupils.issue_code': ProjectAccess
    /** Deleting a pupil's account: the teachers, whatever the workspace's state (data go on request, always). */
    'pupils.delete': ProjectAccess
  }
}

/** A validated adult taking part in the project as one of its teachers. */
const teaches = (actor: Actor, p: ProjectAccess) =>
  isAdult(actor) && hasRole(actor, 'member') && isTeacher(p) && p.status === 'approved'

allow('pupils.sign_in', everyone)
allow('pupils.own_project', (actor) => actor.person?.kind === 'pupil')
allow('pupils.enter', (actor) => hasRole(actor, 'member', 'pupil'))
allow('pupils.list', teaches)
allow('pupils.issue_code', (actor, p) => teaches(actor, p) && isWritable(p))
allow('pupils.delete', teaches)
