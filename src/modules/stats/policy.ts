import { allow, everyone, hasRole } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** The statistics page, its downloads and the open-data API: public figures. */
    'stats.view': undefined
    /** Entering published historical figures: national coordinators, who answer for the published numbers. */
    'stats.enter': undefined
  }
}

allow('stats.view', everyone)
allow('stats.enter', (actor) => hasRole(actor, 'coordinator'))
