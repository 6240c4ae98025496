import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { ID_PATTERN } from '../../db/ids.ts'
import { serviceContext } from '../../platform/context.ts'
import { emptyForm, type FormState } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import type { ViewContext } from '../../web/view-context.ts'
import './policy.ts'
import { CRITERIA, criterionDescription, criterionName } from './criteria.ts'
import {
  ApplyBody,
  CriteriaView as CriteriaApiView,
  EuropeanDecisionBody,
  NationalDecisionBody,
  PartnerLabelBody,
  ProjectLabelsView as ProjectLabelsApiView,
} from './schemas.ts'
import * as labels from './service.ts'
import { ProjectAdminView, QueueView, ReviewView, SchoolsView } from './views/admin.tsx'
import { CriteriaView } from './views/criteria.tsx'
import { ProjectLabelsView } from './views/project.tsx'

const idParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) })
const noticeQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 16 })) })
/** Buttons that only confirm (nominate, award a school label) send nothing but their CSRF token. */
const ConfirmBody = Type.Object({})

/** The notice named in the query string, if it is one the page knows. */
function noticeOf<N extends string>(value: string | undefined, known: readonly N[]): N | undefined {
  return known.find((n) => n === value)
}

export function register(app: App): void {
  const ctxOf = (req: FastifyRequest) => serviceContext(req)

  app.get('/labels/criteria', { config: { access: 'labels.criteria.view' } }, async (req, reply) =>
    sendPage(req, reply, req.t('labels.criteria_title'), (ctx) => (
      <CriteriaView ctx={ctx} rules={app.deps.config.labels} />
    )),
  )

  // ---- The founders' side
  app.get(
    '/projects/:id/labels',
    { config: { access: 'labels.project.open' }, schema: { params: idParams, querystring: noticeQuery } },
    async (req, reply) => {
      const page = await labels.projectLabels(ctxOf(req), req.params.id)
      return sendPage(req, reply, req.t('labels.project_title'), (ctx) => (
        <ProjectLabelsView
          ctx={ctx}
          page={page}
          form={emptyForm}
          notice={noticeOf(req.query.done, ['applied'] as const)}
        />
      ))
    },
  )

  app.post(
    '/projects/:id/labels',
    { config: { access: 'labels.project.open' }, schema: { params: idParams } },
    async (req, reply) => {
      const page = await labels.projectLabels(ctxOf(req), req.params.id)
      return handleForm(req, reply, {
        schema: ApplyBody,
        title: req.t('labels.project_title'),
        view: (ctx, form) => <ProjectLabelsView ctx={ctx} page={page} form={form} />,
        run: async (input) => {
          await labels.apply(ctxOf(req), req.params.id, input)
          return reply.redirect(`/projects/${req.params.id}/labels?done=applied`, 303)
        },
      })
    },
  )

  // ---- The API
  app.get(
    '/api/v1/labels/criteria',
    {
      config: { access: 'labels.criteria.view' },
      schema: {
        tags: ['labels'],
        summary:
          'The published quality-label criteria in the requested language, and the rules of each label',
        response: { 200: CriteriaApiView },
      },
    },
    async (req) => ({
      criteria: CRITERIA.map((code) => ({
        code,
        name: req.t(criterionName(code)),
        description: req.t(criterionDescription(code)),
      })),
      rules: app.deps.config.labels,
    }),
  )

  app.get(
    '/api/v1/projects/:id/labels',
    {
      config: { access: 'labels.project.open' },
      schema: {
        tags: ['labels'],
        summary:
          "A project's labels and label applications with their scores and feedback (its founders and teachers)",
        params: idParams,
        response: { 200: ProjectLabelsApiView },
      },
    },
    async (req) => {
      const page = await labels.projectLabels(ctxOf(req), req.params.id)
      return {
        projectId: page.project.id,
        hasRun: page.hasRun,
        canApply: page.canApply,
        blockedBy: page.blockedBy ? req.t(page.blockedBy) : null,
        labels: page.labels.map((l) => ({ level: l.level, country: l.country, awardedAt: l.awarded_at })),
        applications: page.applications,
      }
    },
  )

  app.post(
    '/api/v1/projects/:id/labels',
    {
      config: { access: 'labels.project.open' },
      schema: {
        tags: ['labels'],
        summary:
          'Apply for the national label (founders, once the project has run): evidence_<code> for every criterion',
        params: idParams,
        body: ApplyBody,
        response: { 201: Type.Object({ id: Type.String(), status: Type.Literal('submitted') }) },
      },
    },
    async (req, reply) => {
      const { id } = await labels.apply(ctxOf(req), req.params.id, req.body)
      return reply.status(201).send({ id, status: 'submitted' as const })
    },
  )

  // ---- The coordinators' side
  app.get('/admin/labels', { config: { access: 'labels.review' } }, async (req, reply) => {
    const queue = await labels.reviewQueue(ctxOf(req), req.locale)
    return sendPage(req, reply, req.t('labels.queue_title'), (ctx) => <QueueView ctx={ctx} queue={queue} />)
  })

  app.get(
    '/admin/labels/schools',
    { config: { access: 'labels.review' }, schema: { querystring: noticeQuery } },
    async (req, reply) => {
      const candidates = await labels.schoolCandidates(ctxOf(req))
      return sendPage(req, reply, req.t('labels.schools_title'), (ctx) => (
        <SchoolsView
          ctx={ctx}
          candidates={candidates}
          rules={app.deps.config.labels}
          form={emptyForm}
          notice={noticeOf(req.query.done, ['awarded'] as const)}
        />
      ))
    },
  )

  app.post(
    '/admin/labels/schools/:id',
    { config: { access: 'labels.review' }, schema: { params: idParams } },
    async (req, reply) => {
      const candidates = await labels.schoolCandidates(ctxOf(req))
      return handleForm(req, reply, {
        schema: ConfirmBody,
        title: req.t('labels.schools_title'),
        view: (ctx, form) => (
          <SchoolsView ctx={ctx} candidates={candidates} rules={app.deps.config.labels} form={form} />
        ),
        run: async () => {
          await labels.awardSchoolLabel(ctxOf(req), req.params.id)
          return reply.redirect('/admin/labels/schools?done=awarded', 303)
        },
      })
    },
  )

  app.get(
    '/admin/labels/projects/:id',
    { config: { access: 'labels.review' }, schema: { params: idParams, querystring: noticeQuery } },
    async (req, reply) => {
      const review = await labels.projectForCoordinator(ctxOf(req), req.params.id)
      return sendPage(req, reply, req.t('labels.queue_title'), (ctx) => (
        <ProjectAdminView
          ctx={ctx}
          review={review}
          form={emptyForm}
          notice={noticeOf(req.query.done, ['recorded', 'nominated'] as const)}
        />
      ))
    },
  )

  app.post(
    '/admin/labels/projects/:id/national',
    { config: { access: 'labels.review' }, schema: { params: idParams } },
    async (req, reply) => {
      const review = await labels.projectForCoordinator(ctxOf(req), req.params.id)
      return handleForm(req, reply, {
        schema: PartnerLabelBody,
        title: req.t('labels.queue_title'),
        view: (ctx, form) => <ProjectAdminView ctx={ctx} review={review} form={form} />,
        run: async (input) => {
          await labels.recordPartnerLabel(ctxOf(req), req.params.id, input.country)
          return reply.redirect(`/admin/labels/projects/${req.params.id}?done=recorded`, 303)
        },
      })
    },
  )

  app.post(
    '/admin/labels/projects/:id/nominate',
    { config: { access: 'labels.review' }, schema: { params: idParams } },
    async (req, reply) => {
      const review = await labels.projectForCoordinator(ctxOf(req), req.params.id)
      return handleForm(req, reply, {
        schema: ConfirmBody,
        title: req.t('labels.queue_title'),
        view: (ctx, form) => <ProjectAdminView ctx={ctx} review={review} form={form} />,
        run: async () => {
          await labels.nominate(ctxOf(req), req.params.id)
          return reply.redirect(`/admin/labels/projects/${req.params.id}?done=nominated`, 303)
        },
      })
    },
  )

  app.get(
    '/admin/labels/:id',
    { config: { access: 'labels.review' }, schema: { params: idParams } },
    async (req, reply) => {
      const review = await labels.applicationForReview(ctxOf(req), req.params.id)
      return sendPage(req, reply, req.t('labels.review_title'), (ctx) => (
        <ReviewView ctx={ctx} review={review} form={emptyForm} />
      ))
    },
  )

  app.post(
    '/admin/labels/:id/decision',
    { config: { access: 'labels.review' }, schema: { params: idParams } },
    async (req, reply) => {
      const review = await labels.applicationForReview(ctxOf(req), req.params.id)
      const view = (ctx: ViewContext, form: FormState) => <ReviewView ctx={ctx} review={review} form={form} />
      const run = async (input: labels.DecisionInput) => {
        await labels.decide(ctxOf(req), req.params.id, input)
        return reply.redirect(`/admin/labels/${req.params.id}`, 303)
      }
      const title = req.t('labels.review_title')
      // A national application is scored per criterion; a European nomination is decided on its national labels.
      return review.application.level === 'national'
        ? handleForm(req, reply, { schema: NationalDecisionBody, title, view, run })
        : handleForm(req, reply, { schema: EuropeanDecisionBody, title, view, run })
    },
  )
}
