import { type Static, Type } from 'typebox'

const SLUG = '^[a-z0-9][a-z0-9-]{0,159}$'
/** Tags: lower-case words joined by hyphens, comma-separated in the form. */
export const TAG_PATTERN = '^[\\p{Ll}\\p{N}][\\p{Ll}\\p{N}-]{0,63}$'
export const MAX_TITLE = 300
export const MAX_LEAD = 1000
export const MAX_BODY = 100_000

const text = (maxLength: number) => Type.Optional(Type.String({ maxLength }))

/** An article's texts and metadata, from the newsroom form or the API. Every language is optional; one title is not. */
export const ArticleBody = Type.Object(
  {
    slug: Type.Optional(Type.String({ pattern: SLUG, maxLength: 160 })),
    title_az: text(MAX_TITLE),
    title_en: text(MAX_TITLE),
    title_ru: text(MAX_TITLE),
    lead_az: text(MAX_LEAD),
    lead_en: text(MAX_LEAD),
    lead_ru: text(MAX_LEAD),
    body_az: text(MAX_BODY),
    body_en: text(MAX_BODY),
    body_ru: text(MAX_BODY),
    cover_alt_az: text(MAX_TITLE),
    cover_alt_en: text(MAX_TITLE),
    cover_alt_ru: text(MAX_TITLE),
    /** Comma-separated tags. */
    tags: text(600),
    /** What the article is about: one page address per line (e.g. /events/ganja-2026 or its full URL). */
    links: text(4000),
  },
  { additionalProperties: false },
)
export type ArticleInput = Static<typeof ArticleBody>

export const PublishBody = Type.Object(
  {
    /** Empty: now. A later moment schedules the article; it is public from then on. */
    publish_at: Type.Optional(
      // A form's datetime-local (read in the installation's time zone) or a full ISO timestamp from the API.
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?$',
      }),
    ),
  },
  { additionalProperties: false },
)

export const PageBody = Type.Object(
  {
    title_az: text(MAX_TITLE),
    title_en: text(MAX_TITLE),
    title_ru: text(MAX_TITLE),
    body_az: text(MAX_BODY),
    body_en: text(MAX_BODY),
    body_ru: text(MAX_BODY),
  },
  { additionalProperties: false },
)
export type PageInput = Static<typeof PageBody>

export const SlugParams = Type.Object({ slug: Type.String({ pattern: SLUG }) })
export const RevisionParams = Type.Object({
  slug: Type.String({ pattern: SLUG }),
  id: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
})
export const LocaleParams = Type.Object({
  locale: Type.Union([Type.Literal('az'), Type.Literal('en'), Type.Literal('ru')]),
})
export const TagFeedParams = Type.Object({
  locale: Type.Union([Type.Literal('az'), Type.Literal('en'), Type.Literal('ru')]),
  tag: Type.String({ pattern: TAG_PATTERN }),
})

export const ENTITY_TYPES = ['institution', 'project', 'consortium', 'network', 'event'] as const
export type EntityType = (typeof ENTITY_TYPES)[number]

export const ListQuery = Type.Object({
  tag: Type.Optional(Type.String({ pattern: TAG_PATTERN })),
  /** "event:<slug>" and the like: the news about one thing. */
  about: Type.Optional(Type.String({ pattern: `^(${ENTITY_TYPES.join('|')}):[a-z0-9][a-z0-9-]{0,159}$` })),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
})
export type ListParams = Static<typeof ListQuery>

const Localised = Type.Object({
  az: Type.Union([Type.String(), Type.Null()]),
  en: Type.Union([Type.String(), Type.Null()]),
  ru: Type.Union([Type.String(), Type.Null()]),
})

export const ArticleSummary = Type.Object({
  slug: Type.String(),
  url: Type.String(),
  title: Localised,
  lead: Localised,
  tags: Type.Array(Type.String()),
  published_at: Type.Union([Type.String(), Type.Null()]),
})
export const ArticleView = Type.Object({
  ...ArticleSummary.properties,
  status: Type.String(),
  body: Localised,
  cover: Type.Union([
    Type.Object({ srcset: Type.String(), src: Type.String(), alt: Localised }),
    Type.Null(),
  ]),
  author: Type.Union([Type.String(), Type.Null()]),
  links: Type.Array(Type.Object({ type: Type.String(), slug: Type.String(), url: Type.String() })),
})
export const ListResponse = Type.Object({
  items: Type.Array(ArticleSummary),
  total: Type.Integer(),
  page: Type.Integer(),
})
