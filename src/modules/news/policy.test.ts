import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ArticleStatus } from '../../db/schema.ts'
import { type Actor, can, ROLES, type Role, VISITOR } from '../../platform/policy.ts'
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

const who = (action: 'news.read' | 'news.edit', status: ArticleStatus, live: boolean) =>
  ROLES.filter((role) => can(actorFor(role), action, { status, live }))

test('news.read: a live article by everyone; anything else by editors and coordinators only', () => {
  assert.deepEqual(who('news.read', 'published', true), [...ROLES])
  for (const [status, live] of [
    ['draft', false],
    ['in_review', false],
    // Published but scheduled for later.
    ['published', false],
    ['archived', false],
  ] as const) {
    assert.deepEqual(who('news.read', status, live), ['editor', 'coordinator'], status)
  }
})

test('news.edit: editors while draft or in review; coordinators always; nobody else', () => {
  assert.deepEqual(who('news.edit', 'draft', false), ['editor', 'coordinator'])
  assert.deepEqual(who('news.edit', 'in_review', false), ['editor', 'coordinator'])
  assert.deepEqual(who('news.edit', 'published', true), ['coordinator'])
  assert.deepEqual(who('news.edit', 'published', false), ['coordinator'])
  assert.deepEqual(who('news.edit', 'archived', false), ['coordinator'])
})
