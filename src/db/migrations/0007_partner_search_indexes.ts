import { type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * Partner search pages and bounded samples that walk one index and stop. Frozen: later changes go into new
 * migrations.
 *
 * Every search is driven by ONE of its filters (the one with the fewest rows, known from partner_facet_counts): the
 * rows carrying that filter are read newest first (`sort_at desc, doc desc`) from an index that starts with the
 * filter's value and then `sort_at`, so `ORDER BY sort_at DESC LIMIT n` walks the index and stops instead of sorting
 * a country in a temp B-tree. Each of these indexes also carries the other single-valued facets (audience, kind,
 * country, region, type, looking), so the other filters are checked from the index entry without reading the row.
 *
 * partner_search_tags rows now carry their row's audience, kind, country, region, type, looking and sort_at (kept
 * by the application with the tags), so a search driven by a subject, language or age band is answered from one
 * index of the tag table too.
 */
const FACETS = ['audience', 'kind', 'country', 'region', 'institution_type', 'looking'] as const

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter
  const timestamp = pg ? sql`timestamptz` : sql`text`
  await db.schema.alterTable('partner_search_tags').addColumn('audience', 'integer').execute()
  await db.schema.alterTable('partner_search_tags').addColumn('kind', 'varchar(16)').execute()
  await db.schema.alterTable('partner_search_tags').addColumn('country', 'varchar(2)').execute()
  await db.schema.alterTable('partner_search_tags').addColumn('region', 'varchar(10)').execute()
  await db.schema.alterTable('partner_search_tags').addColumn('institution_type', 'varchar(32)').execute()
  await db.schema.alterTable('partner_search_tags').addColumn('looking', 'integer').execute()
  await db.schema.alterTable('partner_search_tags').addColumn('sort_at', timestamp).execute()
  await sql`update partner_search_tags set audience = s.audience, kind = s.kind, country = s.country,
    region = s.region, institution_type = s.institution_type, looking = s.looking, sort_at = s.sort_at
    from partner_search s where s.doc = partner_search_tags.doc`.execute(db)

  const withRest = (lead: string) => [lead, 'sort_at', 'doc', ...FACETS.filter((c) => c !== lead)]
  for (const [name, table, columns] of [
    ['partner_search_tags_browse_idx', 'partner_search_tags', ['tag', 'sort_at', 'doc', ...FACETS]],
    ['partner_search_country_browse_idx', 'partner_search', withRest('country')],
    ['partner_search_region_browse_idx', 'partner_search', withRest('region')],
    ['partner_search_type_browse_idx', 'partner_search', withRest('institution_type')],
    ['partner_search_looking_browse_idx', 'partner_search', withRest('looking')],
    ['partner_search_all_browse_idx', 'partner_search', ['sort_at', 'doc', ...FACETS]],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on(table)
      .columns([...columns])
      .execute()
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'partner_search_tags_browse_idx',
    'partner_search_country_browse_idx',
    'partner_search_region_browse_idx',
    'partner_search_type_browse_idx',
    'partner_search_looking_browse_idx',
    'partner_search_all_browse_idx',
  ]) {
    await db.schema.dropIndex(name).execute()
  }
  for (const column of ['sort_at', 'looking', 'institution_type', 'region', 'country', 'kind', 'audience']) {
    await db.schema.alterTable('partner_search_tags').dropColumn(column).execute()
  }
}
