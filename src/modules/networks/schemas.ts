import { type Static, Type } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'
import type { DocumentVisibility, NetworkKind, NetworkOfficersTable } from '../../db/schema.ts'

export const NETWORK_KINDS = [
  'rectors_conference',
  'university_alliance',
  'vet_network',
  'teacher_community',
  'other',
] as const satisfies readonly NetworkKind[]
export const MEMBER_CATEGORIES = ['member', 'decision_maker', 'observer'] as const
export const OFFICER_ROLES = [
  'chair',
  'vice_chair',
  'secretary_general',
  'treasurer',
  'board_member',
] as const satisfies readonly NetworkOfficersTable['role'][]
export const VISIBILITIES = ['group', 'network', 'public'] as const satisfies readonly DocumentVisibility[]
/** A network's own documents are for its members or everyone; "group" only makes sense inside a working group. */
export const NETWORK_VISIBILITIES = ['network', 'public'] as const

const Id = Type.String({ pattern: ID_PATTERN })
const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,159}$' })
export const SlugParams = Type.Object({ slug: Slug })
export const MemberParams = Type.Object({ slug: Slug, memberId: Id })
export const OfficerParams = Type.Object({ slug: Slug, officerId: Id })
export const DocumentParams = Type.Object({ slug: Slug, documentId: Id })
export const GroupParams = Type.Object({ slug: Slug, groupId: Id })
export const ThreadParams = Type.Object({ slug: Slug, groupId: Id, threadId: Id })

// Column lengths of 0020_consortia_networks.
const Name = Type.String({ maxLength: 300 })
const Mission = Type.String({ maxLength: 10_000 })
const CalendarDate = Type.String({ format: 'date' })
/** A form sends "" for a date left empty. */
const OptionalDate = Type.Optional(Type.Union([Type.Literal(''), CalendarDate]))
const Url = Type.Union([
  Type.Literal(''),
  Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }),
])
/** An institution of the registry, by its address (slug) or its exact name. */
const InstitutionRef = Type.String({ minLength: 1, maxLength: 300 })

export const NetworkBody = Type.Object({
  kind: Type.Enum(NETWORK_KINDS),
  name_az: Type.Optional(Name),
  name_en: Type.Optional(Name),
  name_ru: Type.Optional(Name),
  acronym: Type.Optional(Type.String({ maxLength: 60 })),
  mission_az: Type.Optional(Mission),
  mission_en: Type.Optional(Mission),
  mission_ru: Type.Optional(Mission),
  founded_on: OptionalDate,
  /** The consortium project that founded it, by its address. */
  founded_by: Type.Optional(Type.Union([Type.Literal(''), Slug])),
  website: Type.Optional(Url),
})
export type NetworkInput = Static<typeof NetworkBody>

const MemberEntry = Type.Object({
  institution: InstitutionRef,
  category: Type.Enum(MEMBER_CATEGORIES),
  member_since: OptionalDate,
})

/** The API creates a network with its first members in one call. */
export const NetworkCreateApiBody = Type.Object({
  ...NetworkBody.properties,
  members: Type.Optional(Type.Array(MemberEntry, { maxItems: 500 })),
})
export type NetworkCreateApiInput = Static<typeof NetworkCreateApiBody>

/** Officers invite an institution (it answers) or record one that already belongs (active at once). */
export const MemberBody = Type.Object({
  ...MemberEntry.properties,
  mode: Type.Enum(['invite', 'add']),
})
export type MemberInput = Static<typeof MemberBody>

export const DecisionBody = Type.Object({ decision: Type.Enum(['approve', 'decline', 'end']) })

export const JoinBody = Type.Object({
  institution: Id,
  message: Type.Optional(Type.String({ maxLength: 2000 })),
})

export const OfficerBody = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  role: Type.Enum(OFFICER_ROLES),
  term_start: CalendarDate,
  term_end: OptionalDate,
})
export type OfficerInput = Static<typeof OfficerBody>

export const CentreBody = Type.Object({
  institution: InstitutionRef,
  name_az: Type.Optional(Type.String({ maxLength: 200 })),
  name_en: Type.Optional(Type.String({ maxLength: 200 })),
  name_ru: Type.Optional(Type.String({ maxLength: 200 })),
  /** ISO 3166-1 codes separated by commas or spaces. */
  countries: Type.Optional(Type.String({ maxLength: 400 })),
})
export type CentreInput = Static<typeof CentreBody>

/** A document or material: a file (multipart) or a link. */
export const DocumentFields = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 300 }),
  kind: Type.Optional(Type.Enum(['statute', 'document'])),
  visibility: Type.Enum(VISIBILITIES),
  url: Type.Optional(Url),
})
export type DocumentInput = Static<typeof DocumentFields>

export const GroupBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
})
export type GroupInput = Static<typeof GroupBody>

export const GroupMemberBody = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  role: Type.Enum(['lead', 'member']),
})

export const ThreadBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  body: Type.String({ minLength: 1, maxLength: 20_000 }),
})
export const PostBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 20_000 }) })

export const DecisionRecordBody = Type.Object({
  decided_on: CalendarDate,
  text: Type.String({ minLength: 1, maxLength: 5000 }),
})

export const MeetingBody = Type.Object({ event: Slug })

export const NoticeQuery = Type.Object({
  done: Type.Optional(
    Type.Enum([
      'created',
      'saved',
      'invited',
      'added',
      'decided',
      'requested',
      'accepted',
      'officer',
      'term_ended',
      'centre',
      'document',
      'group',
      'group_member',
      'material',
      'decision',
      'meeting',
    ]),
  ),
})
export type Notice = Static<typeof NoticeQuery>['done']

// ---- API responses (the OpenAPI document is generated from these)

const Localised = Type.Object({
  az: Type.Union([Type.String(), Type.Null()]),
  en: Type.Union([Type.String(), Type.Null()]),
  ru: Type.Union([Type.String(), Type.Null()]),
})

export const NetworkSummary = Type.Object({
  slug: Type.String(),
  kind: Type.Enum(NETWORK_KINDS),
  name: Localised,
  acronym: Type.Union([Type.String(), Type.Null()]),
  foundedOn: Type.Union([Type.String(), Type.Null()]),
  members: Type.Integer({ description: 'Active member institutions' }),
  countries: Type.Integer({ description: 'Countries of the active member institutions' }),
  url: Type.String(),
})

export const NetworkListResponse = Type.Object({ networks: Type.Array(NetworkSummary) })

export const NetworkDetail = Type.Object({
  ...NetworkSummary.properties,
  mission: Localised,
  website: Type.Union([Type.String(), Type.Null()]),
  foundedBy: Type.Union([Type.Object({ slug: Type.String(), title: Type.String() }), Type.Null()]),
  membersByCountry: Type.Array(
    Type.Object({
      country: Type.String(),
      members: Type.Array(
        Type.Object({
          slug: Type.String(),
          name: Type.String(),
          type: Type.String(),
          category: Type.Enum(MEMBER_CATEGORIES),
          since: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
    }),
  ),
  officers: Type.Array(
    Type.Object({
      name: Type.String(),
      role: Type.Enum(OFFICER_ROLES),
      termStart: Type.String(),
      termEnd: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  centres: Type.Array(
    Type.Object({
      name: Localised,
      institution: Type.Object({ slug: Type.String(), name: Type.String() }),
      countries: Type.Array(Type.String()),
    }),
  ),
  documents: Type.Array(
    Type.Object({
      title: Type.String(),
      kind: Type.String(),
      url: Type.String({ description: 'The link, or the address of the uploaded file' }),
    }),
  ),
  events: Type.Array(Type.Object({ slug: Type.String(), title: Type.String(), startsAt: Type.String() })),
  outcomes: Type.Array(Type.Object({ slug: Type.String(), title: Type.String() })),
})
