import { type Static, Type } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'

/** The wizard's steps, in order: what each plans. The furthest completed one is stored as projects.wizard_step. */
export const STEPS = ['basics', 'teaching', 'plan', 'partners', 'review'] as const
export type StepName = (typeof STEPS)[number]
export const LAST_STEP = STEPS.length

// Column lengths (0010_projects): titles are varchar(200); long texts are bounded here so a page stays readable.
const Title = Type.String({ maxLength: 200 })
const Summary = Type.String({ maxLength: 2000 })
const LongText = Type.String({ maxLength: 5000 })
const Code = Type.String({ maxLength: 64, pattern: '^[a-z0-9-]+$' })
const Id = Type.String({ pattern: ID_PATTERN })
const CalendarDate = Type.String({ format: 'date' })
const Age = Type.Integer({ minimum: 3, maximum: 99 })

/** Every button of a wizard step: keep the draft and stay, or keep it and go on. */
export const Intent = Type.Enum(['save', 'continue'])

export const BasicsBody = Type.Object({
  intent: Type.Optional(Intent),
  scope: Type.Optional(Type.Enum(['national', 'international'])),
  title_az: Type.Optional(Title),
  title_en: Type.Optional(Title),
  title_ru: Type.Optional(Title),
  summary_az: Type.Optional(Summary),
  summary_en: Type.Optional(Summary),
  summary_ru: Type.Optional(Summary),
  /** The event the project was created at (optional): one the founder took part in or ran. */
  event_id: Type.Optional(Id),
})

export const TeachingBody = Type.Object({
  intent: Type.Optional(Intent),
  subjects: Type.Optional(Type.Array(Code, { maxItems: 30 })),
  topics: Type.Optional(Type.Array(Code, { maxItems: 30 })),
  age_from: Type.Optional(Age),
  age_to: Type.Optional(Age),
  languages: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), { maxItems: 20 })),
  learning_model: Type.Optional(Code),
})

export const PlanBody = Type.Object({
  intent: Type.Optional(Intent),
  activities: Type.Optional(LongText),
  expected_results: Type.Optional(LongText),
  start_date: Type.Optional(CalendarDate),
  end_date: Type.Optional(CalendarDate),
})

export const PartnersBody = Type.Object({
  intent: Type.Optional(Intent),
  institution_id: Type.Optional(Id),
})

export const InviteBody = Type.Object({ invitee: Id })

export const InvitationAnswerBody = Type.Object({
  answer: Type.Enum(['accept', 'decline']),
  institution_id: Type.Optional(Id),
})

export const DecisionBody = Type.Object({
  decision: Type.Enum(['approve', 'return']),
  comment: Type.Optional(Type.String({ maxLength: 5000 })),
})

export const GalleryBody = Type.Object({ show: Type.Enum(['yes', 'no']) })

export const QueueQuery = Type.Object({
  status: Type.Optional(Type.Enum(['in_review', 'awaiting_cofounders', 'returned', 'approved'])),
  scope: Type.Optional(Type.Enum(['national', 'international'])),
})

export const MemberSearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  saved: Type.Optional(Type.String({ maxLength: 2 })),
})

export type BasicsInput = Static<typeof BasicsBody>
export type TeachingInput = Static<typeof TeachingBody>
export type PlanInput = Static<typeof PlanBody>
export type PartnersInput = Static<typeof PartnersBody>

// The taxonomies projects are described with (admins edit them like subjects).
const TaxonomyName = Type.String({ minLength: 1, maxLength: 200 })
const TaxonomyCode = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 2, maxLength: 64 })
export const TOPIC_KINDS = ['school', 'vet'] as const

export const TopicBody = Type.Object({
  code: TaxonomyCode,
  kind: Type.Enum(TOPIC_KINDS),
  name_az: TaxonomyName,
  name_en: TaxonomyName,
  name_ru: TaxonomyName,
})

export const ModelBody = Type.Object({
  code: TaxonomyCode,
  name_az: TaxonomyName,
  name_en: TaxonomyName,
  name_ru: TaxonomyName,
})

export const TaxonomyUpdateBody = Type.Object({
  name_az: TaxonomyName,
  name_en: TaxonomyName,
  name_ru: TaxonomyName,
  retired: Type.Optional(Type.Enum(['yes', 'no'])),
})
