import { allow, everyone, isAdult, isSignedIn } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** One's own notifications; every query is limited to the signed-in person's rows. */
    'notifications.view_own': undefined
    /** One's own email choices per kind. Pupils get no email (their accounts have no address), so no settings. */
    'notifications.preferences': undefined
    /** An unsubscribe link: the signed token in it, not a session, says whose mail it stops. */
    'notifications.unsubscribe': undefined
  }
}

allow('notifications.view_own', isSignedIn)
allow('notifications.preferences', isAdult)
allow('notifications.unsubscribe', everyone)
