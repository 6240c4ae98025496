/**
 * Errors are values with a kind; `http.ts` maps each kind to one HTTP status in one place.
 * Messages are i18n keys (with optional values) so pages and the API can show them in the person's language.
 */
export interface Message {
  key: string
  values?: Record<string, string | number>
}

export type FieldErrors = Record<string, Message>

export class AppError extends Error {
  constructor(
    readonly kind: 'not_found' | 'forbidden' | 'unauthenticated' | 'invalid' | 'conflict' | 'too_many',
    readonly status: number,
    readonly detail: Message,
  ) {
    super(detail.key)
  }
}

export class NotFound extends AppError {
  constructor(detail: Message = { key: 'errors.not_found' }) {
    super('not_found', 404, detail)
  }
}

export class Forbidden extends AppError {
  constructor(detail: Message = { key: 'errors.forbidden' }) {
    super('forbidden', 403, detail)
  }
}

export class Unauthenticated extends AppError {
  constructor(detail: Message = { key: 'errors.unauthenticated' }) {
    super('unauthenticated', 401, detail)
  }
}

/** Bad input: one message per field path (e.g. "email", "subjects/0"). */
export class Invalid extends AppError {
  constructor(
    readonly fields: FieldErrors,
    detail: Message = { key: 'errors.invalid' },
  ) {
    super('invalid', 400, detail)
  }
}

export class Conflict extends AppError {
  constructor(
    detail: Message,
    readonly fields: FieldErrors = {},
  ) {
    super('conflict', 409, detail)
  }
}

export class TooManyRequests extends AppError {
  constructor(
    detail: Message = { key: 'errors.too_many' },
    readonly retryAfterSeconds = 60,
  ) {
    super('too_many', 429, detail)
  }
}

export function fieldErrorsOf(error: unknown): FieldErrors | undefined {
  if (error instanceof Invalid || error instanceof Conflict) return error.fields
  return undefined
}
