import { allow, everyone, hasRole, isAdult } from '../../platform/policy.ts'
import { readsMembersOnly } from '../search/audience.ts'

/** A resource as its policy sees it. */
export interface ResourceAccess {
  visibility: 'public' | 'members'
}

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** The library, its pages, downloads and API are open; each resource is then 'resources.read'. */
    'resources.view': undefined
    /** Public resources for everyone; members-only ones for validated members and staff (not pupils). */
    'resources.read': ResourceAccess
    /** Adding, changing and removing resources: the portal's editors, coordinators and platform admins. */
    'resources.manage': undefined
  }
}

allow('resources.view', everyone)
allow('resources.read', (actor, r) => r.visibility === 'public' || readsMembersOnly(actor))
allow(
  'resources.manage',
  (actor) => isAdult(actor) && hasRole(actor, 'editor', 'coordinator', 'platform_admin'),
)
