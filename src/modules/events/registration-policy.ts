import type { RegistrationStatus } from '../../db/schema.ts'
import { allow, hasRole, isAdult } from '../../platform/policy.ts'
import { type EventAccess, isOrganiser, isVisible } from './access.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /**
     * Registering and one's own registration are for signed-in adults (pupils take part through their project);
     * which event each may register for is 'events.register'.
     */
    'events.registration.use': undefined
    /**
     * The organisers' registration pages (participants, approvals, questions, statistics, CSV) are reached by
     * signed-in adults; which event's each may see is 'events.registrations.manage'.
     */
    'events.registrations.organise': undefined
    /**
     * Registering: a published event taking registrations here, open to any adult or to validated members only,
     * for someone who holds no registration yet (after cancelling one may register again; once declined by the
     * organisers, not).
     */
    'events.register': EventAccess
    /** Cancelling one's own registration while it holds or waits for a place. */
    'events.registration.cancel': EventAccess
    /**
     * Participants' personal data (list, answers, CSV), approving and declining, the extra questions and the
     * statistics: the event's organisers (its managers and national coordinators).
     */
    'events.registrations.manage': EventAccess
  }
}

/** Registrations that hold a place or wait for one; the others (cancelled, declined) are over. */
export const ACTIVE: readonly RegistrationStatus[] = ['pending', 'confirmed', 'waitlisted']
export const isActive = (status: RegistrationStatus | null): boolean =>
  status !== null && ACTIVE.includes(status)

allow('events.registration.use', isAdult)
allow('events.registrations.organise', isAdult)
allow(
  'events.register',
  (actor, e) =>
    isAdult(actor) &&
    e.status === 'published' &&
    (e.registration === 'open' || (e.registration === 'members' && hasRole(actor, 'member'))) &&
    !isActive(e.registrationStatus) &&
    e.registrationStatus !== 'declined',
)
allow(
  'events.registration.cancel',
  (actor, e) => isAdult(actor) && isVisible(actor, e) && isActive(e.registrationStatus),
)
allow('events.registrations.manage', (actor, e) => isAdult(actor) && isOrganiser(actor, e))
