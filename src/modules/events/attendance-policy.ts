import { allow, everyone, isAdult } from '../../platform/policy.ts'
import { type EventAccess, isOrganiser, isParticipant } from './access.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /**
     * Tickets, the check-in list, certificates and the outcome form are reached by signed-in adults; which event
     * each may act on is decided per event by the actions below.
     */
    'attendance.enter': undefined
    /** One's ticket (QR code) and certificate: a confirmed participant of a published event. */
    'attendance.ticket': EventAccess
    /** Checking people in and recording the outcome: the event's organisers, once it is published. */
    'attendance.check_in': EventAccess
    'attendance.record_outcome': EventAccess
    /** Certificates are verified by anyone who holds one's code (an employer, a school head). */
    'certificates.verify': undefined
  }
}

const isLive = (e: EventAccess) => e.status === 'published'

allow('attendance.enter', isAdult)
allow('attendance.ticket', (actor, e) => isAdult(actor) && isLive(e) && isParticipant(e))
allow('attendance.check_in', (actor, e) => isAdult(actor) && isLive(e) && isOrganiser(actor, e))
allow('attendance.record_outcome', (actor, e) => isAdult(actor) && isLive(e) && isOrganiser(actor, e))
allow('certificates.verify', everyone)
