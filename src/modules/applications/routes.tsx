import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { renderToString } from 'preact-render-to-string'
import { type Static, Type } from 'typebox'
import type { App } from '../../app.ts'
import { ID_PATTERN } from '../../db/ids.ts'
import { serviceContext } from '../../platform/context.ts'
import { NotFound } from '../../platform/errors.ts'
import { sendStoredFile } from '../../platform/files.ts'
import { handleError } from '../../platform/http.tsx'
import { MAX_FILE_BYTES, type RawAnswer } from '../../platform/questions.ts'
import { emptyForm, type FormState } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage, viewContext } from '../../web/render.tsx'
import type { ViewContext } from '../../web/view-context.ts'
import { listSubjects } from '../subjects/service.ts'
import { isTooLarge, typedBeforeFailure } from '../workspace/routes.tsx'
import './policy.ts'
import {
  AnswerBody,
  ApplicationFormView,
  ApplicationView,
  ApplyBody,
  ApplyFormBody,
  BulkApproveBody,
  DecisionBody,
  FIELD_KEY_PATTERN,
  FieldBody,
  FieldUpdateBody,
  FormBody,
  FormUpdateBody,
  QueuePage,
  QueueQuery,
} from './schemas.ts'
import * as applications from './service.ts'
import { FormEditView, FormsAdminView } from './views/admin.tsx'
import { ApplyView, InstitutionOptions, StatusView } from './views/apply.tsx'
import { QueueView, ReviewView } from './views/review.tsx'

const idParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) })
const codeParams = Type.Object({ code: Type.String({ pattern: '^[a-z0-9-]{2,64}$' }) })
const fieldParams = Type.Object({
  ...codeParams.properties,
  key: Type.String({ pattern: FIELD_KEY_PATTERN }),
})
const applyQuery = Type.Object({
  form: Type.Optional(Type.String({ maxLength: 64 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  again: Type.Optional(Type.String({ maxLength: 2 })),
})

/** An upload form may carry a few files up to the size limit; every other route keeps the app's "no files". */
const UPLOADS = {
  multipartOptions: {
    limits: { files: 5, fileSize: MAX_FILE_BYTES, fields: 200, fieldSize: 100 * 1024, parts: 220 },
  },
}

/** HTML forms send "" for fields left empty; optional fields are then simply absent. */
function withoutEmpty(body: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) if (value !== '') result[key] = value
  }
  return result
}

/** The flat "answers/<key>" fields of the web form as the answers object the service takes. */
function answersFrom(body: Record<string, unknown>): Record<string, RawAnswer> {
  const answers: Record<string, RawAnswer> = {}
  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith('answers/')) continue
    if (typeof value === 'string' || value instanceof Uint8Array) answers[name.slice(8)] = value
    else if (Array.isArray(value))
      answers[name.slice(8)] = value.filter((v): v is string => typeof v === 'string')
  }
  return answers
}

function present(a: applications.ApplicationDetail) {
  return {
    id: a.id,
    status: a.status,
    form: a.formCode,
    applicant: { id: a.personId, name: a.applicantName },
    institution: a.institution,
    region: a.region,
    institutionType: a.institutionType,
    staffRole: a.staffRole,
    subjects: a.subjects,
    languages: a.languages,
    ageFrom: a.ageFrom,
    ageTo: a.ageTo,
    answers: a.answers,
    submittedAt: a.submittedAt,
    waitingSince: a.waitingSince,
    nextActor: a.nextActor,
    decisionReason: a.decisionReason,
    timeline: a.timeline,
  }
}

export function register(app: App): void {
  const ctxOf = (req: FastifyRequest) => serviceContext(req)

  // ---- Forms in the API
  app.get(
    '/api/v1/application-forms',
    {
      config: { access: 'applications.forms.list' },
      schema: {
        tags: ['applications'],
        summary: 'Programme application forms open now, with their fields in the requested language',
        response: { 200: Type.Array(ApplicationFormView) },
      },
    },
    async (req) =>
      (await applications.openForms(app.deps.db)).map(({ form, fields }) => ({
        code: form.code,
        title: applications.localised(form, 'title', req.locale),
        intro: applications.localised(form, 'intro', req.locale),
        fields: fields.map((f) => ({
          key: f.key,
          kind: f.kind,
          required: f.required,
          label: f.labels[req.locale],
          maxLength: f.maxLength,
          options: f.options.map((o) => ({
            value: o.value,
            label: applications.localised({ ...o }, 'label', req.locale),
          })),
        })),
      })),
  )

  // ---- Applying (pages)
  /** Everything the apply page shows besides the person's input; loaded before the form is handled. */
  async function applyPage(
    req: FastifyRequest,
    formCode: string | undefined,
    query: string,
    chosen: unknown,
  ) {
    const ctx = ctxOf(req)
    const programmes = await applications.openForms(app.deps.db)
    const current = programmes.find((p) => p.form.code === formCode) ?? programmes[0]
    if (!current) throw new NotFound({ key: 'applications.no_forms' })
    const chosenId = typeof chosen === 'string' && new RegExp(ID_PATTERN).test(chosen) ? chosen : undefined
    const [subjects, regions, found, kept] = await Promise.all([
      listSubjects(app.deps.db),
      applications.knownRegions(ctx),
      query ? applications.findInstitutions(ctx, query) : Promise.resolve([]),
      applications.chosenInstitution(ctx, chosenId),
    ])
    const matches = [...kept, ...found.filter((m) => m.id !== chosenId)]
    return (vctx: ViewContext, form: FormState) => (
      <ApplyView
        ctx={vctx}
        form={form}
        programmes={programmes}
        current={current}
        subjects={subjects}
        regions={regions}
        matches={matches}
        query={query}
      />
    )
  }

  app.get(
    '/application',
    { config: { access: 'applications.view_own' }, schema: { querystring: applyQuery } },
    async (req, reply) => {
      const own = await applications.ownApplication(ctxOf(req), req.locale)
      const isMember = req.actor.roles.has('member')
      const wantsNew = req.query.again === '1' && own?.status === 'rejected'
      if (own && !wantsNew) {
        return sendPage(req, reply, req.t('applications.status_title'), (ctx) => (
          <StatusView ctx={ctx} application={own} form={emptyForm} isMember={isMember} />
        ))
      }
      if (isMember) return reply.redirect('/profile', 303)
      const view = await applyPage(req, req.query.form, req.query.q ?? '', undefined)
      return sendPage(req, reply, req.t('applications.apply_title'), (ctx) =>
        view(ctx, { values: { staff_role: 'teacher' }, errors: {} }),
      )
    },
  )

  // The htmx fragment: institution matches as radio buttons, swapped into the apply form.
  app.get(
    '/application/institutions',
    { config: { access: 'applications.apply' }, schema: { querystring: applyQuery } },
    async (req, reply) => {
      const matches = await applications.findInstitutions(ctxOf(req), req.query.q ?? '')
      const ctx = viewContext(req, reply)
      return reply
        .type('text/html; charset=utf-8')
        .send(
          renderToString(
            <InstitutionOptions ctx={ctx} matches={matches} chosen="" query={req.query.q ?? ''} />,
          ),
        )
    },
  )

  /**
   * An oversized attachment stops the parser before the handler: 413, and the form comes back with what was typed
   * before the file and the message on the file's question.
   */
  async function attachmentTooLarge(
    error: FastifyError & { part?: { fieldname?: unknown } },
    req: FastifyRequest,
    reply: FastifyReply,
  ) {
    if (!isTooLarge(error)) return handleError(error, req, reply)
    const values = typedBeforeFailure(req.body)
    const field = typeof error.part?.fieldname === 'string' ? error.part.fieldname : 'form'
    const view = await applyPage(
      req,
      typeof values.form === 'string' ? values.form : undefined,
      '',
      values.institution_id,
    )
    const form = {
      values,
      errors: {
        [field]: { key: 'applications.file_too_large', values: { size: MAX_FILE_BYTES / 1024 / 1024 } },
      },
    }
    const title = `${req.t('forms.error_prefix')} ${req.t('applications.apply_title')}`
    return sendPage(req, reply, title, (ctx) => view(ctx, form), 413)
  }

  app.post(
    '/application',
    { config: { access: 'applications.apply', ...UPLOADS }, errorHandler: attachmentTooLarge },
    async (req, reply) => {
      req.body = withoutEmpty(req.body)
      const body = req.body as Record<string, unknown>
      const view = await applyPage(
        req,
        typeof body.form === 'string' ? body.form : undefined,
        '',
        body.institution_id,
      )
      return handleForm(req, reply, {
        schema: ApplyFormBody,
        title: req.t('applications.apply_title'),
        // Uploaded bytes are never echoed (formValues keeps strings only): the person chooses the file again.
        view,
        run: async (input) => {
          await applications.submitApplication(ctxOf(req), {
            ...input,
            subjects: input.subjects ?? [],
            languages: input.languages ?? [],
            answers: answersFrom(body),
          })
          return reply.redirect('/application', 303)
        },
      })
    },
  )

  app.post('/application/answer', { config: { access: 'applications.view_own' } }, async (req, reply) => {
    const own = await applications.ownApplication(ctxOf(req), req.locale)
    if (!own) throw new NotFound()
    return handleForm(req, reply, {
      schema: AnswerBody,
      title: req.t('applications.status_title'),
      view: (ctx, form) => (
        <StatusView ctx={ctx} application={own} form={form} isMember={req.actor.roles.has('member')} />
      ),
      run: async (input) => {
        await applications.answerRequest(ctxOf(req), input.message)
        return reply.redirect('/application', 303)
      },
    })
  })

  app.get(
    '/application-files/:id',
    { config: { access: 'applications.view_own' }, schema: { params: idParams } },
    async (req, reply) => {
      const file = await applications.fileForDownload(ctxOf(req), req.params.id)
      return sendStoredFile(reply, {
        key: file.key,
        mediaType: file.media_type,
        downloadName: `attachment-${file.id}`,
      })
    },
  )

  // ---- Applying (API)
  app.get(
    '/api/v1/application',
    {
      config: { access: 'applications.view_own' },
      schema: {
        tags: ['applications'],
        summary: 'Your latest join application, its timeline and who acts next',
        response: { 200: ApplicationView },
      },
    },
    async (req) => {
      const own = await applications.ownApplication(ctxOf(req), req.locale)
      if (!own) throw new NotFound()
      return present(own)
    },
  )

  app.post(
    '/api/v1/application',
    {
      config: { access: 'applications.apply' },
      schema: {
        tags: ['applications'],
        summary:
          'Apply to join: institution (chosen or proposed), role, subjects, ages, languages and answers',
        body: ApplyBody,
        response: { 201: Type.Object({ id: Type.String(), status: Type.Literal('submitted') }) },
      },
    },
    async (req, reply) => {
      const { id } = await applications.submitApplication(ctxOf(req), req.body)
      return reply.status(201).send({ id, status: 'submitted' as const })
    },
  )

  app.post(
    '/api/v1/application/answer',
    {
      config: { access: 'applications.view_own' },
      schema: {
        tags: ['applications'],
        summary:
          "Answer the coordinator's request for more information; the application returns to the queue",
        body: AnswerBody,
        response: { 200: Type.Object({ status: Type.Literal('submitted') }) },
      },
    },
    async (req) => {
      await applications.answerRequest(ctxOf(req), req.body.message)
      return { status: 'submitted' as const }
    },
  )

  // ---- Review queue (pages)
  async function queueData(req: FastifyRequest, query: Static<typeof QueueQuery>) {
    const ctx = ctxOf(req)
    const [page, forms, regions] = await Promise.all([
      applications.reviewQueue(ctx, query, req.locale),
      applications.openForms(app.deps.db),
      applications.knownRegions(ctx),
    ])
    return { page, forms: forms.map((f) => f.form), regions }
  }

  app.get(
    '/review/applications',
    { config: { access: 'applications.review' }, schema: { querystring: QueueQuery } },
    async (req, reply) => {
      const data = await queueData(req, req.query)
      return sendPage(req, reply, req.t('applications.queue_title'), (ctx) => (
        <QueueView ctx={ctx} query={req.query} {...data} form={emptyForm} />
      ))
    },
  )

  app.post(
    '/review/applications/bulk-approve',
    { config: { access: 'applications.review' } },
    async (req, reply) => {
      const data = await queueData(req, {})
      return handleForm(req, reply, {
        schema: BulkApproveBody,
        title: req.t('applications.queue_title'),
        view: (ctx, form) => <QueueView ctx={ctx} query={{}} {...data} form={form} />,
        run: async (input) => {
          await applications.bulkApprove(ctxOf(req), input.ids)
          return reply.redirect('/review/applications', 303)
        },
      })
    },
  )

  app.get(
    '/review/applications/:id',
    { config: { access: 'applications.review' }, schema: { params: idParams } },
    async (req, reply) => {
      const application = await applications.applicationForReview(ctxOf(req), req.params.id, req.locale)
      return sendPage(
        req,
        reply,
        req.t('applications.review_title', { name: application.applicantName }),
        (ctx) => <ReviewView ctx={ctx} application={application} form={emptyForm} />,
      )
    },
  )

  app.post(
    '/review/applications/:id/decision',
    { config: { access: 'applications.review' }, schema: { params: idParams } },
    async (req, reply) => {
      const application = await applications.applicationForReview(ctxOf(req), req.params.id, req.locale)
      return handleForm(req, reply, {
        schema: DecisionBody,
        title: req.t('applications.review_title', { name: application.applicantName }),
        view: (ctx, form) => <ReviewView ctx={ctx} application={application} form={form} />,
        run: async (input) => {
          await applications.decide(ctxOf(req), req.params.id, input)
          return reply.redirect(`/review/applications/${req.params.id}`, 303)
        },
      })
    },
  )

  // ---- Review queue (API)
  app.get(
    '/api/v1/review/applications',
    {
      config: { access: 'applications.review' },
      schema: {
        tags: ['applications'],
        summary: "The review queue, narrowed to the coordinator's regions, oldest waiting first by default",
        querystring: QueueQuery,
        response: { 200: QueuePage },
      },
    },
    async (req) => applications.reviewQueue(ctxOf(req), req.query, req.locale),
  )

  app.get(
    '/api/v1/review/applications/:id',
    {
      config: { access: 'applications.review' },
      schema: {
        tags: ['applications'],
        summary: 'One application with all answers and its timeline',
        params: idParams,
        response: { 200: ApplicationView },
      },
    },
    async (req) => present(await applications.applicationForReview(ctxOf(req), req.params.id, req.locale)),
  )

  app.post(
    '/api/v1/review/applications/:id/decision',
    {
      config: { access: 'applications.review' },
      schema: {
        tags: ['applications'],
        summary: 'Approve, reject (reason required) or ask for more information (message required)',
        params: idParams,
        body: DecisionBody,
        response: { 200: Type.Object({ status: Type.String() }) },
      },
    },
    async (req) => {
      await applications.decide(ctxOf(req), req.params.id, req.body)
      return { status: 'done' }
    },
  )

  app.post(
    '/api/v1/review/applications/bulk-approve',
    {
      config: { access: 'applications.review' },
      schema: {
        tags: ['applications'],
        summary: "Approve several applications: all in the coordinator's regions and open, or none",
        body: BulkApproveBody,
        response: { 200: Type.Object({ approved: Type.Integer() }) },
      },
    },
    async (req) => applications.bulkApprove(ctxOf(req), req.body.ids),
  )

  // ---- Admin: programme forms
  app.get(
    '/admin/application-forms',
    { config: { access: 'applications.forms.manage' } },
    async (req, reply) => {
      const forms = await applications.adminForms(ctxOf(req))
      return sendPage(req, reply, req.t('applications.forms_title'), (ctx) => (
        <FormsAdminView ctx={ctx} forms={forms} form={emptyForm} />
      ))
    },
  )

  app.post(
    '/admin/application-forms',
    { config: { access: 'applications.forms.manage' } },
    async (req, reply) => {
      const forms = await applications.adminForms(ctxOf(req))
      req.body = withoutEmpty(req.body)
      return handleForm(req, reply, {
        schema: FormBody,
        title: req.t('applications.forms_title'),
        view: (ctx, form) => <FormsAdminView ctx={ctx} forms={forms} form={form} />,
        run: async (input) => {
          await applications.createForm(ctxOf(req), input)
          return reply.redirect(`/admin/application-forms/${input.code}`, 303)
        },
      })
    },
  )

  app.get(
    '/admin/application-forms/:code',
    {
      config: { access: 'applications.forms.manage' },
      schema: {
        params: codeParams,
        querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 2 })) }),
      },
    },
    async (req, reply) => {
      const programme = await applications.adminForm(ctxOf(req), req.params.code)
      return sendPage(req, reply, req.t('applications.forms_title'), (ctx) => (
        <FormEditView
          ctx={ctx}
          programme={programme}
          form={{ values: { kind: 'text' }, errors: {} }}
          saved={Boolean(req.query.saved)}
        />
      ))
    },
  )

  const formEditPost = (
    url: string,
    params: typeof codeParams | typeof fieldParams,
    handle: (
      req: FastifyRequest,
      reply: FastifyReply,
      programme: applications.ProgrammeForm,
    ) => Promise<FastifyReply>,
  ) =>
    app.post(
      url,
      { config: { access: 'applications.forms.manage' }, schema: { params } },
      async (req, reply) => {
        const { code } = req.params as { code: string }
        const programme = await applications.adminForm(ctxOf(req), code)
        req.body = withoutEmpty(req.body)
        return handle(req, reply, programme)
      },
    )

  formEditPost('/admin/application-forms/:code', codeParams, (req, reply, programme) =>
    handleForm(req, reply, {
      schema: FormUpdateBody,
      title: req.t('applications.forms_title'),
      view: (ctx, form) => <FormEditView ctx={ctx} programme={programme} form={form} />,
      run: async (input) => {
        await applications.updateForm(ctxOf(req), programme.form.code, input)
        return reply.redirect(`/admin/application-forms/${programme.form.code}?saved=1`, 303)
      },
    }),
  )

  formEditPost('/admin/application-forms/:code/fields', codeParams, (req, reply, programme) =>
    handleForm(req, reply, {
      schema: FieldBody,
      title: req.t('applications.forms_title'),
      view: (ctx, form) => <FormEditView ctx={ctx} programme={programme} form={form} />,
      run: async (input) => {
        await applications.addField(ctxOf(req), programme.form.code, input)
        return reply.redirect(`/admin/application-forms/${programme.form.code}?saved=1`, 303)
      },
    }),
  )

  formEditPost('/admin/application-forms/:code/fields/:key', fieldParams, (req, reply, programme) =>
    handleForm(req, reply, {
      schema: FieldUpdateBody,
      title: req.t('applications.forms_title'),
      view: (ctx, form) => (
        <FormEditView ctx={ctx} programme={programme} form={{ values: {}, errors: form.errors }} />
      ),
      run: async (input) => {
        const { key } = req.params as { key: string }
        await applications.updateField(ctxOf(req), programme.form.code, key, input)
        return reply.redirect(`/admin/application-forms/${programme.form.code}?saved=1`, 303)
      },
    }),
  )
}
