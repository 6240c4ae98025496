import { allow, everyone, hasRole, isAdult } from '../../platform/policy.ts'

/** What the policy needs to know about one institution to decide who may change it. */
export interface InstitutionAccess {
  id: string
  /** People who administer it: a confirmed membership with the role institution_admin. */
  adminIds: readonly string[]
}

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** The registry is public: visitors find schools and universities before they join (pages, API, exports). */
    'institutions.list': undefined
    /**
     * Reaching an edit form at all: someone who administers some institution, or a coordinator. Which
     * institution they may change is decided per object by 'institutions.update'.
     */
    'institutions.edit': undefined
    /** Changing one institution: its own administrators and national coordinators. */
    'institutions.update': InstitutionAccess
    /** Merging duplicates moves people between institutions: national coordinators only. */
    'institutions.merge': undefined
    /** Bulk import writes the registry wholesale: national coordinators only (operators use the CLI). */
    'institutions.import': undefined
    /** Asking to be listed at an institution: validated adult members (applicants are placed by their application). */
    'institutions.members.request': undefined
    /**
     * Reaching the "waiting for confirmation" list at all: someone who administers some institution, or a
     * coordinator. Which institution's members they may decide on is 'institutions.members.decide'.
     */
    'institutions.members.manage': undefined
    /** Confirming, declining or making a co-admin of one institution's people: its own admins and coordinators. */
    'institutions.members.decide': InstitutionAccess
  }
}

const coordinator = (actor: Parameters<typeof isAdult>[0]) => isAdult(actor) && hasRole(actor, 'coordinator')
/** Listed among the institution's admins, and holding the role now (a pupil or a stale listing never counts). */
const ownAdmin = (actor: Parameters<typeof isAdult>[0], institution: InstitutionAccess) =>
  isAdult(actor) &&
  hasRole(actor, 'institution_admin') &&
  actor.person !== null &&
  institution.adminIds.includes(actor.person.id)

allow('institutions.list', everyone)
allow('institutions.edit', (actor) => isAdult(actor) && hasRole(actor, 'institution_admin', 'coordinator'))
allow('institutions.update', (actor, institution) => coordinator(actor) || ownAdmin(actor, institution))
allow('institutions.merge', coordinator)
allow('institutions.import', coordinator)
allow('institutions.members.request', (actor) => isAdult(actor) && hasRole(actor, 'member'))
allow(
  'institutions.members.manage',
  (actor) => isAdult(actor) && hasRole(actor, 'institution_admin', 'coordinator'),
)
allow(
  'institutions.members.decide',
  (actor, institution) => coordinator(actor) || ownAdmin(actor, institution),
)
