import { allow, everyone } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** The registry is public: visitors find schools and universities before they join. */
    'institutions.list': undefined
  }
}

allow('institutions.list', everyone)
