import type { Queryable } from '../../db/database.ts'
import type { NotificationsTable } from '../../db/schema.ts'

export function insertNotification(db: Queryable, row: NotificationsTable) {
  return db.insertInto('notifications').values(row).execute()
}

export function recipient(db: Queryable, personId: string) {
  return db
    .selectFrom('people')
    .select(['id', 'email', 'name', 'locale'])
    .where('id', '=', personId)
    .executeTakeFirst()
}

export function listForPerson(db: Queryable, personId: string, limit: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at', 'locale'])
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export async function countUnread(db: Queryable, personId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Marks read only the person's own rows: an id of someone else's notification changes nothing. */
export async function markRead(db: Queryable, personId: string, id: string | null): Promise<number> {
  let query = db
    .updateTable('notifications')
    .set({ read_at: new Date().toISOString() })
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
  if (id) query = query.where('id', '=', id)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows)
}
