import path from 'node:path'
import type { Locale } from '../../config.ts'
import type { Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { MilestoneStatus } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts'
import { removeStoredFile, sniffMediaType, storageKey, storeFile } from '../../platform/files.ts'
import { type Action, authorize, can } from '../../platform/policy.ts'
import { notify } from '../notifications/service.ts'
import { isTeacher, isWritable, loadProjectAccess, type ProjectAccess } from '../projects/access.ts'
import { refreshGalleryEntry } from '../projects/gallery-index.ts'
import { inviteToProject } from '../projects/invitations.ts'
import * as projects from '../projects/queries.ts'
import { titleIn } from '../projects/service.ts'
import './policy.ts'
import * as q from './queries.ts'
import { sanitizePage } from './sanitize.ts'
import { acceptedMediaType, CHECKED_BY_BYTES, isImageType } from './uploads.ts'

export type WorkspaceAction = Extract<
  Action,
  'workspace.read' | 'workspace.contribute' | 'workspace.author' | 'workspace.teach' | 'workspace.govern'
>

/**
 * The project as the actor may use it for `action`. Whoever may not read the workspace learns nothing (404); a
 * reader who may not do this is told so (403); a read-only (archived or closed) workspace refuses every change
 * (409) with a message saying why.
 */
async function workspaceFor(
  ctx: ServiceContext,
  projectId: string,
  action: WorkspaceAction,
): Promise<ProjectAccess> {
  const access = await loadProjectAccess(ctx.db, projectId, ctx.actor)
  if (!access) throw new NotFound()
  authorize(ctx.actor, 'workspace.read', access, { hide: true })
  if (action === 'workspace.read') return access
  authorize(ctx.actor, action, access)
  if (!isWritable(access)) throw new Conflict({ key: `workspace.read_only_${access.workspaceState}` })
  return access
}

/**
 * Checks that the actor may do `action` in the project's workspace before a form's input is looked at: whoever may
 * not act is refused the same way whatever they send. The loaders below take the same check as `need`, so a page
 * drawn for a form is loaded with the form's own check.
 */
export async function authorizeWorkspace(
  ctx: ServiceContext,
  projectId: string,
  action: WorkspaceAction,
): Promise<void> {
  await workspaceFor(ctx, projectId, action)
}

/** What the actor may do here, for the views to offer only what works. */
export interface Abilities {
  contribute: boolean
  author: boolean
  teach: boolean
  govern: boolean
}

function abilities(ctx: ServiceContext, access: ProjectAccess): Abilities {
  const writable = isWritable(access)
  const may = (action: WorkspaceAction) => writable && can(ctx.actor, action, access)
  return {
    contribute: may('workspace.contribute'),
    author: may('workspace.author'),
    teach: may('workspace.teach'),
    govern: may('workspace.govern'),
  }
}

export interface WorkspaceHeader {
  id: string
  title: string
  state: ProjectAccess['workspaceState']
  can: Abilities
}

async function header(ctx: ServiceContext, access: ProjectAccess, locale: Locale): Promise<WorkspaceHeader> {
  const project = await q.projectHeader(ctx.db, access.projectId)
  return {
    id: project.id,
    title: titleIn(project, locale),
    state: project.workspace_state,
    can: abilities(ctx, access),
  }
}

// ---- Overview
export async function overview(
  ctx: ServiceContext,
  projectId: string,
  locale: Locale,
  need: WorkspaceAction = 'workspace.read',
) {
  const access = await workspaceFor(ctx, projectId, need)
  const [head, pages, materials, threads, milestones] = await Promise.all([
    header(ctx, access, locale),
    q.listPages(ctx.db, projectId),
    q.listFiles(ctx.db, projectId, null),
    q.listThreads(ctx.db, projectId),
    q.listMilestones(ctx.db, projectId),
  ])
  return {
    project: head,
    pages,
    materials,
    threads: threads.map((t) => ({ ...t, posts: Number(t.posts) })),
    milestones,
  }
}
export type Overview = Awaited<ReturnType<typeof overview>>

// ---- Pages
export interface PageInput {
  title: string
  body: string
}

export async function newPageContext(ctx: ServiceContext, projectId: string, locale: Locale) {
  const access = await workspaceFor(ctx, projectId, 'workspace.author')
  return header(ctx, access, locale)
}

function cleanPage(input: PageInput, projectId: string): { title: string; body_html: string } {
  const title = input.title.trim()
  const body = sanitizePage(input.body, projectId)
  const errors: Record<string, { key: string }> = {}
  if (!title) errors.title = { key: 'validation.required' }
  if (!body) errors.body = { key: 'workspace.pages.empty' }
  if (Object.keys(errors).length > 0) throw new Invalid(errors)
  return { title, body_html: body }
}

export async function createPage(ctx: ServiceContext, projectId: string, input: PageInput): Promise<string> {
  await workspaceFor(ctx, projectId, 'workspace.author')
  const page = cleanPage(input, projectId)
  const id = newId()
  const now = new Date().toISOString()
  await q.insertPage(ctx.db, {
    id,
    project_id: projectId,
    ...page,
    author_id: ctx.actor.person?.id ?? null,
    position: await q.nextPagePosition(ctx.db, projectId),
    public_since: null,
    public_approved_by: null,
    created_at: now,
    updated_at: now,
  })
  return id
}

export async function page(
  ctx: ServiceContext,
  projectId: string,
  pageId: string,
  locale: Locale,
  need: WorkspaceAction = 'workspace.read',
) {
  const access = await workspaceFor(ctx, projectId, need)
  const found = await q.findPage(ctx.db, projectId, pageId)
  if (!found) throw new NotFound()
  const [head, images] = await Promise.all([
    header(ctx, access, locale),
    q.listFiles(ctx.db, projectId, pageId),
  ])
  return { project: head, page: found, images }
}
export type PageDetail = Awaited<ReturnType<typeof page>>

export async function updatePage(
  ctx: ServiceContext,
  projectId: string,
  pageId: string,
  input: PageInput,
): Promise<void> {
  const access = await workspaceFor(ctx, projectId, 'workspace.author')
  if (!(await q.findPage(ctx.db, projectId, pageId))) throw new NotFound()
  // A public page changed by a pupil administrator goes back to private until a teacher approves it again.
  await q.updatePage(ctx.db, pageId, {
    ...cleanPage(input, projectId),
    updated_at: new Date().toISOString(),
    clearPublic: !isTeacher(access),
  })
}

/** Marks a page or material public (shown on the project's public page) or private again: teachers only. */
export async function setPublic(
  ctx: ServiceContext,
  projectId: string,
  kind: 'page' | 'file',
  id: string,
  makePublic: boolean,
): Promise<void> {
  await workspaceFor(ctx, projectId, 'workspace.teach')
  const exists =
    kind === 'page' ? await q.findPage(ctx.db, projectId, id) : await q.findFile(ctx.db, projectId, id)
  if (!exists) throw new NotFound()
  const actorId = ctx.actor.person?.id ?? null
  await ctx.db.transaction().execute(async (trx) => {
    await q.setPublic(
      trx,
      kind === 'page' ? 'project_pages' : 'project_files',
      id,
      makePublic ? new Date().toISOString() : null,
      makePublic ? actorId : null,
    )
    await audit(trx, {
      actorId,
      action: makePublic ? 'workspace.publish' : 'workspace.unpublish',
      subjectType: kind === 'page' ? 'project_page' : 'project_file',
      subjectId: id,
      details: { projectId },
    })
  })
}

// ---- Files
export interface Upload {
  bytes: Buffer
  fileName: string
  mediaType: string
}

/**
 * Stores a material (pageId null) or an image for a page. The file name and declared type must be on the
 * allow-list (field "file"); the bytes are kept under a generated name, never the person's.
 */
export async function uploadFile(
  ctx: ServiceContext,
  projectId: string,
  input: { title?: string; file: Upload | null; pageId: string | null },
): Promise<string> {
  await workspaceFor(ctx, projectId, input.pageId ? 'workspace.author' : 'workspace.contribute')
  if (input.pageId && !(await q.findPage(ctx.db, projectId, input.pageId))) throw new NotFound()
  const file = input.file
  if (!file || file.bytes.length === 0) throw new Invalid({ file: { key: 'workspace.files.missing' } })
  const mediaType = acceptedMediaType(file.fileName, file.mediaType)
  const disguised =
    mediaType !== null && CHECKED_BY_BYTES.has(mediaType) && sniffMediaType(file.bytes) !== mediaType
  if (!mediaType || disguised || (input.pageId && !isImageType(mediaType))) {
    throw new Invalid({
      file: { key: input.pageId ? 'workspace.files.not_image' : 'workspace.files.forbidden_type' },
    })
  }
  const originalName = path.basename(file.fileName.replaceAll('\\', '/')).slice(-255)
  const title = (input.title?.trim() || originalName).slice(0, 200)
  const id = newId()
  const stored = await storeFile(ctx.storage, FILES_AREA, file.bytes)
  try {
    await q.insertFile(ctx.db, {
      id,
      project_id: projectId,
      page_id: input.pageId,
      uploaded_by: ctx.actor.person?.id ?? null,
      title,
      original_name: originalName,
      stored_name: stored.storedName,
      media_type: mediaType,
      size: stored.size,
      public_since: null,
      public_approved_by: null,
      created_at: new Date().toISOString(),
    })
  } catch (error) {
    await removeStoredFile(ctx.storage, stored.key)
    throw error
  }
  return id
}

/** The files area of the workspace; the public project page serves the approved ones from the same place. */
const FILES_AREA = 'projects'

/** A file for download; readable in archived and closed workspaces too. */
export async function fileForDownload(ctx: ServiceContext, projectId: string, fileId: string) {
  await workspaceFor(ctx, projectId, 'workspace.read')
  const file = await q.findFile(ctx.db, projectId, fileId)
  if (!file) throw new NotFound()
  return { ...file, key: storageKey(FILES_AREA, file.stored_name) }
}

// ---- Forum
export async function newThreadContext(ctx: ServiceContext, projectId: string, locale: Locale) {
  const access = await workspaceFor(ctx, projectId, 'workspace.author')
  return header(ctx, access, locale)
}

export async function startThread(
  ctx: ServiceContext,
  projectId: string,
  input: { title: string; body: string },
): Promise<string> {
  await workspaceFor(ctx, projectId, 'workspace.author')
  const id = newId()
  const now = new Date().toISOString()
  await ctx.db.transaction().execute(async (trx) => {
    await q.insertThread(trx, {
      id,
      project_id: projectId,
      title: input.title.trim(),
      author_id: ctx.actor.person?.id ?? null,
      created_at: now,
      last_post_at: now,
    })
    await addPost(ctx, trx, projectId, { id, title: input.title.trim() }, input.body, now)
  })
  return id
}

export async function reply(
  ctx: ServiceContext,
  projectId: string,
  threadId: string,
  body: string,
): Promise<void> {
  await workspaceFor(ctx, projectId, 'workspace.contribute')
  const thread = await q.findThread(ctx.db, projectId, threadId)
  if (!thread) throw new NotFound()
  const now = new Date().toISOString()
  await ctx.db.transaction().execute(async (trx) => {
    await addPost(ctx, trx, projectId, thread, body, now)
    await q.touchThread(trx, threadId, now)
  })
}

/** Whether the text mentions this name as "@Name" (any case), not as the start of a longer name ("@Ali" ≠ "@Alina"). */
export function mentions(text: string, name: string): boolean {
  const escaped = name.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return escaped !== '' && new RegExp(`@${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text)
}

async function addPost(
  ctx: ServiceContext,
  trx: Queryable,
  projectId: string,
  thread: { id: string; title: string },
  body: string,
  now: string,
): Promise<void> {
  const text = body.trim()
  if (!text) throw new Invalid({ body: { key: 'validation.required' } })
  const authorId = ctx.actor.person?.id ?? null
  await q.insertPost(trx, {
    id: newId(),
    thread_id: thread.id,
    author_id: authorId,
    body: text,
    created_at: now,
    edited_at: null,
  })
  const members = await q.listMembers(trx, projectId)
  const link = `/projects/${projectId}/workspace/forum/${thread.id}`
  const values = { name: ctx.actor.person?.name ?? '', thread: thread.title }
  for (const member of members) {
    if (member.status !== 'active' || member.person_id === authorId) continue
    if (!mentions(text, member.name)) continue
    // On the site and by email; pupils' addresses are under .invalid, so the mail queue drops theirs.
    await notify(trx, ctx.config, {
      personId: member.person_id,
      kind: 'workspace.mention',
      title: { key: 'workspace.forum.mention_title', values },
      body: { key: 'workspace.forum.mention_body', values },
      link,
    })
  }
}

export async function thread(
  ctx: ServiceContext,
  projectId: string,
  threadId: string,
  locale: Locale,
  need: WorkspaceAction = 'workspace.read',
) {
  const access = await workspaceFor(ctx, projectId, need)
  const found = await q.findThread(ctx.db, projectId, threadId)
  if (!found) throw new NotFound()
  const [head, posts] = await Promise.all([header(ctx, access, locale), q.threadPosts(ctx.db, [threadId])])
  return { project: head, thread: found, posts }
}
export type ThreadDetail = Awaited<ReturnType<typeof thread>>

// ---- Milestones
export interface MilestoneInput {
  title: string
  description?: string
  due_date?: string
  status: MilestoneStatus
}

export async function milestones(
  ctx: ServiceContext,
  projectId: string,
  locale: Locale,
  need: WorkspaceAction = 'workspace.read',
) {
  const access = await workspaceFor(ctx, projectId, need)
  const [head, list] = await Promise.all([header(ctx, access, locale), q.listMilestones(ctx.db, projectId)])
  return { project: head, milestones: list }
}
export type MilestonesDetail = Awaited<ReturnType<typeof milestones>>

export async function saveMilestone(
  ctx: ServiceContext,
  projectId: string,
  milestoneId: string | null,
  input: MilestoneInput,
): Promise<void> {
  await workspaceFor(ctx, projectId, 'workspace.teach')
  const now = new Date().toISOString()
  const fields = {
    title: input.title.trim(),
    description: input.description?.trim() || null,
    due_date: input.due_date || null,
    status: input.status,
    updated_at: now,
  }
  if (!fields.title) throw new Invalid({ title: { key: 'validation.required' } })
  await ctx.db.transaction().execute(async (trx) => {
    if (milestoneId) {
      if (!(await q.findMilestone(trx, projectId, milestoneId))) throw new NotFound()
      await q.updateMilestone(trx, milestoneId, fields)
    } else {
      await q.insertMilestone(trx, {
        id: newId(),
        project_id: projectId,
        ...fields,
        position: 0,
        created_at: now,
      })
    }
    await q.renumberMilestones(trx, projectId)
  })
}

// ---- Members
export async function members(
  ctx: ServiceContext,
  projectId: string,
  locale: Locale,
  need: WorkspaceAction = 'workspace.read',
) {
  const access = await workspaceFor(ctx, projectId, need)
  const [head, list] = await Promise.all([header(ctx, access, locale), q.listMembers(ctx.db, projectId)])
  return { project: head, members: list.map((m) => ({ ...m, pupil_admin: m.pupil_admin === 1 })) }
}
export type MembersDetail = Awaited<ReturnType<typeof members>>

/** Invites a validated member, found by their email address, as a partner teacher (helper A's invitation flow). */
export async function inviteTeacher(ctx: ServiceContext, projectId: string, email: string): Promise<void> {
  await workspaceFor(ctx, projectId, 'workspace.teach')
  const invitee = await q.findAdultByEmail(ctx.db, email)
  if (!invitee) throw new Invalid({ email: { key: 'workspace.members.unknown_email' } })
  try {
    await inviteToProject(ctx, projectId, invitee.id, 'teacher')
  } catch (error) {
    // The invitation flow names its field "invitee"; on this form it is the email field.
    if (error instanceof Invalid && error.fields.invitee) throw new Invalid({ email: error.fields.invitee })
    if (error instanceof Conflict && error.fields.invitee)
      throw new Conflict(error.detail, { email: error.fields.invitee })
    throw error
  }
}

export async function setPupilAdmin(
  ctx: ServiceContext,
  projectId: string,
  personId: string,
  on: boolean,
): Promise<void> {
  await workspaceFor(ctx, projectId, 'workspace.teach')
  await ctx.db.transaction().execute(async (trx) => {
    const result = await q.setPupilAdmin(trx, projectId, personId, on)
    if (Number(result.numUpdatedRows) === 0) throw new NotFound()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: on ? 'workspace.pupil_admin.grant' : 'workspace.pupil_admin.revoke',
      subjectType: 'person',
      subjectId: personId,
      details: { projectId },
    })
  })
}

// ---- State
export async function stateContext(ctx: ServiceContext, projectId: string, locale: Locale) {
  const access = await workspaceFor(ctx, projectId, 'workspace.govern')
  const [head, pupils] = await Promise.all([header(ctx, access, locale), q.countPupils(ctx.db, projectId)])
  return { project: head, pupils: Number(pupils.n) }
}
export type StateDetail = Awaited<ReturnType<typeof stateContext>>

/**
 * Archives (read-only for good; every pupil account of the project is deleted in the same transaction) or closes
 * the workspace. Either way it stays readable and downloadable.
 */
export async function changeState(
  ctx: ServiceContext,
  projectId: string,
  state: 'archived' | 'closed',
): Promise<{ pupilsDeleted: number }> {
  await workspaceFor(ctx, projectId, 'workspace.govern')
  const actorId = ctx.actor.person?.id ?? null
  return ctx.db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    await q.setWorkspaceState(trx, projectId, state, now)
    const pupilsDeleted = state === 'archived' ? await q.deletePupils(trx, projectId) : 0
    await projects.addHistory(trx, projectId, `workspace_${state}`, actorId)
    await audit(trx, {
      actorId,
      action: `workspace.${state === 'archived' ? 'archive' : 'close'}`,
      subjectType: 'project',
      subjectId: projectId,
      details: { pupilsDeleted },
    })
    await refreshGalleryEntry(trx, projectId)
    return { pupilsDeleted }
  })
}

// ---- Whole workspace, for the ZIP download
export async function archiveContents(ctx: ServiceContext, projectId: string, locale: Locale) {
  const access = await workspaceFor(ctx, projectId, 'workspace.read')
  const [head, pages, files, threads, list, people] = await Promise.all([
    header(ctx, access, locale),
    q.pagesForArchive(ctx.db, projectId),
    q.allFiles(ctx.db, projectId),
    q.listThreads(ctx.db, projectId),
    q.listMilestones(ctx.db, projectId),
    q.listMembers(ctx.db, projectId),
  ])
  const posts = await q.threadPosts(
    ctx.db,
    threads.map((t) => t.id),
  )
  return {
    project: head,
    pages,
    // A file lost from the storage is left out rather than breaking the whole download.
    files: (
      await Promise.all(
        files.map(async (f) => {
          const key = storageKey(FILES_AREA, f.stored_name)
          return (await ctx.storage.exists(key)) ? [{ ...f, key }] : []
        }),
      )
    ).flat(),
    threads: threads.map((t) => ({ ...t, posts: posts.filter((p) => p.thread_id === t.id) })),
    milestones: list,
    members: people.filter((m) => m.status === 'active'),
  }
}
export type ArchiveContents = Awaited<ReturnType<typeof archiveContents>>
