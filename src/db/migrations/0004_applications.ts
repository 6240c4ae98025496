import { type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * Join applications: programme forms defined by admins (fields, per-language labels, options), the applications
 * people submit against them, each step of their review (the timeline), uploaded files, coordinators' region
 * scopes, and in-app notifications. Frozen: later changes go into new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter
  const timestamp = pg ? sql`timestamptz` : sql`text`

  await db.schema
    .createTable('application_forms')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('title_az', 'varchar(200)', (c) => c.notNull())
    .addColumn('title_en', 'varchar(200)', (c) => c.notNull())
    .addColumn('title_ru', 'varchar(200)', (c) => c.notNull())
    .addColumn('intro_az', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('intro_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('intro_ru', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    // A retired form takes no new applications; those already made against it keep their answers readable.
    .addColumn('retired_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('application_form_fields')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('form_id', 'varchar(36)', (c) =>
      c.notNull().references('application_forms.id').onDelete('cascade'),
    )
    .addColumn('key', 'varchar(40)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('label_az', 'varchar(300)', (c) => c.notNull())
    .addColumn('label_en', 'varchar(300)', (c) => c.notNull())
    .addColumn('label_ru', 'varchar(300)', (c) => c.notNull())
    // JSON array of { value, label_az, label_en, label_ru } for choice fields; [] otherwise.
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('max_length', 'integer')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('application_form_fields_key_uq', ['form_id', 'key'])
    .execute()

  await db.schema
    .createTable('applications')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('form_id', 'varchar(36)', (c) => c.notNull().references('application_forms.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('institution_id', 'varchar(36)', (c) => c.references('institutions.id').onDelete('set null'))
    .addColumn('proposed_name', 'varchar(300)')
    .addColumn('proposed_type', 'varchar(32)')
    .addColumn('proposed_country', 'varchar(2)')
    .addColumn('proposed_region', 'varchar(10)')
    .addColumn('proposed_city', 'varchar(120)')
    .addColumn('staff_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('subjects', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('age_from', 'integer')
    .addColumn('age_to', 'integer')
    .addColumn('answers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('submitted_at', timestamp, (c) => c.notNull())
    // When the applicant last handed it back to the coordinators: the queue measures waiting time from here.
    .addColumn('waiting_since', timestamp, (c) => c.notNull())
    .addColumn('decided_at', timestamp)
    .addColumn('decided_by', 'varchar(36)', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('decision_reason', 'text')
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()
  // The queue: open applications, oldest waiting first.
  await db.schema
    .createIndex('applications_queue_idx')
    .on('applications')
    .columns(['status', 'waiting_since', 'id'])
    .execute()
  await db.schema.createIndex('applications_person_idx').on('applications').column('person_id').execute()
  await db.schema
    .createIndex('applications_institution_idx')
    .on('applications')
    .column('institution_id')
    .execute()

  await db.schema
    .createTable('application_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('application_id', 'varchar(36)', (c) =>
      c.notNull().references('applications.id').onDelete('cascade'),
    )
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('message', 'text')
    .addColumn('at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('application_events_application_idx')
    .on('application_events')
    .columns(['application_id', 'at'])
    .execute()

  await db.schema
    .createTable('application_files')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('application_id', 'varchar(36)', (c) =>
      c.notNull().references('applications.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('stored_name', 'varchar(80)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('application_files_application_idx')
    .on('application_files')
    .column('application_id')
    .execute()

  await db.schema
    .createTable('coordinator_regions')
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('region', 'varchar(10)', (c) => c.notNull())
    .addPrimaryKeyConstraint('coordinator_regions_pk', ['person_id', 'region'])
    .execute()

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'varchar(500)')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('read_at', timestamp)
    .execute()
  // The header's unread count and the notification centre both read by person, newest first.
  await db.schema
    .createIndex('notifications_person_idx')
    .on('notifications')
    .columns(['person_id', 'read_at', 'created_at'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'notifications',
    'coordinator_regions',
    'application_files',
    'application_events',
    'applications',
    'application_form_fields',
    'application_forms',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
