import type { Db } from '../../db/database.ts'
import type { EventRegistrationMode, EventStatus, RegistrationStatus } from '../../db/schema.ts'
import { type Actor, hasRole } from '../../platform/policy.ts'

/**
 * An event as every events policy sees it: its state, and the acting person's place in it (managing it, and
 * their registration). Loaded once per request by `loadEventAccess`, then handed to `can`/`authorize`.
 */
export interface EventAccess {
  eventId: string
  status: EventStatus
  registration: EventRegistrationMode
  /** The actor runs this event (event_managers). */
  manages: boolean
  /** The actor's own registration, whatever its status; null when they have none. */
  registrationStatus: RegistrationStatus | null
}

export async function loadEventAccess(db: Db, eventId: string, actor: Actor): Promise<EventAccess | null> {
  const event = await db
    .selectFrom('events')
    .select(['id', 'status', 'registration'])
    .where('id', '=', eventId)
    .executeTakeFirst()
  if (!event) return null
  const personId = actor.person?.id
  const [manager, registration] = personId
    ? await Promise.all([
        db
          .selectFrom('event_managers')
          .select('person_id')
          .where('event_id', '=', eventId)
          .where('person_id', '=', personId)
          .executeTakeFirst(),
        db
          .selectFrom('event_registrations')
          .select('status')
          .where('event_id', '=', eventId)
          .where('person_id', '=', personId)
          .executeTakeFirst(),
      ])
    : [undefined, undefined]
  return {
    eventId: event.id,
    status: event.status,
    registration: event.registration,
    manages: manager !== undefined,
    registrationStatus: registration?.status ?? null,
  }
}

// Predicates the events rules are built from.

/** Organisers: the event's managers, and national coordinators, who answer for every event on the platform. */
export const isOrganiser = (actor: Actor, e: EventAccess): boolean =>
  actor.person !== null && (e.manages || hasRole(actor, 'coordinator'))

/** Published events are public; drafts only for their organisers. */
export const isVisible = (actor: Actor, e: EventAccess): boolean =>
  e.status !== 'draft' || isOrganiser(actor, e)

/** A place held: confirmed participants see the meeting link, get a ticket and may be checked in. */
export const isParticipant = (e: EventAccess): boolean => e.registrationStatus === 'confirmed'
