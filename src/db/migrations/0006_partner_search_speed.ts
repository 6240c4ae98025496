import { type Kysely, sql } from 'kysely'

/**
 * Partner search at European scale (1,000,000 members): facet counts from a summary table instead of grouped counts
 * over the whole filtered set. Frozen: later changes go into new migrations.
 *
 * partner_facet_counts holds, per audience and kind, how many index rows carry facet key `facet_key` among those that
 * carry filter key `filter_key` ('' = no filter, or one single filter value; `facet_key` '' = the row count). Keys:
 * 'c:<country>', 'r:<region>', 't:<institution type>', 'looking', and the tags of partner_search_tags as they are
 * ('s:<subject>', 'l:<language>', 'a:<age band>'). The application keeps it current in the same transaction as the
 * index rows; here it is filled once from the existing index.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('partner_facet_counts')
    .addColumn('audience', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('filter_key', 'varchar(100)', (c) => c.notNull())
    .addColumn('facet_key', 'varchar(100)', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_facet_counts_pk', ['filter_key', 'audience', 'kind', 'facet_key'])
    .execute()
  // Results pages filtered by kind alone, newest first.
  await db.schema
    .createIndex('partner_search_kind_recent_idx')
    .on('partner_search')
    .columns(['audience', 'kind', 'sort_at'])
    .execute()
  await sql`insert into partner_facet_counts (audience, kind, filter_key, facet_key, n)
    with keys (doc, k) as (
      select doc, '' from partner_search
      union all select doc, 'c:' || country from partner_search where country is not null
      union all select doc, 'r:' || region from partner_search where region is not null
      union all select doc, 't:' || institution_type from partner_search where institution_type is not null
      union all select doc, 'looking' from partner_search where looking = 1
      union all select doc, tag from partner_search_tags
    )
    select s.audience, s.kind, f.k, v.k, count(*) from partner_search s
      join keys f on f.doc = s.doc join keys v on v.doc = s.doc
      group by s.audience, s.kind, f.k, v.k`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('partner_search_kind_recent_idx').execute()
  await db.schema.dropTable('partner_facet_counts').execute()
}
