import { allow, everyone, hasRole, isAdult } from '../../platform/policy.ts'
import { type EventAccess, isOrganiser, isParticipant, isVisible } from './access.ts'

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** The calendar, event pages, iCal feeds and the events API are open to all; each event is 'events.read'. */
    'events.view': undefined
    /** Creating an event: national coordinators, who organise the country's events. */
    'events.create': undefined
    /**
     * The management pages (edit, agenda, speakers, partners, files) are reached by signed-in adults; which event
     * each may change is decided per event by 'events.edit'.
     */
    'events.manage': undefined
    /** An event's page and feed: everyone once published (or cancelled); a draft only for its organisers. */
    'events.read': EventAccess
    /** Editing, publishing, cancelling, the agenda, speakers, partners and files: the event's organisers. */
    'events.edit': EventAccess
    /** Who runs the event (event_managers) is decided by coordinators. */
    'events.assign_managers': EventAccess
    /** The online meeting link: confirmed participants and the organisers. */
    'events.see_meeting_link': EventAccess
  }
}

allow('events.view', everyone)
allow('events.create', (actor) => hasRole(actor, 'coordinator'))
allow('events.manage', isAdult)
allow('events.read', isVisible)
allow('events.edit', isOrganiser)
allow('events.assign_managers', (actor, e) => isVisible(actor, e) && hasRole(actor, 'coordinator'))
allow('events.see_meeting_link', (actor, e) => isOrganiser(actor, e) || isParticipant(e))
