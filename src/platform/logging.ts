import type { FastifyRequest, FastifyServerOptions } from 'fastify'

/** Query parameters whose values are secrets (email links carry tokens) and never reach the log. */
const SECRET_PARAMS = /([?&](?:token|code|password)=)[^&]*/gi

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]')
}

/** Fastify's logger options as an object (not `true`/`false`), so that callers can add a `stream`. */
export type LogOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>

/**
 * Pino options: request lines carry method, path and status only — no cookies, authorization headers,
 * bodies, IP addresses or tokens.
 */
export function createLogOptions(level: string): LogOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(req: FastifyRequest) {
        return { method: req.method, url: redactUrl(req.url) }
      },
    },
  }
}
