import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ErrorPage } from '../web/error-page.tsx'
import { sendPage } from '../web/render.tsx'
import { AppError, type FieldErrors, fieldErrorsOf, TooManyRequests, Unauthenticated } from './errors.ts'
import { translate } from './i18n.ts'
import { fieldErrorsFromSchemaErrors } from './validation.ts'

/**
 * Requests from programs rather than people: the JSON API and the operations endpoints (a metrics scraper or a
 * health probe). Their errors are problem+json, never an HTML page or a redirect to the sign-in page.
 */
export function isApiRequest(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0] ?? ''
  return path.startsWith('/api/') || path === '/metrics' || path === '/healthz'
}

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/** RFC 9457 problem details; `errors` carries one entry per invalid field (JSON pointer and message). */
export function sendProblem(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  detail: string,
  fields: FieldErrors = {},
): FastifyReply {
  const body: Record<string, unknown> = {
    type: 'about:blank',
    title: PROBLEM_TITLES[status] ?? 'Error',
    status,
    detail,
    instance: req.url.split('?')[0],
  }
  const entries = Object.entries(fields)
  if (entries.length > 0) {
    body.errors = entries.map(([field, message]) => ({
      pointer: `/${field}`,
      field,
      code: message.key.replace(/^validation\./, ''),
      detail: translate(req.t, message),
    }))
  }
  return reply.status(status).type('application/problem+json; charset=utf-8').send(body)
}

/** Maps any error to one response: problem+json for the API, an error page for the site. Only 5xx are logged as errors. */
export function handleError(
  error: FastifyError | AppError | Error,
  req: FastifyRequest,
  reply: FastifyReply,
) {
  let status = 500
  let fields: FieldErrors = {}
  let detail: string | undefined

  if (error instanceof AppError) {
    status = error.status
    detail = translate(req.t, error.detail)
    fields = fieldErrorsOf(error) ?? {}
    if (error instanceof TooManyRequests) reply.header('retry-after', String(error.retryAfterSeconds))
  } else if ('validation' in error && Array.isArray(error.validation)) {
    status = 400
    fields = fieldErrorsFromSchemaErrors(
      error.validation.map((v) => ({
        keyword: v.keyword,
        instancePath: v.instancePath,
        params: v.params as Record<string, unknown>,
      })),
    )
    detail = req.t('errors.invalid')
  } else if (
    'statusCode' in error &&
    typeof error.statusCode === 'number' &&
    error.statusCode >= 400 &&
    error.statusCode < 500
  ) {
    status = error.statusCode
    detail = clientErrorDetail(req, error as FastifyError)
  }

  if (status >= 500) {
    req.log.error({ err: error }, 'request failed')
    detail = req.t('errors.internal')
  }

  if (isApiRequest(req)) return sendProblem(req, reply, status, detail ?? '', fields)
  if (error instanceof Unauthenticated && req.method === 'GET') {
    return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303)
  }
  const fieldList = Object.values(fields).map((m) => translate(req.t, m))
  const pageDetail = [detail, ...fieldList].filter(Boolean).join(' ')
  return sendPage(
    req,
    reply,
    req.t(`error_pages.${pageStatus(status)}.title`),
    (ctx) => (
      <ErrorPage ctx={ctx} status={status} detail={status >= 500 ? undefined : pageDetail || undefined} />
    ),
    status,
  )
}

function pageStatus(status: number): number {
  if ([400, 403, 404, 413, 429].includes(status)) return status
  return status >= 500 ? 500 : 400
}

/** Fastify's own client errors (bad JSON, too large, wrong type, CSRF) in the person's language. */
function clientErrorDetail(req: FastifyRequest, error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return req.t('errors.body_too_large')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return req.t('errors.unsupported_media_type')
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return req.t('errors.bad_json')
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return req.t('errors.csrf')
  }
  switch (error.statusCode) {
    case 401:
      return req.t('errors.unauthenticated')
    case 403:
      return req.t('errors.forbidden')
    case 404:
      return req.t('errors.not_found')
    case 413:
      return req.t('errors.body_too_large')
    case 415:
      return req.t('errors.unsupported_media_type')
    case 429:
      return req.t('errors.too_many')
    default:
      return req.t('errors.bad_request')
  }
}
