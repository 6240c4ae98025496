import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ProjectStatus, WorkspaceState } from '../../db/schema.ts'
import { type Actor, can, ROLES, type Role, VISITOR } from '../../platform/policy.ts'
import type { ProjectAccess, ProjectMembership } from '../projects/access.ts'
import './policy.ts'

/** An actor holding the roles such a person really holds (see test/policy-table.test.ts). */
function actorFor(role: Role): Actor {
  if (role === 'visitor') return VISITOR
  const kind = role === 'pupil' ? 'pupil' : 'adult'
  const roles = new Set<Role>(
    role === 'pupil' ? ['pupil'] : role === 'registered' ? ['registered'] : ['registered', 'member', role],
  )
  return {
    person: { id: `person-${role}`, name: role, email: `${role}@example.org`, kind, locale: null },
    roles,
  }
}

function project(
  membership: ProjectMembership | null,
  status: ProjectStatus = 'approved',
  workspaceState: WorkspaceState = 'open',
): ProjectAccess {
  return { projectId: 'project', status, workspaceState, inGallery: false, membership }
}

const member = (role: ProjectMembership['role'], status: ProjectMembership['status'] = 'active') => ({
  role,
  status,
  pupilAdmin: false,
})

test("pupils: only the project's validated teachers manage its pupils; codes only while the workspace is open", () => {
  const mismatches: string[] = []
  for (const role of ROLES) {
    const actor = actorFor(role)
    // A validated adult: every role but visitor, registered and pupil (platform roles are members too).
    const adult = !['visitor', 'registered', 'pupil'].includes(role)
    const cases: Array<[string, ProjectAccess, { list: boolean; issue: boolean; delete: boolean }]> = [
      ['founder', project(member('founder')), { list: adult, issue: adult, delete: adult }],
      ['partner teacher', project(member('teacher')), { list: adult, issue: adult, delete: adult }],
      [
        'founder, archived',
        project(member('founder'), 'approved', 'archived'),
        { list: adult, issue: false, delete: adult },
      ],
      [
        'founder, closed',
        project(member('founder'), 'approved', 'closed'),
        { list: adult, issue: false, delete: adult },
      ],
      [
        'founder, in review',
        project(member('founder'), 'in_review'),
        { list: false, issue: false, delete: false },
      ],
      [
        'invited teacher',
        project(member('teacher', 'invited')),
        { list: false, issue: false, delete: false },
      ],
      ['teacher who left', project(member('teacher', 'left')), { list: false, issue: false, delete: false }],
      [
        'pupil of the project',
        project({ ...member('pupil'), pupilAdmin: true }),
        { list: false, issue: false, delete: false },
      ],
      ['outsider', project(null), { list: false, issue: false, delete: false }],
    ]
    for (const [name, access, expect] of cases) {
      const actual = {
        list: can(actor, 'pupils.list', access),
        issue: can(actor, 'pupils.issue_code', access),
        delete: can(actor, 'pupils.delete', access),
      }
      for (const key of Object.keys(expect) as Array<keyof typeof expect>) {
        if (expect[key] !== actual[key])
          mismatches.push(`${role} × ${name} × ${key}: expected ${expect[key]}`)
      }
    }
  }
  assert.deepEqual(mismatches, [])
})
