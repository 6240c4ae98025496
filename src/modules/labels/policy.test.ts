import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type Actor, can, ROLES, type Role, VISITOR } from '../../platform/policy.ts'
import type { ProjectAccess, ProjectMembership } from '../projects/access.ts'
import './policy.ts'

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

function project(
  membership: ProjectMembership | null,
  status: ProjectAccess['status'] = 'approved',
): ProjectAccess {
  return { projectId: 'p', status, workspaceState: 'open', inGallery: false, membership }
}

const founder: ProjectMembership = { role: 'founder', status: 'active', pupilAdmin: false }
const teacher: ProjectMembership = { role: 'teacher', status: 'active', pupilAdmin: false }
const pupil: ProjectMembership = { role: 'pupil', status: 'active', pupilAdmin: true }
const invitedFounder: ProjectMembership = { role: 'founder', status: 'invited', pupilAdmin: false }
const adultRoles: Role[] = ['member', 'institution_admin', 'editor', 'coordinator', 'platform_admin']

test('labels.project.view: the project’s founders and teachers, never pupils or outsiders', () => {
  for (const role of ROLES) {
    const actor = actorFor(role)
    const adult = adultRoles.includes(role)
    assert.equal(can(actor, 'labels.project.view', project(founder)), adult, `${role} founder`)
    assert.equal(can(actor, 'labels.project.view', project(teacher)), adult, `${role} teacher`)
    assert.equal(can(actor, 'labels.project.view', project(pupil)), false, `${role} pupil`)
    assert.equal(can(actor, 'labels.project.view', project(invitedFounder)), false, `${role} invited`)
    assert.equal(can(actor, 'labels.project.view', project(null)), false, `${role} outsider`)
  }
})

test('labels.project.apply: active founders of an approved project only', () => {
  for (const role of ROLES) {
    const actor = actorFor(role)
    const adult = adultRoles.includes(role)
    assert.equal(can(actor, 'labels.project.apply', project(founder)), adult, `${role} founder`)
    assert.equal(
      can(actor, 'labels.project.apply', project(founder, 'in_review')),
      false,
      `${role} in review`,
    )
    assert.equal(can(actor, 'labels.project.apply', project(teacher)), false, `${role} teacher`)
    assert.equal(can(actor, 'labels.project.apply', project(null)), false, `${role} outsider`)
  }
})

test('labels.decide: coordinators with no tie to the project’s team', () => {
  for (const role of ROLES) {
    const actor = actorFor(role)
    assert.equal(can(actor, 'labels.decide', project(null)), role === 'coordinator', `${role} outsider`)
    for (const membership of [founder, teacher, invitedFounder, { ...teacher, status: 'left' as const }]) {
      assert.equal(
        can(actor, 'labels.decide', project(membership)),
        false,
        `${role} ${membership.role} ${membership.status}`,
      )
    }
  }
})
