import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * The public portal (issue 8): news articles with their revisions, tags and links to what they are about;
 * editable static pages; the resources library; monthly statistics snapshots (computed or entered); notification
 * preferences and the daily digest; and the rows the site search reads. Frozen: later changes go into new
 * migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter
  const timestamp = pg ? sql`timestamptz` : sql`text`
  // Who did something: the record stays when the person's account is deleted.
  const person = (c: ColumnDefinitionBuilder) => c.references('people.id').onDelete('set null')

  // ---------------------------------------------------------------- news

  await db.schema
    .createTable('articles')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull().unique())
    // draft | in_review | published | archived
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('title_az', 'varchar(300)')
    .addColumn('title_en', 'varchar(300)')
    .addColumn('title_ru', 'varchar(300)')
    .addColumn('lead_az', 'text')
    .addColumn('lead_en', 'text')
    .addColumn('lead_ru', 'text')
    // Rich text, sanitised on the server before it is stored.
    .addColumn('body_az', 'text')
    .addColumn('body_en', 'text')
    .addColumn('body_ru', 'text')
    // JSON object: width → stored file name of the cover resized to that width.
    .addColumn('cover_variants', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('cover_alt_az', 'varchar(300)')
    .addColumn('cover_alt_en', 'varchar(300)')
    .addColumn('cover_alt_ru', 'varchar(300)')
    .addColumn('author_id', 'varchar(36)', person)
    // Scheduled publishing: a published article is public from this moment.
    .addColumn('publish_at', timestamp)
    .addColumn('published_at', timestamp)
    .addColumn('published_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('articles_published_idx')
    .on('articles')
    .columns(['status', 'publish_at'])
    .execute()

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'varchar(36)', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag'])
    .execute()
  await db.schema
    .createIndex('article_tags_tag_idx')
    .on('article_tags')
    .columns(['tag', 'article_id'])
    .execute()

  // What an article is about: institutions, projects, consortia, networks and events, whose pages list it.
  await db.schema
    .createTable('article_links')
    .addColumn('article_id', 'varchar(36)', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    // institution | project | consortium | network | event
    .addColumn('entity_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_links_pk', ['article_id', 'entity_type', 'entity_id'])
    .execute()
  await db.schema
    .createIndex('article_links_entity_idx')
    .on('article_links')
    .columns(['entity_type', 'entity_id'])
    .execute()

  // Every saved version of an article or a static page, for the revision history.
  await db.schema
    .createTable('revisions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    // article | page
    .addColumn('subject_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('editor_id', 'varchar(36)', person)
    .addColumn('at', timestamp, (c) => c.notNull())
    // JSON: the texts as saved.
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('revisions_subject_idx')
    .on('revisions')
    .columns(['subject_type', 'subject_id', 'at'])
    .execute()

  // Static pages (about, how to join, contact…) that editors keep up to date.
  await db.schema
    .createTable('pages')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(80)', (c) => c.notNull().unique())
    .addColumn('title_az', 'varchar(300)')
    .addColumn('title_en', 'varchar(300)')
    .addColumn('title_ru', 'varchar(300)')
    .addColumn('body_az', 'text')
    .addColumn('body_en', 'text')
    .addColumn('body_ru', 'text')
    .addColumn('updated_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()

  // ---------------------------------------------------------------- resources

  await db.schema
    .createTable('resources')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull().unique())
    // brochure | guide | application_form | template | training_material | other
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('title_az', 'varchar(300)')
    .addColumn('title_en', 'varchar(300)')
    .addColumn('title_ru', 'varchar(300)')
    .addColumn('description_az', 'text')
    .addColumn('description_en', 'text')
    .addColumn('description_ru', 'text')
    // JSON array of audience codes.
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('[]'))
    // ISO 639-1 code of the file's language.
    .addColumn('language', 'varchar(8)')
    // SPDX identifier, e.g. CC-BY-4.0.
    .addColumn('licence', 'varchar(40)')
    // public | members
    .addColumn('visibility', 'varchar(16)', (c) => c.notNull())
    .addColumn('stored_name', 'varchar(80)', (c) => c.notNull())
    .addColumn('original_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('downloads', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('resources_visibility_idx')
    .on('resources')
    .columns(['visibility', 'created_at'])
    .execute()

  await db.schema
    .createTable('resource_tags')
    .addColumn('resource_id', 'varchar(36)', (c) =>
      c.notNull().references('resources.id').onDelete('cascade'),
    )
    .addColumn('tag', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_tags_pk', ['resource_id', 'tag'])
    .execute()

  // ---------------------------------------------------------------- statistics

  // One figure per month and metric: computed by the monthly job (or `korpu stats rebuild`), or entered by a
  // coordinator for months before the platform existed. Entered figures are never overwritten by computed ones.
  await db.schema
    .createTable('stats_snapshots')
    // YYYY-MM
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('metric', 'varchar(64)', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    // computed | entered
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('entered_by', 'varchar(36)', person)
    .addColumn('recorded_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_snapshots_pk', ['metric', 'month'])
    .execute()

  // ---------------------------------------------------------------- notifications

  // How each person wants each kind of notification by email: immediately, in the daily digest, or not at all.
  await db.schema
    .createTable('notification_preferences')
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    // immediate | digest | off
    .addColumn('mode', 'varchar(16)', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['person_id', 'kind'])
    .execute()
  // The language a notification was written in (its page marks it with lang), and when the digest carried it.
  await db.schema.alterTable('notifications').addColumn('locale', 'varchar(8)').execute()
  await db.schema.alterTable('notifications').addColumn('digest_due_at', timestamp).execute()
  await db.schema.alterTable('notifications').addColumn('digested_at', timestamp).execute()
  await db.schema
    .createIndex('notifications_digest_idx')
    .on('notifications')
    .columns(['digested_at', 'digest_due_at'])
    .execute()

  // ---------------------------------------------------------------- site search

  // One row per findable thing, with who may read it, kept current by each module when the thing changes. The
  // text index over it (FTS5 / tsvector) is created by the search module's own migration.
  await db.schema
    .createTable('search_documents')
    .addColumn('doc', pg ? sql`bigint generated by default as identity` : 'integer', (c) => c.primaryKey())
    // article | page | project | institution | event | consortium | outcome | network | resource
    .addColumn('entity_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(36)', (c) => c.notNull())
    // public | members (validated members and staff)
    .addColumn('audience', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(500)', (c) => c.notNull())
    .addColumn('url', 'varchar(500)', (c) => c.notNull())
    // Folded text of every language version (src/modules/partners/fold.ts), what the text index reads.
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('search_documents_entity_uq', ['entity_type', 'entity_id'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_digest_idx').execute()
  for (const column of ['digested_at', 'digest_due_at', 'locale']) {
    await db.schema.alterTable('notifications').dropColumn(column).execute()
  }
  for (const table of [
    'search_documents',
    'notification_preferences',
    'stats_snapshots',
    'resource_tags',
    'resources',
    'pages',
    'revisions',
    'article_links',
    'article_tags',
    'articles',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
