import { type Expression, type SqlBool, sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type { Audience } from './audience.ts'

/** What the site search finds, each type with its own page. */
export const SEARCH_TYPES = [
  'article',
  'page',
  'project',
  'institution',
  'event',
  'consortium',
  'outcome',
  'network',
  'resource',
] as const
export type SearchType = (typeof SEARCH_TYPES)[number]

export type Texts = { az: string | null; en: string | null; ru: string | null }

/** A findable thing as the index keeps it: its titles, page, who may read it, and every text to match. */
export interface SearchDocument {
  type: SearchType
  id: string
  audience: Audience
  title: Texts
  url: string
  texts: ReadonlyArray<string | null | undefined>
  /** Found only from this moment (scheduled articles); null: at once. */
  visibleFrom?: string | null
}

/** Which rows a source reads: the given ids, or the next page of all its findable rows after an id. */
export interface Selection {
  ids?: readonly string[]
  after?: string
  limit: number
}

type Loader = (db: Queryable, selection: Selection) => Promise<SearchDocument[]>

/** Rich text (articles, pages) as words: tags and entities become spaces. */
const plain = (html: string | null) => (html ? html.replace(/<[^>]*>|&[#a-z0-9]+;/gi, ' ') : null)

const texts = (row: Record<string, unknown>, field: string): Texts => ({
  az: (row[`${field}_az`] as string | null) ?? null,
  en: (row[`${field}_en`] as string | null) ?? null,
  ru: (row[`${field}_ru`] as string | null) ?? null,
})
const all = (t: Texts) => [t.az, t.en, t.ru]

/** The rows of a selection: by id, so that a rebuild walks each table once in id order with bounded memory. */
function selected(s: Selection, column = 'id'): Expression<SqlBool> {
  const parts = [sql`true`]
  if (s.ids) parts.push(s.ids.length > 0 ? sql`${sql.ref(column)} in (${sql.join([...s.ids])})` : sql`false`)
  if (s.after !== undefined) parts.push(sql`${sql.ref(column)} > ${s.after}`)
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`
}

async function tagsOf(
  db: Queryable,
  table: 'article_tags' | 'resource_tags',
  ids: string[],
): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>()
  if (ids.length === 0) return tags
  const rows =
    table === 'article_tags'
      ? await db
          .selectFrom('article_tags')
          .select(['article_id as id', 'tag'])
          .where('article_id', 'in', ids)
          .execute()
      : await db
          .selectFrom('resource_tags')
          .select(['resource_id as id', 'tag'])
          .where('resource_id', 'in', ids)
          .execute()
  for (const row of rows) tags.set(row.id, [...(tags.get(row.id) ?? []), row.tag])
  return tags
}

const LOADERS: Record<SearchType, Loader> = {
  // Published articles only (drafts and those in review never), from their publishing moment.
  async article(db, s) {
    const rows = await db
      .selectFrom('articles')
      .selectAll()
      .where('status', '=', 'published')
      .where(selected(s))
      .orderBy('id')
      .limit(s.limit)
      .execute()
    const tags = await tagsOf(
      db,
      'article_tags',
      rows.map((r) => r.id),
    )
    return rows.map((r) => ({
      type: 'article' as const,
      id: r.id,
      audience: 'public' as const,
      title: texts(r, 'title'),
      url: `/news/${r.slug}`,
      texts: [
        ...all(texts(r, 'title')),
        ...all(texts(r, 'lead')),
        ...all(texts(r, 'body')).map(plain),
        ...(tags.get(r.id) ?? []),
      ],
      visibleFrom: r.publish_at ?? r.published_at,
    }))
  },
  async page(db, s) {
    const rows = await db
      .selectFrom('pages')
      .selectAll()
      .where(selected(s))
      .orderBy('id')
      .limit(s.limit)
      .execute()
    return rows.map((r) => ({
      type: 'page' as const,
      id: r.id,
      audience: 'public' as const,
      title: texts(r, 'title'),
      url: `/pages/${r.slug}`,
      texts: [...all(texts(r, 'title')), ...all(texts(r, 'body')).map(plain)],
    }))
  },
  // Projects are public once in the gallery (their public page goes by id); before that only their team sees them.
  async project(db, s) {
    const rows = await db
      .selectFrom('projects')
      .select(['id', 'slug', 'title_az', 'title_en', 'title_ru', 'summary_az', 'summary_en', 'summary_ru'])
      .where('status', '=', 'approved')
      .where('in_gallery_since', 'is not', null)
      .where(selected(s))
      .orderBy('id')
      .limit(s.limit)
      .execute()
    return rows.map((r) => ({
      type: 'project' as const,
      id: r.id,
      audience: 'public' as const,
      title: texts(r, 'title'),
      url: `/projects/${r.id}`,
      texts: [...all(texts(r, 'title')), ...all(texts(r, 'summary'))],
    }))
  },
  // A merged duplicate's page redirects to the record it was merged into: only that one is found.
  async institution(db, s) {
    const rows = await db
      .selectFrom('institutions')
      .select(['id', 'slug', 'name', 'city', 'description_az', 'description_en', 'description_ru'])
      .where('merged_into', 'is', null)
      .where(selected(s))
      .orderBy('id')
      .limit(s.limit)
      .execute()
    return rows.map((r) => ({
      type: 'institution' as const,
      id: r.id,
      audience: 'public' as const,
      title: { az: r.name, en: r.name, ru: r.name },
      url: `/institutions/${r.slug}`,
      texts: [r.name, r.city, ...all(texts(r, 'description'))],
    }))
  },
  // Published and cancelled events have public pages; drafts are their organisers' alone.
  async event(db, s) {
    const rows = await db
      .selectFrom('events')
      .select([
        'id',
        'slug',
        'title_az',
        'title_en',
        'title_ru',
        'description_az',
        'description_en',
        'description_ru',
        'venue',
        'city',
      ])
      .where('status', '!=', 'draft')
      .where(selected(s))
      .orderBy('id')
      .limit(s.limit)
      .execute()
    return rows.map((r) => ({
      type: 'event' as const,
      id: r.id,
      audience: 'public' as const,
      title: texts(r, 'title'),
      url: `/events/${r.slug}`,
      texts: [...all(texts(r, 'title')), ...all(texts(r, 'description')), r.venue, r.city],
    }))
  },
  async consortium(db, s) {
    const rows = await db
      .selectFrom('consortia')
      .select([
        'id',
        'slug',
        'acronym',
        'reference',
        'title_az',
        'title_en',
        'title_ru',
        'summary_az',
        'summary_en',
        'summary_ru',
      ])
      .where(selected(s))
      .orderBy('id')
      .limit(s.limit)
      .execute()
    return rows.map((r) => {
      const title = texts(r, 'title')
      return {
        type: 'consortium' as const,
        id: r.id,
        audience: 'public' as const,
        title: r.acronym
          ? {
              az: withAcronym(r.acronym, title.az),
              en: withAcronym(r.acronym, title.en),
              ru: withAcronym(r.acronym, title.ru),
            }
          : title,
        url: `/consortia/${r.slug}`,
        texts: [r.acronym, r.reference, ...all(title), ...all(texts(r, 'summary'))],
      }
    })
  },
  async outcome(db, s) {
    const rows = await db
      .selectFrom('outcomes')
      .select([
        'id',
        'slug',
        'title_az',
        'title_en',
        'title_ru',
        'description_az',
        'description_en',
        'description_ru',
      ])
      .where(selected(s))
      .orderBy('id')
      .limit(s.limit)
      .execute()
    return rows.map((r) => ({
      type: 'outcome' as const,
      id: r.id,
      audience: 'public' as const,
      title: texts(r, 'title'),
      url: `/outcomes/${r.slug}`,
      texts: [...all(texts(r, 'title')), ...all(texts(r, 'description'))],
    }))
  },
  async network(db, s) {
    const rows = await db
      .selectFrom('networks')
      .select([
        'id',
        'slug',
        'acronym',
        'name_az',
        'name_en',
        'name_ru',
        'mission_az',
        'mission_en',
        'mission_ru',
      ])
      .where(selected(s))
      .orderBy('id')
      .limit(s.limit)
      .execute()
    return rows.map((r) => ({
      type: 'network' as const,
      id: r.id,
      audience: 'public' as const,
      title: texts(r, 'name'),
      url: `/networks/${r.slug}`,
      texts: [r.acronym, ...all(texts(r, 'name')), ...all(texts(r, 'mission'))],
    }))
  },
  // Members-only resources are indexed for members: a visitor's search never reads those rows.
  async resource(db, s) {
    const rows = await db
      .selectFrom('resources')
      .selectAll()
      .where(selected(s))
      .orderBy('id')
      .limit(s.limit)
      .execute()
    const tags = await tagsOf(
      db,
      'resource_tags',
      rows.map((r) => r.id),
    )
    return rows.map((r) => ({
      type: 'resource' as const,
      id: r.id,
      audience: r.visibility === 'members' ? ('members' as const) : ('public' as const),
      title: texts(r, 'title'),
      url: `/resources/${r.slug}`,
      texts: [...all(texts(r, 'title')), ...all(texts(r, 'description')), ...(tags.get(r.id) ?? [])],
    }))
  },
}

const withAcronym = (acronym: string, title: string | null) => (title ? `${acronym}: ${title}` : acronym)

export function loadDocuments(
  db: Queryable,
  type: SearchType,
  selection: Selection,
): Promise<SearchDocument[]> {
  return LOADERS[type](db, selection)
}
