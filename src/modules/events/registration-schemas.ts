import { type Static, Type } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'
import type { FormFieldKind } from '../../db/schema.ts'
import { Answer, FIELD_KEY_PATTERN } from '../applications/schemas.ts'

/** The kinds an extra registration question may take: a programme form's, without uploads. */
export const QUESTION_KINDS = [
  'text',
  'long_text',
  'choice',
  'multiple_choice',
  'date',
  'number',
  'consent',
] as const satisfies readonly FormFieldKind[]

export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'declined'] as const

/** The API: answers keyed by question. */
export const RegisterBody = Type.Object({
  answers: Type.Optional(Type.Record(Type.String({ pattern: FIELD_KEY_PATTERN }), Answer)),
})

/** The HTML form: answers arrive flat as "answers/<key>" (kept by additionalProperties). */
export const RegisterFormBody = Type.Object({}, { additionalProperties: true })

const Label = Type.String({ maxLength: 300 })
export const QuestionBody = Type.Object({
  key: Type.String({ pattern: FIELD_KEY_PATTERN }),
  kind: Type.Enum(QUESTION_KINDS),
  required: Type.Optional(Type.Enum(['yes', 'no'])),
  label_az: Label,
  label_en: Label,
  label_ru: Label,
  /** One option a line: "value | label az | label en | label ru". */
  options: Type.Optional(Type.String({ maxLength: 10000 })),
  max_length: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
})
export type QuestionInput = Static<typeof QuestionBody>

export const DecisionBody = Type.Object({ decision: Type.Enum(['approve', 'decline']) })

export const RegistrationIdParams = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,159}$' }),
  id: Type.String({ pattern: ID_PATTERN }),
})
export const QuestionParams = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,159}$' }),
  key: Type.String({ pattern: FIELD_KEY_PATTERN }),
})

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])

/** The API's view of one's own registration for an event. */
export const RegistrationView = Type.Object({
  event: Type.String({ description: "The event's slug" }),
  status: Type.Enum(REGISTRATION_STATUSES),
  registeredAt: Type.String({ format: 'date-time' }),
  confirmedAt: Nullable(Type.String({ format: 'date-time' })),
  cancelledAt: Nullable(Type.String({ format: 'date-time' })),
  waitlistPosition: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
    description: 'Place in the wait list (1: next to be promoted); null when not wait-listed',
  }),
  answers: Type.Record(Type.String(), Type.Unknown()),
})
export type RegistrationViewData = Static<typeof RegistrationView>
