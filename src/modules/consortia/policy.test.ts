import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type Actor, can, ROLES, type Role, VISITOR } from '../../platform/policy.ts'
import type { ConsortiumAccess } from './access.ts'
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

/** A consortium coordinated by "coord-uni" with partners "baku-uni" and "riga-uni"; the actor works for `own`. */
const consortium = (...own: string[]): ConsortiumAccess => ({
  consortiumId: 'c',
  coordinatorInstitutionId: 'coord-uni',
  actorInstitutions: new Set(own),
})

const decide = (access: ConsortiumAccess, lead: string | null) =>
  Object.fromEntries(
    ROLES.map((role) => [
      role,
      [
        can(actorFor(role), 'consortia.edit', access),
        can(actorFor(role), 'consortia.work_package.edit', { consortium: access, leadInstitutionId: lead }),
      ],
    ]),
  )

test('outsiders: only national coordinators edit the consortium and every work package', () => {
  const verdicts = decide(consortium(), 'baku-uni')
  for (const role of ROLES) {
    const expected = role === 'coordinator'
    assert.deepEqual(verdicts[role], [expected, expected], role)
  }
})

test("the coordinating institution's staff edit the record and every work package", () => {
  for (const role of ['registered', 'member', 'institution_admin', 'editor', 'platform_admin'] as const) {
    assert.deepEqual(decide(consortium('coord-uni'), 'baku-uni')[role], [true, true], role)
  }
  // A pupil never acts for an institution.
  assert.deepEqual(decide(consortium('coord-uni'), 'baku-uni').pupil, [false, false])
})

test("a partner's staff edit their own work package but not another's, nor the record", () => {
  for (const role of ['member', 'institution_admin'] as const) {
    assert.deepEqual(decide(consortium('baku-uni'), 'baku-uni')[role], [false, true], `${role}, own package`)
    assert.deepEqual(decide(consortium('baku-uni'), 'riga-uni')[role], [false, false], `${role}, another's`)
    assert.deepEqual(decide(consortium('baku-uni'), null)[role], [false, false], `${role}, no lead`)
  }
})
