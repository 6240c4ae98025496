import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { createProject } from '../../../test/helpers/projects.ts'
import { newId } from '../../db/ids.ts'
import { answerInvitation, inviteToProject, pendingInvitation } from './invitations.ts'
import { contextOf, memberOf, rejects } from './test-support.ts'

eachDatabase('project invitations', (harness) => {
  test('a co-founder invited while the project awaits co-founders accepts, and the project goes to review', async () => {
    const h = harness()
    const founder = await h.person({ role: 'member', name: 'Aysel Founder' })
    const cofounder = await h.person({ role: 'member', name: 'Rauf Cofounder' })
    const home = await memberOf(h, founder)
    const partner = await memberOf(h, cofounder)
    const project = await createProject(h.db, {
      founders: [{ personId: founder.id, institutionId: home.id }],
      status: 'awaiting_cofounders',
      title: 'River science',
    })
    await inviteToProject(await contextOf(h, founder), project.id, cofounder.id, 'founder')

    const inviteeCtx = await contextOf(h, cofounder)
    const view = await pendingInvitation(inviteeCtx, project.id)
    assert.equal(view.role, 'founder')
    assert.equal(view.invitedBy, 'Aysel Founder')
    assert.deepEqual(
      view.institutions.map((i) => i.id),
      [partner.id],
    )
    const notification = await h.db
      .selectFrom('notifications')
      .select(['title', 'link'])
      .where('person_id', '=', cofounder.id)
      .executeTakeFirstOrThrow()
    assert.match(notification.title, /River science/)
    assert.equal(notification.link, `/projects/${project.id}/invitation`)
    await h.runJobs()
    assert.ok(h.mail.messages.some((m) => m.to.includes(cofounder.email) && /River science/.test(m.subject)))

    // A co-founder must take part for one of their own institutions.
    await rejects(
      answerInvitation(inviteeCtx, project.id, { accept: true, institutionId: null }),
      'invalid',
      'institution_id',
    )
    await rejects(
      answerInvitation(inviteeCtx, project.id, { accept: true, institutionId: home.id }),
      'invalid',
      'institution_id',
    )
    await answerInvitation(inviteeCtx, project.id, { accept: true, institutionId: partner.id })
    const after = await h.db
      .selectFrom('projects')
      .select(['status', 'waiting_since'])
      .where('id', '=', project.id)
      .executeTakeFirstOrThrow()
    assert.equal(after.status, 'in_review')
    assert.ok(after.waiting_since)
    const kinds = await h.db
      .selectFrom('project_history')
      .select('kind')
      .where('project_id', '=', project.id)
      .orderBy('at')
      .execute()
    assert.deepEqual(
      kinds.map((k) => k.kind),
      ['invited_founder', 'accepted_founder', 'in_review'],
    )
    // The invitation is answered: it is gone for the invitee.
    await rejects(pendingInvitation(inviteeCtx, project.id), 'not_found')
    const told = await h.db
      .selectFrom('notifications')
      .select('kind')
      .where('person_id', '=', founder.id)
      .execute()
    assert.deepEqual(told.map((n) => n.kind).sort(), ['project.in_review', 'project.invitation_accepted'])
  })

  test('declining leaves a project awaiting co-founders without enough of them: it goes back to the founders', async () => {
    const h = harness()
    const founder = await h.person({ role: 'member' })
    const cofounder = await h.person({ role: 'member' })
    const home = await memberOf(h, founder)
    await memberOf(h, cofounder)
    const project = await createProject(h.db, {
      founders: [{ personId: founder.id, institutionId: home.id }],
      status: 'awaiting_cofounders',
    })
    await inviteToProject(await contextOf(h, founder), project.id, cofounder.id, 'founder')
    await answerInvitation(await contextOf(h, cofounder), project.id, { accept: false, institutionId: null })
    const after = await h.db
      .selectFrom('projects')
      .select('status')
      .where('id', '=', project.id)
      .executeTakeFirstOrThrow()
    assert.equal(after.status, 'draft')
    // Someone who declined may be invited again.
    await inviteToProject(await contextOf(h, founder), project.id, cofounder.id, 'founder')
  })

  test('only validated members can be invited, once; only the team invites; teachers join an open workspace', async () => {
    const h = harness()
    const founder = await h.person({ role: 'member' })
    const home = await memberOf(h, founder)
    const project = await createProject(h.db, {
      founders: [{ personId: founder.id, institutionId: home.id }],
      status: 'draft',
    })
    const ctx = await contextOf(h, founder)
    const registered = await h.person({ role: 'registered' })
    const pupil = await h.person({ role: 'pupil' })
    await rejects(inviteToProject(ctx, project.id, registered.id, 'founder'), 'invalid', 'invitee')
    await rejects(inviteToProject(ctx, project.id, pupil.id, 'founder'), 'invalid', 'invitee')
    await rejects(inviteToProject(ctx, project.id, newId(), 'founder'), 'invalid', 'invitee')
    await rejects(inviteToProject(ctx, project.id, founder.id, 'founder'), 'conflict', 'invitee')
    const colleague = await h.person({ role: 'member' })
    await inviteToProject(ctx, project.id, colleague.id, 'founder')
    await rejects(inviteToProject(ctx, project.id, colleague.id, 'founder'), 'conflict', 'invitee')

    // An outsider learns nothing; an invited person does not invite others yet.
    const outsider = await h.person({ role: 'member' })
    await rejects(
      inviteToProject(await contextOf(h, outsider), project.id, outsider.id, 'founder'),
      'not_found',
    )
    await rejects(
      inviteToProject(await contextOf(h, colleague), project.id, outsider.id, 'founder'),
      'not_found',
    )
    await rejects(inviteToProject(ctx, newId(), outsider.id, 'founder'), 'not_found')

    // Partner teachers are for an approved project's open workspace; co-founders no longer once it is approved.
    const approved = await createProject(h.db, {
      founders: [{ personId: founder.id, institutionId: home.id }],
    })
    await rejects(inviteToProject(ctx, approved.id, outsider.id, 'founder'), 'forbidden')
    await inviteToProject(ctx, approved.id, outsider.id, 'teacher')
    const outsiderCtx = await contextOf(h, outsider)
    assert.equal((await pendingInvitation(outsiderCtx, approved.id)).role, 'teacher')
    await answerInvitation(outsiderCtx, approved.id, { accept: true, institutionId: null })
    const member = await h.db
      .selectFrom('project_members')
      .select(['role', 'status'])
      .where('project_id', '=', approved.id)
      .where('person_id', '=', outsider.id)
      .executeTakeFirstOrThrow()
    assert.deepEqual(member, { role: 'teacher', status: 'active' })
  })
})
