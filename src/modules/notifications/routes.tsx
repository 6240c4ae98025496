import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { ID_PATTERN } from '../../db/ids.ts'
import { serviceContext } from '../../platform/context.ts'
import { AppError } from '../../platform/errors.ts'
import { isApiRequest } from '../../platform/http.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import { MODES, type Mode, TOPIC_IDS, type Topic } from './kinds.ts'
import './policy.ts'
import * as notifications from './service.ts'
import { NotificationsView } from './views/centre.tsx'
import { fieldOf, PreferencesView } from './views/preferences.tsx'
import { UnsubscribeConfirmView, UnsubscribedView, UnsubscribeInvalidView } from './views/unsubscribe.tsx'

declare module 'fastify' {
  interface FastifyRequest {
    /** Unread notifications of the signed-in person, for the header; null when not computed. */
    unreadNotifications: number | null
  }
}

const idParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) })
const tokenParams = Type.Object({ token: Type.String({ maxLength: 400 }) })

const ModeSchema = Type.Enum([...MODES])
/** The API's preferences: every kind with its mode; a PUT may send only the kinds it changes. */
const PreferencesSchema = Type.Object(
  Object.fromEntries(TOPIC_IDS.map((id) => [id, ModeSchema])) as Record<Topic, typeof ModeSchema>,
  { additionalProperties: false },
)
const PreferencesUpdate = Type.Partial(PreferencesSchema, { additionalProperties: false })
/** The settings form: one radio group per kind, "mode_<kind>"; the CSRF field is kept by additionalProperties. */
const PreferencesForm = Type.Object(
  Object.fromEntries(TOPIC_IDS.map((id) => [fieldOf(id), ModeSchema])) as Record<string, typeof ModeSchema>,
  { additionalProperties: true },
)

const NotificationView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})

export function register(app: App): void {
  app.decorateRequest('unreadNotifications', null)
  // Pages show the unread count in the header; one indexed count per signed-in page view, none for the API.
  app.addHook('preHandler', async (req) => {
    if (req.method !== 'GET' || !req.actor.person || isApiRequest(req)) return
    req.unreadNotifications = await notifications.unreadCount(app.deps.db, req.actor.person.id)
  })

  app.get(
    '/api/v1/notifications',
    {
      config: { access: 'notifications.view_own' },
      schema: {
        tags: ['notifications'],
        summary: 'Your notifications, newest first (up to 100)',
        response: { 200: Type.Object({ unread: Type.Integer(), items: Type.Array(NotificationView) }) },
      },
    },
    async (req) => {
      const items = await notifications.listOwn(serviceContext(req))
      return {
        unread: items.filter((n) => !n.read_at).length,
        items: items.map((n) => ({
          id: n.id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          createdAt: n.created_at,
          readAt: n.read_at,
        })),
      }
    },
  )

  app.post(
    '/api/v1/notifications/:id/read',
    {
      config: { access: 'notifications.view_own' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of your notifications read',
        params: idParams,
        response: { 200: Type.Object({ updated: Type.Integer() }) },
      },
    },
    async (req) => ({ updated: await notifications.markRead(serviceContext(req), req.params.id) }),
  )

  app.post(
    '/api/v1/notifications/read-all',
    {
      config: { access: 'notifications.view_own' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark all your notifications read',
        response: { 200: Type.Object({ updated: Type.Integer() }) },
      },
    },
    async (req) => ({ updated: await notifications.markRead(serviceContext(req), null) }),
  )

  app.get('/notifications', { config: { access: 'notifications.view_own' } }, async (req, reply) => {
    const items = await notifications.listOwn(serviceContext(req))
    return sendPage(req, reply, req.t('notifications.title'), (ctx) => (
      <NotificationsView ctx={ctx} items={items} />
    ))
  })

  app.post(
    '/notifications/:id/read',
    { config: { access: 'notifications.view_own' }, schema: { params: idParams } },
    async (req, reply) => {
      await notifications.markRead(serviceContext(req), req.params.id)
      return reply.redirect('/notifications', 303)
    },
  )

  app.post(
    '/notifications/read-all',
    { config: { access: 'notifications.view_own' } },
    async (req, reply) => {
      await notifications.markRead(serviceContext(req), null)
      return reply.redirect('/notifications', 303)
    },
  )

  app.get(
    '/api/v1/notifications/preferences',
    {
      config: { access: 'notifications.preferences' },
      schema: {
        tags: ['notifications'],
        summary: 'How you get each kind of notification by email: immediate, digest (daily) or off',
        response: { 200: PreferencesSchema },
      },
    },
    async (req) => notifications.ownPreferences(serviceContext(req)),
  )

  app.put(
    '/api/v1/notifications/preferences',
    {
      config: { access: 'notifications.preferences' },
      schema: {
        tags: ['notifications'],
        summary: 'Change how you get some kinds of notification by email; returns all your choices',
        body: PreferencesUpdate,
        response: { 200: PreferencesSchema },
      },
    },
    async (req) => notifications.savePreferences(serviceContext(req), req.body),
  )

  app.get(
    '/settings/notifications',
    {
      config: { access: 'notifications.preferences' },
      schema: { querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 1 })) }) },
    },
    async (req, reply) => {
      const chosen = await notifications.ownPreferences(serviceContext(req))
      const values = Object.fromEntries(TOPIC_IDS.map((id) => [fieldOf(id), chosen[id]]))
      return sendPage(req, reply, req.t('notification_settings.title'), (ctx) => (
        <PreferencesView ctx={ctx} form={{ values, errors: {} }} saved={req.query.saved === '1'} />
      ))
    },
  )

  app.post('/settings/notifications', { config: { access: 'notifications.preferences' } }, (req, reply) =>
    handleForm(req, reply, {
      schema: PreferencesForm,
      title: req.t('notification_settings.title'),
      view: (ctx, form) => <PreferencesView ctx={ctx} form={form} saved={false} />,
      run: async (input) => {
        const choices = Object.fromEntries(TOPIC_IDS.map((id) => [id, input[fieldOf(id)] as Mode]))
        await notifications.savePreferences(serviceContext(req), choices)
        return reply.redirect('/settings/notifications?saved=1', 303)
      },
    }),
  )

  // A link from a mail, opened by the person or by a scanner: it only shows what one click will do.
  app.get(
    '/unsubscribe/:token',
    { config: { access: 'notifications.unsubscribe' }, schema: { params: tokenParams } },
    async (req, reply) => {
      const title = req.t('notification_settings.unsubscribe.title')
      try {
        const claim = await notifications.unsubscribeClaim(app.deps.db, app.deps.config, req.params.token)
        return sendPage(req, reply, title, (ctx) => (
          <UnsubscribeConfirmView ctx={ctx} token={req.params.token} scope={claim.scope} />
        ))
      } catch (error) {
        return invalidLink(req, reply, error)
      }
    },
  )

  // The confirmation page's button, and a mail client's one-click POST (RFC 8058), which carries no CSRF token.
  app.post(
    '/unsubscribe/:token',
    { config: { access: 'notifications.unsubscribe', signedLink: true }, schema: { params: tokenParams } },
    async (req, reply) => {
      try {
        const claim = await notifications.unsubscribe(app.deps.db, app.deps.config, req.params.token)
        return sendPage(req, reply, req.t('notification_settings.unsubscribe.done_title'), (ctx) => (
          <UnsubscribedView ctx={ctx} scope={claim.scope} />
        ))
      } catch (error) {
        return invalidLink(req, reply, error)
      }
    },
  )
}

/** A link altered or cut short: a page that says so (400), not the generic error page. */
function invalidLink(req: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof AppError) || error.status !== 400) throw error
  return sendPage(
    req,
    reply,
    req.t('notification_settings.unsubscribe.invalid_title'),
    (ctx) => <UnsubscribeInvalidView ctx={ctx} />,
    400,
  )
}
