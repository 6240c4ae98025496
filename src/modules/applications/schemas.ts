import { Type } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'
import type { FormFieldKind, StaffRole } from '../../db/schema.ts'
import { INSTITUTION_TYPES } from '../institutions/schemas.ts'

export const STAFF_ROLES = [
  'teacher',
  'lecturer',
  'head',
  'staff',
  'international_relations',
] as const satisfies readonly StaffRole[]

export const FIELD_KINDS = [
  'text',
  'long_text',
  'choice',
  'multiple_choice',
  'date',
  'number',
  'file',
  'consent',
] as const satisfies readonly FormFieldKind[]

// The institution types are the registry's own list: one list, so a type added there is accepted here too.
export { INSTITUTION_TYPES }

export const APPLICATION_STATUSES = ['submitted', 'info_requested', 'approved', 'rejected'] as const

export const FIELD_KEY_PATTERN = '^[a-z][a-z0-9_]{0,39}$'
const FormCode = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 2, maxLength: 64 })
const Id = Type.String({ pattern: ID_PATTERN })
const Region = Type.String({ pattern: '^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$', description: 'ISO 3166-2 code' })

/** One answer: text, a date or number as text, a choice, several choices, or "yes" for a consent. */
export const Answer = Type.Union([
  Type.String({ maxLength: 20000 }),
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
])

const applyFields = {
  form: FormCode,
  institution_id: Type.Optional(Id),
  proposed_name: Type.Optional(Type.String({ maxLength: 300 })),
  proposed_type: Type.Optional(Type.Enum(INSTITUTION_TYPES)),
  proposed_country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  proposed_region: Type.Optional(Region),
  proposed_city: Type.Optional(Type.String({ maxLength: 120 })),
  staff_role: Type.Enum(STAFF_ROLES),
  subjects: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 30 }),
  languages: Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), { maxItems: 20 }),
  age_from: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  age_to: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
}

/** The JSON API body. Answers are keyed by the form's field keys; file fields are answered on the web form. */
export const ApplyBody = Type.Object({
  ...applyFields,
  answers: Type.Record(Type.String({ pattern: FIELD_KEY_PATTERN }), Answer),
})

/** The HTML form: the same fields, answers arrive flat as "answers/<key>" (kept by additionalProperties). */
export const ApplyFormBody = Type.Object(
  {
    ...applyFields,
    subjects: Type.Optional(applyFields.subjects),
    languages: Type.Optional(applyFields.languages),
  },
  { additionalProperties: true },
)

export const AnswerBody = Type.Object({ message: Type.String({ minLength: 1, maxLength: 4000 }) })

export const DecisionBody = Type.Object({
  decision: Type.Enum(['approve', 'reject', 'request_info']),
  /** Required for a rejection (the reason) and a request for information (the question). */
  message: Type.Optional(Type.String({ maxLength: 4000 })),
})

export const BulkApproveBody = Type.Object({
  ids: Type.Array(Id, { minItems: 1, maxItems: 100 }),
})

export const QueueQuery = Type.Object({
  form: Type.Optional(Type.String({ maxLength: 64 })),
  region: Type.Optional(Type.String({ maxLength: 10 })),
  type: Type.Optional(Type.Union([Type.Enum(INSTITUTION_TYPES), Type.Literal('')])),
  status: Type.Optional(Type.Enum(['open', 'all', ...APPLICATION_STATUSES])),
  from: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Literal('')])),
  to: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Literal('')])),
  sort: Type.Optional(Type.Enum(['oldest', 'newest'])),
  after: Type.Optional(Type.String({ maxLength: 200 })),
})

// ---- Admin: forms and fields
const Title = Type.String({ minLength: 1, maxLength: 200 })
const Intro = Type.String({ maxLength: 4000 })

export const FormBody = Type.Object({
  code: FormCode,
  title_az: Title,
  title_en: Title,
  title_ru: Title,
  intro_az: Type.Optional(Intro),
  intro_en: Type.Optional(Intro),
  intro_ru: Type.Optional(Intro),
})

export const FormUpdateBody = Type.Object({
  title_az: Title,
  title_en: Title,
  title_ru: Title,
  intro_az: Type.Optional(Intro),
  intro_en: Type.Optional(Intro),
  intro_ru: Type.Optional(Intro),
  retired: Type.Optional(Type.Enum(['yes', 'no'])),
})

const Label = Type.String({ minLength: 1, maxLength: 300 })
export const FieldBody = Type.Object({
  key: Type.String({ pattern: FIELD_KEY_PATTERN }),
  kind: Type.Enum(FIELD_KINDS),
  required: Type.Optional(Type.Enum(['yes', 'no'])),
  label_az: Label,
  label_en: Label,
  label_ru: Label,
  /** One option a line: "value | label az | label en | label ru". */
  options: Type.Optional(Type.String({ maxLength: 10000 })),
  max_length: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000 })),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
})
export const FieldUpdateBody = Type.Object({
  ...FieldBody.properties,
  key: Type.Optional(Type.String({ pattern: FIELD_KEY_PATTERN })),
  kind: Type.Optional(Type.Enum(FIELD_KINDS)),
  action: Type.Optional(Type.Enum(['save', 'delete'])),
})

// ---- API views
const FieldView = Type.Object({
  key: Type.String(),
  kind: Type.Enum(FIELD_KINDS),
  required: Type.Boolean(),
  label: Type.String({ description: 'Label in the requested language' }),
  maxLength: Type.Union([Type.Integer(), Type.Null()]),
  options: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
})
export const ApplicationFormView = Type.Object({
  code: Type.String(),
  title: Type.String(),
  intro: Type.String(),
  fields: Type.Array(FieldView),
})

const EventView = Type.Object({
  kind: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.String(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
})

export const ApplicationView = Type.Object({
  id: Type.String(),
  status: Type.Enum(APPLICATION_STATUSES),
  form: Type.String(),
  applicant: Type.Object({ id: Type.String(), name: Type.String() }),
  institution: Type.Union([
    Type.Object({
      id: Type.Union([Type.String(), Type.Null()]),
      name: Type.String(),
      proposed: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  region: Type.Union([Type.String(), Type.Null()]),
  institutionType: Type.Union([Type.String(), Type.Null()]),
  staffRole: Type.String(),
  subjects: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  ageFrom: Type.Union([Type.Integer(), Type.Null()]),
  ageTo: Type.Union([Type.Integer(), Type.Null()]),
  answers: Type.Record(Type.String(), Type.Unknown()),
  submittedAt: Type.String({ format: 'date-time' }),
  waitingSince: Type.String({ format: 'date-time' }),
  nextActor: Type.Enum(['coordinator', 'applicant', 'nobody']),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  timeline: Type.Array(EventView),
})

export const QueueItemView = Type.Object({
  id: Type.String(),
  status: Type.Enum(APPLICATION_STATUSES),
  applicant: Type.String(),
  form: Type.String(),
  institution: Type.Union([Type.String(), Type.Null()]),
  proposed: Type.Boolean(),
  region: Type.Union([Type.String(), Type.Null()]),
  institutionType: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.String({ format: 'date-time' }),
  waitingSince: Type.String({ format: 'date-time' }),
  waitingDays: Type.Integer(),
})
export const QueuePage = Type.Object({
  items: Type.Array(QueueItemView),
  next: Type.Union([Type.String(), Type.Null()]),
})
