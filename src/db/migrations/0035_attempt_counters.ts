import { type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * Counters of attempts (failed sign-ins, codes, reset requests…) per key, shared by every web process through the
 * database: one row per key, its window starting with the key's first attempt. The key is an HMAC of the rule and
 * the value (an email address, a client address), so no address is stored in clear. Rows whose window has ended
 * are pruned. Frozen: later changes go into new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const timestamp = db.getExecutor().adapter instanceof PostgresAdapter ? sql`timestamptz` : sql`text`
  await db.schema
    .createTable('attempt_counters')
    .addColumn('key_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('window_end', timestamp, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('attempt_counters_end_idx')
    .on('attempt_counters')
    .column('window_end')
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attempt_counters').execute()
}
