import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import { type Static, Type } from 'typebox'
import type { App } from '../../app.ts'
import { serviceContext } from '../../platform/context.ts'
import { AppError, fieldErrorsOf } from '../../platform/errors.ts'
import { sendStoredFile } from '../../platform/files.ts'
import { handleError } from '../../platform/http.tsx'
import { validate } from '../../platform/validation.ts'
import { emptyForm, type FormState } from '../../web/components.tsx'
import { formValues, handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import type { ViewContext } from '../../web/view-context.ts'
import { workspaceZip } from './archive.tsx'
import './policy.ts'
import {
  FileParams,
  InviteBody,
  MemberParams,
  MilestoneBody,
  MilestoneParams,
  PageBody,
  PageParams,
  ProjectParams,
  PublicBody,
  PupilAdminBody,
  ReplyBody,
  StateBody,
  ThreadBody,
  ThreadParams,
  UploadFields,
} from './schemas.ts'
import * as workspace from './service.ts'
import {
  MembersView,
  MilestonesView,
  NewThreadView,
  OverviewView,
  PageEditView,
  PageView,
  StateView,
  ThreadView,
} from './views/workspace.tsx'

const DONE = [
  'uploaded',
  'saved',
  'published',
  'unpublished',
  'invited',
  'archived',
  'closed',
  'pupil_admin',
] as const
const NoticeQuery = Type.Object({ done: Type.Optional(Type.Enum(DONE)) })
type Notice = Static<typeof NoticeQuery>

export const isTooLarge = (error: unknown) =>
  typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === 413

/**
 * The multipart plugin (fields attached as key/values) hands a route a file's bytes only. This keeps the file's
 * name and declared type with them: the part's `value` is what the plugin then puts into the body, as
 * { bytes, fileName, mediaType } (the plugin documents assigning `value` for this). Reading the bytes here is
 * what the plugin would do next anyway; an oversized file fails here with the plugin's own 413 error.
 */
export async function keepFileNames(req: FastifyRequest): Promise<void> {
  const parts = req.parts.bind(req)
  req.parts = async function* (options) {
    for await (const part of parts(options)) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer()
        part.value = { bytes, fileName: part.filename, mediaType: part.mimetype } satisfies workspace.Upload
      }
      yield part
    }
  }
}

export function uploadIn(body: unknown): workspace.Upload | null {
  const file = (body as Record<string, unknown> | undefined)?.file
  if (typeof file !== 'object' || file === null || !('bytes' in file) || !Buffer.isBuffer(file.bytes))
    return null
  const { fileName, mediaType } = file as { fileName?: unknown; mediaType?: unknown }
  return { bytes: file.bytes, fileName: String(fileName ?? ''), mediaType: String(mediaType ?? '') }
}

/**
 * What was typed before an oversized file stopped the parser: the body then still holds the plugin's raw parts
 * ({ value } per field), so the form can come back filled in.
 */
export function typedBeforeFailure(body: unknown): FormState['values'] {
  const values: Record<string, unknown> = {}
  if (body && typeof body === 'object') {
    for (const [name, part] of Object.entries(body)) {
      if (part && typeof part === 'object' && 'type' in part && part.type === 'field' && 'value' in part)
        values[name] = part.value
    }
  }
  return formValues(values)
}

export function register(app: App): void {
  const ctxOf = (req: FastifyRequest) => serviceContext(req)
  const maxBytes = app.deps.config.projects.maxUploadBytes
  const base = (id: string) => `/projects/${id}/workspace`
  const access = { access: 'workspace.enter' as const }

  /**
   * An upload route: one file up to the installation's limit. A larger file is refused with 413 and the form
   * comes back with what was typed before the file (`page` draws it); other errors go the usual way.
   */
  const upload = (
    page: (
      req: FastifyRequest,
      reply: FastifyReply,
      form: FormState,
      status: number,
    ) => Promise<FastifyReply>,
  ) => ({
    config: {
      ...access,
      multipartOptions: { limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 11 } },
    },
    onRequest: keepFileNames,
    errorHandler: async (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      if (!isTooLarge(error)) return handleError(error, req, reply)
      const form = {
        values: typedBeforeFailure(req.body),
        errors: {
          file: {
            key: 'workspace.files.too_large',
            values: { size: `${Math.round(maxBytes / 1024 / 1024)} MB` },
          },
        },
      }
      try {
        return await page(req, reply, form, 413)
      } catch (failure) {
        if (failure instanceof AppError) return handleError(failure, req, reply)
        throw failure
      }
    },
  })

  // ---- Overview and materials
  const overviewPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
    notice?: Notice,
  ) => {
    const { id } = req.params as { id: string }
    const data = await workspace.overview(ctxOf(req), id, req.locale)
    const title = req.t('workspace.title', { title: data.project.title })
    const message = notice?.done ? req.t(`workspace.done.${notice.done}`) : undefined
    return sendPage(
      req,
      reply,
      status >= 400 ? `${req.t('forms.error_prefix')} ${title}` : title,
      (ctx) => <OverviewView ctx={ctx} data={data} form={form} maxBytes={maxBytes} notice={message} />,
      status,
    )
  }

  app.get(
    '/projects/:id/workspace',
    { config: access, schema: { params: ProjectParams, querystring: NoticeQuery } },
    async (req, reply) => overviewPage(req, reply, emptyForm, 200, req.query),
  )

  app.post(
    '/projects/:id/workspace/files',
    { ...upload(overviewPage), schema: { params: ProjectParams } },
    async (req, reply) => {
      const data = await workspace.overview(ctxOf(req), req.params.id, req.locale, 'workspace.contribute')
      return handleForm(req, reply, {
        schema: UploadFields,
        title: req.t('workspace.title', { title: data.project.title }),
        view: (ctx, form) => <OverviewView ctx={ctx} data={data} form={form} maxBytes={maxBytes} />,
        run: async (input) => {
          await workspace.uploadFile(ctxOf(req), req.params.id, {
            title: input.title,
            file: uploadIn(req.body),
            pageId: null,
          })
          return reply.redirect(`${base(req.params.id)}?done=uploaded#materials`, 303)
        },
      })
    },
  )

  app.get(
    '/projects/:id/workspace/files/:fileId',
    { config: access, schema: { params: FileParams } },
    async (req, reply) => {
      const file = await workspace.fileForDownload(ctxOf(req), req.params.id, req.params.fileId)
      // Images and PDF open in the browser (pages show their images); everything else is a download.
      return sendStoredFile(
        reply,
        { key: file.key, mediaType: file.media_type, downloadName: file.original_name },
        { inline: true },
      )
    },
  )

  app.post(
    '/projects/:id/workspace/files/:fileId/public',
    { config: access, schema: { params: FileParams } },
    async (req, reply) => {
      await workspace.authorizeWorkspace(ctxOf(req), req.params.id, 'workspace.teach')
      const input = validate(PublicBody, req.body)
      await workspace.setPublic(ctxOf(req), req.params.id, 'file', req.params.fileId, input.public === '1')
      return reply.redirect(
        `${base(req.params.id)}?done=${input.public === '1' ? 'published' : 'unpublished'}#materials`,
        303,
      )
    },
  )

  // ---- Pages
  app.get(
    '/projects/:id/workspace/pages/new',
    { config: access, schema: { params: ProjectParams } },
    async (req, reply) => {
      const project = await workspace.newPageContext(ctxOf(req), req.params.id, req.locale)
      return sendPage(req, reply, req.t('workspace.pages.new'), (ctx) => (
        <PageEditView ctx={ctx} project={project} form={emptyForm} />
      ))
    },
  )

  app.post(
    '/projects/:id/workspace/pages',
    { config: access, schema: { params: ProjectParams } },
    async (req, reply) => {
      const project = await workspace.newPageContext(ctxOf(req), req.params.id, req.locale)
      return handleForm(req, reply, {
        schema: PageBody,
        title: req.t('workspace.pages.new'),
        view: (ctx, form) => <PageEditView ctx={ctx} project={project} form={form} />,
        run: async (input) => {
          const pageId = await workspace.createPage(ctxOf(req), req.params.id, input)
          return reply.redirect(`${base(req.params.id)}/pages/${pageId}?done=saved`, 303)
        },
      })
    },
  )

  app.get(
    '/projects/:id/workspace/pages/:pageId',
    { config: access, schema: { params: PageParams, querystring: NoticeQuery } },
    async (req, reply) => {
      const data = await workspace.page(ctxOf(req), req.params.id, req.params.pageId, req.locale)
      const notice = req.query.done ? req.t(`workspace.done.${req.query.done}`) : undefined
      return sendPage(req, reply, data.page.title, (ctx) => (
        <PageView ctx={ctx} data={data} notice={notice} />
      ))
    },
  )

  /** The edit page of a page: its title, its stored text (the form's starting values) and the view with its images. */
  const editPage = async (req: FastifyRequest, notice?: string) => {
    const { id, pageId } = req.params as { id: string; pageId: string }
    const data = await workspace.page(ctxOf(req), id, pageId, req.locale, 'workspace.author')
    const title = req.t('workspace.pages.edit_title', { title: data.page.title })
    const stored = { title: data.page.title, body: data.page.body_html }
    const view = (ctx: ViewContext, form: FormState): VNode => (
      <PageEditView ctx={ctx} project={data.project} page={data} form={form} notice={notice} />
    )
    return { title, stored, view }
  }

  app.get(
    '/projects/:id/workspace/pages/:pageId/edit',
    { config: access, schema: { params: PageParams, querystring: NoticeQuery } },
    async (req, reply) => {
      // Loaded for authors only: readers are told they may not rather than shown a form that cannot work.
      const notice = req.query.done ? req.t(`workspace.done.${req.query.done}`) : undefined
      const { title, stored, view } = await editPage(req, notice)
      return sendPage(req, reply, title, (ctx) => view(ctx, { values: stored, errors: {} }))
    },
  )

  app.post(
    '/projects/:id/workspace/pages/:pageId',
    { config: access, schema: { params: PageParams } },
    async (req, reply) => {
      const { title, view } = await editPage(req)
      return handleForm(req, reply, {
        schema: PageBody,
        title,
        view,
        run: async (input) => {
          await workspace.updatePage(ctxOf(req), req.params.id, req.params.pageId, input)
          return reply.redirect(`${base(req.params.id)}/pages/${req.params.pageId}?done=saved`, 303)
        },
      })
    },
  )

  /** A refused page image: the edit page again, the stored text in its form and the message on the file field. */
  const imageFormPage = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status: number) => {
    const { title, stored, view } = await editPage(req)
    const errorTitle = `${req.t('forms.error_prefix')} ${title}`
    return sendPage(
      req,
      reply,
      errorTitle,
      (ctx) => view(ctx, { values: stored, errors: form.errors }),
      status,
    )
  }

  app.post(
    '/projects/:id/workspace/pages/:pageId/images',
    { ...upload(imageFormPage), schema: { params: PageParams } },
    async (req, reply) => {
      const { id, pageId } = req.params
      try {
        await workspace.uploadFile(ctxOf(req), id, { file: uploadIn(req.body), pageId })
      } catch (error) {
        if (!(error instanceof AppError) || error.status === 404 || error.status === 401) throw error
        const errors = fieldErrorsOf(error) ?? { file: error.detail }
        return imageFormPage(req, reply, { values: {}, errors }, error.status)
      }
      return reply.redirect(`${base(id)}/pages/${pageId}/edit?done=uploaded`, 303)
    },
  )

  app.post(
    '/projects/:id/workspace/pages/:pageId/public',
    { config: access, schema: { params: PageParams } },
    async (req, reply) => {
      await workspace.authorizeWorkspace(ctxOf(req), req.params.id, 'workspace.teach')
      const input = validate(PublicBody, req.body)
      await workspace.setPublic(ctxOf(req), req.params.id, 'page', req.params.pageId, input.public === '1')
      return reply.redirect(
        `${base(req.params.id)}/pages/${req.params.pageId}?done=${input.public === '1' ? 'published' : 'unpublished'}`,
        303,
      )
    },
  )

  // ---- Forum
  app.get(
    '/projects/:id/workspace/forum/new',
    { config: access, schema: { params: ProjectParams } },
    async (req, reply) => {
      const project = await workspace.newThreadContext(ctxOf(req), req.params.id, req.locale)
      return sendPage(req, reply, req.t('workspace.forum.new'), (ctx) => (
        <NewThreadView ctx={ctx} project={project} form={emptyForm} />
      ))
    },
  )

  app.post(
    '/projects/:id/workspace/forum',
    { config: access, schema: { params: ProjectParams } },
    async (req, reply) => {
      const project = await workspace.newThreadContext(ctxOf(req), req.params.id, req.locale)
      return handleForm(req, reply, {
        schema: ThreadBody,
        title: req.t('workspace.forum.new'),
        view: (ctx, form) => <NewThreadView ctx={ctx} project={project} form={form} />,
        run: async (input) => {
          const threadId = await workspace.startThread(ctxOf(req), req.params.id, input)
          return reply.redirect(`${base(req.params.id)}/forum/${threadId}`, 303)
        },
      })
    },
  )

  app.get(
    '/projects/:id/workspace/forum/:threadId',
    { config: access, schema: { params: ThreadParams } },
    async (req, reply) => {
      const data = await workspace.thread(ctxOf(req), req.params.id, req.params.threadId, req.locale)
      return sendPage(req, reply, data.thread.title, (ctx) => (
        <ThreadView ctx={ctx} data={data} form={emptyForm} />
      ))
    },
  )

  app.post(
    '/projects/:id/workspace/forum/:threadId',
    { config: access, schema: { params: ThreadParams } },
    async (req, reply) => {
      const { id, threadId } = req.params
      const data = await workspace.thread(ctxOf(req), id, threadId, req.locale, 'workspace.contribute')
      return handleForm(req, reply, {
        schema: ReplyBody,
        title: data.thread.title,
        view: (ctx, form) => <ThreadView ctx={ctx} data={data} form={form} />,
        run: async (input) => {
          await workspace.reply(ctxOf(req), req.params.id, req.params.threadId, input.body)
          return reply.redirect(`${base(req.params.id)}/forum/${req.params.threadId}`, 303)
        },
      })
    },
  )

  // ---- Milestones
  app.get(
    '/projects/:id/workspace/milestones',
    { config: access, schema: { params: ProjectParams } },
    async (req, reply) => {
      const data = await workspace.milestones(ctxOf(req), req.params.id, req.locale)
      return sendPage(req, reply, req.t('workspace.milestones.heading'), (ctx) => (
        <MilestonesView ctx={ctx} data={data} form={emptyForm} />
      ))
    },
  )

  const saveMilestone = (url: string, params: typeof ProjectParams | typeof MilestoneParams) =>
    app.post(url, { config: access, schema: { params } }, async (req, reply) => {
      const { id, milestoneId } = req.params as { id: string; milestoneId?: string }
      const data = await workspace.milestones(ctxOf(req), id, req.locale, 'workspace.teach')
      return handleForm(req, reply, {
        schema: MilestoneBody,
        title: req.t('workspace.milestones.heading'),
        view: (ctx, form) => (
          <MilestonesView ctx={ctx} data={data} form={form} failed={milestoneId ?? null} />
        ),
        run: async (input) => {
          await workspace.saveMilestone(ctxOf(req), id, milestoneId ?? null, input)
          return reply.redirect(`${base(id)}/milestones`, 303)
        },
      })
    })
  saveMilestone('/projects/:id/workspace/milestones', ProjectParams)
  saveMilestone('/projects/:id/workspace/milestones/:milestoneId', MilestoneParams)

  // ---- Members
  const membersPage = async (req: FastifyRequest, notice?: Notice, need?: workspace.WorkspaceAction) => {
    const { id } = req.params as { id: string }
    const data = await workspace.members(ctxOf(req), id, req.locale, need)
    const message = notice?.done ? req.t(`workspace.done.${notice.done}`) : undefined
    return (ctx: ViewContext, form: FormState) => (
      <MembersView ctx={ctx} data={data} form={form} notice={message} />
    )
  }

  app.get(
    '/projects/:id/workspace/members',
    { config: access, schema: { params: ProjectParams, querystring: NoticeQuery } },
    async (req, reply) => {
      const view = await membersPage(req, req.query)
      return sendPage(req, reply, req.t('workspace.members.heading'), (ctx) => view(ctx, emptyForm))
    },
  )

  app.post(
    '/projects/:id/workspace/members/invite',
    { config: access, schema: { params: ProjectParams } },
    async (req, reply) => {
      const view = await membersPage(req, undefined, 'workspace.teach')
      return handleForm(req, reply, {
        schema: InviteBody,
        title: req.t('workspace.members.heading'),
        view,
        run: async (input) => {
          await workspace.inviteTeacher(ctxOf(req), req.params.id, input.email)
          return reply.redirect(`${base(req.params.id)}/members?done=invited`, 303)
        },
      })
    },
  )

  app.post(
    '/projects/:id/workspace/members/:personId/pupil-admin',
    { config: access, schema: { params: MemberParams } },
    async (req, reply) => {
      await workspace.authorizeWorkspace(ctxOf(req), req.params.id, 'workspace.teach')
      const input = validate(PupilAdminBody, req.body)
      await workspace.setPupilAdmin(ctxOf(req), req.params.id, req.params.personId, input.pupil_admin === '1')
      return reply.redirect(`${base(req.params.id)}/members?done=pupil_admin`, 303)
    },
  )

  // ---- State and download
  app.get(
    '/projects/:id/workspace/state',
    { config: access, schema: { params: ProjectParams } },
    async (req, reply) => {
      const data = await workspace.stateContext(ctxOf(req), req.params.id, req.locale)
      return sendPage(req, reply, req.t('workspace.state.heading'), (ctx) => (
        <StateView ctx={ctx} data={data} form={emptyForm} />
      ))
    },
  )

  app.post(
    '/projects/:id/workspace/state',
    { config: access, schema: { params: ProjectParams } },
    async (req, reply) => {
      const data = await workspace.stateContext(ctxOf(req), req.params.id, req.locale)
      return handleForm(req, reply, {
        schema: StateBody,
        title: req.t('workspace.state.heading'),
        view: (ctx, form) => <StateView ctx={ctx} data={data} form={form} />,
        run: async (input) => {
          await workspace.changeState(ctxOf(req), req.params.id, input.state)
          return reply.redirect(`${base(req.params.id)}?done=${input.state}`, 303)
        },
      })
    },
  )

  app.get(
    '/projects/:id/workspace/archive.zip',
    { config: access, schema: { params: ProjectParams } },
    async (req, reply) => {
      const data = await workspace.archiveContents(ctxOf(req), req.params.id, req.locale)
      const stream = workspaceZip(data, {
        locale: req.locale,
        t: req.t,
        timeZone: app.deps.config.timeZone,
        storage: app.deps.storage,
      })
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="workspace-${data.project.id}.zip"`)
        .header('cache-control', 'private, no-store')
        .send(stream)
    },
  )
}
