import type { Kysely } from 'kysely'

/**
 * The calendar's indexes carry the end, the format and the id after the start (0016 had the start alone). The list
 * and month queries walk an index range by start that reaches a month back (an event may last that long) and keep
 * the events still running, maybe of one format: with those in the index entry the checks need no row, the month
 * view counts its days from the index alone, and only the rows shown are read (it read a whole extra month of rows
 * to discard them). Frozen: later changes go into new migrations.
 */
const INDEXES = [
  { name: 'events_calendar_idx', lead: [] },
  { name: 'events_kind_idx', lead: ['kind'] },
  { name: 'events_region_idx', lead: ['region'] },
] as const

// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  for (const { name, lead } of INDEXES) {
    await db.schema.dropIndex(name).execute()
    await db.schema
      .createIndex(name)
      .on('events')
      .columns(['status', ...lead, 'starts_at', 'ends_at', 'format', 'id'])
      .execute()
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const { name, lead } of INDEXES) {
    await db.schema.dropIndex(name).execute()
    await db.schema
      .createIndex(name)
      .on('events')
      .columns(['status', ...lead, 'starts_at'])
      .execute()
  }
}
