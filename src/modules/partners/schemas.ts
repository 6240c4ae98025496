import { Type } from 'typebox'
import { AGE_BANDS, INSTITUTION_TYPES, PROFILE_LANGUAGES } from './facets.ts'

export const MAX_PAGE = 50
export const PAGE_SIZE = 20

export const SearchQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Words in name, subjects, idea, institution, city' }),
  ),
  kind: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('institution'), Type.Literal('')])),
  country: Type.Optional(Type.String({ pattern: '^([A-Z]{2})?$' })),
  region: Type.Optional(Type.String({ pattern: '^([A-Z]{2}-[A-Z0-9]{1,3})?$' })),
  type: Type.Optional(Type.Union([...INSTITUTION_TYPES.map((t) => Type.Literal(t)), Type.Literal('')])),
  subject: Type.Optional(Type.String({ pattern: '^([a-z0-9-]{2,64})?$' })),
  language: Type.Optional(Type.Union([...PROFILE_LANGUAGES.map((l) => Type.Literal(l)), Type.Literal('')])),
  age: Type.Optional(Type.Union([...AGE_BANDS.map((b) => Type.Literal(b.code)), Type.Literal('')])),
  looking: Type.Optional(Type.Union([Type.Literal('yes'), Type.Literal('')])),
  sort: Type.Optional(
    Type.Union([Type.Literal('relevance'), Type.Literal('recent')], {
      description:
        'Default: relevance with q, recent without. relevance orders the text matches read (every match when there are at most countCap, else those among the most recently indexed matches of the text, see totalExact) by how often each word occurs in a match, the last word as the start of a word, shorter texts first; the same on every database',
    }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
})

const FacetValue = Type.Object({ value: Type.String(), count: Type.Integer() })

export const SearchResultView = Type.Object({
  kind: Type.Union([Type.Literal('person'), Type.Literal('institution')]),
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  institution: Type.Union([
    Type.Object({ id: Type.String(), name: Type.String(), type: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  country: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  city: Type.Union([Type.String(), Type.Null()]),
  subjects: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  ageMin: Type.Union([Type.Integer(), Type.Null()]),
  ageMax: Type.Union([Type.Integer(), Type.Null()]),
  lookingForPartners: Type.Boolean(),
  idea: Type.Union([Type.String(), Type.Null()]),
  canContact: Type.Boolean({
    description: 'Whether the searcher may write to this member through the platform',
  }),
})

export const SearchResponse = Type.Object({
  total: Type.Integer({
    description: 'Number of matches; when totalExact is false, a lower bound (countCap): show it as "1,000+"',
  }),
  totalExact: Type.Boolean({ description: 'Whether total is the exact number of matches' }),
  countsExact: Type.Boolean({
    description:
      'Whether every facet count is exact. When false the filtered set is larger than countCap and each facet count is a lower bound (counted over countCap of the matches): show it as "120+"',
  }),
  countCap: Type.Integer({ description: 'Filtered sets up to this size are always counted exactly' }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
  sort: Type.Union([Type.Literal('relevance'), Type.Literal('recent')]),
  results: Type.Array(SearchResultView),
  facets: Type.Object({
    kind: Type.Array(FacetValue),
    country: Type.Array(FacetValue),
    region: Type.Array(FacetValue),
    type: Type.Array(FacetValue),
    subject: Type.Array(FacetValue),
    language: Type.Array(FacetValue),
    age: Type.Array(FacetValue),
    looking: Type.Array(FacetValue),
  }),
})

export const ContactBody = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: 200 }),
  body: Type.String({ minLength: 1, maxLength: 5000 }),
})

export const MessageView = Type.Object({
  id: Type.String(),
  from: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.String() }),
  subject: Type.String(),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
})
