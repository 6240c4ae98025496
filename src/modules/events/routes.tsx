import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { renderToString } from 'preact-render-to-string'
import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { ID_PATTERN } from '../../db/ids.ts'
import { serviceContext } from '../../platform/context.ts'
import { AppError, fieldErrorsOf } from '../../platform/errors.ts'
import { sendStoredFile } from '../../platform/files.ts'
import { handleError } from '../../platform/http.tsx'
import { can } from '../../platform/policy.ts'
import { validate } from '../../platform/validation.ts'
import { emptyForm, type FormState } from '../../web/components.tsx'
import { formValues, handleForm } from '../../web/forms.tsx'
import { sendPage, viewContext } from '../../web/render.tsx'
import { dropEmptyFilters } from '../partners/routes.tsx'
import { withoutEmpty } from '../projects/routes.tsx'
import { isTooLarge, keepFileNames, typedBeforeFailure, uploadIn } from '../workspace/routes.tsx'
import { cached, remember } from './cache.ts'
import { utcToZoned } from './calendar.ts'
import { icalendar, icsFileName } from './ical.ts'
import { renderPanels } from './panels.ts'
import './policy.ts'
import {
  CalendarApiQuery,
  CalendarQuery,
  CalendarResponse,
  EventBody,
  EventView,
  FileBody,
  ManagerBody,
  PartnerBody,
  SessionBody,
  SlugIdParams,
  SlugParams,
  SpeakerBody,
} from './schemas.ts'
import * as events from './service.ts'
import { CalendarPage, CalendarResults, type CalendarViewData } from './views/calendar.tsx'
import { EVENT_NOTICES, type EventNotice, EventPageView } from './views/event.tsx'
import { EventFormView } from './views/form.tsx'
import { FilesView, MANAGE_NOTICES, type ManageForm, type ManageNotice, ManageView } from './views/manage.tsx'
import { MyEventsView } from './views/mine.tsx'

const NoticeQuery = Type.Object({ done: Type.Optional(Type.Enum(EVENT_NOTICES)) })
const ManageQuery = Type.Object({ done: Type.Optional(Type.Enum(MANAGE_NOTICES)) })
const FilesQuery = Type.Object({ done: Type.Optional(Type.Enum(['file'])) })
const FileParams = Type.Object({
  slug: SlugParams.properties.slug,
  fileId: Type.String({ pattern: ID_PATTERN }),
})

type SlugRequest = FastifyRequest<{ Params: { slug: string } }>

/** Public calendars are the same for every visitor for a minute; signed-in pages are never cached. */
function cacheFor(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('cache-control', req.actor.person ? 'private, no-store' : 'public, max-age=60')
}

/** The visitors' cache key: the language and whether htmx asked for the results alone change the response. */
const visitorKey = (req: FastifyRequest) =>
  `${req.locale}|${req.headers['hx-request'] === 'true' ? 'hx' : 'page'}|${req.url}`

/**
 * Route hooks that answer visitors from the calendar cache (cache.ts) and keep what a visitor was sent: the
 * calendar's pages, its API list and its feeds are the same for every visitor for the cache's minute.
 */
const visitorCache = {
  preHandler: async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.actor.person) return
    const hit = cached(req.server.deps.db, visitorKey(req))
    if (!hit) return
    cacheFor(req, reply)
    reply.header('vary', 'HX-Request')
    return reply.type(hit.contentType).send(hit.body)
  },
  onSend: async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!req.actor.person && reply.statusCode === 200 && typeof payload === 'string') {
      remember(req.server.deps.db, visitorKey(req), {
        contentType: String(reply.getHeader('content-type')),
        body: payload,
      })
    }
    return payload
  },
}

export function register(app: App): void {
  const ctxOf = (req: FastifyRequest) => serviceContext(req)
  const { config } = app.deps
  const maxBytes = config.projects.maxUploadBytes

  // ---- The calendar: list and month view, its iCal feed, and the API

  // The calendar reads through the app's read database (reader threads on a SQLite file): the event loop serves
  // other requests meanwhile, and readers see every committed write.
  const reading = { db: app.deps.db, readDb: app.deps.readDb, config }

  app.get(
    '/api/v1/events',
    {
      config: { access: 'events.view' },
      preValidation: dropEmptyFilters,
      ...visitorCache,
      schema: {
        tags: ['events'],
        summary:
          'The events calendar: published events, upcoming (soonest first) or past (latest first), with filters',
        querystring: CalendarApiQuery,
        response: { 200: CalendarResponse },
      },
    },
    async (req, reply) => {
      cacheFor(req, reply)
      return events.calendar(reading, req.query, req.locale)
    },
  )

  app.get(
    '/api/v1/events/:slug',
    {
      config: { access: 'events.view' },
      schema: {
        tags: ['events'],
        summary:
          'An event: texts per language, where and when, organisers and supporters, agenda, speakers and files; a draft is not found except by its organisers, and the meeting link is given only to confirmed participants and organisers',
        params: SlugParams,
        response: { 200: EventView },
      },
    },
    async (req) => (await events.eventPage(ctxOf(req), req.params.slug)).event,
  )

  app.get(
    '/events',
    {
      config: { access: 'events.view' },
      preValidation: dropEmptyFilters,
      ...visitorCache,
      schema: { querystring: CalendarQuery },
    },
    async (req, reply) => {
      const params = req.query
      const data: CalendarViewData =
        params.view === 'month'
          ? {
              view: 'month',
              params,
              result: await events.month(reading, params, req.locale),
              today: utcToZoned(new Date().toISOString(), config.timeZone).date,
            }
          : { view: 'list', params, result: await events.calendar(reading, params, req.locale) }
      cacheFor(req, reply)
      reply.header('vary', 'HX-Request')
      // htmx asks for the results only (its swap target); the full page otherwise, so the URL works on its own.
      if (req.headers['hx-request'] === 'true') {
        return reply
          .type('text/html; charset=utf-8')
          .send(renderToString(<CalendarResults ctx={viewContext(req, reply)} data={data} />))
      }
      const title =
        data.view === 'month'
          ? `${req.t('events.calendar')} · ${data.result.month}`
          : req.t('events.calendar')
      return sendPage(req, reply, title, (view) => (
        <CalendarPage ctx={view} data={data} canCreate={can(req.actor, 'events.create', undefined)} />
      ))
    },
  )

  app.get(
    '/events/calendar.ics',
    {
      config: { access: 'events.view' },
      preValidation: dropEmptyFilters,
      ...visitorCache,
      schema: { querystring: CalendarQuery },
    },
    async (req, reply) => {
      const rows = await events.feedEvents(ctxOf(req), req.query)
      const body = icalendar(rows, {
        baseUrl: config.baseUrl,
        locale: req.locale,
        name: req.t('events.feed_name'),
      })
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="events.ics"')
        .header('cache-control', req.actor.person ? 'private, no-store' : 'public, max-age=60')
        .send(body)
    },
  )

  app.get('/events/mine', { config: { access: 'events.manage' } }, async (req, reply) => {
    const list = await events.myEvents(ctxOf(req), req.locale)
    return sendPage(req, reply, req.t('events.mine'), (ctx) => <MyEventsView ctx={ctx} events={list} />)
  })

  // ---- Creating and editing

  app.get('/events/new', { config: { access: 'events.create' } }, async (req, reply) => {
    const form: FormState = {
      values: {
        kind: 'seminar',
        format: 'on_site',
        registration: 'members',
        time_zone: config.timeZone,
        start_time: '10:00',
        end_time: '17:00',
        start_date: '',
        end_date: '',
      },
      errors: {},
    }
    return sendPage(req, reply, req.t('events.new'), (ctx) => <EventFormView ctx={ctx} form={form} />)
  })

  app.post('/events/new', { config: { access: 'events.create' } }, async (req, reply) => {
    req.body = withoutEmpty(req.body)
    return handleForm(req, reply, {
      schema: EventBody,
      title: req.t('events.new'),
      view: (ctx, form) => <EventFormView ctx={ctx} form={form} />,
      run: async (input) => {
        const slug = await events.createEvent(ctxOf(req), input)
        return reply.redirect(`/events/${slug}?done=created`, 303)
      },
    })
  })

  app.get(
    '/events/:slug',
    { config: { access: 'events.view' }, schema: { params: SlugParams, querystring: NoticeQuery } },
    async (req, reply) => {
      const data = await events.eventPage(ctxOf(req), req.params.slug)
      const panels = await renderPanels(req, reply, data)
      const title = events.inLanguage(data.event.title, req.locale)?.text ?? ''
      if (data.event.status !== 'draft') cacheFor(req, reply)
      else reply.header('cache-control', 'private, no-store')
      return sendPage(req, reply, title, (ctx) => (
        <EventPageView
          ctx={ctx}
          data={data}
          baseUrl={config.baseUrl}
          panels={panels}
          notice={req.query.done as EventNotice | undefined}
        />
      ))
    },
  )

  app.get(
    '/events/:slug/event.ics',
    { config: { access: 'events.view' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const row = await events.icalSource(ctxOf(req), req.params.slug)
      const title = events.titleOf(row, req.locale).text
      const body = icalendar([row], { baseUrl: config.baseUrl, locale: req.locale, name: title })
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${icsFileName(row.slug)}"`)
        .header('cache-control', 'private, max-age=60')
        .send(body)
    },
  )

  const editPage = (req: SlugRequest, reply: FastifyReply, form: FormState, status = 200) =>
    sendPage(
      req,
      reply,
      req.t('events.edit'),
      (ctx) => <EventFormView ctx={ctx} form={form} slug={req.params.slug} />,
      status,
    )

  app.get(
    '/events/:slug/edit',
    { config: { access: 'events.manage' }, schema: { params: SlugParams } },
    async (req, reply) =>
      editPage(req, reply, { values: await events.editFormValues(ctxOf(req), req.params.slug), errors: {} }),
  )

  app.post(
    '/events/:slug/edit',
    { config: { access: 'events.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      req.body = withoutEmpty(req.body)
      return handleForm(req, reply, {
        schema: EventBody,
        title: req.t('events.edit'),
        view: (ctx, form) => <EventFormView ctx={ctx} form={form} slug={req.params.slug} />,
        run: async (input) => {
          await events.updateEvent(ctxOf(req), req.params.slug, input)
          return reply.redirect(`/events/${req.params.slug}?done=saved`, 303)
        },
      })
    },
  )

  app.post(
    '/events/:slug/publish',
    { config: { access: 'events.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      await events.publishEvent(ctxOf(req), req.params.slug)
      return reply.redirect(`/events/${req.params.slug}?done=published`, 303)
    },
  )

  app.post(
    '/events/:slug/cancel',
    { config: { access: 'events.manage' }, schema: { params: SlugParams } },
    async (req, reply) => {
      await events.cancelEvent(ctxOf(req), req.params.slug)
      return reply.redirect(`/events/${req.params.slug}?done=cancelled`, 303)
    },
  )

  // ---- Agenda, speakers, organisers and supporters, managers: one page, a form for each

  const managePage = async (
    req: SlugRequest,
    reply: FastifyReply,
    failed?: { form: ManageForm; state: FormState },
    notice?: ManageNotice,
  ) => {
    const data = await events.manageData(ctxOf(req), req.params.slug)
    const status = failed ? (Object.keys(failed.state.errors).length > 0 ? 400 : 200) : 200
    return sendPage(
      req,
      reply,
      `${failed ? `${req.t('forms.error_prefix')} ` : ''}${req.t('events.manage_agenda')}`,
      (ctx) => <ManageView ctx={ctx} data={data} failed={failed} notice={notice} />,
      status,
    )
  }

  app.get(
    '/events/:slug/agenda',
    { config: { access: 'events.manage' }, schema: { params: SlugParams, querystring: ManageQuery } },
    async (req, reply) => managePage(req, reply, undefined, req.query.done),
  )

  /** A form of the agenda page: on bad input the page comes back with that form's values and messages. */
  const manageForm = <T extends Parameters<typeof validate>[0]>(
    form: ManageForm,
    schema: T,
    run: (req: SlugRequest, input: ReturnType<typeof validate<T>>) => Promise<void>,
    done: ManageNotice,
  ) => {
    return async (req: SlugRequest, reply: FastifyReply) => {
      const body = withoutEmpty(req.body)
      try {
        await run(req, validate(schema, body))
      } catch (error) {
        if (
          !(error instanceof AppError) ||
          error.status === 401 ||
          error.status === 403 ||
          error.status === 404
        )
          throw error
        const fields = fieldErrorsOf(error) ?? {}
        const errors = Object.keys(fields).length > 0 ? fields : { form: error.detail }
        const data = await events.manageData(ctxOf(req), req.params.slug)
        return sendPage(
          req,
          reply,
          `${req.t('forms.error_prefix')} ${req.t('events.manage_agenda')}`,
          (ctx) => (
            <ManageView
              ctx={ctx}
              data={data}
              failed={{ form, state: { values: formValues(body), errors } }}
            />
          ),
          error.status,
        )
      }
      return reply.redirect(`/events/${req.params.slug}/agenda?done=${done}`, 303)
    }
  }

  app.post(
    '/events/:slug/agenda/sessions',
    { config: { access: 'events.manage' }, schema: { params: SlugParams } },
    manageForm(
      'session',
      SessionBody,
      (req, input) => events.addSession(ctxOf(req), req.params.slug, input),
      'session',
    ),
  )
  app.post(
    '/events/:slug/agenda/sessions/:id/delete',
    { config: { access: 'events.manage' }, schema: { params: SlugIdParams } },
    async (req, reply) => {
      await events.deleteSession(ctxOf(req), req.params.slug, req.params.id)
      return reply.redirect(`/events/${req.params.slug}/agenda?done=removed`, 303)
    },
  )
  app.post(
    '/events/:slug/speakers',
    { config: { access: 'events.manage' }, schema: { params: SlugParams } },
    manageForm(
      'speaker',
      SpeakerBody,
      (req, input) => events.addSpeaker(ctxOf(req), req.params.slug, input),
      'speaker',
    ),
  )
  app.post(
    '/events/:slug/speakers/:id/delete',
    { config: { access: 'events.manage' }, schema: { params: SlugIdParams } },
    async (req, reply) => {
      await events.deleteSpeaker(ctxOf(req), req.params.slug, req.params.id)
      return reply.redirect(`/events/${req.params.slug}/agenda?done=removed`, 303)
    },
  )
  app.post(
    '/events/:slug/partners',
    { config: { access: 'events.manage' }, schema: { params: SlugParams } },
    manageForm(
      'partner',
      PartnerBody,
      (req, input) => events.addPartner(ctxOf(req), req.params.slug, input),
      'partner',
    ),
  )
  app.post(
    '/events/:slug/partners/:id/delete',
    { config: { access: 'events.manage' }, schema: { params: SlugIdParams } },
    async (req, reply) => {
      await events.removePartner(ctxOf(req), req.params.slug, req.params.id)
      return reply.redirect(`/events/${req.params.slug}/agenda?done=removed`, 303)
    },
  )
  app.post(
    '/events/:slug/managers',
    { config: { access: 'events.manage' }, schema: { params: SlugParams } },
    manageForm(
      'manager',
      ManagerBody,
      (req, input) => events.addManager(ctxOf(req), req.params.slug, input.email),
      'manager',
    ),
  )
  app.post(
    '/events/:slug/managers/:id/delete',
    { config: { access: 'events.manage' }, schema: { params: SlugIdParams } },
    async (req, reply) => {
      await events.removeManager(ctxOf(req), req.params.slug, req.params.id)
      return reply.redirect(`/events/${req.params.slug}/agenda?done=removed`, 303)
    },
  )

  // ---- Materials and photos

  const filesPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    status = 200,
    saved = false,
  ) => {
    const { slug } = req.params as { slug: string }
    const data = await events.manageData(ctxOf(req), slug)
    const title = `${status >= 400 ? `${req.t('forms.error_prefix')} ` : ''}${req.t('events.manage_files')}`
    return sendPage(
      req,
      reply,
      title,
      (ctx) => <FilesView ctx={ctx} data={data} form={form} maxBytes={maxBytes} saved={saved} />,
      status,
    )
  }

  app.get(
    '/events/:slug/files',
    { config: { access: 'events.manage' }, schema: { params: SlugParams, querystring: FilesQuery } },
    async (req, reply) => filesPage(req, reply, emptyForm, 200, req.query.done === 'file'),
  )

  app.post(
    '/events/:slug/files',
    {
      config: {
        access: 'events.manage',
        multipartOptions: { limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 11 } },
      },
      schema: { params: SlugParams },
      onRequest: keepFileNames,
      // An oversized file stops the parser: 413, and the form comes back with what was typed before the file.
      errorHandler: async (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
        if (!isTooLarge(error)) return handleError(error, req, reply)
        const form = {
          values: typedBeforeFailure(req.body),
          errors: {
            file: {
              key: 'events.errors.file_too_large',
              values: { size: `${Math.round(maxBytes / 1024 / 1024)} MB` },
            },
          },
        }
        try {
          return await filesPage(req, reply, form, 413)
        } catch (failure) {
          if (failure instanceof AppError) return handleError(failure, req, reply)
          throw failure
        }
      },
    },
    async (req, reply) => {
      const body = req.body as Record<string, unknown>
      const fields = withoutEmpty(
        Object.fromEntries(Object.entries(body ?? {}).filter(([k]) => k !== 'file')),
      )
      try {
        const input = validate(FileBody, fields)
        await events.addFile(ctxOf(req), req.params.slug, input, uploadIn(body))
      } catch (error) {
        if (!(error instanceof AppError) || [401, 403, 404].includes(error.status)) throw error
        const found = fieldErrorsOf(error) ?? {}
        const errors = Object.keys(found).length > 0 ? found : { form: error.detail }
        return filesPage(req, reply, { values: formValues(fields), errors }, error.status)
      }
      return reply.redirect(`/events/${req.params.slug}/files?done=file`, 303)
    },
  )

  app.post(
    '/events/:slug/files/:fileId/delete',
    { config: { access: 'events.manage' }, schema: { params: FileParams } },
    async (req, reply) => {
      await events.deleteFile(ctxOf(req), req.params.slug, req.params.fileId)
      return reply.redirect(`/events/${req.params.slug}/files`, 303)
    },
  )

  app.get(
    '/events/:slug/files/:fileId',
    { config: { access: 'events.view' }, schema: { params: FileParams } },
    async (req, reply) => {
      const file = await events.readFile(ctxOf(req), req.params.slug, req.params.fileId)
      // Photos and PDF open in the browser; anything else downloads (sendStoredFile decides by the stored type).
      return sendStoredFile(reply, file, { inline: true })
    },
  )
}
