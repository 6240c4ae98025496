import { sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type { ResourcesTable } from '../../db/schema.ts'

export type ResourceRow = Omit<ResourcesTable, 'audience' | 'downloads'> & {
  audience: string
  downloads: number
}

export async function findBySlug(db: Queryable, slug: string): Promise<ResourceRow | undefined> {
  return db.selectFrom('resources').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function slugTaken(db: Queryable, slug: string): Promise<boolean> {
  return (
    (await db.selectFrom('resources').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined
  )
}

/** The library as one reader sees it: the visibilities they may read, with the filters, newest first. */
export async function listResources(
  db: Queryable,
  filter: {
    visibilities: ReadonlyArray<'public' | 'members'>
    kind?: string
    language?: string
    tag?: string
  },
): Promise<ResourceRow[]> {
  let query = db
    .selectFrom('resources')
    .selectAll('resources')
    .where('visibility', 'in', [...filter.visibilities])
  if (filter.kind) query = query.where('kind', '=', filter.kind as ResourceRow['kind'])
  if (filter.language) query = query.where('language', '=', filter.language)
  if (filter.tag) {
    const tag = filter.tag
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('resource_tags')
          .select('resource_id')
          .whereRef('resource_tags.resource_id', '=', 'resources.id')
          .where('resource_tags.tag', '=', tag),
      ),
    )
  }
  return query.orderBy('created_at', 'desc').orderBy('id').limit(500).execute()
}

export async function tagsOf(db: Queryable, ids: readonly string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>()
  if (ids.length === 0) return tags
  const rows = await db
    .selectFrom('resource_tags')
    .select(['resource_id', 'tag'])
    .where('resource_id', 'in', [...ids])
    .orderBy('tag')
    .execute()
  for (const r of rows) tags.set(r.resource_id, [...(tags.get(r.resource_id) ?? []), r.tag])
  return tags
}

export async function replaceTags(db: Queryable, id: string, tags: readonly string[]): Promise<void> {
  await db.deleteFrom('resource_tags').where('resource_id', '=', id).execute()
  if (tags.length > 0)
    await db
      .insertInto('resource_tags')
      .values(tags.map((tag) => ({ resource_id: id, tag })))
      .execute()
}

/** One more download, counted in the database so that concurrent downloads are all kept. */
export async function countDownload(db: Queryable, id: string): Promise<void> {
  await db.updateTable('resources').set({ downloads: sql`downloads + 1` }).where('id', '=', id).execute()
}
