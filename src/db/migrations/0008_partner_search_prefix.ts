import { type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * Partner text search with a word still being typed ("school", "univ", "math" match every word that starts with
 * them). Frozen: later changes go into new migrations.
 *
 * SQLite: partner_search_fts (migration 0005) answered `"school"*` by merging the doclist of every indexed word with
 * that prefix (≈ 30 ms at 1,000,000 members, against ≈ 1 ms for one word). partner_search_text replaces it: the same
 * folded text and tokenizer, plus FTS5 prefix indexes for prefixes of 2 to 6 characters, so such a query reads one
 * doclist (longer prefixes have few words to merge). Filled from partner_search; the old table is dropped.
 *
 * PostgreSQL: nothing to do. A tsquery prefix (`school:*`) is already answered by the GIN index of search_vector,
 * which keeps its lexemes sorted and reads the range of lexemes starting with the prefix.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return
  await sql`create virtual table partner_search_text using fts5(search_text,
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4 5 6')`.execute(db)
  await sql`insert into partner_search_text (rowid, search_text)
    select doc, search_text from partner_search order by doc`.execute(db)
  await sql`insert into partner_search_text (partner_search_text) values ('optimize')`.execute(db)
  await sql`drop table partner_search_fts`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return
  await sql`create virtual table partner_search_fts using fts5(search_text, tokenize = 'unicode61 remove_diacritics 0')`.execute(
    db,
  )
  await sql`insert into partner_search_fts (rowid, search_text)
    select doc, search_text from partner_search order by doc`.execute(db)
  await sql`drop table partner_search_text`.execute(db)
}
