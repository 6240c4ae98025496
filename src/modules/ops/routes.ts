import { timingSafeEqual } from 'node:crypto'
import type { App } from '../../app.ts'
import { checkDatabase } from '../../db/database.ts'
import { Unauthenticated } from '../../platform/errors.ts'
import './policy.ts'

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function register(app: App): void {
  app.addHook('onResponse', async (req, reply) => {
    app.metrics.httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    )
  })

  app.get('/healthz', { config: { access: 'ops.health' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await checkDatabase(app.deps.db)
      return { status: 'ok', database: 'ok' }
    } catch (error) {
      app.log.error({ err: error }, 'health check: database unreachable')
      return reply.status(503).send({ status: 'unavailable', database: 'unreachable' })
    }
  })

  app.get('/metrics', { config: { access: 'ops.metrics' }, schema: { hide: true } }, async (req, reply) => {
    const token = app.deps.config.metricsToken
    if (token && !sameSecret(req.headers.authorization ?? '', `Bearer ${token}`)) {
      // A scraper, not a person: a 401 with the scheme to use (problem+json), never a redirect to the sign-in page.
      reply.header('www-authenticate', 'Bearer realm="metrics"')
      throw new Unauthenticated()
    }
    return reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics())
  })
}
