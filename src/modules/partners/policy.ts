import type { ProfileVisibility } from '../../db/schema.ts'
import { allow, everyone, hasRole, isAdult } from '../../platform/policy.ts'

/** What the policy needs about one person's profile to decide who may see it. */
export interface ProfileAccess {
  ownerId: string
  visibility: ProfileVisibility
  /** Pupils never have a public profile; validated adults do (per their visibility). */
  searchable: boolean
}

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** Searching is open to all; what each person sees in the results is decided by audience (see service). */
    'partners.search': undefined
    /** Writing to a member through the platform: validated adult members only (the issue: not before approval). */
    'partners.contact': undefined
    /** The inbox of messages received through the platform. */
    'messages.view_own': undefined
    /** One person's profile page: public to all, members-only to validated members, hidden to no one but its owner. */
    'profile.view': ProfileAccess
  }
}

const member = (actor: Parameters<typeof isAdult>[0]) => isAdult(actor) && hasRole(actor, 'member')

allow('partners.search', everyone)
allow('partners.contact', member)
allow('messages.view_own', isAdult)
allow('profile.view', (actor, profile) => {
  if (actor.person?.id === profile.ownerId) return true
  if (!profile.searchable || profile.visibility === 'hidden') return false
  return profile.visibility === 'public' || member(actor)
})
