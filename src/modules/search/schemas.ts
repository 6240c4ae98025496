import { Type } from 'typebox'
import { SEARCH_TYPES } from './sources.ts'

/** Longer queries are refused with a message: only the first eight words are ever used (partners/fold.ts). */
export const MAX_QUERY = 200

const TypeParam = Type.Enum(SEARCH_TYPES)

/** The page takes any length so that it can say what is wrong next to the field; the API refuses at once. */
export const PageQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 10_000 })),
  type: Type.Optional(TypeParam),
})

export const ApiQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: MAX_QUERY }),
  type: Type.Optional(TypeParam),
})

const Hit = Type.Object({
  type: TypeParam,
  id: Type.String(),
  title: Type.String(),
  lang: Type.String({ description: 'Language of the title (the reader’s, or another when it has none)' }),
  url: Type.String({ description: 'Path of the page on this site' }),
})

export const SearchResponse = Type.Object({
  query: Type.String(),
  groups: Type.Array(
    Type.Object({
      type: TypeParam,
      total: Type.Integer({ description: 'Matches of this type the reader may read' }),
      hits: Type.Array(Hit),
    }),
  ),
  capped: Type.Boolean({
    description: 'More things matched than were ranked: a more precise query finds better',
  }),
})
