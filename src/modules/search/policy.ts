import { allow, everyone } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** Anyone may search; what each finds is narrowed per row to the audiences they may read (audience.ts). */
    'search.use': undefined
  }
}

allow('search.use', everyone)
