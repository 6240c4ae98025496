import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ProjectStatus } from '../../db/schema.ts'
import { type Actor, can, ROLES, type Role, VISITOR } from '../../platform/policy.ts'
import type { ProjectAccess, ProjectMembership } from '../projects/access.ts'
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

function project(membership: ProjectMembership | null, status: ProjectStatus = 'approved'): ProjectAccess {
  return { projectId: 'project', status, workspaceState: 'open', inGallery: false, membership }
}

const member = (
  role: ProjectMembership['role'],
  status: ProjectMembership['status'] = 'active',
  pupilAdmin = false,
): ProjectMembership => ({ role, status, pupilAdmin })

type Verdict = [read: boolean, contribute: boolean, author: boolean, teach: boolean, govern: boolean]
const ACTIONS = [
  'workspace.read',
  'workspace.contribute',
  'workspace.author',
  'workspace.teach',
  'workspace.govern',
] as const

test('workspace: members read and contribute, teachers and pupil administrators author, teachers teach, founders govern', () => {
  const mismatches: string[] = []
  // A member's place in the project, as the adult (any validated role) or the pupil who holds it.
  const cases: Array<[string, ProjectAccess, Verdict]> = [
    ['founder', project(member('founder')), [true, true, true, true, true]],
    ['partner teacher', project(member('teacher')), [true, true, true, true, false]],
    ['pupil', project(member('pupil')), [true, true, false, false, false]],
    ['pupil administrator', project(member('pupil', 'active', true)), [true, true, true, false, false]],
    ['invited teacher', project(member('teacher', 'invited')), [false, false, false, false, false]],
    ['former teacher', project(member('teacher', 'left')), [false, false, false, false, false]],
    ['no member', project(null), [false, false, false, false, false]],
    // Drafts and projects under review have no workspace at all.
    ['founder of a draft', project(member('founder'), 'draft'), [false, false, false, false, false]],
    ['founder, in review', project(member('founder'), 'in_review'), [false, false, false, false, false]],
  ]
  for (const role of ROLES) {
    const actor = actorFor(role)
    const adult = !['visitor', 'registered', 'pupil'].includes(role)
    for (const [name, access, verdict] of cases) {
      const isPupilCase = access.membership?.role === 'pupil'
      // The membership is only ever held by someone of that kind: adults are teachers, pupils are pupils.
      if (isPupilCase ? role !== 'pupil' : !adult) continue
      const expected = [...verdict] as boolean[]
      // Coordinators read every approved workspace, and change none they are not part of.
      if (role === 'coordinator' && access.status === 'approved') expected[0] = true
      ACTIONS.forEach((action, i) => {
        const actual = can(actor, action, access)
        if (actual !== expected[i]) mismatches.push(`${role} as ${name} × ${action}: expected ${expected[i]}`)
      })
    }
    // Outsiders: visitors, registered people and a pupil of another project read nothing.
    if (!adult) {
      for (const action of ACTIONS) {
        if (can(actor, action, project(null))) mismatches.push(`${role} outsider × ${action}`)
      }
    }
  }
  assert.deepEqual(mismatches, [])
})

test('workspace: an unvalidated person holding a teacher membership may not teach or govern', () => {
  const registered = actorFor('registered')
  assert.equal(can(registered, 'workspace.teach', project(member('founder'))), false)
  assert.equal(can(registered, 'workspace.govern', project(member('founder'))), false)
})
