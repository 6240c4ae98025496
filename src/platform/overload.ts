import underPressure from '@fastify/under-pressure'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { App } from '../app.ts'
import type { Config } from '../config.ts'
import { isApiRequest, sendProblem } from './http.tsx'
import { localeFromAcceptLanguage, translator } from './i18n.ts'
import { VISITOR } from './policy.ts'

/** What a client is told to wait before trying again. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 10

/**
 * Past the configured mean event-loop delay or resident memory, every request is answered 503 with Retry-After at
 * once (before any session lookup or rendering) instead of queueing work the process cannot finish in time. /healthz
 * answers 503 as well, which is the truth, so a load balancer sends the work elsewhere until the process recovers.
 */
export async function registerOverloadGuard(app: App, config: Config): Promise<void> {
  const { maxEventLoopDelayMs, maxRssMb } = config.overload
  if (maxEventLoopDelayMs === 0 && maxRssMb === 0) return
  await app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    maxRssBytes: maxRssMb * 1024 * 1024,
    retryAfter: OVERLOAD_RETRY_AFTER_SECONDS,
    pressureHandler: (req, reply) => {
      answerOverloaded(req, reply, config)
    },
  })
}

/** A small answer that costs next to nothing to make: no layout, no database. */
function answerOverloaded(req: FastifyRequest, reply: FastifyReply, config: Config): void {
  // Answered before anyone is identified: for route hooks that still run on the way out (onSend), a visitor.
  req.actor = VISITOR
  const locale = localeFromAcceptLanguage(req.headers['accept-language']) ?? config.defaultLocale
  const t = translator(locale)
  reply.header('retry-after', String(OVERLOAD_RETRY_AFTER_SECONDS)).header('cache-control', 'no-store')
  if (isApiRequest(req)) {
    sendProblem(req, reply, 503, t('errors.overloaded'))
    return
  }
  // Only the installation's own messages go into this page, never anything from the request.
  const title = t('error_pages.503.title')
  reply
    .status(503)
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title></head>` +
        `<body><main><h1>${title}</h1><p>${t('errors.overloaded')}</p></main></body></html>`,
    )
}
