import path from 'node:path'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifySchema,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify'
import helmet from 'helmet'
import type { Config, Locale } from './config.ts'
import type { Db } from './db/database.ts'
import { register as registerAccounts } from './modules/accounts/routes.tsx'
import { register as registerSessions } from './modules/accounts/session-routes.tsx'
import { register as registerAdmin } from './modules/admin/routes.tsx'
import { register as registerApplications } from './modules/applications/routes.tsx'
import { register as registerConsortia } from './modules/consortia/routes.tsx'
import { register as registerAttendance } from './modules/events/attendance-routes.tsx'
import { register as registerEventRegistration } from './modules/events/registration-routes.tsx'
import { register as registerEvents } from './modules/events/routes.tsx'
import { register as registerHome } from './modules/home/routes.tsx'
import { register as registerInstitutions } from './modules/institutions/routes.tsx'
import { register as registerLabels } from './modules/labels/routes.tsx'
import { register as registerNetworks } from './modules/networks/routes.tsx'
import { register as registerNews } from './modules/news/routes.tsx'
import { register as registerNotifications } from './modules/notifications/routes.tsx'
import { register as registerOps } from './modules/ops/routes.ts'
import { register as registerOutcomes } from './modules/outcomes/routes.tsx'
import { register as registerPartners } from './modules/partners/routes.tsx'
import { register as registerGallery } from './modules/projects/gallery-routes.tsx'
import { register as registerProjects } from './modules/projects/routes.tsx'
import { register as registerPupils } from './modules/pupils/routes.tsx'
import { register as registerResources } from './modules/resources/routes.tsx'
import { register as registerSearch } from './modules/search/routes.tsx'
import { register as registerStats } from './modules/stats/routes.tsx'
import { register as registerSubjects } from './modules/subjects/routes.tsx'
import { register as registerWorkspace } from './modules/workspace/routes.tsx'
import { Forbidden } from './platform/errors.ts'
import { registerResponseHeaders } from './platform/headers.ts'
import { handleError, isApiRequest } from './platform/http.tsx'
import { isLocale, localeFromAcceptLanguage, type TFunction, translator } from './platform/i18n.ts'
import type { Worker } from './platform/jobs.ts'
import { createLogOptions } from './platform/logging.ts'
import type { MailSender } from './platform/mail.ts'
import { createMetrics, type Metrics } from './platform/metrics.ts'
import { registerOverloadGuard } from './platform/overload.ts'
import { type Actor, authorize, type RouteAction, VISITOR } from './platform/policy.ts'
import { actorForSession, needsSecondFactor } from './platform/sessions.ts'
import type { Storage } from './platform/storage.ts'
import { routeValidatorCompiler } from './platform/validation.ts'

export interface AppDeps {
  config: Config
  db: Db
  /** For read-only paths (partner search): reader threads on a SQLite file, else the same as db. */
  readDb: Db
  worker: Worker
  mail: MailSender
  /** Uploaded files (local directory or S3 bucket). */
  storage: Storage
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor
    locale: Locale
    t: TFunction
  }
  interface FastifyContextConfig {
    /** The policy action every route must declare; checked before the handler (deny by default). */
    access?: RouteAction
    /**
     * The URL carries its own HMAC proof of whom it acts for (unsubscribe links): no CSRF token is asked, as a
     * mail client's one-click POST (RFC 8058) has none. The Origin check still applies.
     */
    signedLink?: true
  }
  interface FastifyInstance {
    deps: AppDeps
    metrics: Metrics
    /** Every route as registered, for the route × role authorization test and the fuzz tests (its schema). */
    routeTable: Array<{
      method: string
      url: string
      access: RouteAction | undefined
      signedLink: boolean
      schema: FastifySchema | undefined
      /** The handler as written: the fuzz tests find the form schema a page's handler validates with in it. */
      handler: unknown
    }>
  }
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

export const SESSION_COOKIE = 'korpu_session'
export const LANGUAGE_COOKIE = 'korpu_lang'

export function sessionCookieName(config: Config): string {
  // The __Host- prefix makes browsers refuse the cookie unless Secure, path=/ and no Domain: no subdomain can plant it.
  return config.secureCookies ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Builds the whole application: plugins, request context, then each module's routes. */
export async function buildApp(
  deps: AppDeps,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<App> {
  const { config } = deps
  const app = Fastify({
    logger: options.logger ?? createLogOptions(config.logLevel),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(routeValidatorCompiler)

  app.decorate('deps', deps)
  app.decorate('metrics', createMetrics())
  app.decorate('routeTable', [])
  app.addHook('onRoute', (route) => {
    // Static assets and the API docs viewer come from plugins; they are public by declaration here.
    if (route.url.startsWith('/static/') || route.url.startsWith('/api/docs')) {
      route.config = { ...route.config, access: 'site.view' }
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) {
      if (method === 'HEAD') continue
      app.routeTable.push({
        method,
        url: route.url,
        access: route.config?.access,
        signedLink: route.config?.signedLink === true,
        schema: route.schema,
        handler: route.handler,
      })
    }
  })

  // Built once: @fastify/helmet built the middleware (parsing the policy) anew for every request, 4 % of a
  // calendar page's CPU. The headers go on every response, error pages and plugins' answers included.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    // Same as frame-ancestors 'none', for browsers that only know the older header.
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: config.secureCookies,
    crossOriginEmbedderPolicy: false,
  })
  app.addHook('onRequest', (req, reply, done) => {
    securityHeaders(req.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined))
  })
  // Right after the security headers, before sessions and rendering: an overloaded process refuses work cheaply.
  await registerOverloadGuard(app, config)
  registerResponseHeaders(app)
  await app.register(cookie, { secret: config.sessionSecret })
  await app.register(csrf, {
    cookieKey: config.secureCookies ? '__Host-korpu_csrf' : 'korpu_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: config.secureCookies, signed: true },
  })
  await app.register(formbody)
  // Registered before the CSRF and policy hooks so that a multipart form's fields (its _csrf above all) are in
  // req.body when they run. By default no file part is accepted at all; a route that takes an upload raises the
  // limits for itself with config.multipartOptions (e.g. { limits: { files: 1, fileSize: 10 MB } }).
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { files: 0, fileSize: 1, fields: 50, fieldSize: 100 * 1024, parts: 60 },
  })
  await app.register(rateLimit, { global: false })

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Körpü API',
        version: '1.0.0',
        description:
          'JSON API of the Körpü portal. Requests that change data need the session cookie and the CSRF token from GET /api/v1/session in the x-csrf-token header. Errors are application/problem+json (RFC 9457).',
      },
      servers: [{ url: config.baseUrl }],
    },
    // Only the versioned API belongs in the API document; HTML pages are described by the site itself.
    transform: ({ schema, url }) => ({
      schema: url.startsWith('/api/v1') ? schema : { ...schema, hide: true },
      url,
    }),
  })
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // The viewer's own policy, made as strict as the site's: no framing, no third-party validator badge (it
    // would send the document's address to validator.swagger.io), no forced https on a plain-http installation.
    transformStaticCSP: (header) => {
      const csp = header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(' validator.swagger.io', '')
      return config.secureCookies ? csp : csp.replace(/\s*upgrade-insecure-requests;?/, '')
    },
    uiConfig: { url: '/api/v1/openapi.json', validatorUrl: null },
  })

  await app.register(fastifyStatic, {
    root: path.resolve(import.meta.dirname, 'web/static'),
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  })
  await app.register(fastifyStatic, {
    root: path.dirname(path.resolve(import.meta.dirname, '../node_modules/htmx.org/dist/htmx.min.js')),
    prefix: '/static/vendor/',
    decorateReply: false,
    allowedPath: (pathName) => pathName === '/htmx.min.js',
    // htmx ships htmx.min.js.gz: 16 KB instead of 51 KB, which keeps a page within its 60 KB budget.
    preCompressed: true,
    maxAge: '7d',
  })

  // Set first thing in onRequest below; null only until then (Fastify forbids shared object defaults).
  app.decorateRequest('actor', null as unknown as Actor)
  app.decorateRequest('locale', config.defaultLocale)
  app.decorateRequest('t', translator(config.defaultLocale))

  app.addHook('onRequest', async (req) => {
    req.actor = VISITOR
    const token = req.cookies[sessionCookieName(config)]
    if (token) req.actor = (await actorForSession(deps.db, token)) ?? VISITOR
    // Language: explicit cookie (the switch), then the person's preference, then the browser, then the installation's.
    const chosen = req.cookies[LANGUAGE_COOKIE]
    req.locale = isLocale(chosen)
      ? chosen
      : isLocale(req.actor.person?.locale)
        ? req.actor.person.locale
        : (localeFromAcceptLanguage(req.headers['accept-language']) ?? config.defaultLocale)
    req.t = translator(req.locale)
  })

  // Refuse cross-site writes outright (Origin check), then require the CSRF token on every state-changing request.
  app.addHook('preValidation', (req, reply, done) => {
    if (!UNSAFE_METHODS.has(req.method)) return done()
    const origin = req.headers.origin
    if (origin && origin !== 'null') {
      let host = ''
      try {
        host = new URL(origin).host
      } catch {}
      if (host !== req.headers.host) return done(new Forbidden({ key: 'errors.cross_origin' }))
    }
    if (req.routeOptions.config.signedLink) return done()
    app.csrfProtection(req, reply, done)
  })

  // Authorization comes right after the CSRF check and before input validation: someone who may not use a
  // route learns nothing about its inputs, and is refused the same way whatever they send.
  app.addHook('preValidation', async (req, reply) => {
    if (req.is404) return
    const access = req.routeOptions.config.access
    // Deny by default: a route that names no policy is refused (and the route-table test fails on it).
    if (!access) throw new Forbidden()
    // A coordinator or administrator without a second factor is sent to enrol rather than simply refused.
    if (needsSecondFactor(req.actor, access)) {
      if (req.method !== 'GET' || isApiRequest(req)) throw new Forbidden({ key: 'second_factor.required' })
      return reply.redirect(`/profile/second-factor?next=${encodeURIComponent(req.url)}`, 303)
    }
    authorize(req.actor, access, undefined)
  })

  app.setErrorHandler(handleError)
  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: 120, timeWindow: '1 minute' }) },
    async (req, reply) => handleError(Object.assign(new Error('not found'), { statusCode: 404 }), req, reply),
  )

  registerOps(app)
  registerHome(app)
  registerAccounts(app)
  registerSessions(app)
  registerInstitutions(app)
  registerAdmin(app)
  registerSubjects(app)
  registerNotifications(app)
  registerApplications(app)
  registerPartners(app)
  registerResources(app)
  registerSearch(app)
  registerNews(app)
  registerStats(app)
  registerNetworks(app)
  registerOutcomes(app)
  registerConsortia(app)
  registerEvents(app)
  registerEventRegistration(app)
  registerAttendance(app)
  registerProjects(app)
  registerLabels(app)
  registerPupils(app)
  registerWorkspace(app)
  registerGallery(app)

  app.get('/api/v1/openapi.json', { config: { access: 'site.view' }, schema: { hide: true } }, async () =>
    app.swagger(),
  )

  return app
}
