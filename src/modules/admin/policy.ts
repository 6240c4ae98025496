import { allow, hasRole } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    'admin.audit.view': undefined
  }
}

allow('admin.audit.view', (actor) => hasRole(actor, 'platform_admin'))
