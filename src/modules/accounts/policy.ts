import { allow, everyone, isAdult, isSignedIn } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    'account.register': undefined
    'account.sign_in': undefined
    'account.verify_email': undefined
    'account.reset_password': undefined
    'account.sign_out': undefined
    'account.view_own': undefined
    'account.update_own': undefined
    'account.change_password': undefined
  }
}

// Joining, signing in and recovering an account are open to anyone: that is how one stops being a visitor.
allow('account.register', everyone)
allow('account.sign_in', everyone)
allow('account.verify_email', everyone)
allow('account.reset_password', everyone)
allow('account.sign_out', isSignedIn)
allow('account.view_own', isSignedIn)
// Pupils' project-only accounts are managed by their teacher, not by the pupil.
allow('account.update_own', isAdult)
allow('account.change_password', isAdult)

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** Everyone signed in may download what the platform holds about them. */
    'account.export_data': undefined
    /** Deleting needs the password, so pupils' project-only accounts are deleted by their teacher instead. */
    'account.delete_own': undefined
  }
}

allow('account.export_data', isSignedIn)
allow('account.delete_own', isAdult)
