import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { EventRegistrationMode, EventStatus, RegistrationStatus } from '../../db/schema.ts'
import { type Actor, can, ROLES, type Role, VISITOR } from '../../platform/policy.ts'
import type { EventAccess } from './access.ts'
import './policy.ts'
import './registration-policy.ts'

/** An actor holding the roles such a person really holds (see test/policy-table.test.ts). */
function actorFor(role: Role): Actor {
  if (role === 'visitor') return VISITOR
  const roles = new Set<Role>(
    role === 'pupil' ? ['pupil'] : role === 'registered' ? ['registered'] : ['registered', 'member', role],
  )
  const kind = role === 'pupil' ? 'pupil' : 'adult'
  return {
    person: { id: `person-${role}`, name: role, email: `${role}@example.org`, kind, locale: null },
    roles,
  }
}

function event(
  options: {
    status?: EventStatus
    registration?: EventRegistrationMode
    manages?: boolean
    registrationStatus?: RegistrationStatus | null
  } = {},
): EventAccess {
  return {
    eventId: 'event',
    status: options.status ?? 'published',
    registration: options.registration ?? 'members',
    manages: options.manages ?? false,
    registrationStatus: options.registrationStatus ?? null,
  }
}

const who = (
  action: 'events.register' | 'events.registration.cancel' | 'events.registrations.manage',
  e: EventAccess,
) => ROLES.filter((role) => can(actorFor(role), action, e))

const ADULT_MEMBERS: Role[] = ['member', 'institution_admin', 'editor', 'coordinator', 'platform_admin']

test('events.register: members-only events take validated adult members, open events any adult', () => {
  assert.deepEqual(who('events.register', event()), ADULT_MEMBERS)
  assert.deepEqual(who('events.register', event({ registration: 'open' })), ['registered', ...ADULT_MEMBERS])
})

test('events.register: no one registers for a draft, a cancelled event or one without registration here', () => {
  assert.deepEqual(who('events.register', event({ status: 'draft', manages: true })), [])
  assert.deepEqual(who('events.register', event({ status: 'cancelled', registration: 'open' })), [])
  assert.deepEqual(who('events.register', event({ registration: 'none' })), [])
})

test('events.register: a held or awaited place blocks a second registration, and so does a decline; cancelling does not', () => {
  for (const status of ['pending', 'confirmed', 'waitlisted', 'declined'] as const)
    assert.deepEqual(who('events.register', event({ registrationStatus: status })), [], status)
  assert.deepEqual(who('events.register', event({ registrationStatus: 'cancelled' })), ADULT_MEMBERS)
})

test('events.registration.cancel: only while the registration holds or waits for a place', () => {
  for (const status of ['pending', 'confirmed', 'waitlisted'] as const)
    assert.deepEqual(
      who('events.registration.cancel', event({ registrationStatus: status })),
      ['registered', ...ADULT_MEMBERS],
      status,
    )
  for (const status of [null, 'cancelled', 'declined'] as const)
    assert.deepEqual(
      who('events.registration.cancel', event({ registrationStatus: status })),
      [],
      String(status),
    )
  // A cancelled event may still be left (its participants want it off their list).
  assert.deepEqual(
    who('events.registration.cancel', event({ status: 'cancelled', registrationStatus: 'confirmed' })),
    ['registered', ...ADULT_MEMBERS],
  )
})

test('events.registrations.manage: the event’s managers and coordinators, no one else (platform admins included)', () => {
  assert.deepEqual(who('events.registrations.manage', event()), ['coordinator'])
  assert.deepEqual(who('events.registrations.manage', event({ manages: true })), [
    'registered',
    ...ADULT_MEMBERS,
  ])
  // A participant is not an organiser for having registered.
  assert.deepEqual(who('events.registrations.manage', event({ registrationStatus: 'confirmed' })), [
    'coordinator',
  ])
})
