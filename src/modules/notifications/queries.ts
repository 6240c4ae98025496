import type { Queryable } from '../../db/database.ts'
import type { NotificationsTable } from '../../db/schema.ts'
import type { Mode } from './kinds.ts'

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

export async function preferenceFor(
  db: Queryable,
  personId: string,
  kind: string,
): Promise<Mode | undefined> {
  const row = await db
    .selectFrom('notification_preferences')
    .select('mode')
    .where('person_id', '=', personId)
    .where('kind', '=', kind)
    .executeTakeFirst()
  return row?.mode
}

export function preferencesOf(db: Queryable, personId: string) {
  return db
    .selectFrom('notification_preferences')
    .select(['kind', 'mode'])
    .where('person_id', '=', personId)
    .execute()
}

/** Replaces the person's choices for the given kinds (delete then insert: the same on both databases). */
export async function setPreferences(
  db: Queryable,
  personId: string,
  choices: ReadonlyArray<{ kind: string; mode: Mode }>,
): Promise<void> {
  if (choices.length === 0) return
  await db
    .deleteFrom('notification_preferences')
    .where('person_id', '=', personId)
    .where(
      'kind',
      'in',
      choices.map((c) => c.kind),
    )
    .execute()
  await db
    .insertInto('notification_preferences')
    .values(choices.map((c) => ({ person_id: personId, kind: c.kind, mode: c.mode })))
    .execute()
}

export async function personExists(db: Queryable, personId: string): Promise<boolean> {
  const row = await db.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst()
  return row !== undefined
}

/** People with notifications waiting for a digest that is due. */
export async function peopleWithDueDigest(db: Queryable, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('notifications')
    .select('person_id')
    .distinct()
    .where('digested_at', 'is', null)
    .where('digest_due_at', '<=', now)
    .execute()
  return rows.map((r) => r.person_id)
}

/**
 * Marks the person's due notifications digested and returns them: the claim and the digest mail share a
 * transaction, and a row already claimed (by another run or worker) is not returned again.
 */
export function claimDigest(db: Queryable, personId: string, now: string) {
  return db
    .updateTable('notifications')
    .set({ digested_at: now })
    .where('person_id', '=', personId)
    .where('digested_at', 'is', null)
    .where('digest_due_at', '<=', now)
    .returning(['id', 'kind', 'title', 'body', 'link', 'created_at'])
    .execute()
}
