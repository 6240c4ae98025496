import { allow, everyone, hasRole } from '../../platform/policy.ts'
import { isActiveMember, type ProjectAccess } from './access.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** The gallery and the project pages' routes are open to all; each project is then checked on its own. */
    'gallery.view': undefined
    /**
     * A project's public page, its public pages and materials: everyone once it is approved and the team opted in;
     * before that (or after it left the gallery) its team and the coordinators, and no one else learns it exists.
     */
    'gallery.read_project': ProjectAccess
  }
}

/** Whether the project is listed: approved and shown in the gallery by its team. */
export const isListed = (p: ProjectAccess): boolean => p.status === 'approved' && p.inGallery

allow('gallery.view', everyone)
allow('gallery.read_project', (actor, p) => isListed(p) || isActiveMember(p) || hasRole(actor, 'coordinator'))
