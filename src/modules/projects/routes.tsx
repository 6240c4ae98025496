import type { FastifyRequest } from 'fastify'
import { type Static, type TSchema, Type } from 'typebox'
import type { App } from '../../app.ts'
import { ID_PATTERN } from '../../db/ids.ts'
import { serviceContext } from '../../platform/context.ts'
import { can } from '../../platform/policy.ts'
import { emptyForm, type FormState } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import type { ViewContext } from '../../web/view-context.ts'
import { TaxonomyAdminView } from '../subjects/views/admin.tsx'
import { answerInvitation, inviteToProject, pendingInvitation } from './invitations.ts'
import './policy.ts'
import {
  BasicsBody,
  DecisionBody,
  GalleryBody,
  InvitationAnswerBody,
  InviteBody,
  LAST_STEP,
  MemberSearchQuery,
  ModelBody,
  PartnersBody,
  PlanBody,
  QueueQuery,
  TaxonomyUpdateBody,
  TeachingBody,
  TOPIC_KINDS,
  TopicBody,
} from './schemas.ts'
import * as projects from './service.ts'
import { addEntry, listEntries, type Taxonomy, updateEntry } from './taxonomy.ts'
import { QueueView, ReviewView } from './views/admin.tsx'
import { InvitationPage, MineView, StatusView } from './views/status.tsx'
import { draftValues, type InviteCandidate, WizardView } from './views/wizard.tsx'

const idParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) })
const stepParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN }),
  step: Type.Integer({ minimum: 1, maximum: LAST_STEP }),
})

/** HTML forms send "" for fields left empty; to the schemas an empty field is an absent one. */
export function withoutEmpty(body: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) {
      if (value === '') continue
      result[key] = Array.isArray(value) ? value.filter((v) => v !== '') : value
    }
  }
  return result
}

export function register(app: App): void {
  const ctxOf = (req: FastifyRequest) => serviceContext(req)
  /** Whose choices the wizard offers (the events they may name), and the event the draft names already. */
  const founderOf = (req: FastifyRequest, eventId: string | null) => ({
    personId: req.actor.person?.id ?? null,
    eventId,
    locale: req.locale,
  })

  // ---- The wizard
  app.get('/projects/new', { config: { access: 'projects.create' } }, async (req, reply) => {
    const options = await projects.wizardOptions(app.deps.db, founderOf(req, null))
    return sendPage(req, reply, req.t('projects.wizard.title_new'), (ctx) => (
      <WizardView
        ctx={ctx}
        form={{ values: { scope: 'national' }, errors: {} }}
        step={1}
        draft={null}
        options={options}
      />
    ))
  })

  app.post('/projects/new', { config: { access: 'projects.create' } }, async (req, reply) => {
    req.body = withoutEmpty(req.body)
    const options = await projects.wizardOptions(app.deps.db, founderOf(req, null))
    return handleForm(req, reply, {
      schema: BasicsBody,
      title: req.t('projects.wizard.title_new'),
      view: (ctx, form) => <WizardView ctx={ctx} form={form} step={1} draft={null} options={options} />,
      run: async (input) => {
        const id = await projects.createDraft(ctxOf(req), input, req.locale)
        const next = input.intent === 'continue' ? '2' : '1?saved=1'
        return reply.redirect(`/projects/${id}/plan/${next}`, 303)
      },
    })
  })

  /** Everything a wizard step shows besides the form's values. */
  async function stepPage(req: FastifyRequest, id: string, step: number, query: string) {
    const ctx = ctxOf(req)
    const draft = await projects.draftFor(ctx, id)
    const [options, summary, candidates] = await Promise.all([
      projects.wizardOptions(app.deps.db, founderOf(req, draft.project.event_id)),
      step === LAST_STEP ? projects.draftDetail(ctx, id, req.locale) : Promise.resolve(undefined),
      step === 4 && query
        ? projects.membersToInvite(ctx, id, query)
        : Promise.resolve([] as InviteCandidate[]),
    ])
    return {
      draft,
      view: (vctx: ViewContext, form: FormState, saved = false) => (
        <WizardView
          ctx={vctx}
          form={form}
          step={step}
          draft={draft}
          options={options}
          summary={summary}
          query={query}
          candidates={candidates}
          saved={saved}
        />
      ),
    }
  }

  // A draft opens where its founders left off: the step after the furthest completed.
  app.get(
    '/projects/:id/plan',
    { config: { access: 'projects.take_part' }, schema: { params: idParams } },
    async (req, reply) => {
      const draft = await projects.draftFor(ctxOf(req), req.params.id)
      return reply.redirect(`/projects/${req.params.id}/plan/${projects.nextStep(draft.project)}`, 303)
    },
  )

  app.get(
    '/projects/:id/plan/:step',
    {
      config: { access: 'projects.take_part' },
      schema: { params: stepParams, querystring: MemberSearchQuery },
    },
    async (req, reply) => {
      const { draft, view } = await stepPage(req, req.params.id, req.params.step, req.query.q ?? '')
      // Steps open in order: a later one only once the ones before it are complete.
      const reachable = projects.nextStep(draft.project)
      if (req.params.step > reachable)
        return reply.redirect(`/projects/${req.params.id}/plan/${reachable}`, 303)
      return sendPage(req, reply, req.t('projects.wizard.title_edit'), (ctx) =>
        view(ctx, { values: draftValues(draft), errors: {} }, Boolean(req.query.saved)),
      )
    },
  )

  app.post(
    '/projects/:id/plan/:step',
    { config: { access: 'projects.take_part' }, schema: { params: stepParams } },
    async (req, reply) => {
      const { id, step } = req.params
      req.body = withoutEmpty(req.body)
      const { view } = await stepPage(req, id, step, '')
      const ctx = ctxOf(req)
      const form = <T extends TSchema>(schema: T, save: (input: Static<T>) => Promise<void>) =>
        handleForm(req, reply, {
          schema,
          title: req.t('projects.wizard.title_edit'),
          view: (vctx, state) => view(vctx, state),
          run: async (input) => {
            await save(input)
            const intent = (input as { intent?: string }).intent
            const next = intent === 'continue' ? String(step + 1) : `${step}?saved=1`
            return reply.redirect(`/projects/${id}/plan/${next}`, 303)
          },
        })
      switch (step) {
        case 1:
          return form(BasicsBody, (input) => projects.saveBasics(ctx, id, input, req.locale))
        case 2:
          return form(TeachingBody, (input) => projects.saveTeaching(ctx, id, input))
        case 3:
          return form(PlanBody, (input) => projects.savePlan(ctx, id, input))
        case 4:
          return form(PartnersBody, (input) => projects.savePartners(ctx, id, input))
        default:
          return handleForm(req, reply, {
            schema: Type.Object({}),
            title: req.t('projects.wizard.title_edit'),
            view: (vctx, state) => view(vctx, state),
            run: async () => {
              await projects.submit(ctx, id, req.locale)
              return reply.redirect(`/projects/${id}/status`, 303)
            },
          })
      }
    },
  )

  app.post(
    '/projects/:id/plan/4/invite',
    { config: { access: 'projects.take_part' }, schema: { params: idParams } },
    async (req, reply) => {
      const { id } = req.params
      const { draft, view } = await stepPage(req, id, 4, '')
      return handleForm(req, reply, {
        schema: InviteBody,
        title: req.t('projects.wizard.title_edit'),
        view: (vctx, form) => view(vctx, { values: draftValues(draft), errors: form.errors }),
        run: async (input) => {
          await inviteToProject(ctxOf(req), id, input.invitee, 'founder')
          return reply.redirect(`/projects/${id}/plan/4?saved=1`, 303)
        },
      })
    },
  )

  // ---- Invitations
  app.get(
    '/projects/:id/invitation',
    { config: { access: 'projects.take_part' }, schema: { params: idParams } },
    async (req, reply) => {
      const invitation = await pendingInvitation(ctxOf(req), req.params.id)
      return sendPage(
        req,
        reply,
        req.t(`projects.invitation.title_${invitation.role}`, { title: invitation.title }),
        (ctx) => <InvitationPage ctx={ctx} invitation={invitation} form={emptyForm} />,
      )
    },
  )

  app.post(
    '/projects/:id/invitation',
    { config: { access: 'projects.take_part' }, schema: { params: idParams } },
    async (req, reply) => {
      req.body = withoutEmpty(req.body)
      const invitation = await pendingInvitation(ctxOf(req), req.params.id)
      return handleForm(req, reply, {
        schema: InvitationAnswerBody,
        title: req.t(`projects.invitation.title_${invitation.role}`, { title: invitation.title }),
        view: (ctx, form) => <InvitationPage ctx={ctx} invitation={invitation} form={form} />,
        run: async (input) => {
          const accept = input.answer === 'accept'
          await answerInvitation(ctxOf(req), req.params.id, {
            accept,
            institutionId: input.institution_id ?? null,
          })
          return reply.redirect(accept ? `/projects/${req.params.id}/status` : '/projects/mine', 303)
        },
      })
    },
  )

  // ---- Where projects stand
  app.get('/projects/mine', { config: { access: 'projects.list_own' } }, async (req, reply) => {
    const own = await projects.ownProjects(ctxOf(req), req.locale)
    return sendPage(req, reply, req.t('projects.mine_title'), (ctx) => (
      <MineView ctx={ctx} projects={own} canCreate={can(req.actor, 'projects.create', undefined)} />
    ))
  })

  app.get(
    '/projects/:id/status',
    { config: { access: 'projects.take_part' }, schema: { params: idParams } },
    async (req, reply) => {
      const detail = await projects.status(ctxOf(req), req.params.id, req.locale)
      return sendPage(req, reply, projects.titleIn(detail.project, req.locale), (ctx) => (
        <StatusView
          ctx={ctx}
          detail={detail}
          canGallery={can(req.actor, 'projects.gallery', detail.access)}
          canEdit={can(req.actor, 'projects.edit', detail.access)}
        />
      ))
    },
  )

  app.post(
    '/projects/:id/status/gallery',
    { config: { access: 'projects.take_part' }, schema: { params: idParams, body: GalleryBody } },
    async (req, reply) => {
      await projects.setGallery(ctxOf(req), req.params.id, req.body.show === 'yes')
      return reply.redirect(`/projects/${req.params.id}/status`, 303)
    },
  )

  // ---- Coordinators
  const queueQuery = Type.Object({
    ...QueueQuery.properties,
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  })
  app.get(
    '/admin/projects',
    { config: { access: 'projects.review' }, schema: { querystring: queueQuery } },
    async (req, reply) => {
      const queue = await projects.reviewQueue(ctxOf(req), req.query, req.locale)
      return sendPage(req, reply, req.t('projects.queue_title'), (ctx) => (
        <QueueView
          ctx={ctx}
          queue={queue}
          status={req.query.status ?? 'in_review'}
          scope={req.query.scope ?? ''}
        />
      ))
    },
  )

  async function reviewPage(req: FastifyRequest, id: string) {
    const detail = await projects.forReview(ctxOf(req), id, req.locale)
    const refusal = can(req.actor, 'projects.decide', detail.access)
      ? null
      : req.t('projects.review.own_project')
    return (ctx: ViewContext, form: FormState) => (
      <ReviewView ctx={ctx} detail={detail} form={form} refusal={refusal} />
    )
  }

  app.get(
    '/admin/projects/:id',
    { config: { access: 'projects.review' }, schema: { params: idParams } },
    async (req, reply) => {
      const view = await reviewPage(req, req.params.id)
      return sendPage(req, reply, req.t('projects.review.title'), (ctx) => view(ctx, emptyForm))
    },
  )

  app.post(
    '/admin/projects/:id',
    { config: { access: 'projects.review' }, schema: { params: idParams } },
    async (req, reply) => {
      req.body = withoutEmpty(req.body)
      const view = await reviewPage(req, req.params.id)
      return handleForm(req, reply, {
        schema: DecisionBody,
        title: req.t('projects.review.title'),
        view,
        run: async (input) => {
          await projects.decide(ctxOf(req), req.params.id, input)
          return reply.redirect(`/admin/projects/${req.params.id}`, 303)
        },
      })
    },
  )

  // ---- The taxonomies projects are described with
  const codeParams = Type.Object({ code: Type.String({ pattern: '^[a-z0-9-]{2,64}$' }) })
  const savedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 2 })) })
  const taxonomies: Array<{ path: string; taxonomy: Taxonomy; key: string }> = [
    { path: '/admin/curriculum-topics', taxonomy: 'curriculum_topics', key: 'topics' },
    { path: '/admin/learning-models', taxonomy: 'learning_models', key: 'models' },
  ]
  for (const { path, taxonomy, key } of taxonomies) {
    const page = async (req: FastifyRequest) => {
      const entries = await listEntries(ctxOf(req), taxonomy)
      return (ctx: ViewContext, form: FormState, saved = false) => (
        <TaxonomyAdminView
          ctx={ctx}
          title={ctx.t(`projects.taxonomy.${key}_title`)}
          intro={ctx.t(`projects.taxonomy.${key}_intro`)}
          addTitle={ctx.t(`projects.taxonomy.${key}_add`)}
          action={path}
          entries={entries}
          kinds={
            taxonomy === 'curriculum_topics'
              ? TOPIC_KINDS.map((kind) => [kind, ctx.t(`projects.taxonomy.kinds.${kind}`)] as const)
              : undefined
          }
          nameMaxLength={200}
          form={form}
          saved={saved}
        />
      )
    }
    app.get(
      path,
      { config: { access: 'projects.taxonomy.manage' }, schema: { querystring: savedQuery } },
      async (req, reply) => {
        const view = await page(req)
        return sendPage(req, reply, req.t(`projects.taxonomy.${key}_title`), (ctx) =>
          view(ctx, { values: { kind: 'school' }, errors: {} }, Boolean(req.query.saved)),
        )
      },
    )
    app.post(path, { config: { access: 'projects.taxonomy.manage' } }, async (req, reply) => {
      const view = await page(req)
      const run = async (input: Parameters<typeof addEntry>[2]) => {
        await addEntry(ctxOf(req), taxonomy, input)
        return reply.redirect(`${path}?saved=1`, 303)
      }
      const title = req.t(`projects.taxonomy.${key}_title`)
      return taxonomy === 'curriculum_topics'
        ? handleForm(req, reply, { schema: TopicBody, title, view, run })
        : handleForm(req, reply, { schema: ModelBody, title, view, run })
    })
    app.post(
      `${path}/:code`,
      { config: { access: 'projects.taxonomy.manage' }, schema: { params: codeParams } },
      async (req, reply) => {
        const view = await page(req)
        return handleForm(req, reply, {
          schema: TaxonomyUpdateBody,
          title: req.t(`projects.taxonomy.${key}_title`),
          // The add form stays empty; the messages are for the entry that was being renamed.
          view: (ctx, form) => view(ctx, { values: emptyForm.values, errors: form.errors }),
          run: async (input) => {
            await updateEntry(ctxOf(req), taxonomy, req.params.code, input)
            return reply.redirect(`${path}?saved=1`, 303)
          },
        })
      },
    )
  }
}
