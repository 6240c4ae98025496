import { type Insertable, sql, type Updateable } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type { ArticlesTable, PagesTable } from '../../db/schema.ts'
import type { EntityType } from './schemas.ts'

export type ArticleRow = ArticlesTable & { cover_variants: string }

/** Published, and its publish_at has come: what the public may read. `now` is an ISO timestamp. */
const live = (now: string) =>
  sql<boolean>`articles.status = 'published' and articles.publish_at is not null and articles.publish_at <= ${now}`

export async function findArticle(db: Queryable, slug: string): Promise<ArticleRow | undefined> {
  return (await db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst()) as
    | ArticleRow
    | undefined
}

export async function slugTaken(db: Queryable, slug: string): Promise<boolean> {
  return (
    (await db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined
  )
}

export async function insertArticle(db: Queryable, row: Insertable<ArticlesTable>): Promise<void> {
  await db.insertInto('articles').values(row).execute()
}

export async function updateArticle(
  db: Queryable,
  id: string,
  values: Updateable<ArticlesTable>,
): Promise<void> {
  await db.updateTable('articles').set(values).where('id', '=', id).execute()
}

export async function replaceTags(db: Queryable, articleId: string, tags: string[]): Promise<void> {
  await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute()
  if (tags.length > 0)
    await db
      .insertInto('article_tags')
      .values(tags.map((tag) => ({ article_id: articleId, tag })))
      .execute()
}

export async function replaceLinks(
  db: Queryable,
  articleId: string,
  links: Array<{ entity_type: EntityType; entity_id: string }>,
): Promise<void> {
  await db.deleteFrom('article_links').where('article_id', '=', articleId).execute()
  if (links.length > 0)
    await db
      .insertInto('article_links')
      .values(links.map((l) => ({ article_id: articleId, ...l })))
      .execute()
}

export async function tagsOf(db: Queryable, articleIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>()
  if (articleIds.length === 0) return map
  const rows = await db
    .selectFrom('article_tags')
    .select(['article_id', 'tag'])
    .where('article_id', 'in', articleIds)
    .orderBy('tag')
    .execute()
  for (const row of rows) map.set(row.article_id, [...(map.get(row.article_id) ?? []), row.tag])
  return map
}

/** The things an article is about, with the slug and names their pages go by. */
export async function linksOf(db: Queryable, articleId: string) {
  const rows = await db
    .selectFrom('article_links')
    .select(['entity_type', 'entity_id'])
    .where('article_id', '=', articleId)
    .execute()
  const out: Array<{ type: EntityType; id: string } & Names> = []
  for (const row of rows) {
    const target = await entityById(db, row.entity_type, row.entity_id)
    if (target) out.push({ type: row.entity_type, id: row.entity_id, ...target })
  }
  return out
}

type Names = { slug: string; names: { az: string | null; en: string | null; ru: string | null } }

async function entityById(db: Queryable, type: EntityType, id: string): Promise<Names | undefined> {
  switch (type) {
    case 'institution': {
      const r = await db
        .selectFrom('institutions')
        .select(['slug', 'name'])
        .where('id', '=', id)
        .executeTakeFirst()
      return r && { slug: r.slug, names: { az: r.name, en: r.name, ru: r.name } }
    }
    case 'project':
    case 'event':
    case 'consortium': {
      const table = type === 'project' ? 'projects' : type === 'event' ? 'events' : 'consortia'
      const r = await db
        .selectFrom(table)
        .select(['slug', 'title_az', 'title_en', 'title_ru'])
        .where('id', '=', id)
        .executeTakeFirst()
      return r && { slug: r.slug, names: { az: r.title_az, en: r.title_en, ru: r.title_ru } }
    }
    case 'network': {
      const r = await db
        .selectFrom('networks')
        .select(['slug', 'name_az', 'name_en', 'name_ru'])
        .where('id', '=', id)
        .executeTakeFirst()
      return r && { slug: r.slug, names: { az: r.name_az, en: r.name_en, ru: r.name_ru } }
    }
  }
}

const ENTITY_TABLE = {
  institution: 'institutions',
  project: 'projects',
  consortium: 'consortia',
  network: 'networks',
  event: 'events',
} as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * The id of the institution, project, consortium, network or event its page's address names: the slug, or for a
 * project (whose public page is addressed by id) the id.
 */
export async function entityIdByKey(
  db: Queryable,
  type: EntityType,
  key: string,
): Promise<string | undefined> {
  const byId = type === 'project' && UUID.test(key)
  const row = await db
    .selectFrom(ENTITY_TABLE[type])
    .select('id')
    .where(byId ? 'id' : 'slug', '=', key)
    .executeTakeFirst()
  return row?.id
}

export interface ListFilter {
  tag?: string
  about?: { type: EntityType; id: string }
  /** [from, to) as ISO timestamps. */
  between?: [string, string]
  limit: number
  offset: number
}

/** Live articles, newest first, with the filters, and how many there are in all. */
export async function listLive(db: Queryable, now: string, filter: ListFilter) {
  let query = db.selectFrom('articles').where(live(now))
  if (filter.tag) {
    const tag = filter.tag
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_tags')
          .select('article_tags.tag')
          .whereRef('article_tags.article_id', '=', 'articles.id')
          .where('article_tags.tag', '=', tag),
      ),
    )
  }
  if (filter.about) {
    const about = filter.about
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_links')
          .select('article_links.entity_id')
          .whereRef('article_links.article_id', '=', 'articles.id')
          .where('article_links.entity_type', '=', about.type)
          .where('article_links.entity_id', '=', about.id),
      ),
    )
  }
  if (filter.between) {
    query = query.where('publish_at', '>=', filter.between[0]).where('publish_at', '<', filter.between[1])
  }
  const [rows, count] = await Promise.all([
    query
      .selectAll('articles')
      .orderBy('articles.publish_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows: rows as ArticleRow[], total: Number(count.n) }
}

/** Every article for the newsroom, latest change first. */
export async function listAll(db: Queryable) {
  return (await db
    .selectFrom('articles')
    .selectAll()
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute()) as ArticleRow[]
}

/** The years in which articles were published, for the year filter. */
export async function liveYears(db: Queryable, now: string): Promise<number[]> {
  const rows = await db.selectFrom('articles').select('publish_at').where(live(now)).execute()
  return [...new Set(rows.map((r) => Number(String(r.publish_at).slice(0, 4))))].sort((a, b) => b - a)
}

export async function liveTags(db: Queryable, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('article_tags')
    .innerJoin('articles', 'articles.id', 'article_tags.article_id')
    .select('article_tags.tag')
    .distinct()
    .where(live(now))
    .orderBy('article_tags.tag')
    .execute()
  return rows.map((r) => r.tag)
}

export async function authorName(db: Queryable, personId: string | null): Promise<string | null> {
  if (!personId) return null
  const row = await db.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirst()
  return row?.name ?? null
}

export async function insertRevision(
  db: Queryable,
  row: {
    id: string
    subject_type: 'article' | 'page'
    subject_id: string
    editor_id: string | null
    at: string
    snapshot: string
  },
): Promise<void> {
  await db.insertInto('revisions').values(row).execute()
}

export async function revisionsOf(db: Queryable, type: 'article' | 'page', subjectId: string) {
  return db
    .selectFrom('revisions')
    .leftJoin('people', 'people.id', 'revisions.editor_id')
    .select(['revisions.id', 'revisions.at', 'revisions.snapshot', 'people.name as editor'])
    .where('revisions.subject_type', '=', type)
    .where('revisions.subject_id', '=', subjectId)
    .orderBy('revisions.at', 'desc')
    .orderBy('revisions.id', 'desc')
    .execute()
}

export async function findPage(db: Queryable, slug: string): Promise<PagesTable | undefined> {
  return db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function allPages(db: Queryable): Promise<PagesTable[]> {
  return db.selectFrom('pages').selectAll().orderBy('slug').execute()
}

/** The public news about one thing, newest first (for the pages of institutions, projects, events…). */
export async function liveAbout(db: Queryable, now: string, type: EntityType, id: string, limit: number) {
  return (await db
    .selectFrom('articles')
    .innerJoin('article_links', 'article_links.article_id', 'articles.id')
    .selectAll('articles')
    .where('article_links.entity_type', '=', type)
    .where('article_links.entity_id', '=', id)
    .where(live(now))
    .orderBy('articles.publish_at', 'desc')
    .limit(limit)
    .execute()) as ArticleRow[]
}

/** Every public page's address and when it last changed, for sitemap.xml. */
export async function sitemapEntries(db: Queryable, now: string) {
  const [articles, pages, institutions, projects, events, consortia, outcomes, networks] = await Promise.all([
    db.selectFrom('articles').select(['slug', 'updated_at']).where(live(now)).execute(),
    db.selectFrom('pages').select(['slug', 'updated_at']).execute(),
    db.selectFrom('institutions').select(['slug', 'updated_at']).where('merged_into', 'is', null).execute(),
    db
      .selectFrom('projects')
      .select(['id as slug', 'updated_at'])
      .where('in_gallery_since', 'is not', null)
      .execute(),
    db.selectFrom('events').select(['slug', 'updated_at']).where('status', '=', 'published').execute(),
    db.selectFrom('consortia').select(['slug', 'updated_at']).execute(),
    db.selectFrom('outcomes').select(['slug', 'updated_at']).execute(),
    db.selectFrom('networks').select(['slug', 'updated_at']).execute(),
  ])
  // A project's public page is addressed by its id (selected as slug above).
  const at = (prefix: string, rows: Array<{ slug: string; updated_at: string }>) =>
    rows.map((r) => ({ path: `${prefix}/${r.slug}`, updated: r.updated_at }))
  return [
    ...at('/news', articles),
    ...at('/pages', pages),
    ...at('/institutions', institutions),
    ...at('/projects', projects),
    ...at('/events', events),
    ...at('/consortia', consortia),
    ...at('/outcomes', outcomes),
    ...at('/networks', networks),
  ]
}

/** The people who publish articles (coordinators), to be told when one awaits review. */
export async function publisherIds(db: Queryable): Promise<string[]> {
  const rows = await db
    .selectFrom('role_grants')
    .select('person_id')
    .where('role', '=', 'coordinator')
    .execute()
  return rows.map((r) => r.person_id)
}
