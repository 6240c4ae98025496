import { Type } from 'typebox'
import { AUDIENCES } from '../events/schemas.ts'
import { LICENCES, OUTCOME_LANGUAGES } from '../outcomes/schemas.ts'

export const RESOURCE_KINDS = [
  'brochure',
  'guide',
  'application_form',
  'template',
  'training_material',
  'other',
] as const
export const VISIBILITIES = ['public', 'members'] as const
export { AUDIENCES as RESOURCE_AUDIENCES, LICENCES as RESOURCE_LICENCES }
export const RESOURCE_LANGUAGES = OUTCOME_LANGUAGES

export const MAX_TITLE = 300
export const MAX_DESCRIPTION = 4000
export const MAX_TAGS_TEXT = 500
export const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} -]{0,62}$/u

const Title = Type.String({ maxLength: MAX_TITLE })
const Description = Type.String({ maxLength: MAX_DESCRIPTION })

/** What a resource's form and the service take (the file travels beside it). */
export const ResourceBody = Type.Object({
  kind: Type.Enum(RESOURCE_KINDS),
  title_az: Type.Optional(Title),
  title_en: Type.Optional(Title),
  title_ru: Type.Optional(Title),
  description_az: Type.Optional(Description),
  description_en: Type.Optional(Description),
  description_ru: Type.Optional(Description),
  audience: Type.Optional(
    Type.Union([Type.Enum(AUDIENCES), Type.Array(Type.Enum(AUDIENCES), { maxItems: 20 })]),
  ),
  language: Type.Optional(
    Type.Enum(RESOURCE_LANGUAGES, { description: 'ISO 639-1: the language the file is in' }),
  ),
  licence: Type.Optional(Type.Enum(LICENCES, { description: 'SPDX identifier' })),
  visibility: Type.Enum(VISIBILITIES),
  tags: Type.Optional(Type.String({ maxLength: MAX_TAGS_TEXT, description: 'Comma-separated' })),
})

export const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,159}$' }) })

export const ListQuery = Type.Object({
  kind: Type.Optional(Type.Enum(RESOURCE_KINDS)),
  language: Type.Optional(Type.Enum(RESOURCE_LANGUAGES)),
  tag: Type.Optional(Type.String({ maxLength: 64 })),
})

const Localised = Type.Object({
  az: Type.Union([Type.String(), Type.Null()]),
  en: Type.Union([Type.String(), Type.Null()]),
  ru: Type.Union([Type.String(), Type.Null()]),
})

export const ResourceView = Type.Object({
  slug: Type.String(),
  kind: Type.Enum(RESOURCE_KINDS),
  title: Localised,
  description: Localised,
  audience: Type.Array(Type.String()),
  language: Type.Union([Type.String(), Type.Null()]),
  licence: Type.Union([Type.String(), Type.Null()]),
  visibility: Type.Enum(VISIBILITIES),
  tags: Type.Array(Type.String()),
  file: Type.Object({
    name: Type.String(),
    mediaType: Type.String(),
    size: Type.Integer({ description: 'Bytes' }),
    url: Type.String({ description: 'Download address (each download is counted)' }),
  }),
  downloads: Type.Integer(),
  url: Type.String(),
  updatedAt: Type.String(),
})
