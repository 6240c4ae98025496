import { type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * The site search's text index over search_documents (migration 0030), and the moment a row becomes findable
 * (an article scheduled for later is indexed when saved but found only from its publishing time). Frozen: later
 * changes go into new migrations.
 *
 * SQLite: an FTS5 table whose content is search_documents (external content, rowid = doc), kept in step by
 * triggers so that no write path can forget it; prefix indexes as in partner search (0008) for words being typed.
 * PostgreSQL: a generated tsvector ('simple': the text is already folded by the application) with a GIN index.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter
  await db.schema
    .alterTable('search_documents')
    .addColumn('visible_from', pg ? sql`timestamptz` : sql`text`)
    .execute()
  if (pg) {
    await sql`alter table search_documents add column search_vector tsvector
      generated always as (to_tsvector('simple', search_text)) stored`.execute(db)
    await sql`create index search_documents_vector_idx on search_documents using gin (search_vector)`.execute(
      db,
    )
    return
  }
  await sql`create virtual table search_documents_fts using fts5(search_text,
    content = 'search_documents', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4 5 6')`.execute(db)
  await sql`create trigger search_documents_ai after insert on search_documents begin
    insert into search_documents_fts (rowid, search_text) values (new.doc, new.search_text);
  end`.execute(db)
  await sql`create trigger search_documents_ad after delete on search_documents begin
    insert into search_documents_fts (search_documents_fts, rowid, search_text)
      values ('delete', old.doc, old.search_text);
  end`.execute(db)
  await sql`create trigger search_documents_au after update of search_text on search_documents begin
    insert into search_documents_fts (search_documents_fts, rowid, search_text)
      values ('delete', old.doc, old.search_text);
    insert into search_documents_fts (rowid, search_text) values (new.doc, new.search_text);
  end`.execute(db)
  await sql`insert into search_documents_fts (rowid, search_text)
    select doc, search_text from search_documents`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop index search_documents_vector_idx`.execute(db)
    await sql`alter table search_documents drop column search_vector`.execute(db)
  } else {
    for (const trigger of ['search_documents_ai', 'search_documents_ad', 'search_documents_au'])
      await sql`drop trigger ${sql.raw(trigger)}`.execute(db)
    await sql`drop table search_documents_fts`.execute(db)
  }
  await db.schema.alterTable('search_documents').dropColumn('visible_from').execute()
}
