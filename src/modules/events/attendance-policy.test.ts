import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { EventStatus, RegistrationStatus } from '../../db/schema.ts'
import { type Actor, can, ROLES, type Role, VISITOR } from '../../platform/policy.ts'
import type { EventAccess } from './access.ts'
import './attendance-policy.ts'

/** A person in one role, holding the roles sessions give such a person (as test/policy-table.test.ts builds them). */
function actorFor(role: Role): Actor {
  if (role === 'visitor') return VISITOR
  return {
    person: {
      id: `person-${role}`,
      name: role,
      email: `${role}@example.org`,
      kind: role === 'pupil' ? 'pupil' : 'adult',
      locale: null,
    },
    roles: new Set<Role>(
      role === 'pupil' ? ['pupil'] : role === 'registered' ? ['registered'] : ['registered', 'member', role],
    ),
  }
}

function event(options: {
  status?: EventStatus
  manages?: boolean
  registrationStatus?: RegistrationStatus | null
}): EventAccess {
  return {
    eventId: 'e',
    status: options.status ?? 'published',
    registration: 'open',
    manages: options.manages ?? false,
    registrationStatus: options.registrationStatus ?? null,
  }
}

const adults: Role[] = [
  'registered',
  'member',
  'institution_admin',
  'editor',
  'coordinator',
  'platform_admin',
]

test('attendance.ticket: a confirmed place at a published event, whatever the adult’s role; never a pupil', () => {
  for (const role of ROLES) {
    const actor = actorFor(role)
    const adult = adults.includes(role)
    assert.equal(
      can(actor, 'attendance.ticket', event({ registrationStatus: 'confirmed' })),
      adult,
      `${role} confirmed`,
    )
    for (const status of ['pending', 'waitlisted', 'cancelled', 'declined'] as const) {
      assert.equal(
        can(actor, 'attendance.ticket', event({ registrationStatus: status })),
        false,
        `${role} ${status}`,
      )
    }
    assert.equal(can(actor, 'attendance.ticket', event({})), false, `${role} without a place`)
    assert.equal(
      can(actor, 'attendance.ticket', event({ registrationStatus: 'confirmed', status: 'cancelled' })),
      false,
      `${role} cancelled event`,
    )
  }
})

test('attendance.check_in and record_outcome: the event’s managers and coordinators, on a published event only', () => {
  for (const action of ['attendance.check_in', 'attendance.record_outcome'] as const) {
    for (const role of ROLES) {
      const actor = actorFor(role)
      const adult = adults.includes(role)
      assert.equal(can(actor, action, event({ manages: true })), adult, `${action} ${role} manager`)
      assert.equal(can(actor, action, event({})), role === 'coordinator', `${action} ${role} not managing`)
      // A participant is not an organiser: their place gives them no say over others' attendance.
      assert.equal(
        can(actor, action, event({ registrationStatus: 'confirmed' })),
        role === 'coordinator',
        `${action} ${role} participant`,
      )
      for (const status of ['draft', 'cancelled'] as const) {
        assert.equal(
          can(actor, action, event({ manages: true, status })),
          false,
          `${action} ${role} ${status}`,
        )
      }
    }
  }
})
