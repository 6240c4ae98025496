import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { serviceContext } from '../../platform/context.ts'
import { sendStoredFile } from '../../platform/files.ts'
import { handleError } from '../../platform/http.tsx'
import { can } from '../../platform/policy.ts'
import type { FormState } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import type { ViewContext } from '../../web/view-context.ts'
import { dropEmptyFilters } from '../partners/routes.tsx'
import { withoutEmpty } from '../projects/routes.tsx'
import { readsMembersOnly } from '../search/audience.ts'
import { isTooLarge, keepFileNames, typedBeforeFailure, uploadIn } from '../workspace/routes.tsx'
import './policy.ts'
import { ListQuery, ResourceBody, ResourceView, SlugParams } from './schemas.ts'
import * as resources from './service.ts'
import { LibraryPage, ResourceFormView, ResourcePage } from './views/library.tsx'

const SavedQuery = Type.Object({ done: Type.Optional(Type.Literal('saved')) })

/** The form's fields without the file, which the service takes separately. */
function fieldsOf(body: unknown): Record<string, unknown> {
  const { file: _file, ...fields } = withoutEmpty(body)
  return fields
}

export function register(app: App): void {
  const ctxOf = (req: FastifyRequest) => serviceContext(req)
  const { db, config } = app.deps
  const maxBytes = config.projects.maxUploadBytes
  const uploads = {
    access: 'resources.manage' as const,
    multipartOptions: { limits: { files: 1, fileSize: maxBytes, fields: 30, parts: 31 } },
  }

  // An oversized file stops the parser: 413, and the form comes back with what was typed and the file's message.
  const tooLarge =
    (title: (req: FastifyRequest) => string, slugOf: (req: FastifyRequest) => string | undefined) =>
    async (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      if (!isTooLarge(error)) return handleError(error, req, reply)
      const form: FormState = {
        values: typedBeforeFailure(req.body),
        errors: {
          file: {
            key: 'resources.errors.file_too_large',
            values: { size: `${Math.round(maxBytes / 1024 / 1024)} MB` },
          },
        },
      }
      return sendPage(
        req,
        reply,
        `${req.t('forms.error_prefix')} ${title(req)}`,
        (ctx) => <ResourceFormView ctx={ctx} form={form} slug={slugOf(req)} />,
        413,
      )
    }

  // ---- The API

  app.get(
    '/api/v1/resources',
    {
      config: { access: 'resources.view' },
      preValidation: dropEmptyFilters,
      schema: {
        tags: ['resources'],
        summary:
          'The resources library (brochures, guides, application forms, templates, training materials), newest first; members-only resources are listed for members only',
        querystring: ListQuery,
        response: { 200: Type.Array(ResourceView) },
      },
    },
    async (req) => resources.listLibrary(db, req.actor, req.query),
  )

  app.get(
    '/api/v1/resources/:slug',
    {
      config: { access: 'resources.view' },
      schema: {
        tags: ['resources'],
        summary: 'One resource with its file’s name, type, size and download address, and its download count',
        params: SlugParams,
        response: { 200: ResourceView },
      },
    },
    async (req) => resources.getResource(ctxOf(req), req.params.slug),
  )

  // ---- The library

  app.get(
    '/resources',
    {
      config: { access: 'resources.view' },
      preValidation: dropEmptyFilters,
      schema: { querystring: ListQuery },
    },
    async (req, reply) => {
      const list = await resources.listLibrary(db, req.actor, req.query)
      return sendPage(req, reply, req.t('resources.title'), (ctx) => (
        <LibraryPage
          ctx={ctx}
          resources={list}
          filter={req.query}
          canManage={can(req.actor, 'resources.manage', undefined)}
          membersOnlyHidden={!readsMembersOnly(req.actor)}
        />
      ))
    },
  )

  const formView = (slug?: string) => (ctx: ViewContext, form: FormState) => (
    <ResourceFormView ctx={ctx} form={form} slug={slug} />
  )

  app.get('/resources/new', { config: { access: 'resources.manage' } }, async (req, reply) =>
    sendPage(req, reply, req.t('resources.new'), (ctx) =>
      formView()(ctx, { values: { kind: 'brochure', visibility: 'public' }, errors: {} }),
    ),
  )

  app.post(
    '/resources/new',
    {
      config: uploads,
      onRequest: keepFileNames,
      errorHandler: tooLarge(
        (req) => req.t('resources.new'),
        () => undefined,
      ),
    },
    async (req, reply) => {
      const upload = uploadIn(req.body)
      req.body = fieldsOf(req.body)
      return handleForm(req, reply, {
        schema: ResourceBody,
        title: req.t('resources.new'),
        view: formView(),
        run: async (input) => {
          const slug = await resources.createResource(ctxOf(req), input, upload)
          return reply.redirect(`/resources/${slug}?done=saved`, 303)
        },
      })
    },
  )

  app.get(
    '/resources/:slug',
    { config: { access: 'resources.view' }, schema: { params: SlugParams, querystring: SavedQuery } },
    async (req, reply) => {
      const resource = await resources.getResource(ctxOf(req), req.params.slug)
      const title = resources.localText(resource.title, req.locale)?.text ?? resource.slug
      return sendPage(req, reply, title, (ctx) => (
        <ResourcePage
          ctx={ctx}
          resource={resource}
          canManage={can(req.actor, 'resources.manage', undefined)}
          saved={req.query.done === 'saved'}
        />
      ))
    },
  )

  app.get(
    '/resources/:slug/download',
    { config: { access: 'resources.view' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const file = await resources.downloadResource(ctxOf(req), req.params.slug)
      // Members-only files must not stay in shared caches; PDFs open in the browser, the rest download.
      return sendStoredFile(reply, file, { inline: true, cache: 'private' })
    },
  )

  app.get(
    '/resources/:slug/edit',
    { config: { access: 'resources.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const values = await resources.editFormValues(ctxOf(req), req.params.slug)
      return sendPage(req, reply, req.t('resources.edit'), (ctx) =>
        formView(req.params.slug)(ctx, { values, errors: {} }),
      )
    },
  )

  app.post(
    '/resources/:slug/edit',
    {
      config: uploads,
      schema: { params: SlugParams },
      onRequest: keepFileNames,
      errorHandler: tooLarge(
        (req) => req.t('resources.edit'),
        (req) => (req.params as { slug?: string }).slug,
      ),
    },
    async (req, reply) => {
      const upload = uploadIn(req.body)
      req.body = fieldsOf(req.body)
      return handleForm(req, reply, {
        schema: ResourceBody,
        title: req.t('resources.edit'),
        view: formView(req.params.slug),
        run: async (input) => {
          await resources.updateResource(ctxOf(req), req.params.slug, input, upload)
          return reply.redirect(`/resources/${req.params.slug}?done=saved`, 303)
        },
      })
    },
  )

  app.post(
    '/resources/:slug/delete',
    { config: { access: 'resources.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      await resources.deleteResource(ctxOf(req), req.params.slug)
      return reply.redirect('/resources', 303)
    },
  )
}
