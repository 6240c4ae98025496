import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type Actor, can, ROLES, type Role, VISITOR } from '../../platform/policy.ts'
import type { ConsortiumAccess } from '../consortia/access.ts'
import type { OutcomeAccess } from './policy.ts'
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

const consortium = (actorInstitutions: string[]): ConsortiumAccess => ({
  consortiumId: 'consortium',
  coordinatorInstitutionId: 'coordinating-university',
  actorInstitutions: new Set(actorInstitutions),
})

/** Which roles may change the outcome, as a list (the platform roles' holders, who hold nothing else here). */
const editors = (o: OutcomeAccess) => ROLES.filter((role) => can(actorFor(role), 'outcomes.edit', o))

test("outcomes.edit: coordinators always; otherwise only the owner's staff", () => {
  assert.deepEqual(editors({ ownerStaff: false, consortium: null }), ['coordinator'])
  // Staff of the owner institution, whatever their platform role (a pupil is never staff; a visitor has no person).
  const asStaff = editors({ ownerStaff: true, consortium: null })
  assert.deepEqual(
    asStaff,
    ROLES.filter((r) => r !== 'visitor' && r !== 'pupil'),
  )
})

test("outcomes.edit: a consortium's managers (its coordinating institution's staff), not the other partners' staff", () => {
  assert.deepEqual(editors({ ownerStaff: false, consortium: consortium(['coordinating-university']) }), [
    'registered',
    'member',
    'institution_admin',
    'editor',
    'coordinator',
    'platform_admin',
  ])
  assert.deepEqual(editors({ ownerStaff: false, consortium: consortium(['foreign-partner']) }), [
    'coordinator',
  ])
  assert.deepEqual(editors({ ownerStaff: false, consortium: consortium([]) }), ['coordinator'])
})

test('outcomes.view is open to all, outcomes.manage to signed-in adults', () => {
  for (const role of ROLES) {
    assert.equal(can(actorFor(role), 'outcomes.view', undefined), true, role)
    assert.equal(
      can(actorFor(role), 'outcomes.manage', undefined),
      role !== 'visitor' && role !== 'pupil',
      role,
    )
  }
})
