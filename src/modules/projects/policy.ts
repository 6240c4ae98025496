import { type Actor, allow, hasRole, isAdult } from '../../platform/policy.ts'
import { isFounder, isTeacher, isWritable, type ProjectAccess } from './access.ts'

/** Who is being invited into a project, and as what: the rule differs for co-founders and partner teachers. */
export interface InvitationResource {
  project: ProjectAccess
  role: 'founder' | 'teacher'
}

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** Founding a project is for validated members (never registered people or pupils). */
    'projects.create': undefined
    /** One's own projects and invitations. */
    'projects.list_own': undefined
    /**
     * Pages of one project (wizard, invitation, status): validated members and coordinators reach them; which
     * project each may see is decided per project by the actions below.
     */
    'projects.take_part': undefined
    /** Planning in the wizard: the founders, until coordinators have it (draft, awaiting co-founders, returned). */
    'projects.edit': ProjectAccess
    /**
     * Co-founders are invited by founders while planning; partner teachers by the team's teachers into the
     * workspace of an approved project.
     */
    'projects.invite': InvitationResource
    /** Accepting or declining: the invited person alone. */
    'projects.respond': ProjectAccess
    /** Where the project stands: its adults (founders, partner teachers) and the national coordinators. */
    'projects.view_status': ProjectAccess
    /** Showing an approved project in the public gallery is the founders' choice. */
    'projects.gallery': ProjectAccess
    /** The coordinators' queue. */
    'projects.review': undefined
    /** Reading a project under review with everything its founders wrote. */
    'projects.read_review': ProjectAccess
    /** Approving or sending back: a coordinator who is not part of the project (no one decides their own). */
    'projects.decide': ProjectAccess
    /** Curriculum topics and learning models describe every project: admins edit them, as subjects. */
    'projects.taxonomy.manage': undefined
  }
}

const EDITABLE = new Set(['draft', 'awaiting_cofounders', 'returned'])
const isMember = (actor: Actor) => isAdult(actor) && hasRole(actor, 'member')
/** Invited, taking part or once part of it: any of these makes a coordinator a party to the decision. */
const isParty = (p: ProjectAccess) => p.membership !== null && p.membership.status !== 'declined'

allow('projects.create', isMember)
allow('projects.list_own', isMember)
allow('projects.take_part', (actor) => isAdult(actor) && hasRole(actor, 'member', 'coordinator'))
allow('projects.edit', (actor, p) => isMember(actor) && isFounder(p) && EDITABLE.has(p.status))
allow('projects.invite', (actor, { project, role }) =>
  role === 'founder'
    ? isMember(actor) && isFounder(project) && EDITABLE.has(project.status)
    : isMember(actor) && isTeacher(project) && project.status === 'approved' && isWritable(project),
)
allow('projects.respond', (actor, p) => isMember(actor) && p.membership?.status === 'invited')
allow('projects.view_status', (actor, p) => isTeacher(p) || hasRole(actor, 'coordinator'))
allow('projects.gallery', (_actor, p) => isFounder(p) && p.status === 'approved')
allow('projects.review', (actor) => hasRole(actor, 'coordinator'))
allow('projects.read_review', (actor, p) => hasRole(actor, 'coordinator') && p.status !== 'draft')
allow('projects.decide', (actor, p) => hasRole(actor, 'coordinator') && !isParty(p))
allow('projects.taxonomy.manage', (actor) => hasRole(actor, 'platform_admin'))
