import type { Kysely } from 'kysely'

/**
 * Who holds a running job: each claim writes a fresh token (worker host and process, plus a random part), and a
 * worker records a job's outcome only while the row still carries its token. A worker whose lease ran out and whose
 * job another worker took over can then no longer mark it done or pending; operators see which process holds a
 * job that stays running. Frozen: later changes go into new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('locked_by', 'varchar(100)').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('locked_by').execute()
}
