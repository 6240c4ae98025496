import { allow, everyone, isAdult, isSignedIn } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** One's own sessions: listed and ended. Which session is decided by its owner (another's is NotFound). */
    'account.sessions': undefined
    /** Enrolling a TOTP second factor; pupils' project-only accounts have no password, so no second factor. */
    'account.second_factor': undefined
    /** Typing the code after a correct password: the pending sign-in is not yet a session, so anyone may. */
    'account.sign_in_code': undefined
  }
}

allow('account.sessions', isSignedIn)
allow('account.second_factor', isAdult)
allow('account.sign_in_code', everyone)
