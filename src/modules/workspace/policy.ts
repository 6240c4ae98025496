import { type Actor, allow, hasRole, isAdult } from '../../platform/policy.ts'
import {
  isActiveMember,
  isFounder,
  isTeacher,
  isWorkspaceAdmin,
  type ProjectAccess,
} from '../projects/access.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** Workspace URLs are for signed-in members and pupils; which project each may enter is decided per project. */
    'workspace.enter': undefined
    /** Reading a workspace: its active members, and coordinators (who answer for the platform, read-only). */
    'workspace.read': ProjectAccess
    /** Replying in the forum and uploading materials: every active member, pupils included. */
    'workspace.contribute': ProjectAccess
    /** Creating and editing pages and starting discussions: teachers and pupil administrators. */
    'workspace.author': ProjectAccess
    /** Milestones, pupil administrators and public approval: the team's teachers (founders and partners). */
    'workspace.teach': ProjectAccess
    /** Archiving or closing the workspace: the founders. */
    'workspace.govern': ProjectAccess
  }
}

// Only an approved project has a workspace; drafts and projects under review have none (their URLs answer 404).
const open = (p: ProjectAccess) => p.status === 'approved'
// The team's adults act as validated members; a membership alone is not enough if the person lost that standing.
const validated = (actor: Actor) => isAdult(actor) && hasRole(actor, 'member')

allow('workspace.enter', (actor: Actor) => hasRole(actor, 'member', 'pupil'))
allow('workspace.read', (actor, p) => open(p) && (isActiveMember(p) || hasRole(actor, 'coordinator')))
allow('workspace.contribute', (_actor, p) => open(p) && isActiveMember(p))
allow('workspace.author', (_actor, p) => open(p) && isWorkspaceAdmin(p))
allow('workspace.teach', (actor, p) => open(p) && validated(actor) && isTeacher(p))
allow('workspace.govern', (actor, p) => open(p) && validated(actor) && isFounder(p))
