import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import { notify } from '../notifications/service.ts'
import { loadProjectAccess, type ProjectAccess } from './access.ts'
import { refreshGalleryEntry } from './gallery-index.ts'
// The rules for 'projects.invite' and 'projects.respond', whichever module calls in here first.
import './policy.ts'
import * as q from './queries.ts'
import { anyTitle, notifyFounders, settleAwaiting } from './rules.ts'

export type InvitationRole = 'founder' | 'teacher'

async function accessOrNotFound(ctx: ServiceContext, projectId: string): Promise<ProjectAccess> {
  const access = await loadProjectAccess(ctx.db, projectId, ctx.actor)
  if (!access) throw new NotFound()
  return access
}

/**
 * Invites a validated adult member into a project as co-founder or partner teacher: the row waits as 'invited'
 * until they answer on /projects/:id/invitation; they are told on the site and by email. Founders invite
 * co-founders while planning; the team's teachers invite partner teachers into an open workspace. Field errors
 * are on `invitee`.
 */
export async function inviteToProject(
  ctx: ServiceContext,
  projectId: string,
  inviteeId: string,
  role: InvitationRole,
): Promise<void> {
  const access = await accessOrNotFound(ctx, projectId)
  // Outsiders learn nothing about the project; its members are told what they may not do.
  authorize(
    ctx.actor,
    'projects.invite',
    { project: access, role },
    { hide: access.membership?.status !== 'active' },
  )
  const invitee = await q.findInvitee(ctx.db, inviteeId)
  if (invitee?.kind !== 'adult' || invitee.validated_at === null) {
    throw new Invalid({ invitee: { key: 'projects.invite.not_member' } })
  }
  const existing = await q.findMember(ctx.db, projectId, inviteeId)
  if (existing && (existing.status === 'invited' || existing.status === 'active')) {
    const detail = { key: 'projects.invite.already', values: { name: invitee.name } }
    throw new Conflict(detail, { invitee: detail })
  }
  const actorId = ctx.actor.person?.id ?? null
  await ctx.db.transaction().execute(async (trx) => {
    const project = await q.findProject(trx, projectId)
    if (!project) throw new NotFound()
    await q.upsertInvitation(trx, { projectId, personId: inviteeId, role, invitedBy: actorId })
    await q.addHistory(trx, projectId, `invited_${role}`, actorId, invitee.name)
    const values = { title: anyTitle(project), name: ctx.actor.person?.name ?? '' }
    await notify(trx, ctx.config, {
      personId: inviteeId,
      kind: 'project.invitation',
      title: { key: `projects.notify.invited_${role}_title`, values },
      body: { key: `projects.notify.invited_${role}_body`, values },
      link: `/projects/${projectId}/invitation`,
    })
  })
}

export interface InvitationView {
  projectId: string
  role: InvitationRole
  title: string
  scope: string
  invitedBy: string | null
  invitedAt: string
  /** The institutions the invitee may take part for (their confirmed memberships). */
  institutions: Array<{ id: string; name: string; country: string }>
}

/** The invitation the acting person holds for a project; 404 for anyone not invited to it. */
export async function pendingInvitation(ctx: ServiceContext, projectId: string): Promise<InvitationView> {
  const access = await accessOrNotFound(ctx, projectId)
  authorize(ctx.actor, 'projects.respond', access, { hide: true })
  const personId = ctx.actor.person?.id ?? ''
  const [project, member, institutions] = await Promise.all([
    q.findProject(ctx.db, projectId),
    q.findMember(ctx.db, projectId, personId),
    q.confirmedInstitutions(ctx.db, personId),
  ])
  if (!project || !member || member.role === 'pupil') throw new NotFound()
  const inviter = member.invited_by ? await q.findInvitee(ctx.db, member.invited_by) : undefined
  return {
    projectId,
    role: member.role,
    title: anyTitle(project),
    scope: project.scope,
    invitedBy: inviter?.name ?? null,
    invitedAt: member.invited_at,
    institutions,
  }
}

export interface InvitationAnswer {
  accept: boolean
  /** Required when a co-founder accepts: one of their confirmed memberships. */
  institutionId: string | null
}

/**
 * Accepts or declines. A co-founder's answer may move a project awaiting co-founders on to the coordinators (the
 * founders' rule now holds) or back to the founders (it no longer can). The founders are told either way.
 */
export async function answerInvitation(
  ctx: ServiceContext,
  projectId: string,
  answer: InvitationAnswer,
): Promise<void> {
  const invitation = await pendingInvitation(ctx, projectId)
  const personId = ctx.actor.person?.id ?? ''
  let institutionId: string | null = null
  if (answer.accept) {
    institutionId = answer.institutionId || null
    if (institutionId === null && invitation.role === 'founder') {
      throw new Invalid({ institution_id: { key: 'projects.invitation.institution_required' } })
    }
    if (institutionId !== null && !invitation.institutions.some((i) => i.id === institutionId)) {
      throw new Invalid({ institution_id: { key: 'projects.invitation.institution_not_yours' } })
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await q.setMemberStatus(trx, projectId, personId, answer.accept ? 'active' : 'declined', institutionId)
    const kind = answer.accept ? 'accepted' : 'declined'
    await q.addHistory(trx, projectId, `${kind}_${invitation.role}`, personId)
    await notifyFounders(
      trx,
      ctx.config,
      projectId,
      {
        kind: `project.invitation_${kind}`,
        titleKey: `projects.notify.${kind}_title`,
        bodyKey: `projects.notify.${kind}_body`,
        values: { title: invitation.title, name: ctx.actor.person?.name ?? '' },
        link: `/projects/${projectId}/status`,
      },
      personId,
    )
    if (invitation.role === 'founder') await settleAwaiting(trx, ctx.config, projectId, personId)
    // The gallery lists a project's partners.
    await refreshGalleryEntry(trx, projectId)
  })
}
