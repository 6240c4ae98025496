import { sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'

/** What attendance, certificates and outcomes need of an event. */
export function eventForAttendance(db: Queryable, slug: string) {
  return db
    .selectFrom('events')
    .select([
      'id',
      'slug',
      'status',
      'title_az',
      'title_en',
      'title_ru',
      'starts_at',
      'ends_at',
      'time_zone',
      'report_az',
      'report_en',
      'report_ru',
      'outcome_recorded_at',
    ])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

/** Confirmed participants with where they came from and whether they were checked in on `day`. */
export function confirmedParticipants(db: Queryable, eventId: string, day: string) {
  return db
    .selectFrom('event_registrations as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('institutions as i', 'i.id', 'r.institution_id')
    .leftJoin('event_attendance as a', (join) =>
      join.onRef('a.registration_id', '=', 'r.id').on('a.day', '=', day),
    )
    .select([
      'r.id',
      'r.ticket',
      'r.region',
      'r.institution_type',
      'p.name',
      'p.email',
      'i.name as institution',
      'a.checked_in_at',
    ])
    .where('r.event_id', '=', eventId)
    .where('r.status', '=', 'confirmed')
    .orderBy('p.name')
    .orderBy('r.id')
    .execute()
}

export function registrationForCheckIn(
  db: Queryable,
  eventId: string,
  by: { id: string } | { ticket: string },
) {
  return db
    .selectFrom('event_registrations as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('institutions as i', 'i.id', 'r.institution_id')
    .select(['r.id', 'r.status', 'r.ticket', 'r.person_id', 'p.name', 'i.name as institution'])
    .where('r.event_id', '=', eventId)
    .$if('id' in by, (q) => q.where('r.id', '=', 'id' in by ? by.id : ''))
    .$if('ticket' in by, (q) => q.where('r.ticket', '=', 'ticket' in by ? by.ticket : ''))
    .executeTakeFirst()
}

export function ownRegistration(db: Queryable, eventId: string, personId: string) {
  return db
    .selectFrom('event_registrations')
    .select(['id', 'status', 'ticket'])
    .where('event_id', '=', eventId)
    .where('person_id', '=', personId)
    .executeTakeFirst()
}

/** Records a day's check-in; checking someone in twice for one day keeps the first. */
export async function insertAttendance(
  db: Queryable,
  row: { registrationId: string; day: string; at: string; by: string | null },
): Promise<boolean> {
  const result = await db
    .insertInto('event_attendance')
    .values({
      registration_id: row.registrationId,
      day: row.day,
      checked_in_at: row.at,
      checked_in_by: row.by,
    })
    .onConflict((oc) => oc.columns(['registration_id', 'day']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function deleteAttendance(db: Queryable, registrationId: string, day: string): Promise<boolean> {
  const result = await db
    .deleteFrom('event_attendance')
    .where('registration_id', '=', registrationId)
    .where('day', '=', day)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export async function attendedDays(db: Queryable, registrationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('event_attendance')
    .select('day')
    .where('registration_id', '=', registrationId)
    .orderBy('day')
    .execute()
  return rows.map((r) => r.day)
}

export function certificateOf(db: Queryable, registrationId: string) {
  return db
    .selectFrom('event_certificates')
    .select(['code', 'issued_at'])
    .where('registration_id', '=', registrationId)
    .executeTakeFirst()
}

/** Issues the registration's certificate once: a second request (or a race) finds the first. */
export async function insertCertificate(
  db: Queryable,
  row: { id: string; registrationId: string; code: string; at: string },
): Promise<void> {
  await db
    .insertInto('event_certificates')
    .values({ id: row.id, registration_id: row.registrationId, code: row.code, issued_at: row.at })
    .onConflict((oc) => oc.column('registration_id').doNothing())
    .execute()
}

/** A certificate by its code with what the verification page may show: the name, the event and its dates. */
export function certificateByCode(db: Queryable, code: string) {
  return db
    .selectFrom('event_certificates as c')
    .innerJoin('event_registrations as r', 'r.id', 'c.registration_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select([
      'c.code',
      'c.issued_at',
      'c.registration_id',
      'p.name',
      'e.slug',
      'e.status',
      'e.title_az',
      'e.title_en',
      'e.title_ru',
      'e.starts_at',
      'e.ends_at',
      'e.time_zone',
    ])
    .where('c.code', '=', code)
    .executeTakeFirst()
}

/** Registrations checked in on at least one day: the participants the outcome counts. */
function attended(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_registrations as r')
    .where('r.event_id', '=', eventId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('event_attendance as a')
          .select(sql`1`.as('one'))
          .whereRef('a.registration_id', '=', 'r.id'),
      ),
    )
}

export function attendedByRegion(db: Queryable, eventId: string) {
  return attended(db, eventId)
    .select(['r.region as value', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('r.region')
    .execute()
}

export function attendedByInstitutionType(db: Queryable, eventId: string) {
  return attended(db, eventId)
    .select(['r.institution_type as value', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('r.institution_type')
    .execute()
}

export function attendanceByDay(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_attendance as a')
    .innerJoin('event_registrations as r', 'r.id', 'a.registration_id')
    .select(['a.day', (eb) => eb.fn.countAll<number>().as('count')])
    .where('r.event_id', '=', eventId)
    .groupBy('a.day')
    .orderBy('a.day')
    .execute()
}

/** Projects that name the event as where they were created; drafts are private plans and are not counted. */
export function projectsCreatedAt(db: Queryable, eventId: string) {
  return db
    .selectFrom('projects')
    .select(['id', 'title_az', 'title_en', 'title_ru', 'status', 'in_gallery_since'])
    .where('event_id', '=', eventId)
    .where('status', '!=', 'draft')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export function eventFileCounts(db: Queryable, eventId: string) {
  return db
    .selectFrom('event_files')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('count')])
    .where('event_id', '=', eventId)
    .groupBy('kind')
    .execute()
}

export function updateReport(
  db: Queryable,
  eventId: string,
  report: { az: string | null; en: string | null; ru: string | null },
  at: string,
) {
  return db
    .updateTable('events')
    .set({
      report_az: report.az,
      report_en: report.en,
      report_ru: report.ru,
      outcome_recorded_at: at,
      updated_at: at,
    })
    .where('id', '=', eventId)
    .execute()
}

/**
 * Events a founder may name as where their project was created: those they took part in (a confirmed place) or
 * ran, most recent first; `only` asks about one event, `also` adds the one the project names already.
 */
export function eventsOfPerson(
  db: Queryable,
  personId: string,
  options: { limit: number; only?: string; also?: string | null },
) {
  return db
    .selectFrom('events as e')
    .select(['e.id', 'e.title_az', 'e.title_en', 'e.title_ru', 'e.starts_at', 'e.time_zone'])
    .where('e.status', '=', 'published')
    .$if(options.only !== undefined, (q) => q.where('e.id', '=', options.only ?? ''))
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('event_registrations as r')
            .select(sql`1`.as('one'))
            .whereRef('r.event_id', '=', 'e.id')
            .where('r.person_id', '=', personId)
            .where('r.status', '=', 'confirmed'),
        ),
        eb.exists(
          eb
            .selectFrom('event_managers as m')
            .select(sql`1`.as('one'))
            .whereRef('m.event_id', '=', 'e.id')
            .where('m.person_id', '=', personId),
        ),
        ...(options.also ? [eb('e.id', '=', options.also)] : []),
      ]),
    )
    .orderBy('e.starts_at', 'desc')
    .limit(options.limit)
    .execute()
}
