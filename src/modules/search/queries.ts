import { sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import { ftsMatch, tsQuery } from '../partners/fold.ts'
import { isPostgres } from '../partners/queries.ts'
import type { Audience } from './audience.ts'

/** One row of the index as written: the title is the JSON of its language versions (see service.ts). */
export interface DocumentRow {
  entity_type: string
  entity_id: string
  audience: Audience
  title: string
  url: string
  search_text: string
  visible_from: string | null
}

export async function upsertDocument(db: Queryable, row: DocumentRow, now: string): Promise<void> {
  const values = { ...row, updated_at: now }
  await db
    .insertInto('search_documents')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['entity_type', 'entity_id']).doUpdateSet({
        audience: row.audience,
        title: row.title,
        url: row.url,
        search_text: row.search_text,
        visible_from: row.visible_from,
        updated_at: now,
      }),
    )
    .execute()
}

export async function deleteDocument(db: Queryable, type: string, id: string): Promise<void> {
  await db
    .deleteFrom('search_documents')
    .where('entity_type', '=', type)
    .where('entity_id', '=', id)
    .execute()
}

export async function deleteAll(db: Queryable): Promise<void> {
  await db.deleteFrom('search_documents').execute()
}

export async function documentCount(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('search_documents')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface MatchRow {
  entity_type: string
  entity_id: string
  title: string
  url: string
  search_text: string
}

/**
 * Rows whose text holds every term (the last as a word's start), readable by the given audiences and visible now;
 * at most `cap` of them, newest rows first, for the application to rank (textScore) alike on both databases.
 */
export async function matchingDocuments(
  db: Queryable,
  terms: readonly string[],
  audiences: readonly Audience[],
  now: string,
  cap: number,
): Promise<MatchRow[]> {
  const visible = sql`(d.visible_from is null or d.visible_from <= ${now})`
  const readable = sql`d.audience in (${sql.join(audiences)})`
  if (isPostgres(db)) {
    const rows = await sql<MatchRow>`select d.entity_type, d.entity_id, d.title, d.url, d.search_text
      from search_documents d
      where d.search_vector @@ to_tsquery('simple', ${tsQuery(terms)}) and ${readable} and ${visible}
      order by d.doc desc limit ${cap}`.execute(db)
    return rows.rows
  }
  const rows = await sql<MatchRow>`select d.entity_type, d.entity_id, d.title, d.url, d.search_text
    from search_documents_fts f join search_documents d on d.doc = f.rowid
    where search_documents_fts match ${ftsMatch(terms)} and ${readable} and ${visible}
    order by f.rowid desc limit ${cap}`.execute(db)
  return rows.rows
}
