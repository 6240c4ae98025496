import { allow, everyone } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** Public pages, static assets and documents meant for everyone. */
    'site.view': undefined
  }
}

allow('site.view', everyone)
