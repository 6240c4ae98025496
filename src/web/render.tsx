import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ComponentChildren, VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { Layout } from './layout.tsx'
import type { ViewContext } from './view-context.ts'

export function viewContext(req: FastifyRequest, reply: FastifyReply): ViewContext {
  let csrfToken: string | undefined
  return {
    t: req.t,
    locale: req.locale,
    actor: req.actor,
    path: req.url,
    // Made when a form asks for it: a page without one (most of what visitors read) sets no cookie, and its
    // rendering spends no random bytes and HMAC on it.
    get csrfToken() {
      csrfToken ??= reply.generateCsrf()
      return csrfToken
    },
    timeZone: req.server.deps.config.timeZone,
    country: req.server.deps.config.country,
    unreadNotifications: req.unreadNotifications ?? null,
  }
}

/**
 * Renders a full page in the layout and sends it. `view` receives the request's view context; `head` adds
 * elements to the page's head (Open Graph meta tags, feed links).
 */
export function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  title: string,
  view: (ctx: ViewContext) => VNode,
  status = 200,
  head?: ComponentChildren,
): FastifyReply {
  const ctx = viewContext(req, reply)
  const html = `<!doctype html>${renderToString(
    <Layout ctx={ctx} title={title} head={head}>
      {view(ctx)}
    </Layout>,
  )}`
  return reply
    .status(status)
    .header('content-language', ctx.locale)
    .type('text/html; charset=utf-8')
    .send(html)
}
