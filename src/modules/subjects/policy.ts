import { allow, everyone, hasRole } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    'subjects.list': undefined
    /** Editing the taxonomy changes what every profile, application and project can say: admins only. */
    'subjects.manage': undefined
  }
}

allow('subjects.list', everyone)
allow('subjects.manage', (actor) => hasRole(actor, 'platform_admin'))
