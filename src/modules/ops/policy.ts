import { allow, everyone } from '../../platform/policy.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    'ops.health': undefined
    /** Open by policy; when KORPU_METRICS_TOKEN is set the scrape must also present that bearer token. */
    'ops.metrics': undefined
  }
}

allow('ops.health', everyone)
allow('ops.metrics', everyone)
