import { type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * Foundation tables. Frozen: later changes go into new migrations.
 * Timestamps are timestamptz on PostgreSQL and ISO-8601 UTC text on SQLite; both read back as ISO strings.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter
  const timestamp = pg ? sql`timestamptz` : sql`text`

  await db.schema
    .createTable('people')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().defaultTo('adult'))
    .addColumn('locale', 'varchar(8)')
    .addColumn('email_verified_at', timestamp)
    .addColumn('validated_at', timestamp)
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('role_grants')
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('granted_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('role_grants_pk', ['person_id', 'role'])
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', timestamp, (c) => c.notNull())
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sessions_person_idx').on('sessions').column('person_id').execute()

  await db.schema
    .createTable('email_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .addColumn('used_at', timestamp)
    .execute()
  await db.schema
    .createIndex('email_tokens_person_idx')
    .on('email_tokens')
    .columns(['person_id', 'purpose'])
    .execute()

  await db.schema
    .createTable('institutions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('country', 'varchar(2)', (c) => c.notNull())
    .addColumn('region', 'varchar(10)')
    .addColumn('city', 'varchar(120)')
    .addColumn('website', 'varchar(500)')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()
  // Matches the registry's facets: country, then region and type; name for ordered listing.
  await db.schema
    .createIndex('institutions_facets_idx')
    .on('institutions')
    .columns(['country', 'region', 'type'])
    .execute()
  await db.schema.createIndex('institutions_name_idx').on('institutions').columns(['name', 'id']).execute()

  await db.schema
    .createTable('memberships')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('institution_id', 'varchar(36)', (c) =>
      c.notNull().references('institutions.id').onDelete('cascade'),
    )
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('memberships_person_institution_uq', ['person_id', 'institution_id'])
    .execute()
  await db.schema
    .createIndex('memberships_institution_idx')
    .on('memberships')
    .columns(['institution_id', 'status'])
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('at', timestamp, (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('subject_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(36)')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute()
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'id']).execute()

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_at', timestamp, (c) => c.notNull())
    .addColumn('locked_until', timestamp)
    .addColumn('last_error', 'text')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('finished_at', timestamp)
    .execute()
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'run_at']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'jobs',
    'audit_log',
    'memberships',
    'institutions',
    'email_tokens',
    'sessions',
    'role_grants',
    'people',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
