import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import type { App } from '../../app.ts'
import { newId } from '../../db/ids.ts'
import { serviceContext } from '../../platform/context.ts'
import { rejectedRowsCsv } from '../../platform/csv.ts'
import { AppError, type FieldErrors, fieldErrorsOf, Invalid, NotFound } from '../../platform/errors.ts'
import { readStoredJson, storageKey, storeJson } from '../../platform/files.ts'
import { handleError } from '../../platform/http.tsx'
import { authorize, can } from '../../platform/policy.ts'
import { validate } from '../../platform/validation.ts'
import type { FormState } from '../../web/components.tsx'
import { formValues, handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import { withoutEmpty } from '../projects/routes.tsx'
import { isTooLarge } from '../workspace/routes.tsx'
import { importConsortia } from './import.ts'
import './policy.ts'
import { NewsAbout, newsAbout } from '../news/views/about.tsx'
import {
  ConsortiumBody,
  ConsortiumListResponse,
  ConsortiumView,
  DeliverableBody,
  DeliverableStatusBody,
  FlagsBody,
  ImportFormFields,
  type ImportReportValue,
  ListQuery,
  MeetingBody,
  MeetingParams,
  PartnerBody,
  ReportParams,
  SlugIdParams,
  SlugParams,
  WorkPackageBody,
} from './schemas.ts'
import * as consortia from './service.ts'
import { ConsortiumForm, ManageView, WorkPackageView } from './views/forms.tsx'
import { ImportView } from './views/import.tsx'
import { ListView } from './views/list.tsx'
import { ConsortiumPage } from './views/page.tsx'

export const IMPORT_MAX_BYTES = 20 * 1024 * 1024

const DONE = [
  'created',
  'saved',
  'flags',
  'partner_added',
  'partner_removed',
  'work_package_added',
  'work_package_deleted',
  'deliverable_added',
  'deliverable_saved',
  'meeting_linked',
  'meeting_removed',
] as const
const NoticeQuery = Type.Object({ done: Type.Optional(Type.Enum(DONE)) })
const ManageQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  done: Type.Optional(Type.Enum(DONE)),
})

/** Empty filters ("status=") are absent ones, so a submitted filter form validates. */
async function dropEmptyFilters(req: FastifyRequest): Promise<void> {
  req.query = withoutEmpty(req.query)
}

/** Import reports live in the file storage: the report page may be served by another process than the import. */
const reportKey = (id: string) => storageKey('imports', `consortia-${id}.json`)

export function register(app: App): void {
  const ctxOf = (req: FastifyRequest) => serviceContext(req)

  // ---- Public: list, page and API

  app.get(
    '/api/v1/consortia',
    {
      config: { access: 'consortia.view' },
      preValidation: dropEmptyFilters,
      schema: {
        tags: ['consortia'],
        summary: 'Funded consortium projects, latest start first, with filters (20 a page)',
        querystring: ListQuery,
        response: { 200: ConsortiumListResponse },
      },
    },
    async (req) => {
      const result = await consortia.listPage(ctxOf(req), req.query)
      return {
        total: result.total,
        page: result.page,
        items: result.items.map((i) => consortia.apiSummary(i.row)),
      }
    },
  )

  app.get(
    '/api/v1/consortia/:slug',
    {
      config: { access: 'consortia.view' },
      schema: {
        tags: ['consortia'],
        summary:
          'A consortium project: the record, partner organisations with their roles and PICs, work packages with their deliverables, and meetings (event slugs)',
        params: SlugParams,
        response: { 200: ConsortiumView },
      },
    },
    async (req) => consortia.apiView(await consortia.consortiumDetail(ctxOf(req), req.params.slug)),
  )

  app.get(
    '/consortia',
    {
      config: { access: 'consortia.view' },
      preValidation: dropEmptyFilters,
      schema: { querystring: ListQuery },
    },
    async (req, reply) => {
      const result = await consortia.listPage(ctxOf(req), req.query)
      return sendPage(req, reply, req.t('consortia.title'), (ctx) => (
        <ListView
          ctx={ctx}
          filter={req.query}
          result={result}
          canCreate={can(req.actor, 'consortia.create', undefined)}
          canImport={can(req.actor, 'consortia.import', undefined)}
        />
      ))
    },
  )

  // ---- Creating

  async function newPage(req: FastifyRequest) {
    const ctx = ctxOf(req)
    const own = await consortia.ownInstitutions(ctx)
    return (form: FormState) => (vctx: Parameters<typeof ConsortiumForm>[0]['ctx']) => (
      <ConsortiumForm ctx={vctx} form={form} action="/consortia/new" coordinators={own} />
    )
  }

  app.get('/consortia/new', { config: { access: 'consortia.create' } }, async (req, reply) => {
    const view = await newPage(req)
    return sendPage(
      req,
      reply,
      req.t('consortia.new'),
      view({ values: { status: 'running', programme: 'Erasmus+', currency: 'EUR' }, errors: {} }),
    )
  })

  app.post('/consortia/new', { config: { access: 'consortia.create' } }, async (req, reply) => {
    req.body = withoutEmpty(req.body)
    const view = await newPage(req)
    return handleForm(req, reply, {
      schema: ConsortiumBody,
      title: req.t('consortia.new'),
      view: (ctx, form) => view(form)(ctx),
      run: async (input) => {
        const slug = await consortia.createConsortium(ctxOf(req), input)
        return reply.redirect(`/consortia/${slug}/manage?done=created`, 303)
      },
    })
  })

  // ---- Importing the funder's lists

  const importPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    status = 200,
    state: { report?: ImportReportValue; reportId?: string; errors?: FieldErrors } = {},
  ) =>
    sendPage(
      req,
      reply,
      req.t('consortia.import.title'),
      (ctx) => <ImportView ctx={ctx} {...state} />,
      status,
    )

  app.get('/consortia/import', { config: { access: 'consortia.import' } }, async (req, reply) =>
    importPage(req, reply),
  )

  app.post(
    '/consortia/import',
    {
      config: {
        access: 'consortia.import',
        multipartOptions: { limits: { files: 1, fileSize: IMPORT_MAX_BYTES } },
      },
      bodyLimit: IMPORT_MAX_BYTES + 64 * 1024,
      // An oversized file stops in the multipart parser, before the handler: say so on the form.
      errorHandler: (error, req, reply) => {
        if (isTooLarge(error))
          return importPage(req, reply, 413, { errors: { file: { key: 'consortia.import.too_large' } } })
        return handleError(error, req, reply)
      },
    },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const file = body.file
      try {
        const fields = validate(
          ImportFormFields,
          Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'file' && k !== '_csrf')),
        )
        if (!Buffer.isBuffer(file) || file.length === 0)
          throw new Invalid({ file: { key: 'consortia.import.no_file' } })
        const report = await importConsortia(req.server.deps.db, file, {
          dryRun: fields.dry_run === 'yes',
          actorId: req.actor.person?.id ?? null,
          t: req.t,
        })
        // Kept so that the rejected rows can be downloaded as CSV from the report.
        const id = newId()
        await storeJson(req.server.deps.storage, reportKey(id), report)
        return importPage(req, reply, 200, { report, reportId: id })
      } catch (error) {
        if (!(error instanceof Invalid)) throw error
        return importPage(req, reply, 400, { errors: error.fields })
      }
    },
  )

  app.get(
    '/consortia/import/:id/rejected.csv',
    { config: { access: 'consortia.import' }, schema: { params: ReportParams } },
    async (req, reply) => {
      const report = await readStoredJson<Pick<ImportReportValue, 'rejected'>>(
        req.server.deps.storage,
        reportKey(req.params.id),
      )
      if (report === null) throw new NotFound()
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="rejected-rows.csv"')
        .send(rejectedRowsCsv(report.rejected))
    },
  )

  // ---- One consortium

  app.get(
    '/consortia/:slug',
    { config: { access: 'consortia.view' }, schema: { params: SlugParams, querystring: NoticeQuery } },
    async (req, reply) => {
      const detail = await consortia.consortiumDetail(ctxOf(req), req.params.slug)
      const news = await newsAbout(
        app.deps.db,
        'consortium',
        detail.row.id,
        req.locale,
        app.deps.config.defaultLocale,
      )
      return sendPage(req, reply, consortia.titleIn(detail.row, req.locale), (ctx) => (
        <>
          <ConsortiumPage ctx={ctx} detail={detail} done={req.query.done} />
          <NewsAbout ctx={ctx} data={news} addressKey={detail.row.slug} />
        </>
      ))
    },
  )

  app.get(
    '/consortia/:slug/edit',
    { config: { access: 'consortia.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const ctx = ctxOf(req)
      const { row, access } = await consortia.consortiumFor(ctx, req.params.slug)
      authorize(req.actor, 'consortia.edit', access)
      return sendPage(req, reply, req.t('consortia.edit'), (vctx) => (
        <ConsortiumForm
          ctx={vctx}
          form={{ values: consortia.formValuesOf(row), errors: {} }}
          action={`/consortia/${row.slug}/edit`}
          slug={row.slug}
          title={consortia.titleIn(row, req.locale)}
        />
      ))
    },
  )

  app.post(
    '/consortia/:slug/edit',
    { config: { access: 'consortia.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const { slug } = req.params
      const ctx = ctxOf(req)
      const { row, access } = await consortia.consortiumFor(ctx, slug)
      // The right comes before the input: someone who may not edit is refused, not told what to fix.
      authorize(req.actor, 'consortia.edit', access)
      req.body = withoutEmpty(req.body)
      return handleForm(req, reply, {
        schema: ConsortiumBody,
        title: req.t('consortia.edit'),
        view: (vctx, form) => (
          <ConsortiumForm
            ctx={vctx}
            form={form}
            action={`/consortia/${slug}/edit`}
            slug={slug}
            title={consortia.titleIn(row, req.locale)}
          />
        ),
        run: async (input) => {
          await consortia.updateConsortium(ctx, slug, input)
          return reply.redirect(`/consortia/${slug}?done=saved`, 303)
        },
      })
    },
  )

  app.post(
    '/consortia/:slug/flags',
    { config: { access: 'consortia.flag' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const input = validate(FlagsBody, withoutEmpty(req.body))
      await consortia.setFlags(ctxOf(req), req.params.slug, {
        good_practice: input.good_practice === 'yes',
        success_story: input.success_story === 'yes',
      })
      return reply.redirect(`/consortia/${req.params.slug}?done=flags`, 303)
    },
  )

  // ---- Managing: partners, work packages, meetings

  async function managePage(
    req: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    options: {
      query?: string
      failed?: { form: 'partner' | 'work_package' | 'meeting'; state: FormState }
      done?: string
      status?: number
    } = {},
  ) {
    const ctx = ctxOf(req)
    const query = options.query ?? ''
    // Each of these checks the right to manage this consortium.
    const [candidates, events] = await Promise.all([
      consortia.partnerCandidates(ctx, slug, query),
      consortia.meetingOptions(ctx, slug),
    ])
    const detail = await consortia.consortiumDetail(ctx, slug)
    const title = options.failed
      ? `${req.t('forms.error_prefix')} ${req.t('consortia.manage')}`
      : req.t('consortia.manage')
    return sendPage(
      req,
      reply,
      title,
      (vctx) => (
        <ManageView
          ctx={vctx}
          detail={detail}
          query={query}
          candidates={candidates}
          events={events}
          failed={options.failed}
          done={options.done}
        />
      ),
      options.status,
    )
  }

  /** A manage-page form: validated, run, and on a client error the page again with that form's messages. */
  async function manageForm<T extends Parameters<typeof validate>[0]>(
    req: FastifyRequest<{ Params: Static<typeof SlugParams> }>,
    reply: FastifyReply,
    form: 'partner' | 'work_package' | 'meeting',
    schema: T,
    run: (input: Static<T>) => Promise<string>,
    query = '',
  ) {
    const { slug } = req.params
    const { access } = await consortia.consortiumFor(ctxOf(req), slug)
    authorize(req.actor, 'consortia.edit', access)
    const body = withoutEmpty(req.body)
    try {
      const done = await run(validate(schema, body))
      return reply.redirect(`/consortia/${slug}/manage?done=${done}`, 303)
    } catch (error) {
      const state = failedState(error, body)
      if (!state) throw error
      return managePage(req, reply, slug, {
        query,
        failed: { form, state: state.form },
        status: state.status,
      })
    }
  }

  app.get(
    '/consortia/:slug/manage',
    { config: { access: 'consortia.manage' }, schema: { params: SlugParams, querystring: ManageQuery } },
    async (req, reply) => {
      const { access } = await consortia.consortiumFor(ctxOf(req), req.params.slug)
      authorize(req.actor, 'consortia.edit', access)
      return managePage(req, reply, req.params.slug, { query: req.query.q, done: req.query.done })
    },
  )

  app.post(
    '/consortia/:slug/partners',
    { config: { access: 'consortia.manage' }, schema: { params: SlugParams } },
    async (req, reply) =>
      manageForm(
        req,
        reply,
        'partner',
        PartnerBody,
        async (input) => {
          await consortia.addPartner(ctxOf(req), req.params.slug, input)
          return 'partner_added'
        },
        typeof (req.body as { q?: unknown } | undefined)?.q === 'string'
          ? String((req.body as { q: string }).q).slice(0, 100)
          : '',
      ),
  )

  app.post(
    '/consortia/:slug/partners/:id/remove',
    { config: { access: 'consortia.manage' }, schema: { params: SlugIdParams } },
    async (req, reply) => {
      await consortia.removePartner(ctxOf(req), req.params.slug, req.params.id)
      return reply.redirect(`/consortia/${req.params.slug}/manage?done=partner_removed`, 303)
    },
  )

  app.post(
    '/consortia/:slug/work-packages',
    { config: { access: 'consortia.manage' }, schema: { params: SlugParams } },
    async (req, reply) =>
      manageForm(req, reply, 'work_package', WorkPackageBody, async (input) => {
        await consortia.addWorkPackage(ctxOf(req), req.params.slug, input)
        return 'work_package_added'
      }),
  )

  app.post(
    '/consortia/:slug/meetings',
    { config: { access: 'consortia.manage' }, schema: { params: SlugParams } },
    async (req, reply) =>
      manageForm(req, reply, 'meeting', MeetingBody, async (input) => {
        await consortia.linkMeeting(ctxOf(req), req.params.slug, input)
        return 'meeting_linked'
      }),
  )

  app.post(
    '/consortia/:slug/meetings/:eventId/remove',
    { config: { access: 'consortia.manage' }, schema: { params: MeetingParams } },
    async (req, reply) => {
      await consortia.unlinkMeeting(ctxOf(req), req.params.slug, req.params.eventId)
      return reply.redirect(`/consortia/${req.params.slug}/manage?done=meeting_removed`, 303)
    },
  )

  // ---- A work package: its lead partner's staff and the managers

  async function workPackagePage(
    req: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    id: string,
    options: {
      form?: FormState
      deliverableForm?: FormState
      failedStatus?: { id: string; state: FormState }
      done?: string
      status?: number
    } = {},
  ) {
    const found = await consortia.workPackageFor(ctxOf(req), slug, id)
    const { workPackage } = found
    const values = {
      number: String(workPackage.number),
      title: workPackage.title,
      description: workPackage.description ?? '',
      lead: workPackage.lead_institution_id ?? '',
      start_date: workPackage.start_date ?? '',
      end_date: workPackage.end_date ?? '',
    }
    const failed = Boolean(options.form || options.deliverableForm || options.failedStatus)
    const title = req.t('consortia.work_packages.label', { number: workPackage.number })
    return sendPage(
      req,
      reply,
      failed ? `${req.t('forms.error_prefix')} ${title}` : title,
      (ctx) => (
        <WorkPackageView
          ctx={ctx}
          consortium={{ slug, title: consortia.titleIn(found.row, req.locale) }}
          workPackage={workPackage}
          partners={found.partners}
          deliverables={found.deliverables}
          canChangeLead={found.canChangeLead}
          form={options.form ?? { values, errors: {} }}
          deliverableForm={options.deliverableForm ?? { values: { status: 'planned' }, errors: {} }}
          failedStatus={options.failedStatus}
          done={options.done}
        />
      ),
      options.status,
    )
  }

  app.get(
    '/consortia/:slug/work-packages/:id',
    { config: { access: 'consortia.manage' }, schema: { params: SlugIdParams, querystring: NoticeQuery } },
    async (req, reply) =>
      workPackagePage(req, reply, req.params.slug, req.params.id, { done: req.query.done }),
  )

  app.post(
    '/consortia/:slug/work-packages/:id',
    { config: { access: 'consortia.manage' }, schema: { params: SlugIdParams } },
    async (req, reply) => {
      const { slug, id } = req.params
      // Checks the right before reading the input.
      await consortia.workPackageFor(ctxOf(req), slug, id)
      const body = withoutEmpty(req.body)
      try {
        await consortia.updateWorkPackage(ctxOf(req), slug, id, validate(WorkPackageBody, body))
        return reply.redirect(`/consortia/${slug}/work-packages/${id}?done=saved`, 303)
      } catch (error) {
        const state = failedState(error, body)
        if (!state) throw error
        return workPackagePage(req, reply, slug, id, { form: state.form, status: state.status })
      }
    },
  )

  app.post(
    '/consortia/:slug/work-packages/:id/delete',
    { config: { access: 'consortia.manage' }, schema: { params: SlugIdParams } },
    async (req, reply) => {
      await consortia.deleteWorkPackage(ctxOf(req), req.params.slug, req.params.id)
      return reply.redirect(`/consortia/${req.params.slug}/manage?done=work_package_deleted`, 303)
    },
  )

  app.post(
    '/consortia/:slug/work-packages/:id/deliverables',
    { config: { access: 'consortia.manage' }, schema: { params: SlugIdParams } },
    async (req, reply) => {
      const { slug, id } = req.params
      await consortia.workPackageFor(ctxOf(req), slug, id)
      const body = withoutEmpty(req.body)
      try {
        await consortia.addDeliverable(ctxOf(req), slug, id, validate(DeliverableBody, body))
        return reply.redirect(`/consortia/${slug}/work-packages/${id}?done=deliverable_added`, 303)
      } catch (error) {
        const state = failedState(error, body)
        if (!state) throw error
        return workPackagePage(req, reply, slug, id, { deliverableForm: state.form, status: state.status })
      }
    },
  )

  app.post(
    '/consortia/:slug/deliverables/:id',
    { config: { access: 'consortia.manage' }, schema: { params: SlugIdParams } },
    async (req, reply) => {
      const { slug, id } = req.params
      // The deliverable's page is its work package's; the right is checked before the input is read.
      const { workPackageId } = await consortia.deliverableFor(ctxOf(req), slug, id)
      const body = withoutEmpty(req.body)
      try {
        await consortia.setDeliverableStatus(ctxOf(req), slug, id, validate(DeliverableStatusBody, body))
      } catch (error) {
        const state = failedState(error, body)
        if (!state) throw error
        return workPackagePage(req, reply, slug, workPackageId, {
          failedStatus: { id, state: state.form },
          status: state.status,
        })
      }
      return reply.redirect(`/consortia/${slug}/work-packages/${workPackageId}?done=deliverable_saved`, 303)
    },
  )
}

/** A client error (bad input, a conflict) as the form to show again with the typed values, else null. */
function failedState(error: unknown, body: unknown): { form: FormState; status: number } | null {
  const fields = fieldErrorsOf(error)
  if (!fields || !(error instanceof AppError)) return null
  const errors: FieldErrors = { ...fields }
  if (Object.keys(errors).length === 0) errors.form = error.detail
  return { form: { values: formValues(body), errors }, status: error.status }
}
