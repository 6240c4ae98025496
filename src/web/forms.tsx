import type { FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import type { Static, TSchema } from 'typebox'
import {
  AppError,
  type FieldErrors,
  fieldErrorsOf,
  TooManyRequests,
  Unauthenticated,
} from '../platform/errors.ts'
import { validate } from '../platform/validation.ts'
import type { FormState, FormValues } from './components.tsx'
import { sendPage } from './render.tsx'
import type { ViewContext } from './view-context.ts'

/** Field names whose values are never sent back into a page. */
const NEVER_ECHOED = /password|_csrf|token/

/** What the person typed, to put back into the form: strings only, secrets left out. */
export function formValues(body: unknown): FormValues {
  const values: FormValues = {}
  if (body && typeof body === 'object') {
    for (const [name, value] of Object.entries(body)) {
      if (NEVER_ECHOED.test(name)) continue
      if (typeof value === 'string') values[name] = value
      else if (Array.isArray(value)) values[name] = value.filter((v) => typeof v === 'string')
    }
  }
  return values
}

/**
 * The one way an HTML form is handled: validate with the route's schema, run the command, and on any
 * client error re-render the same form with the messages and the person's input (status 4xx).
 */
export async function handleForm<T extends TSchema>(
  req: FastifyRequest,
  reply: FastifyReply,
  options: {
    schema: T
    title: string
    view: (ctx: ViewContext, form: FormState) => VNode
    run: (input: Static<T>) => Promise<FastifyReply>
  },
): Promise<FastifyReply> {
  try {
    return await options.run(validate(options.schema, req.body))
  } catch (error) {
    if (!(error instanceof AppError) || error instanceof Unauthenticated) throw error
    const errors: FieldErrors = { ...fieldErrorsOf(error) }
    if (Object.keys(errors).length === 0) errors.form = error.detail
    if (error instanceof TooManyRequests) reply.header('retry-after', String(error.retryAfterSeconds))
    const form = { values: formValues(req.body), errors }
    // "Error:" in the page title is what a screen reader announces first on the re-rendered page.
    const title = `${req.t('forms.error_prefix')} ${options.title}`
    return sendPage(req, reply, title, (ctx) => options.view(ctx, form), error.status)
  }
}
