import { allow, isSignedIn } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** One's own notifications; every query is limited to the signed-in person's rows. */
    'notifications.view_own': undefined
  }
}

allow('notifications.view_own', isSignedIn)
