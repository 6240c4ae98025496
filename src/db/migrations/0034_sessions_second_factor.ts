import { type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * Sessions a person can recognise and end, and the TOTP second factor. Frozen: later changes go into new
 * migrations.
 *
 * sessions.device: a coarse description from the User-Agent at sign-in ("Firefox · Windows"), for the sessions page.
 * sessions.privileges: the person's privileges when the session began; a session whose person has since gained or
 * lost one is no longer valid (existing sessions carry '' and so end once, at the upgrade).
 * second_factors: the TOTP secret, AES-256-GCM encrypted; enrolled_at is null until a first code confirmed it;
 * last_step is the newest 30-second step a code was accepted for (a code is not accepted twice).
 * recovery_codes: one-time codes, only their SHA-256 (they are long random strings, not passwords).
 * sign_in_challenges: the short-lived state between a correct password and the code; it grants no rights.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter
  const timestamp = pg ? sql`timestamptz` : sql`text`

  await db.schema.alterTable('sessions').addColumn('device', 'varchar(120)').execute()
  await db.schema
    .alterTable('sessions')
    .addColumn('privileges', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .execute()

  await db.schema
    .createTable('second_factors')
    .addColumn('person_id', 'varchar(36)', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
    .addColumn('secret_enc', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('enrolled_at', timestamp)
    .addColumn('last_step', 'integer')
    .execute()

  await db.schema
    .createTable('recovery_codes')
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('used_at', timestamp)
    .addPrimaryKeyConstraint('recovery_codes_pk', ['person_id', 'code_hash'])
    .execute()

  await db.schema
    .createTable('sign_in_challenges')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('device', 'varchar(120)')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('sign_in_challenges_person_idx')
    .on('sign_in_challenges')
    .column('person_id')
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_challenges').execute()
  await db.schema.dropTable('recovery_codes').execute()
  await db.schema.dropTable('second_factors').execute()
  await db.schema.alterTable('sessions').dropColumn('privileges').execute()
  await db.schema.alterTable('sessions').dropColumn('device').execute()
}
