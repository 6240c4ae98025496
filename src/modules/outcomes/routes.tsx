import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { renderToString } from 'preact-render-to-string'
import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { serviceContext } from '../../platform/context.ts'
import { AppError, fieldErrorsOf } from '../../platform/errors.ts'
import { sendStoredFile } from '../../platform/files.ts'
import { handleError } from '../../platform/http.tsx'
import { can } from '../../platform/policy.ts'
import { validate } from '../../platform/validation.ts'
import type { FormState } from '../../web/components.tsx'
import { formValues, handleForm } from '../../web/forms.tsx'
import { sendPage, viewContext } from '../../web/render.tsx'
import { dropEmptyFilters } from '../partners/routes.tsx'
import { withoutEmpty } from '../projects/routes.tsx'
import { listSubjects } from '../subjects/service.ts'
import { isTooLarge, keepFileNames, uploadIn } from '../workspace/routes.tsx'
import { catalogue, cataloguePages } from './catalogue.ts'
import './policy.ts'
import {
  CatalogueQuery,
  CatalogueResponse,
  InstitutionParams,
  OutcomeBody,
  OutcomeView,
  ParticipantBody,
  SlugParams,
} from './schemas.ts'
import * as outcomes from './service.ts'
import { CataloguePage, CatalogueResults, type CatalogueViewData } from './views/catalogue.tsx'
import { OutcomeFormView } from './views/form.tsx'
import { OUTCOME_NOTICES, type OutcomeNotice, OutcomePageView } from './views/page.tsx'

const NewQuery = Type.Object({
  project: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,159}$' })),
})
const NoticeQuery = Type.Object({ done: Type.Optional(Type.Enum(OUTCOME_NOTICES)) })

type SlugRequest = FastifyRequest<{ Params: { slug: string } }>

export function register(app: App): void {
  const ctxOf = (req: FastifyRequest) => serviceContext(req)
  const { config } = app.deps
  const maxBytes = config.projects.maxUploadBytes

  // ---- The catalogue and the API

  app.get(
    '/api/v1/outcomes',
    {
      config: { access: 'outcomes.view' },
      preValidation: dropEmptyFilters,
      schema: {
        tags: ['outcomes'],
        summary:
          'The catalogue of outcomes of consortium projects and institutions (e-learning modules, joint degrees, laboratories, reports, publications, established bodies), newest first, with filters and counts',
        querystring: CatalogueQuery,
        response: { 200: CatalogueResponse },
      },
    },
    async (req) => catalogue(ctxOf(req), req.query, req.locale, app.deps.readDb),
  )

  app.get(
    '/api/v1/outcomes/:slug',
    {
      config: { access: 'outcomes.view' },
      schema: {
        tags: ['outcomes'],
        summary:
          "An outcome: its type's fields, owner institution, project, subjects and participating institutions",
        params: SlugParams,
        response: { 200: OutcomeView },
      },
    },
    async (req) => (await outcomes.outcomePage(ctxOf(req), req.params.slug, req.locale)).outcome,
  )

  app.post(
    '/api/v1/outcomes',
    {
      config: { access: 'outcomes.manage' },
      schema: {
        tags: ['outcomes'],
        summary:
          "Records an outcome: by the owner institution's staff, the managers of the consortium that produced it, or national coordinators",
        body: OutcomeBody,
        response: { 201: OutcomeView },
      },
    },
    async (req, reply) => {
      const slug = await outcomes.createOutcome(ctxOf(req), req.body)
      const data = await outcomes.outcomePage(ctxOf(req), slug, req.locale)
      return reply.status(201).header('location', data.outcome.url).send(data.outcome)
    },
  )

  app.get(
    '/outcomes',
    {
      config: { access: 'outcomes.view' },
      preValidation: dropEmptyFilters,
      ...cataloguePages.hooks,
      schema: { querystring: CatalogueQuery },
    },
    async (req, reply) => {
      const [result, subjects] = await Promise.all([
        catalogue(ctxOf(req), req.query, req.locale, app.deps.readDb),
        listSubjects(app.deps.db),
      ])
      const data: CatalogueViewData = { params: req.query, result, subjects }
      reply.header('vary', 'HX-Request')
      // htmx asks for the results only (its swap target); the full page otherwise, so the URL works on its own.
      if (req.headers['hx-request'] === 'true') {
        return reply
          .type('text/html; charset=utf-8')
          .send(renderToString(<CatalogueResults ctx={viewContext(req, reply)} data={data} />))
      }
      return sendPage(req, reply, req.t('outcomes.catalogue'), (ctx) => (
        <CataloguePage ctx={ctx} data={data} canRecord={can(req.actor, 'outcomes.manage', undefined)} />
      ))
    },
  )

  // ---- Recording and changing

  const formPage = async (
    req: FastifyRequest,
    project: { slug?: string; id?: string | null },
    slug?: string,
  ) => {
    const [options, subjects] = await Promise.all([
      outcomes.formOptions(ctxOf(req), req.locale, project),
      listSubjects(app.deps.db),
    ])
    return (ctx: Parameters<typeof OutcomeFormView>[0]['ctx'], form: FormState) => (
      <OutcomeFormView ctx={ctx} form={form} options={options} subjects={subjects} slug={slug} />
    )
  }

  app.get(
    '/outcomes/new',
    { config: { access: 'outcomes.manage' }, schema: { querystring: NewQuery } },
    async (req, reply) => {
      const view = await formPage(req, { slug: req.query.project })
      const form = { values: { type: 'e_learning_module' }, errors: {} }
      return sendPage(req, reply, req.t('outcomes.new'), (ctx) => view(ctx, form))
    },
  )

  app.post(
    '/outcomes/new',
    { config: { access: 'outcomes.manage' }, schema: { querystring: NewQuery } },
    async (req, reply) => {
      req.body = withoutEmpty(req.body)
      const view = await formPage(req, { slug: req.query.project })
      return handleForm(req, reply, {
        schema: OutcomeBody,
        title: req.t('outcomes.new'),
        view,
        run: async (input) => {
          const slug = await outcomes.createOutcome(ctxOf(req), input)
          return reply.redirect(`/outcomes/${slug}?done=created`, 303)
        },
      })
    },
  )

  const outcomePage = async (
    req: SlugRequest,
    reply: FastifyReply,
    options: {
      notice?: OutcomeNotice
      packageForm?: FormState
      participantForm?: FormState
      status?: number
    } = {},
  ) => {
    const data = await outcomes.outcomePage(ctxOf(req), req.params.slug, req.locale)
    const title = outcomes.titleOf(
      { title_az: data.outcome.title.az, title_en: data.outcome.title.en, title_ru: data.outcome.title.ru },
      req.locale,
    ).text
    const failed = (options.status ?? 200) >= 400
    return sendPage(
      req,
      reply,
      failed ? `${req.t('forms.error_prefix')} ${title}` : title,
      (ctx) => (
        <OutcomePageView
          ctx={ctx}
          data={data}
          baseUrl={config.baseUrl}
          notice={options.notice}
          packageForm={options.packageForm}
          participantForm={options.participantForm}
        />
      ),
      options.status ?? 200,
    )
  }

  app.get(
    '/outcomes/:slug',
    { config: { access: 'outcomes.view' }, schema: { params: SlugParams, querystring: NoticeQuery } },
    async (req, reply) => outcomePage(req, reply, { notice: req.query.done }),
  )

  app.get(
    '/outcomes/:slug/edit',
    { config: { access: 'outcomes.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const values = await outcomes.editFormValues(ctxOf(req), req.params.slug)
      const view = await formPage(
        req,
        { id: typeof values.consortium_id === 'string' ? values.consortium_id : null },
        req.params.slug,
      )
      return sendPage(req, reply, req.t('outcomes.edit'), (ctx) => view(ctx, { values, errors: {} }))
    },
  )

  app.post(
    '/outcomes/:slug/edit',
    { config: { access: 'outcomes.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      req.body = withoutEmpty(req.body)
      const body = req.body as Record<string, unknown>
      const consortiumId = typeof body.consortium_id === 'string' ? body.consortium_id : null
      // Checked before the form is drawn, so that no one learns of an outcome they may not change.
      await outcomes.editFormValues(ctxOf(req), req.params.slug)
      const view = await formPage(req, { id: consortiumId }, req.params.slug)
      return handleForm(req, reply, {
        schema: OutcomeBody,
        title: req.t('outcomes.edit'),
        view,
        run: async (input) => {
          await outcomes.updateOutcome(ctxOf(req), req.params.slug, input)
          return reply.redirect(`/outcomes/${req.params.slug}?done=saved`, 303)
        },
      })
    },
  )

  app.post(
    '/outcomes/:slug/delete',
    { config: { access: 'outcomes.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      await outcomes.deleteOutcome(ctxOf(req), req.params.slug)
      return reply.redirect('/outcomes', 303)
    },
  )

  // ---- The package and participating institutions

  /** A form of the outcome page failed: the page comes back with that form's values and messages. */
  const failedForm = async (
    req: SlugRequest,
    reply: FastifyReply,
    error: unknown,
    values: FormState['values'],
    which: 'packageForm' | 'participantForm',
  ) => {
    if (!(error instanceof AppError) || [401, 403, 404].includes(error.status)) throw error
    const found = fieldErrorsOf(error) ?? {}
    const errors = Object.keys(found).length > 0 ? found : { form: error.detail }
    return outcomePage(req, reply, { [which]: { values, errors }, status: error.status })
  }

  app.post(
    '/outcomes/:slug/package',
    {
      config: {
        access: 'outcomes.manage',
        multipartOptions: { limits: { files: 1, fileSize: maxBytes, fields: 5, parts: 6 } },
      },
      schema: { params: SlugParams },
      onRequest: keepFileNames,
      // An oversized file stops the parser: 413, and the page says so next to the upload field.
      errorHandler: async (error: FastifyError, req: SlugRequest, reply: FastifyReply) => {
        if (!isTooLarge(error)) return handleError(error, req, reply)
        const form = {
          values: {},
          errors: {
            file: {
              key: 'outcomes.errors.file_too_large',
              values: { size: `${Math.round(maxBytes / 1024 / 1024)} MB` },
            },
          },
        }
        try {
          return await outcomePage(req, reply, { packageForm: form, status: 413 })
        } catch (failure) {
          if (failure instanceof AppError) return handleError(failure, req, reply)
          throw failure
        }
      },
    },
    async (req, reply) => {
      try {
        await outcomes.uploadPackage(ctxOf(req), req.params.slug, uploadIn(req.body))
      } catch (error) {
        return failedForm(req, reply, error, {}, 'packageForm')
      }
      return reply.redirect(`/outcomes/${req.params.slug}?done=package`, 303)
    },
  )

  app.post(
    '/outcomes/:slug/package/remove',
    { config: { access: 'outcomes.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      await outcomes.removePackage(ctxOf(req), req.params.slug)
      return reply.redirect(`/outcomes/${req.params.slug}`, 303)
    },
  )

  app.get(
    '/outcomes/:slug/package',
    { config: { access: 'outcomes.view' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const file = await outcomes.packageFile(ctxOf(req), req.params.slug)
      // PDF opens in the browser; packages and documents download (sendStoredFile decides by the stored type).
      return sendStoredFile(reply, file, { inline: true, cache: 'public' })
    },
  )

  app.post(
    '/outcomes/:slug/participants',
    { config: { access: 'outcomes.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const body = withoutEmpty(req.body)
      try {
        await outcomes.setParticipant(ctxOf(req), req.params.slug, validate(ParticipantBody, body))
      } catch (error) {
        return failedForm(req, reply, error, formValues(body), 'participantForm')
      }
      return reply.redirect(`/outcomes/${req.params.slug}?done=participant`, 303)
    },
  )

  app.post(
    '/outcomes/:slug/participants/:institutionId/remove',
    { config: { access: 'outcomes.manage' }, schema: { params: InstitutionParams } },
    async (req, reply) => {
      await outcomes.removeParticipant(ctxOf(req), req.params.slug, req.params.institutionId)
      return reply.redirect(`/outcomes/${req.params.slug}`, 303)
    },
  )
}
