import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { ID_PATTERN } from '../../db/ids.ts'
import { serviceContext } from '../../platform/context.ts'
import { isApiRequest } from '../../platform/http.tsx'
import { sendPage } from '../../web/render.tsx'
import './policy.ts'
import * as notifications from './service.ts'
import { NotificationsView } from './views/centre.tsx'

declare module 'fastify' {
  interface FastifyRequest {
    /** Unread notifications of the signed-in person, for the header; null when not computed. */
    unreadNotifications: number | null
  }
}

const idParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) })

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
}
