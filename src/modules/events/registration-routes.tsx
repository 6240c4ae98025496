import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { serviceContext } from '../../platform/context.ts'
import { NotFound } from '../../platform/errors.ts'
import type { RawAnswer } from '../../platform/questions.ts'
import { emptyForm } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage, viewContext } from '../../web/render.tsx'
import { addEventPanel } from './panels.ts'
import * as registration from './registration.ts'
import { titleOf } from './service.ts'
import './registration-policy.ts'
import {
  DecisionBody,
  QuestionBody,
  QuestionParams,
  RegisterBody,
  RegisterFormBody,
  RegistrationIdParams,
  RegistrationView,
  type RegistrationViewData,
} from './registration-schemas.ts'
import { SlugParams } from './schemas.ts'
import { ParticipantsPage, QuestionsPage, StatisticsPage } from './views/registration/organiser.tsx'
import { OwnRegistrationPage, RegisterPage, RegistrationPanel } from './views/registration/panel.tsx'

/** The flat "answers/<key>" fields of the web form as the answers object the service takes. */
function answersFrom(body: unknown): Record<string, RawAnswer> {
  const answers: Record<string, RawAnswer> = {}
  if (!body || typeof body !== 'object') return answers
  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith('answers/')) continue
    if (typeof value === 'string') answers[name.slice(8)] = value
    else if (Array.isArray(value))
      answers[name.slice(8)] = value.filter((v): v is string => typeof v === 'string')
  }
  return answers
}

/** HTML forms send "" for fields left empty; optional fields are then simply absent. */
function withoutEmpty(body: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) if (value !== '') result[key] = value
  }
  return result
}

async function present(req: FastifyRequest, slug: string): Promise<RegistrationViewData> {
  const state = await registration.registrationState(serviceContext(req), slug)
  const own = state.own
  if (!own) throw new NotFound()
  return {
    event: state.event.slug,
    status: own.status,
    registeredAt: own.registered_at,
    confirmedAt: own.confirmed_at,
    cancelledAt: own.cancelled_at,
    waitlistPosition: state.position,
    answers: JSON.parse(own.answers) as Record<string, unknown>,
  }
}

// The event page (events core) draws the registration panel into its slot; added once per process (panels.ts).
addEventPanel('registration', 'registration', async (req, reply, page) => {
  if (page.event.registration === 'none' || page.event.status === 'draft') return null
  const state = await registration.registrationState(serviceContext(req), page.event.slug)
  return <RegistrationPanel ctx={viewContext(req, reply)} state={state} form={emptyForm} />
})

const doneQuery = Type.Object({ done: Type.Optional(Type.Enum(['registered', 'cancelled'])) })
const savedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 2 })) })

export function register(app: App): void {
  const ctxOf = (req: FastifyRequest) => serviceContext(req)

  // ---- Participants (pages)
  app.get(
    '/events/:slug/register',
    { config: { access: 'events.registration.use' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const state = await registration.registrationState(ctxOf(req), req.params.slug)
      return sendPage(
        req,
        reply,
        req.t('registration.register_title', { title: titleOf(state.event, req.locale).text }),
        (ctx) => <RegisterPage ctx={ctx} state={state} form={emptyForm} />,
      )
    },
  )

  app.post(
    '/events/:slug/register',
    { config: { access: 'events.registration.use' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const { slug } = req.params
      const state = await registration.registrationState(ctxOf(req), slug)
      return handleForm(req, reply, {
        schema: RegisterFormBody,
        title: req.t('registration.register_title', { title: titleOf(state.event, req.locale).text }),
        view: (ctx, form) => <RegisterPage ctx={ctx} state={state} form={form} />,
        run: async () => {
          await registration.register(ctxOf(req), slug, answersFrom(req.body))
          return reply.redirect(`/events/${slug}/registration?done=registered`, 303)
        },
      })
    },
  )

  async function ownPage(req: FastifyRequest, slug: string) {
    const state = await registration.registrationState(ctxOf(req), slug)
    const given = state.own ? (JSON.parse(state.own.answers) as Record<string, never>) : {}
    const answers = state.questions
      .filter((f) => given[f.key] !== undefined)
      .map((f) => ({
        label: f.labels[req.locale],
        text: registration.answerText(f, given[f.key], req.locale),
      }))
    return {
      state,
      answers,
      title: req.t('registration.own_title', { title: titleOf(state.event, req.locale).text }),
    }
  }

  app.get(
    '/events/:slug/registration',
    { config: { access: 'events.registration.use' }, schema: { params: SlugParams, querystring: doneQuery } },
    async (req, reply) => {
      const { state, answers, title } = await ownPage(req, req.params.slug)
      return sendPage(req, reply, title, (ctx) => (
        <OwnRegistrationPage
          ctx={ctx}
          state={state}
          answers={answers}
          form={emptyForm}
          done={req.query.done}
        />
      ))
    },
  )

  app.post(
    '/events/:slug/registration/cancel',
    { config: { access: 'events.registration.use' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const { slug } = req.params
      const { state, answers, title } = await ownPage(req, slug)
      return handleForm(req, reply, {
        schema: RegisterFormBody,
        title,
        view: (ctx, form) => <OwnRegistrationPage ctx={ctx} state={state} answers={answers} form={form} />,
        run: async () => {
          await registration.cancel(ctxOf(req), slug)
          return reply.redirect(`/events/${slug}/registration?done=cancelled`, 303)
        },
      })
    },
  )

  // ---- Participants (API)
  app.get(
    '/api/v1/events/:slug/registration',
    {
      config: { access: 'events.registration.use' },
      schema: {
        tags: ['events'],
        summary: 'Your registration for the event, with your place on the wait list; 404 when you have none',
        params: SlugParams,
        response: { 200: RegistrationView },
      },
    },
    async (req) => present(req, req.params.slug),
  )

  app.post(
    '/api/v1/events/:slug/registration',
    {
      config: { access: 'events.registration.use' },
      schema: {
        tags: ['events'],
        summary:
          "Register with answers to the event's extra questions: confirmed while places are free, else wait-listed; pending when the organisers approve each registration",
        params: SlugParams,
        body: RegisterBody,
        response: { 201: RegistrationView },
      },
    },
    async (req, reply) => {
      await registration.register(ctxOf(req), req.params.slug, req.body.answers ?? {})
      return reply.status(201).send(await present(req, req.params.slug))
    },
  )

  app.delete(
    '/api/v1/events/:slug/registration',
    {
      config: { access: 'events.registration.use' },
      schema: {
        tags: ['events'],
        summary: 'Cancel your registration; a place it held goes to the next person on the wait list',
        params: SlugParams,
        response: { 200: RegistrationView },
      },
    },
    async (req) => {
      await registration.cancel(ctxOf(req), req.params.slug)
      return present(req, req.params.slug)
    },
  )

  // ---- Organisers
  async function participantsView(req: FastifyRequest, slug: string) {
    const data = await registration.participants(ctxOf(req), slug)
    const title = req.t('registration.organiser.participants_title', {
      title: titleOf(data.event, req.locale).text,
    })
    return { data, title }
  }

  app.get(
    '/events/:slug/registrations',
    { config: { access: 'events.registrations.organise' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const { data, title } = await participantsView(req, req.params.slug)
      return sendPage(req, reply, title, (ctx) => <ParticipantsPage ctx={ctx} {...data} form={emptyForm} />)
    },
  )

  app.post(
    '/events/:slug/registrations/:id/decision',
    { config: { access: 'events.registrations.organise' }, schema: { params: RegistrationIdParams } },
    async (req, reply) => {
      const { slug, id } = req.params
      const { data, title } = await participantsView(req, slug)
      return handleForm(req, reply, {
        schema: DecisionBody,
        title,
        view: (ctx, form) => <ParticipantsPage ctx={ctx} {...data} form={form} />,
        run: async (input) => {
          await registration.decide(ctxOf(req), slug, id, input.decision)
          return reply.redirect(`/events/${slug}/registrations`, 303)
        },
      })
    },
  )

  app.get(
    '/events/:slug/registrations/statistics',
    { config: { access: 'events.registrations.organise' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const { event, stats } = await registration.statistics(ctxOf(req), req.params.slug)
      return sendPage(
        req,
        reply,
        req.t('registration.stats.title', { title: titleOf(event, req.locale).text }),
        (ctx) => <StatisticsPage ctx={ctx} event={event} stats={stats} />,
      )
    },
  )

  app.get(
    '/events/:slug/registrations.csv',
    { config: { access: 'events.registrations.organise' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const csv = await registration.participantsCsv(ctxOf(req), req.params.slug, req.locale)
      return reply
        .header('content-disposition', `attachment; filename="${req.params.slug}-participants.csv"`)
        .header('cache-control', 'no-store')
        .type('text/csv; charset=utf-8')
        .send(csv)
    },
  )

  async function questionsView(req: FastifyRequest, slug: string) {
    const data = await registration.questions(ctxOf(req), slug)
    const title = req.t('registration.questions.title', { title: titleOf(data.event, req.locale).text })
    return { data, title }
  }

  app.get(
    '/events/:slug/registrations/questions',
    {
      config: { access: 'events.registrations.organise' },
      schema: { params: SlugParams, querystring: savedQuery },
    },
    async (req, reply) => {
      const { data, title } = await questionsView(req, req.params.slug)
      return sendPage(req, reply, title, (ctx) => (
        <QuestionsPage
          ctx={ctx}
          {...data}
          form={{ values: { kind: 'text', required: 'no' }, errors: {} }}
          saved={Boolean(req.query.saved)}
        />
      ))
    },
  )

  app.post(
    '/events/:slug/registrations/questions',
    { config: { access: 'events.registrations.organise' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const { slug } = req.params
      const { data, title } = await questionsView(req, slug)
      req.body = withoutEmpty(req.body)
      return handleForm(req, reply, {
        schema: QuestionBody,
        title,
        view: (ctx, form) => <QuestionsPage ctx={ctx} {...data} form={form} />,
        run: async (input) => {
          await registration.addQuestion(ctxOf(req), slug, input)
          return reply.redirect(`/events/${slug}/registrations/questions?saved=1`, 303)
        },
      })
    },
  )

  app.post(
    '/events/:slug/registrations/questions/:key/delete',
    { config: { access: 'events.registrations.organise' }, schema: { params: QuestionParams } },
    async (req, reply) => {
      const { slug, key } = req.params
      const { data, title } = await questionsView(req, slug)
      return handleForm(req, reply, {
        schema: RegisterFormBody,
        title,
        view: (ctx, form) => <QuestionsPage ctx={ctx} {...data} form={form} />,
        run: async () => {
          await registration.removeQuestion(ctxOf(req), slug, key)
          return reply.redirect(`/events/${slug}/registrations/questions`, 303)
        },
      })
    },
  )
}
