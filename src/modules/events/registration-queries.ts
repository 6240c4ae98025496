import type { Insertable, Updateable } from 'kysely'
import { sql } from 'kysely'
import type { Queryable, Trx } from '../../db/database.ts'
import type { EventRegistrationsTable, RegistrationStatus } from '../../db/schema.ts'

/** What registration needs of an event. */
export function eventBySlug(db: Queryable, slug: string) {
  return db
    .selectFrom('events')
    .select([
      'id',
      'slug',
      'status',
      'format',
      'title_az',
      'title_en',
      'title_ru',
      'description_az',
      'description_en',
      'description_ru',
      'venue',
      'city',
      'meeting_url',
      'starts_at',
      'ends_at',
      'time_zone',
      'registration',
      'capacity',
      'approval_required',
      'registration_closes_at',
    ])
    .where('slug', '=', slug)
    .executeTakeFirst()
}
export type RegistrationEvent = NonNullable<Awaited<ReturnType<typeof eventBySlug>>>

export function eventById(db: Queryable, id: string) {
  return db
    .selectFrom('events')
    .select('slug')
    .where('id', '=', id)
    .executeTakeFirst()
    .then((row) => (row ? eventBySlug(db, row.slug) : undefined))
}

/**
 * Takes the event's row lock for the rest of the transaction, so that places are counted and given out by one
 * registration at a time. PostgreSQL only: SQLite runs one write transaction at a time already.
 */
export async function lockEvent(trx: Trx, eventId: string, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'postgres') await sql`select id from events where id = ${eventId} for update`.execute(trx)
}

export function questionsOf(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_questions')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('position')
    .orderBy('key')
    .execute()
}
export type QuestionRow = Awaited<ReturnType<typeof questionsOf>>[number]

export async function insertQuestion(db: Queryable, row: QuestionRow): Promise<void> {
  await db.insertInto('event_questions').values(row).execute()
}

export async function deleteQuestion(db: Queryable, eventId: string, key: string): Promise<boolean> {
  const result = await db
    .deleteFrom('event_questions')
    .where('event_id', '=', eventId)
    .where('key', '=', key)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export function registrationOf(db: Queryable, eventId: string, personId: string) {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('person_id', '=', personId)
    .executeTakeFirst()
}
export type RegistrationRow = NonNullable<Awaited<ReturnType<typeof registrationOf>>>

export function registrationById(db: Queryable, eventId: string, id: string) {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function insertRegistration(
  db: Queryable,
  row: Insertable<EventRegistrationsTable>,
): Promise<void> {
  await db.insertInto('event_registrations').values(row).execute()
}

export async function updateRegistration(
  db: Queryable,
  id: string,
  values: Omit<Updateable<EventRegistrationsTable>, 'id' | 'event_id' | 'person_id'>,
): Promise<void> {
  await db.updateTable('event_registrations').set(values).where('id', '=', id).execute()
}

export async function countWithStatus(
  db: Queryable,
  eventId: string,
  status: RegistrationStatus,
): Promise<number> {
  const row = await db
    .selectFrom('event_registrations')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('event_id', '=', eventId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** The wait list in order: first come, first promoted. */
export function waitList(db: Queryable, eventId: string, limit: number) {
  return db
    .selectFrom('event_registrations')
    .select(['id', 'person_id'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'waitlisted')
    .orderBy('registered_at')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** How many wait ahead of this registration, plus one. */
export async function waitListPosition(db: Queryable, r: RegistrationRow): Promise<number> {
  const row = await db
    .selectFrom('event_registrations')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('event_id', '=', r.event_id)
    .where('status', '=', 'waitlisted')
    .where((eb) =>
      eb.or([
        eb('registered_at', '<', r.registered_at),
        eb.and([eb('registered_at', '=', r.registered_at), eb('id', '<', r.id)]),
      ]),
    )
    .executeTakeFirstOrThrow()
  return Number(row.count) + 1
}

/** Where a person comes from (their first confirmed institution), kept on the registration for the outcomes. */
export function originOf(db: Queryable, personId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institution_id')
    .select(['i.id', 'i.type', 'i.region', 'i.country'])
    .where('m.person_id', '=', personId)
    .where('m.status', '=', 'confirmed')
    .orderBy('m.created_at')
    .orderBy('m.id')
    .executeTakeFirst()
}

export function personById(db: Queryable, id: string) {
  return db.selectFrom('people').select(['id', 'name', 'email']).where('id', '=', id).executeTakeFirst()
}

/** Every registration with its person and institution, for the organisers' list and the CSV. */
export function participants(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_registrations as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('institutions as i', 'i.id', 'r.institution_id')
    .select([
      'r.id',
      'r.status',
      'r.answers',
      'r.region',
      'r.institution_type',
      'r.registered_at',
      'r.confirmed_at',
      'r.cancelled_at',
      'p.name',
      'p.email',
      'i.name as institution',
    ])
    .where('r.event_id', '=', eventId)
    .orderBy('r.registered_at')
    .orderBy('r.id')
    .execute()
}
export type ParticipantRow = Awaited<ReturnType<typeof participants>>[number]

/** When each registration came in, for the timeline (grouped by day in the event's time zone by the service). */
export function registrationTimes(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_registrations')
    .select('registered_at')
    .where('event_id', '=', eventId)
    .orderBy('registered_at')
    .execute()
}

/** Registrations holding or waiting for a place, counted by a column (region, institution type). */
export function activeCountsBy(db: Queryable, eventId: string, column: 'region' | 'institution_type') {
  return db
    .selectFrom('event_registrations')
    .select([`${column} as value`, (eb) => eb.fn.countAll<number>().as('count')])
    .where('event_id', '=', eventId)
    .where('status', 'in', ['pending', 'confirmed', 'waitlisted'])
    .groupBy(column)
    .orderBy('count', 'desc')
    .orderBy('value')
    .execute()
}

export function statusCounts(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_registrations')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('event_id', '=', eventId)
    .groupBy('status')
    .execute()
}

/** Answers of registrations holding or waiting for a place, for counting the choices. */
export function activeAnswers(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_registrations')
    .select('answers')
    .where('event_id', '=', eventId)
    .where('status', 'in', ['pending', 'confirmed', 'waitlisted'])
    .execute()
}

/** Registrations holding or waiting for a place: the people to tell when the event is called off. */
export function activeRegistrations(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_registrations')
    .select(['id', 'person_id'])
    .where('event_id', '=', eventId)
    .where('status', 'in', ['pending', 'confirmed', 'waitlisted'])
    .execute()
}

/**
 * Claims a registration's reminder: sets reminded_at only where it is still empty and the place still held. The
 * one row it changes (or none) decides who sends the reminder, however many workers try at once.
 */
export async function claimReminder(db: Queryable, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('event_registrations')
    .set({ reminded_at: now })
    .where('id', '=', id)
    .where('status', '=', 'confirmed')
    .where('reminded_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export function registrationForReminder(db: Queryable, id: string) {
  return db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select(['r.id', 'r.status', 'r.reminded_at', 'r.person_id', 'e.slug'])
    .where('r.id', '=', id)
    .executeTakeFirst()
}

/** Who runs the event: told when a registration awaits their approval. */
export async function managerIds(db: Queryable, eventId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('event_managers')
    .select('person_id')
    .where('event_id', '=', eventId)
    .execute()
  return rows.map((r) => r.person_id)
}
