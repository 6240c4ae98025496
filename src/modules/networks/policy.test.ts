import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { DocumentVisibility } from '../../db/schema.ts'
import { type Actor, can, ROLES, type Role, VISITOR } from '../../platform/policy.ts'
import type { NetworkAccess } from './access.ts'
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

/** Where the actor stands in the network: an officer, staff of a member institution, in the group (and how), or outside. */
type Standing = 'officer' | 'group_lead' | 'group_member' | 'network_member' | 'outsider'
const GROUP = 'group-1'

function access(standing: Standing): NetworkAccess {
  return {
    networkId: 'network',
    officer: standing === 'officer',
    memberStaff: standing !== 'officer' && standing !== 'outsider',
    groups: new Map(
      standing === 'group_lead'
        ? [[GROUP, 'lead' as const]]
        : standing === 'group_member'
          ? [[GROUP, 'member' as const]]
          : [],
    ),
  }
}

type Verdict = [manage: boolean, view: boolean, participate: boolean, lead: boolean]

function verdict(role: Role, standing: Standing): Verdict {
  const actor = actorFor(role)
  const n = access(standing)
  const g = { network: n, groupId: GROUP }
  return [
    can(actor, 'networks.manage', n),
    can(actor, 'networks.group.view', g),
    can(actor, 'networks.group.participate', g),
    can(actor, 'networks.group.lead', g),
  ]
}

const validated: Role[] = ['member', 'institution_admin', 'editor', 'platform_admin']

test('officers manage the network and lead every group; coordinators step in; nobody else manages', () => {
  for (const role of validated) assert.deepEqual(verdict(role, 'officer'), [true, true, true, true], role)
  assert.deepEqual(verdict('coordinator', 'outsider'), [true, true, true, true])
  for (const role of validated)
    assert.deepEqual(verdict(role, 'outsider'), [false, false, false, false], role)
  // A session without validation (registered) or a pupil never acts for a network, even with a row in it.
  for (const role of ['visitor', 'registered', 'pupil'] as const) {
    for (const standing of ['officer', 'group_lead', 'network_member'] as const) {
      assert.deepEqual(verdict(role, standing), [false, false, false, false], `${role} as ${standing}`)
    }
  }
})

test('a group lead leads, a group member takes part, a network member only views the group', () => {
  for (const role of validated) {
    assert.deepEqual(verdict(role, 'group_lead'), [false, true, true, true], role)
    assert.deepEqual(verdict(role, 'group_member'), [false, true, true, false], role)
    assert.deepEqual(verdict(role, 'network_member'), [false, true, false, false], role)
  }
})

test('documents: public ones to everyone, network ones to those in it, a group’s own to the group and the managers', () => {
  const sees = (
    role: Role,
    standing: Standing,
    visibility: DocumentVisibility,
    groupId: string | null = GROUP,
  ) => can(actorFor(role), 'networks.document.read', { network: access(standing), visibility, groupId })
  for (const role of ROLES) assert.equal(sees(role, 'outsider', 'public'), true, role)
  for (const role of ['visitor', 'registered', 'pupil'] as const) {
    assert.equal(sees(role, 'network_member', 'network'), false, role)
  }
  assert.equal(sees('member', 'outsider', 'network'), false)
  assert.equal(sees('member', 'network_member', 'network'), true)
  assert.equal(sees('member', 'network_member', 'group'), false)
  assert.equal(sees('member', 'group_member', 'group'), true)
  assert.equal(sees('member', 'officer', 'group'), true)
  assert.equal(sees('coordinator', 'outsider', 'group'), true)
  assert.equal(sees('member', 'group_member', 'group', 'another-group'), false)
})

test('an institution is represented by its administrators only', () => {
  for (const role of ROLES) {
    const actor = actorFor(role)
    const adult = !['visitor', 'registered', 'pupil'].includes(role)
    assert.equal(
      can(actor, 'networks.represent', { network: access('outsider'), institutionAdmin: true }),
      adult,
      role,
    )
    assert.equal(
      can(actor, 'networks.represent', { network: access('officer'), institutionAdmin: false }),
      false,
      role,
    )
  }
})
