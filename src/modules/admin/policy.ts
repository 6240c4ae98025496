import { allow, hasRole, isAdult } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    'admin.audit.view': undefined
    /** Who is a national coordinator and which regions each covers: platform administrators only. */
    'admin.coordinators.manage': undefined
  }
}

allow('admin.audit.view', (actor) => hasRole(actor, 'platform_admin'))
allow('admin.coordinators.manage', (actor) => isAdult(actor) && hasRole(actor, 'platform_admin'))
