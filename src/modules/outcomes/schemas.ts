import { type Static, Type } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'
import type { OutcomeType } from '../../db/schema.ts'
import { PROFILE_LANGUAGES } from '../partners/facets.ts'

export const OUTCOME_TYPES = [
  'e_learning_module',
  'joint_degree',
  'laboratory',
  'report',
  'publication',
  'established_body',
  'other',
] as const satisfies readonly OutcomeType[]
/** The languages an outcome may be in (ISO 639-1): those profiles offer, the installation's and its partners'. */
export const OUTCOME_LANGUAGES = PROFILE_LANGUAGES
export const LEVELS = ['bachelor', 'master', 'doctorate', 'vet', 'school', 'professional'] as const
export const DELIVERY_MODES = ['online', 'blended', 'on_site'] as const
export const DEGREE_STATUSES = ['planned', 'accredited', 'running'] as const
export const READINESS = ['planned', 'preparing', 'ready', 'delivering'] as const
/** SPDX identifiers offered for open materials, and the plain "all rights reserved". */
export const LICENCES = [
  'CC-BY-4.0',
  'CC-BY-SA-4.0',
  'CC-BY-NC-4.0',
  'CC-BY-NC-SA-4.0',
  'CC-BY-ND-4.0',
  'CC-BY-NC-ND-4.0',
  'CC0-1.0',
  'MIT',
  'LicenseRef-all-rights-reserved',
] as const
/** ECTS credits of one module: a whole programme year is 60, no single module is larger than that. */
export const MAX_ECTS = 60

export const CATALOGUE_PAGE_SIZE = 20
export const CATALOGUE_MAX_PAGE = 100

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,159}$' })
export const SlugParams = Type.Object({ slug: Slug })
const Id = Type.String({ pattern: ID_PATTERN })
const SubjectCode = Type.String({ pattern: '^[a-z0-9-]{2,64}$' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()])

// Column lengths follow 0020_consortia_networks: titles varchar(300), url varchar(500), degree varchar(200)…
const Title = Type.String({ maxLength: 300 })
const LongText = Type.String({ maxLength: 10_000 })

/** The outcome form and POST /api/v1/outcomes: one body for every type; fields another type has no use for are dropped. */
export const OutcomeBody = Type.Object({
  type: Type.Enum(OUTCOME_TYPES, { description: 'What kind of outcome' }),
  owner_institution_id: Type.String({ pattern: ID_PATTERN, description: 'The institution that owns it' }),
  consortium_id: Type.Optional(
    Type.String({ pattern: ID_PATTERN, description: 'The consortium project that produced it' }),
  ),
  title_az: Type.Optional(Title),
  title_en: Type.Optional(Title),
  title_ru: Type.Optional(Title),
  description_az: Type.Optional(LongText),
  description_en: Type.Optional(LongText),
  description_ru: Type.Optional(LongText),
  category: Type.Optional(
    Type.String({
      maxLength: 100,
      description: 'The result category as the Erasmus+ results listings name it',
    }),
  ),
  subjects: Type.Optional(Type.Array(SubjectCode, { maxItems: 20, description: 'Subject codes' })),
  language: Type.Optional(Type.Enum(OUTCOME_LANGUAGES, { description: 'ISO 639-1: the language it is in' })),
  level: Type.Optional(Type.Enum(LEVELS)),
  ects: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_ECTS, description: 'ECTS credits (modules)' })),
  delivery_mode: Type.Optional(Type.Enum(DELIVERY_MODES)),
  // http(s) only: the 'uri' format alone accepts javascript: addresses, which the page would turn into a link.
  url: Type.Optional(
    Type.String({
      maxLength: 500,
      format: 'uri',
      pattern: '^https?://',
      description: 'Where it is published',
    }),
  ),
  licence: Type.Optional(Type.Enum(LICENCES, { description: 'SPDX identifier' })),
  degree: Type.Optional(Type.String({ maxLength: 200, description: 'Joint degrees: the degree awarded' })),
  degree_status: Type.Optional(Type.Enum(DEGREE_STATUSES)),
  network_id: Type.Optional(
    Type.String({ pattern: ID_PATTERN, description: 'Established bodies: the network it became' }),
  ),
})
export type OutcomeInput = Static<typeof OutcomeBody>

/** A participating institution of a joint degree (or any outcome made with others), and how ready it is. */
export const ParticipantBody = Type.Object({
  institution_id: Id,
  readiness: Type.Enum(READINESS),
  note: Type.Optional(Type.String({ maxLength: 500 })),
})
export type ParticipantInput = Static<typeof ParticipantBody>

export const InstitutionParams = Type.Object({ slug: Slug, institutionId: Id })

/** The catalogue's filters: the same for the page and the API, and shareable as a URL. */
export const CatalogueQuery = Type.Object({
  type: Type.Optional(Type.Enum(OUTCOME_TYPES, { description: 'Kind of outcome' })),
  subject: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{2,64}$', description: 'Subject code' })),
  language: Type.Optional(Type.Enum(OUTCOME_LANGUAGES, { description: 'ISO 639-1' })),
  country: Type.Optional(
    Type.String({ pattern: '^[A-Z]{2}$', description: "The owner institution's country (ISO 3166-1)" }),
  ),
  institution: Type.Optional(
    Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,159}$', description: "The owner institution's slug" }),
  ),
  project: Type.Optional(
    Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,159}$', description: "The consortium project's slug" }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: CATALOGUE_MAX_PAGE })),
})
export type CatalogueParams = Static<typeof CatalogueQuery>

const FacetValue = Type.Object({ value: Type.String(), count: Type.Integer() })
const Ref = Type.Object({ slug: Type.String(), name: Type.String() })

export const OutcomeCard = Type.Object({
  slug: Type.String(),
  url: Type.String(),
  type: Type.Enum(OUTCOME_TYPES),
  title: Type.String(),
  /** The language the title is in (the reader's, or the first one written). */
  lang: Type.String(),
  country: Type.String(),
  language: Nullable(Type.String()),
  level: Nullable(Type.String()),
  ects: Nullable(Type.Number()),
  deliveryMode: Nullable(Type.String()),
  owner: Ref,
  project: Nullable(Ref),
  createdAt: Type.String({ format: 'date-time' }),
})

export const CatalogueResponse = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
  /** The owner institution and the project the filters name, when they do. */
  institution: Nullable(Ref),
  project: Nullable(Ref),
  results: Type.Array(OutcomeCard),
  facets: Type.Object({
    type: Type.Array(FacetValue),
    subject: Type.Array(FacetValue),
    language: Type.Array(FacetValue),
    country: Type.Array(FacetValue),
  }),
})

const Localised = Type.Object({
  az: Nullable(Type.String()),
  en: Nullable(Type.String()),
  ru: Nullable(Type.String()),
})

export const OutcomeView = Type.Object({
  slug: Type.String(),
  url: Type.String(),
  type: Type.Enum(OUTCOME_TYPES),
  category: Nullable(Type.String()),
  title: Localised,
  description: Localised,
  owner: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String(), country: Type.String() }),
  project: Nullable(
    Type.Object({ slug: Type.String(), title: Type.String(), acronym: Nullable(Type.String()) }),
  ),
  subjects: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  language: Nullable(Type.String()),
  level: Nullable(Type.String()),
  ects: Nullable(Type.Number()),
  deliveryMode: Nullable(Type.String()),
  link: Nullable(Type.String({ description: 'Where it is published' })),
  package: Nullable(
    Type.Object({ url: Type.String(), name: Type.String(), mediaType: Type.String(), size: Type.Integer() }),
  ),
  licence: Nullable(Type.String()),
  degree: Nullable(Type.String()),
  degreeStatus: Nullable(Type.String()),
  network: Nullable(Type.Object({ slug: Type.String(), name: Type.String() })),
  participants: Type.Array(
    Type.Object({
      institution: Type.Object({
        id: Type.String(),
        slug: Type.String(),
        name: Type.String(),
        country: Type.String(),
      }),
      readiness: Nullable(Type.String()),
      note: Nullable(Type.String()),
    }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type OutcomeViewData = Static<typeof OutcomeView>
