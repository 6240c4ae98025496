import { type Static, Type } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'

export const CONSORTIUM_STATUSES = ['planned', 'running', 'closed'] as const
export const PARTNER_ROLES = ['coordinator', 'partner', 'associated'] as const
export const DELIVERABLE_STATUSES = ['planned', 'in_progress', 'delivered'] as const
export const MEETING_KINDS = ['kick_off', 'steering', 'closing', 'other'] as const
/** Whom a consortium works for; stored as a JSON array of these codes (consortia.target_groups). */
export const TARGET_GROUPS = [
  'students',
  'academic_staff',
  'administrative_staff',
  'vet_learners',
  'school_teachers',
  'employers',
  'policy_makers',
] as const
export const FLAGS = ['good_practice', 'success_story'] as const

export const LIST_PAGE_SIZE = 20
export const LIST_MAX_PAGE = 500

const Id = Type.String({ pattern: ID_PATTERN })
const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,159}$' })
export const SlugParams = Type.Object({ slug: Slug })
export const SlugIdParams = Type.Object({ slug: Slug, id: Id })

const CalendarDate = Type.String({ format: 'date' })
// http(s) only: the 'uri' format alone accepts javascript: addresses, which the page would turn into links.
const Url = Type.String({ maxLength: 500, format: 'uri', pattern: '^https?://' })
const Title = Type.String({ maxLength: 500 })
const LongText = Type.String({ maxLength: 10_000 })

/** The public list's filters: the same for the page and the API. */
export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Words of the title, acronym or reference' })),
  status: Type.Optional(Type.Enum(CONSORTIUM_STATUSES)),
  country: Type.Optional(
    Type.String({ pattern: '^[A-Z]{2}$', description: 'A partner institution in this country (ISO 3166-1)' }),
  ),
  flag: Type.Optional(
    Type.Enum(FLAGS, { description: 'Only consortia flagged as good practice or success story' }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: LIST_MAX_PAGE })),
})
export type ListFilter = Static<typeof ListQuery>

/**
 * The consortium record (create and edit). The grant is text as typed ("800 000,50"): the service reads it, so
 * that a negative or unreadable amount gets its own message. `coordinator` is the coordinating institution,
 * asked on creation only (later it changes through the partners).
 */
export const ConsortiumBody = Type.Object({
  reference: Type.Optional(Type.String({ maxLength: 120 })),
  acronym: Type.Optional(Type.String({ maxLength: 60 })),
  title_az: Type.Optional(Title),
  title_en: Type.Optional(Title),
  title_ru: Type.Optional(Title),
  programme: Type.String({ minLength: 1, maxLength: 200 }),
  key_action: Type.Optional(Type.String({ maxLength: 100 })),
  action_type: Type.Optional(Type.String({ maxLength: 300 })),
  funder: Type.Optional(Type.String({ maxLength: 200 })),
  call_year: Type.Optional(Type.String({ pattern: '^(19|20)[0-9]{2}$' })),
  coordinator: Type.Optional(Id),
  coordinator_contact_name: Type.Optional(Type.String({ maxLength: 200 })),
  coordinator_contact_email: Type.Optional(Type.String({ maxLength: 254, format: 'email' })),
  target_groups: Type.Optional(Type.Union([Type.Enum(TARGET_GROUPS), Type.Array(Type.Enum(TARGET_GROUPS))])),
  start_date: Type.Optional(CalendarDate),
  end_date: Type.Optional(CalendarDate),
  grant: Type.Optional(Type.String({ maxLength: 24 })),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  status: Type.Enum(CONSORTIUM_STATUSES),
  summary_az: Type.Optional(LongText),
  summary_en: Type.Optional(LongText),
  summary_ru: Type.Optional(LongText),
  website: Type.Optional(Url),
  results_url: Type.Optional(Url),
})
export type ConsortiumInput = Static<typeof ConsortiumBody>

export const PartnerBody = Type.Object({ institution: Id, role: Type.Enum(PARTNER_ROLES) })
export type PartnerInput = Static<typeof PartnerBody>

export const WorkPackageBody = Type.Object({
  number: Type.String({ pattern: '^[1-9][0-9]?$' }),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Optional(LongText),
  lead: Type.Optional(Id),
  start_date: Type.Optional(CalendarDate),
  end_date: Type.Optional(CalendarDate),
})
export type WorkPackageInput = Static<typeof WorkPackageBody>

export const DeliverableBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 20 }),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  due_date: Type.Optional(CalendarDate),
  status: Type.Enum(DELIVERABLE_STATUSES),
})
export type DeliverableInput = Static<typeof DeliverableBody>

export const DeliverableStatusBody = Type.Object({
  status: Type.Enum(DELIVERABLE_STATUSES),
  delivered_on: Type.Optional(CalendarDate),
})

export const MeetingBody = Type.Object({ event: Id, kind: Type.Enum(MEETING_KINDS) })
export const MeetingParams = Type.Object({ slug: Slug, eventId: Id })

export const FlagsBody = Type.Object({
  good_practice: Type.Optional(Type.Literal('yes')),
  success_story: Type.Optional(Type.Literal('yes')),
})

export const ImportFormFields = Type.Object({ dry_run: Type.Optional(Type.Literal('yes')) })
export const ReportParams = Type.Object({ id: Id })

// ---- The API's answers

const Partner = Type.Object({
  institution: Type.Object({ slug: Type.String(), name: Type.String(), country: Type.String() }),
  role: Type.Enum(PARTNER_ROLES),
  erasmus_pic: Type.Union([Type.String(), Type.Null()]),
})
const Deliverable = Type.Object({
  code: Type.String(),
  title: Type.String(),
  due_date: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(DELIVERABLE_STATUSES),
  delivered_on: Type.Union([Type.String(), Type.Null()]),
})
const WorkPackage = Type.Object({
  number: Type.Integer(),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  lead: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
  start_date: Type.Union([Type.String(), Type.Null()]),
  end_date: Type.Union([Type.String(), Type.Null()]),
  deliverables: Type.Array(Deliverable),
})
const Localised = Type.Object({
  az: Type.Union([Type.String(), Type.Null()]),
  en: Type.Union([Type.String(), Type.Null()]),
  ru: Type.Union([Type.String(), Type.Null()]),
})
export const ConsortiumSummary = Type.Object({
  slug: Type.String(),
  reference: Type.Union([Type.String(), Type.Null()]),
  acronym: Type.Union([Type.String(), Type.Null()]),
  title: Localised,
  programme: Type.String(),
  key_action: Type.Union([Type.String(), Type.Null()]),
  action_type: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(CONSORTIUM_STATUSES),
  start_date: Type.Union([Type.String(), Type.Null()]),
  end_date: Type.Union([Type.String(), Type.Null()]),
  grant: Type.Union([
    Type.Object({
      amount: Type.String({ description: 'Decimal, e.g. "800000.00"' }),
      currency: Type.String(),
    }),
    Type.Null(),
  ]),
  good_practice: Type.Boolean(),
  success_story: Type.Boolean(),
})
export const ConsortiumListResponse = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  items: Type.Array(ConsortiumSummary),
})
export const ConsortiumView = Type.Intersect([
  ConsortiumSummary,
  Type.Object({
    funder: Type.Union([Type.String(), Type.Null()]),
    call_year: Type.Union([Type.Integer(), Type.Null()]),
    summary: Localised,
    target_groups: Type.Array(Type.String()),
    website: Type.Union([Type.String(), Type.Null()]),
    results_url: Type.Union([Type.String(), Type.Null()]),
    coordinator_contact: Type.Union([Type.String(), Type.Null()]),
    partners: Type.Array(Partner),
    work_packages: Type.Array(WorkPackage),
    meetings: Type.Array(
      Type.Object({
        kind: Type.Enum(MEETING_KINDS),
        event: Type.String({ description: "The event's slug" }),
      }),
    ),
  }),
])

export const ImportReport = Type.Object({
  dry_run: Type.Boolean(),
  rows: Type.Integer({ description: 'Data rows read (the header not counted)' }),
  created: Type.Integer(),
  updated: Type.Integer({ description: 'Rows whose reference was already recorded' }),
  proposed: Type.Array(
    Type.Object({
      line: Type.Integer(),
      name: Type.String(),
      country: Type.String(),
      reference: Type.String(),
    }),
    { description: 'Organisations the registry did not know, proposed as new institutions' },
  ),
  rejected: Type.Array(
    Type.Object({ line: Type.Integer(), name: Type.String(), reasons: Type.Array(Type.String()) }),
  ),
})
export type ImportReportValue = Static<typeof ImportReport>
