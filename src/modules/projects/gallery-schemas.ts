import { Type } from 'typebox'
import { AGE_BANDS } from '../partners/facets.ts'

export const GALLERY_PAGE_SIZE = 20
export const GALLERY_MAX_PAGE = 50

const Level = Type.Union([Type.Literal('national'), Type.Literal('european')])
const Scope = Type.Union([Type.Literal('national'), Type.Literal('international')])
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()])

export const GalleryQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Words in the title or summary (any language)' }),
  ),
  subject: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{2,64}$', description: 'Subject code' })),
  age: Type.Optional(
    Type.Union(
      AGE_BANDS.map((b) => Type.Literal(b.code)),
      { description: "Pupils' age band: projects whose age range overlaps it" },
    ),
  ),
  country: Type.Optional(
    Type.String({ pattern: '^[A-Z]{2}$', description: "A partner institution's country (ISO 3166-1)" }),
  ),
  region: Type.Optional(
    Type.String({
      pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$',
      description: "A partner institution's region (ISO 3166-2)",
    }),
  ),
  year: Type.Optional(
    Type.Integer({ minimum: 2000, maximum: 2100, description: 'The year the project was approved' }),
  ),
  label: Type.Optional(Level),
  scope: Type.Optional(Scope),
  sort: Type.Optional(
    Type.Union([Type.Literal('relevance'), Type.Literal('recent')], {
      description:
        'Default: relevance with q, recent (newest approved first) without. relevance orders the text matches read by how often each word occurs, the last word as the start of a word, shorter texts first',
    }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: GALLERY_MAX_PAGE })),
})

const FacetValue = Type.Object({ value: Type.String(), count: Type.Integer() })

export const GalleryCard = Type.Object({
  id: Type.String(),
  url: Type.String(),
  title: Type.String(),
  /** The language the title is in (the reader's, or the first the team wrote it in). */
  lang: Type.String(),
  summary: Type.String(),
  /** The language the summary is in, chosen as the title's. */
  summaryLang: Type.String(),
  scope: Scope,
  year: Type.Integer({ description: 'The year the project was approved' }),
  ageFrom: Nullable(Type.Integer()),
  ageTo: Nullable(Type.Integer()),
  subjects: Type.Array(Type.String({ description: 'Subject codes' })),
  countries: Type.Array(Type.String()),
  labels: Type.Array(Level),
  approvedAt: Type.String({ format: 'date-time' }),
})

export const GalleryResponse = Type.Object({
  total: Type.Integer({
    description: 'Number of matches; when totalExact is false, a lower bound: show it as "1,000+"',
  }),
  totalExact: Type.Boolean(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
  sort: Type.Union([Type.Literal('relevance'), Type.Literal('recent')]),
  results: Type.Array(GalleryCard),
  facetsCounted: Type.Boolean({
    description:
      'Whether facet counts were computed: always with at most one filter and no text (from a summary), otherwise when the matches are few enough to count',
  }),
  facets: Type.Object({
    subject: Type.Array(FacetValue),
    age: Type.Array(FacetValue),
    country: Type.Array(FacetValue),
    region: Type.Array(FacetValue),
    year: Type.Array(FacetValue),
    label: Type.Array(FacetValue),
    scope: Type.Array(FacetValue),
  }),
})

const Localised = Type.Object({
  az: Nullable(Type.String()),
  en: Nullable(Type.String()),
  ru: Nullable(Type.String()),
})

export const ProjectPublicView = Type.Object({
  id: Type.String(),
  url: Type.String(),
  public: Type.Boolean({
    description:
      'Whether the project is in the public gallery (false: only its team and coordinators see it)',
  }),
  scope: Scope,
  title: Localised,
  summary: Localised,
  subjects: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  ageFrom: Nullable(Type.Integer()),
  ageTo: Nullable(Type.Integer()),
  languages: Type.Array(Type.String({ description: 'ISO 639-1' })),
  startDate: Nullable(Type.String({ format: 'date' })),
  endDate: Nullable(Type.String({ format: 'date' })),
  learningModel: Nullable(Type.String()),
  activities: Nullable(Type.String()),
  expectedResults: Nullable(Type.String()),
  approvedAt: Nullable(Type.String({ format: 'date-time' })),
  partners: Type.Array(
    Type.Object({
      institution: Type.Object({
        id: Type.String(),
        slug: Type.String(),
        name: Type.String(),
        country: Type.String(),
      }),
      members: Type.Array(
        Type.Object({
          id: Type.String(),
          name: Type.String(),
          role: Type.Union([Type.Literal('founder'), Type.Literal('teacher')]),
        }),
        { description: 'Only the members whose profile visibility lets the reader see them' },
      ),
    }),
  ),
  labels: Type.Array(
    Type.Object({ level: Level, country: Type.String(), awardedAt: Type.String({ format: 'date-time' }) }),
  ),
  pages: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), url: Type.String() })),
  files: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      mediaType: Type.String(),
      size: Type.Integer(),
      url: Type.String(),
    }),
  ),
})
