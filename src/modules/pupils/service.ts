import type { Locale } from '../../config.ts'
import { newId } from '../../db/ids.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.ts'
import { limitedAttempt, pupilCodeLimits } from '../../platform/limits.ts'
import { type Action, authorize, can } from '../../platform/policy.ts'
import { createSession } from '../../platform/sessions.ts'
import { isActiveMember, loadProjectAccess, type ProjectAccess } from '../projects/access.ts'
import { CODE_TTL_MS, formatPupilCode, hashPupilCode, newPupilCode } from './code.ts'
import './policy.ts'
import * as q from './queries.ts'

/** The reserved top-level domain (RFC 2606) no mail can reach: a pupil's address is a unique placeholder. */
export const PUPIL_EMAIL_DOMAIN = 'pupils.invalid'
export const PSEUDONYM_MAX = 60

/** Where a pupil lands after signing in: their project's workspace. */
export function workspacePath(projectId: string): string {
  return `/projects/${projectId}/workspace`
}

type ProjectAction = Extract<Action, 'pupils.list' | 'pupils.issue_code' | 'pupils.delete'>

/**
 * The project, checked for the action: people outside the project learn nothing (404), its pupils and teachers
 * are told what they may not do (403).
 */
async function projectFor(
  ctx: ServiceContext,
  projectId: string,
  action: ProjectAction,
): Promise<ProjectAccess> {
  const access = await loadProjectAccess(ctx.db, projectId, ctx.actor)
  if (!access) throw new NotFound()
  // A teacher of an archived or closed workspace is told why, rather than a bare "not allowed".
  if (
    action === 'pupils.issue_code' &&
    can(ctx.actor, 'pupils.list', access) &&
    !can(ctx.actor, action, access)
  ) {
    throw new Forbidden({ key: 'pupils.workspace_not_open' })
  }
  authorize(ctx.actor, action, access, { hide: !isActiveMember(access) })
  return access
}

async function projectTitle(ctx: ServiceContext, projectId: string, locale: Locale): Promise<string> {
  const row = await q.projectTitles(ctx.db, projectId)
  if (!row) throw new NotFound()
  return row[`title_${locale}`] || row.title_az || row.title_en || row.title_ru || ''
}

export interface PupilItem {
  id: string
  name: string
  addedAt: string
  /** used: signed in with the code; valid: not used yet, until expiresAt; expired: needs a new code. */
  code: { state: 'used'; usedAt: string } | { state: 'valid'; expiresAt: string } | { state: 'expired' }
}

export interface PupilsOverview {
  project: { id: string; title: string }
  pupils: PupilItem[]
  /** Whether pupils may be added and given new codes now (the workspace is open). */
  canIssueCodes: boolean
}

export async function pupilsOverview(
  ctx: ServiceContext,
  projectId: string,
  locale: Locale,
): Promise<PupilsOverview> {
  const access = await projectFor(ctx, projectId, 'pupils.list')
  const now = new Date().toISOString()
  const rows = await q.listPupils(ctx.db, projectId)
  return {
    project: { id: projectId, title: await projectTitle(ctx, projectId, locale) },
    canIssueCodes: can(ctx.actor, 'pupils.issue_code', access),
    pupils: rows.map((r) => ({
      id: r.id,
      name: r.name,
      addedAt: r.created_at,
      code: r.code_used_at
        ? { state: 'used', usedAt: r.code_used_at }
        : r.code_expires_at && r.code_expires_at > now
          ? { state: 'valid', expiresAt: r.code_expires_at }
          : { state: 'expired' },
    })),
  }
}

/** A code to hand out, shown once: only its hash is kept. */
export interface IssuedCode {
  project: { id: string; title: string }
  pupil: { id: string; name: string }
  /** Grouped for reading (ABCDE-FGHJK); the dashes are ignored when typed. */
  code: string
  expiresAt: string
}

// Pseudonyms keep pupils' real identities out: something that reads as an address or a phone number is refused.
const LOOKS_LIKE_EMAIL = /\S@\S/
const LOOKS_LIKE_PHONE = /(?:\d[\s().\-/]*){7,}/

function checkPseudonym(input: string): string {
  const name = input.replace(/\s+/g, ' ').trim()
  if (!name) throw new Invalid({ pseudonym: { key: 'validation.required' } })
  if (name.length > PSEUDONYM_MAX) {
    throw new Invalid({ pseudonym: { key: 'validation.max_length', values: { count: PSEUDONYM_MAX } } })
  }
  if (LOOKS_LIKE_EMAIL.test(name)) throw new Invalid({ pseudonym: { key: 'pupils.pseudonym_email' } })
  if (LOOKS_LIKE_PHONE.test(name)) throw new Invalid({ pseudonym: { key: 'pupils.pseudonym_phone' } })
  return name
}

/** Creates a pupil's project-only account and their first sign-in code. */
export async function addPupil(
  ctx: ServiceContext,
  projectId: string,
  pseudonym: string,
  locale: Locale,
): Promise<IssuedCode> {
  await projectFor(ctx, projectId, 'pupils.issue_code')
  const name = checkPseudonym(pseudonym)
  const teacherId = ctx.actor.person?.id ?? ''
  // Two pupils of one project under one name could not tell their cards apart, nor could their teacher.
  const existing = await q.listPupils(ctx.db, projectId)
  if (existing.some((p) => p.name.toLocaleLowerCase() === name.toLocaleLowerCase())) {
    throw new Conflict({ key: 'pupils.pseudonym_taken' }, { pseudonym: { key: 'pupils.pseudonym_taken' } })
  }
  const id = newId()
  const { code, hash } = newPupilCode()
  const now = new Date()
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS).toISOString()
  await ctx.db.transaction().execute(async (trx) => {
    await q.insertPupil(trx, {
      id,
      memberId: newId(),
      projectId,
      name,
      email: `pupil-${id}@${PUPIL_EMAIL_DOMAIN}`,
      createdBy: teacherId,
      codeHash: hash,
      codeExpiresAt: expiresAt,
      now: now.toISOString(),
    })
    // No pseudonym in the log: the ids say who did what, and nothing about the child.
    await audit(trx, {
      actorId: teacherId,
      action: 'pupil.create',
      subjectType: 'person',
      subjectId: id,
      details: { projectId },
    })
  })
  return {
    project: { id: projectId, title: await projectTitle(ctx, projectId, locale) },
    pupil: { id, name },
    code: formatPupilCode(code),
    expiresAt,
  }
}

/** The pupil of this project, after checking the actor may act on the project's pupils. */
async function pupilOf(ctx: ServiceContext, projectId: string, pupilId: string, action: ProjectAction) {
  await projectFor(ctx, projectId, action)
  const pupil = await q.findPupil(ctx.db, projectId, pupilId)
  if (!pupil) throw new NotFound()
  return pupil
}

/**
 * A new code for a pupil who lost theirs or whose code expired. The previous code stops working and the pupil is
 * signed out everywhere: whoever found a lost card and used it is out too.
 */
export async function issueNewCode(
  ctx: ServiceContext,
  projectId: string,
  pupilId: string,
  locale: Locale,
): Promise<IssuedCode> {
  const pupil = await pupilOf(ctx, projectId, pupilId, 'pupils.issue_code')
  const { code, hash } = newPupilCode()
  const expiresAt = new Date(Date.now() + CODE_TTL_MS).toISOString()
  await ctx.db.transaction().execute(async (trx) => {
    await q.replaceCode(trx, pupil.id, hash, expiresAt)
    await q.endSessions(trx, pupil.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'pupil.new_code',
      subjectType: 'person',
      subjectId: pupil.id,
      details: { projectId },
    })
  })
  return {
    project: { id: projectId, title: await projectTitle(ctx, projectId, locale) },
    pupil: { id: pupil.id, name: pupil.name },
    code: formatPupilCode(code),
    expiresAt,
  }
}

/** The pupil a teacher is about to delete, for the confirmation page. */
export async function pupilToDelete(
  ctx: ServiceContext,
  projectId: string,
  pupilId: string,
  locale: Locale,
): Promise<{ project: { id: string; title: string }; pupil: { id: string; name: string } }> {
  const pupil = await pupilOf(ctx, projectId, pupilId, 'pupils.delete')
  return {
    project: { id: projectId, title: await projectTitle(ctx, projectId, locale) },
    pupil: { id: pupil.id, name: pupil.name },
  }
}

/**
 * Deletes the pupil's account on the teacher's request: the person row goes, and with it (foreign keys) their
 * membership, code, sessions and notifications; what they wrote in the workspace stays without an author.
 */
export async function deletePupil(ctx: ServiceContext, projectId: string, pupilId: string): Promise<void> {
  const pupil = await pupilOf(ctx, projectId, pupilId, 'pupils.delete')
  await ctx.db.transaction().execute(async (trx) => {
    await q.deletePupilPerson(trx, pupil.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'pupil.delete',
      subjectType: 'person',
      subjectId: pupil.id,
      details: { projectId },
    })
  })
}

/**
 * Signs a pupil in with their one-time code and starts a session. Unknown, used and expired codes get one and the
 * same answer, so the form reveals nothing about which codes exist.
 */
export async function signInWithCode(
  ctx: ServiceContext,
  input: string,
  clientAddress: string,
): Promise<{ sessionToken: string; projectId: string }> {
  authorize(ctx.actor, 'pupils.sign_in', undefined)
  const hash = hashPupilCode(input)
  const now = new Date().toISOString()
  // Wrong codes count against the client's address in the database, so that no number of processes helps guessing.
  const found = await limitedAttempt(ctx, pupilCodeLimits(clientAddress), async () => {
    const pupil = await q.pupilByCode(ctx.db, hash, now)
    const used = pupil ? await q.useCode(ctx.db, pupil.person_id, hash, now) : false
    if (!pupil || !used)
      throw new Invalid({ code: { key: 'pupils.code_wrong' } }, { key: 'pupils.code_wrong' })
    return pupil
  })
  return { sessionToken: await createSession(ctx.db, found.person_id), projectId: found.project_id }
}

/** The project of the signed-in pupil. */
export async function ownProject(ctx: ServiceContext): Promise<string> {
  authorize(ctx.actor, 'pupils.own_project', undefined)
  const projectId = await q.projectOfPupil(ctx.db, ctx.actor.person?.id ?? '')
  if (!projectId) throw new NotFound()
  return projectId
}
