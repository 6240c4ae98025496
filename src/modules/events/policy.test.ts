import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { EventStatus, RegistrationStatus } from '../../db/schema.ts'
import { type Actor, can, ROLES, type Role, VISITOR } from '../../platform/policy.ts'
import type { EventAccess } from './access.ts'
import './policy.ts'

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
  status: EventStatus,
  manages = false,
  registrationStatus: RegistrationStatus | null = null,
): EventAccess {
  return { eventId: 'event', status, registration: 'members', manages, registrationStatus }
}

type Verdict = [read: boolean, edit: boolean, assign: boolean, link: boolean]
const ACTIONS = ['events.read', 'events.edit', 'events.assign_managers', 'events.see_meeting_link'] as const

function verdicts(e: EventAccess): Record<Role, Verdict> {
  return Object.fromEntries(
    ROLES.map((role) => [role, ACTIONS.map((a) => can(actorFor(role), a, e)) as Verdict]),
  ) as Record<Role, Verdict>
}

const row = (v: Verdict, roles: Role[]) => Object.fromEntries(roles.map((r) => [r, v]))

test('a published event: everyone reads it; only coordinators organise it when they do not manage it', () => {
  const others: Role[] = [
    'visitor',
    'registered',
    'member',
    'pupil',
    'institution_admin',
    'editor',
    'platform_admin',
  ]
  assert.deepEqual(verdicts(event('published')), {
    ...row([true, false, false, false], others),
    coordinator: [true, true, true, true],
  })
})

test('a draft is seen by its organisers only: managers and coordinators', () => {
  const others: Role[] = [
    'visitor',
    'registered',
    'member',
    'pupil',
    'institution_admin',
    'editor',
    'platform_admin',
  ]
  assert.deepEqual(verdicts(event('draft')), {
    ...row([false, false, false, false], others),
    coordinator: [true, true, true, true],
  })
  // A manager (any signed-in role) organises their own draft, but managers are named by coordinators alone.
  for (const role of ['registered', 'member', 'institution_admin', 'editor', 'platform_admin'] as const) {
    assert.deepEqual(
      ACTIONS.map((a) => can(actorFor(role), a, event('draft', true))),
      [true, true, false, true],
      role,
    )
  }
  assert.equal(can(VISITOR, 'events.read', event('draft', true)), false)
})

test('the meeting link: confirmed participants, not those waiting, pending, declined or cancelled', () => {
  const member = actorFor('member')
  assert.equal(can(member, 'events.see_meeting_link', event('published', false, 'confirmed')), true)
  for (const status of ['pending', 'waitlisted', 'cancelled', 'declined'] as const) {
    assert.equal(can(member, 'events.see_meeting_link', event('published', false, status)), false, status)
  }
})

test('a cancelled event stays readable by everyone and editable by its organisers only', () => {
  assert.equal(can(VISITOR, 'events.read', event('cancelled')), true)
  assert.equal(can(actorFor('member'), 'events.edit', event('cancelled')), false)
  assert.equal(can(actorFor('member'), 'events.edit', event('cancelled', true)), true)
})
