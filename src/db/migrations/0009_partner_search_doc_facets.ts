import { type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * SQLite: the facets of a partner_search row by its doc, in an index narrow enough that a text search checking the
 * filters of up to 20,000 FTS5 matches (newest first, so in doc order) reads a few hundred index pages instead of
 * one table page per match. Frozen: later changes go into new migrations.
 *
 * PostgreSQL: nothing to do; its text search filters the rows found by the GIN index in the same scan.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return
  await sql`create index partner_search_doc_facets_idx on partner_search
    (doc, audience, kind, country, region, institution_type, looking, sort_at)`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return
  await sql`drop index partner_search_doc_facets_idx`.execute(db)
}
