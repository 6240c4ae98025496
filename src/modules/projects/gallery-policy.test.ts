import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ProjectStatus } from '../../db/schema.ts'
import { type Actor, can, ROLES, type Role, VISITOR } from '../../platform/policy.ts'
import type { ProjectAccess, ProjectMembership } from './access.ts'
import './gallery-policy.ts'

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

function project(
  status: ProjectStatus,
  inGallery: boolean,
  membership: ProjectMembership | null = null,
): ProjectAccess {
  return { projectId: 'project', status, workspaceState: 'open', inGallery, membership }
}

test('gallery.read_project: everyone once listed; before that (or after) its team and the coordinators alone', () => {
  const mismatches: string[] = []
  for (const role of ROLES) {
    const actor = actorFor(role)
    const coordinator = role === 'coordinator'
    const cases: Array<[string, ProjectAccess, boolean]> = [
      ['listed', project('approved', true), true],
      ['approved, not opted in', project('approved', false), coordinator],
      ['in review with a stale opt-in', project('in_review', true), coordinator],
      ['draft', project('draft', false), coordinator],
      [
        'its founder',
        project('draft', false, { role: 'founder', status: 'active', pupilAdmin: false }),
        true,
      ],
      ['its pupil', project('approved', false, { role: 'pupil', status: 'active', pupilAdmin: false }), true],
      [
        'invited only',
        project('approved', false, { role: 'teacher', status: 'invited', pupilAdmin: false }),
        coordinator,
      ],
      [
        'left',
        project('approved', false, { role: 'teacher', status: 'left', pupilAdmin: false }),
        coordinator,
      ],
    ]
    for (const [name, resource, expected] of cases) {
      if (can(actor, 'gallery.read_project', resource) !== expected) mismatches.push(`${role} / ${name}`)
    }
  }
  assert.deepEqual(mismatches, [])
})
