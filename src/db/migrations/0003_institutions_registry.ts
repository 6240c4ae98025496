import { type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * The institutions registry: external identifiers, levels and languages, per-language descriptions, a
 * normalised name key for deduplication, merges, and groups of ISO 3166-2 subdivisions (Azerbaijan's economic
 * regions). Frozen: later changes go into new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter
  const timestamp = pg ? sql`timestamptz` : sql`text`

  // SQLite adds one column per ALTER TABLE statement, so each is its own statement on both databases.
  const columns: Array<[string, string]> = [
    ['national_id', 'varchar(64)'],
    ['erasmus_pic', 'varchar(16)'],
    ['erasmus_code', 'varchar(32)'],
    ['oid', 'varchar(16)'],
    ['logo_path', 'varchar(300)'],
    ['description_az', 'text'],
    ['description_en', 'text'],
    ['description_ru', 'text'],
  ]
  for (const [name, type] of columns) {
    await db.schema.alterTable('institutions').addColumn(name, sql.raw(type)).execute()
  }
  // JSON arrays as text: both databases store them the same way and the registry never queries inside them.
  await db.schema
    .alterTable('institutions')
    .addColumn('education_levels', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
  await db.schema
    .alterTable('institutions')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
  await db.schema
    .alterTable('institutions')
    .addColumn('name_key', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .execute()
  await db.schema
    .alterTable('institutions')
    .addColumn('merged_into', 'varchar(36)', (c) => c.references('institutions.id').onDelete('set null'))
    .execute()
  await db.schema.alterTable('institutions').addColumn('merged_at', timestamp).execute()

  // Backfill the name key with the rule as it stands today (copied here: a migration never imports app code).
  const rows = (await db.selectFrom('institutions').select(['id', 'name']).execute()) as Array<{
    id: string
    name: string
  }>
  for (const row of rows) {
    await db
      .updateTable('institutions')
      .set({ name_key: nameKey(row.name) })
      .where('id', '=', row.id)
      .execute()
  }

  // External identifiers are unique when present; partial indexes say so on both databases.
  for (const column of ['national_id', 'erasmus_pic', 'erasmus_code', 'oid']) {
    await db.schema
      .createIndex(`institutions_${column}_uq`)
      .on('institutions')
      .column(column)
      .unique()
      .where(sql.ref(column), 'is not', null)
      .execute()
  }
  // Deduplication looks up (name key, country, city) on every imported row.
  await db.schema
    .createIndex('institutions_dedup_idx')
    .on('institutions')
    .columns(['name_key', 'country', 'city'])
    .execute()

  await db.schema
    .createTable('region_groups')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('country', 'varchar(2)', (c) => c.notNull())
    .addColumn('code', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('name_az', 'varchar(120)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(120)', (c) => c.notNull())
    .addColumn('name_ru', 'varchar(120)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('region_group_members')
    .addColumn('group_id', 'varchar(36)', (c) =>
      c.notNull().references('region_groups.id').onDelete('cascade'),
    )
    .addColumn('subdivision', 'varchar(10)', (c) => c.notNull())
    .addPrimaryKeyConstraint('region_group_members_pk', ['group_id', 'subdivision'])
    .execute()
  await db.schema
    .createIndex('region_group_members_subdivision_idx')
    .on('region_group_members')
    .column('subdivision')
    .execute()
}

function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/ə/g, 'e')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 300)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('region_group_members').execute()
  await db.schema.dropTable('region_groups').execute()
  await db.schema.dropIndex('institutions_dedup_idx').execute()
  for (const column of ['national_id', 'erasmus_pic', 'erasmus_code', 'oid']) {
    await db.schema.dropIndex(`institutions_${column}_uq`).execute()
  }
  for (const column of [
    'merged_at',
    'merged_into',
    'name_key',
    'languages',
    'education_levels',
    'description_ru',
    'description_en',
    'description_az',
    'logo_path',
    'oid',
    'erasmus_code',
    'erasmus_pic',
    'national_id',
  ]) {
    await db.schema.alterTable('institutions').dropColumn(column).execute()
  }
}
