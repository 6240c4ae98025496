import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ProjectStatus } from '../../db/schema.ts'
import { type Actor, can, type Role } from '../../platform/policy.ts'
import type { ProjectAccess, ProjectMembership } from './access.ts'
import './policy.ts'

const adult = (...roles: Role[]): Actor => ({
  person: { id: 'p', name: 'P', email: 'p@example.org', kind: 'adult', locale: null },
  roles: new Set<Role>(['registered', ...roles]),
})
const member = adult('member')
const coordinator = adult('member', 'coordinator')
const registered = adult()
const pupil: Actor = {
  person: { id: 'q', name: 'Q', email: '', kind: 'pupil', locale: null },
  roles: new Set<Role>(['pupil']),
}

function project(status: ProjectStatus, membership: Partial<ProjectMembership> | null = null): ProjectAccess {
  return {
    projectId: 'x',
    status,
    workspaceState: 'open',
    inGallery: false,
    membership: membership ? { role: 'founder', status: 'active', pupilAdmin: false, ...membership } : null,
  }
}

test('projects.edit: active founders while planning (draft, awaiting co-founders, returned), no one else', () => {
  for (const status of ['draft', 'awaiting_cofounders', 'returned'] as const) {
    assert.equal(can(member, 'projects.edit', project(status, {})), true, status)
  }
  for (const status of ['in_review', 'approved'] as const) {
    assert.equal(can(member, 'projects.edit', project(status, {})), false, status)
  }
  assert.equal(can(member, 'projects.edit', project('draft', { status: 'invited' })), false)
  assert.equal(can(member, 'projects.edit', project('draft', { role: 'teacher' })), false)
  assert.equal(can(member, 'projects.edit', project('draft')), false)
  assert.equal(can(coordinator, 'projects.edit', project('draft')), false)
  assert.equal(can(registered, 'projects.edit', project('draft', {})), false)
})

test('projects.invite: founders invite co-founders while planning; teachers invite teachers into an open workspace', () => {
  const founding = (status: ProjectStatus, m: Partial<ProjectMembership> | null = {}) => ({
    project: project(status, m),
    role: 'founder' as const,
  })
  assert.equal(can(member, 'projects.invite', founding('draft')), true)
  assert.equal(can(member, 'projects.invite', founding('approved')), false)
  assert.equal(can(member, 'projects.invite', founding('draft', null)), false)
  assert.equal(can(member, 'projects.invite', founding('draft', { role: 'teacher' })), false)
  const teaching = (m: Partial<ProjectMembership> | null, workspaceState: 'open' | 'archived' = 'open') => ({
    project: { ...project('approved', m), workspaceState },
    role: 'teacher' as const,
  })
  assert.equal(can(member, 'projects.invite', teaching({ role: 'teacher' })), true)
  assert.equal(can(member, 'projects.invite', teaching({})), true)
  assert.equal(can(member, 'projects.invite', teaching({}, 'archived')), false)
  assert.equal(can(pupil, 'projects.invite', teaching({ role: 'pupil', pupilAdmin: true })), false)
  assert.equal(can(member, 'projects.invite', teaching(null)), false)
  assert.equal(can(member, 'projects.invite', { project: project('draft', {}), role: 'teacher' }), false)
})

test('projects.respond: the invited member alone', () => {
  assert.equal(can(member, 'projects.respond', project('draft', { status: 'invited' })), true)
  assert.equal(can(member, 'projects.respond', project('draft', { status: 'active' })), false)
  assert.equal(can(member, 'projects.respond', project('draft')), false)
  assert.equal(can(registered, 'projects.respond', project('draft', { status: 'invited' })), false)
})

test('projects.view_status: the team’s adults and the coordinators; not pupils, outsiders or the invited', () => {
  assert.equal(can(member, 'projects.view_status', project('draft', {})), true)
  assert.equal(can(member, 'projects.view_status', project('approved', { role: 'teacher' })), true)
  assert.equal(can(pupil, 'projects.view_status', project('approved', { role: 'pupil' })), false)
  assert.equal(can(member, 'projects.view_status', project('draft', { status: 'invited' })), false)
  assert.equal(can(member, 'projects.view_status', project('draft')), false)
  assert.equal(can(coordinator, 'projects.view_status', project('draft')), true)
})

test('projects.gallery: founders of an approved project', () => {
  assert.equal(can(member, 'projects.gallery', project('approved', {})), true)
  assert.equal(can(member, 'projects.gallery', project('in_review', {})), false)
  assert.equal(can(member, 'projects.gallery', project('approved', { role: 'teacher' })), false)
  assert.equal(can(coordinator, 'projects.gallery', project('approved')), false)
})

test('projects.read_review and projects.decide: coordinators, once submitted, never on a project they are part of', () => {
  assert.equal(can(coordinator, 'projects.read_review', project('in_review')), true)
  assert.equal(can(coordinator, 'projects.read_review', project('draft')), false)
  assert.equal(can(member, 'projects.read_review', project('in_review', {})), false)
  assert.equal(can(coordinator, 'projects.decide', project('in_review')), true)
  assert.equal(can(coordinator, 'projects.decide', project('in_review', {})), false)
  assert.equal(can(coordinator, 'projects.decide', project('in_review', { status: 'invited' })), false)
  assert.equal(can(coordinator, 'projects.decide', project('in_review', { role: 'teacher' })), false)
  assert.equal(can(coordinator, 'projects.decide', project('in_review', { status: 'declined' })), true)
  assert.equal(can(member, 'projects.decide', project('in_review')), false)
})
