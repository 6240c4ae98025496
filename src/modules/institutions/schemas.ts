import { type TSchema, Type } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'

export const INSTITUTION_TYPES = [
  'school',
  'vet_college',
  'university',
  'academy',
  'ministry_agency',
  'ngo',
  'company',
  'other',
] as const

/** Broad ISCED-like levels, enough to find a partner of the right kind. */
export const EDUCATION_LEVELS = [
  'early_childhood',
  'primary',
  'lower_secondary',
  'upper_secondary',
  'vet',
  'higher',
  'adult',
] as const

export const InstitutionType = Type.Enum(INSTITUTION_TYPES)
export const EducationLevel = Type.Enum(EDUCATION_LEVELS)

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const InstitutionListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the name' })),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' })),
  region: Type.Optional(
    Type.String({ pattern: '^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$', description: 'ISO 3166-2 subdivision code' }),
  ),
  economic_region: Type.Optional(
    Type.String({ pattern: '^[a-z0-9-]{2,40}$', description: 'Code of a region group, e.g. az-karabakh' }),
  ),
  type: Type.Optional(InstitutionType),
  after: Type.Optional(Type.String({ maxLength: 400, description: 'Cursor from the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})

export const InstitutionSummary = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  type: InstitutionType,
  country: Type.String(),
  region: Nullable(Type.String()),
  city: Nullable(Type.String()),
  website: Nullable(Type.String()),
})

const FacetCount = Type.Object({
  value: Type.String(),
  label: Type.String({ description: 'Name in the requested language' }),
  count: Type.Integer(),
})

export const InstitutionPage = Type.Object({
  items: Type.Array(InstitutionSummary),
  total: Type.Integer({ description: 'Number of institutions matching the filters' }),
  next: Nullable(Type.String({ description: 'Cursor for the next page, null on the last' })),
  facets: Type.Object(
    {
      country: Type.Array(FacetCount),
      region: Type.Array(FacetCount),
      type: Type.Array(FacetCount),
    },
    { description: "Counts per value of each filter, with the other filters applied (not the facet's own)" },
  ),
})

export const InstitutionDetail = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  type: InstitutionType,
  country: Type.String(),
  country_name: Type.String(),
  region: Nullable(Type.String()),
  region_name: Nullable(Type.String()),
  economic_region: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  city: Nullable(Type.String()),
  website: Nullable(Type.String()),
  logo_url: Nullable(Type.String({ description: 'Address of the logo image on this site' })),
  identifiers: Type.Object({
    national_id: Nullable(Type.String()),
    erasmus_pic: Nullable(Type.String()),
    erasmus_code: Nullable(Type.String()),
    oid: Nullable(Type.String()),
  }),
  education_levels: Type.Array(EducationLevel),
  languages: Type.Array(Type.String({ description: 'ISO 639-1' })),
  description: Nullable(Type.String({ description: 'In the requested language, with the fallback order' })),
  descriptions: Type.Object({
    az: Nullable(Type.String()),
    en: Nullable(Type.String()),
    ru: Nullable(Type.String()),
  }),
  members: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  school_label_valid_until: Nullable(
    Type.String({ description: 'Until when its school label is valid; null without a valid one' }),
  ),
})

const Text = (maxLength: number) => Type.Optional(Type.String({ maxLength }))

/**
 * One institution's editable fields, for the API (JSON) and the HTML form alike. Levels and languages are
 * arrays in JSON; a form sends one value, several, or a comma-separated list of languages.
 */
export const InstitutionBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 300 }),
  type: InstitutionType,
  country: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  region: Text(10),
  city: Text(120),
  website: Text(500),
  national_id: Text(64),
  erasmus_pic: Text(16),
  erasmus_code: Text(32),
  oid: Text(16),
  education_levels: Type.Optional(Type.Union([Type.Array(EducationLevel, { maxItems: 10 }), EducationLevel])),
  languages: Type.Optional(
    Type.Union([
      Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), { maxItems: 20 }),
      Type.String({ maxLength: 100 }),
    ]),
  ),
  description_az: Text(1000),
  description_en: Text(1000),
  description_ru: Text(1000),
})

export const MergeBody = Type.Object({
  into: Type.String({ minLength: 1, maxLength: 160, description: 'Slug of the institution that stays' }),
})

export const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,160}$' }) })

export const ExportQuery = Type.Object({
  format: Type.Optional(Type.Enum(['csv', 'json'])),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  type: Type.Optional(InstitutionType),
})

export const ImportReport = Type.Object({
  dry_run: Type.Boolean(),
  rows: Type.Integer({ description: 'Data rows read (the header not counted)' }),
  created: Type.Integer(),
  existing: Type.Integer({
    description: 'Rows that match an institution already in the registry (or earlier in the file)',
  }),
  rejected: Type.Array(
    Type.Object({ line: Type.Integer(), name: Type.String(), reasons: Type.Array(Type.String()) }),
  ),
})

export const MemberParams = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9-]{1,160}$' }),
  id: Type.String({ pattern: ID_PATTERN, description: "The person's id" }),
})

export const MembershipDecisionBody = Type.Object({
  decision: Type.Enum(['confirm', 'decline', 'make_admin'], {
    description: 'confirm or decline a pending request; make_admin makes a confirmed member a co-admin',
  }),
})

export const MembershipRequestResult = Type.Object({
  slug: Type.String(),
  status: Type.Literal('pending'),
})

export const MembersOverview = Type.Object({
  institution: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
  pending: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      requested_at: Type.String({ format: 'date-time' }),
    }),
  ),
  members: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), role: Type.Enum(['member', 'institution_admin']) }),
  ),
})
