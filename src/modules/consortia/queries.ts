import { type Insertable, sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type { ConsortiaTable, ConsortiumPartnerRole, DeliverableStatus } from '../../db/schema.ts'
import type { ListFilter } from './schemas.ts'

/** A record's own columns, as the form and the import give them (flags are set apart, by coordinators). */
export type ConsortiumColumns = Required<
  Omit<
    Insertable<ConsortiaTable>,
    'id' | 'slug' | 'created_by' | 'created_at' | 'updated_at' | 'good_practice' | 'success_story'
  >
>

export function findBySlug(db: Queryable, slug: string) {
  return db.selectFrom('consortia').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export function findByReference(db: Queryable, reference: string) {
  return db
    .selectFrom('consortia')
    .select(['id', 'slug'])
    .where('reference', '=', reference)
    .executeTakeFirst()
}

export async function slugTaken(db: Queryable, slug: string): Promise<boolean> {
  return (
    (await db.selectFrom('consortia').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined
  )
}

function filtered(db: Queryable, filter: ListFilter) {
  let query = db.selectFrom('consortia')
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.flag === 'good_practice') query = query.where('good_practice', '=', 1)
  if (filter.flag === 'success_story') query = query.where('success_story', '=', 1)
  if (filter.country) {
    const country = filter.country
    query = query.where('consortia.id', 'in', (eb) =>
      eb
        .selectFrom('consortium_partners')
        .innerJoin('institutions', 'institutions.id', 'consortium_partners.institution_id')
        .select('consortium_partners.consortium_id')
        .where('institutions.country', '=', country),
    )
  }
  if (filter.q) {
    for (const word of filter.q.split(/\s+/).filter(Boolean).slice(0, 8)) {
      // LIKE wildcards typed by the person are searched for as characters.
      const like = `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      query = query.where((eb) =>
        eb.or(
          (['title_az', 'title_en', 'title_ru', 'acronym', 'reference'] as const).map(
            (column) => sql<boolean>`lower(${sql.ref(`consortia.${column}`)}) like ${like} escape '\\'`,
          ),
        ),
      )
    }
  }
  return query
}

/** One page of the public list, latest start first. */
export function listConsortia(db: Queryable, filter: ListFilter, offset: number, limit: number) {
  return filtered(db, filter)
    .selectAll('consortia')
    .orderBy('consortia.start_date', 'desc')
    .orderBy('consortia.id')
    .offset(offset)
    .limit(limit)
    .execute()
}

export async function countConsortia(db: Queryable, filter: ListFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function partnersOf(db: Queryable, consortiumIds: readonly string[]) {
  if (consortiumIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('consortium_partners')
    .innerJoin('institutions', 'institutions.id', 'consortium_partners.institution_id')
    .select([
      'consortium_partners.id',
      'consortium_partners.consortium_id',
      'consortium_partners.institution_id',
      'consortium_partners.role',
      'institutions.slug',
      'institutions.name',
      'institutions.country',
      'institutions.city',
      'institutions.erasmus_pic',
    ])
    .where('consortium_partners.consortium_id', 'in', consortiumIds)
    .orderBy('consortium_partners.position')
    .orderBy('institutions.name')
    .execute()
}

export async function insertPartner(
  db: Queryable,
  partner: { consortiumId: string; institutionId: string; role: ConsortiumPartnerRole; id: string },
): Promise<void> {
  const last = await db
    .selectFrom('consortium_partners')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('consortium_id', '=', partner.consortiumId)
    .executeTakeFirst()
  await db
    .insertInto('consortium_partners')
    .values({
      id: partner.id,
      consortium_id: partner.consortiumId,
      institution_id: partner.institutionId,
      role: partner.role,
      position: Number(last?.p ?? -1) + 1,
    })
    .execute()
}

export function workPackagesOf(db: Queryable, consortiumId: string) {
  return db
    .selectFrom('work_packages')
    .leftJoin('institutions', 'institutions.id', 'work_packages.lead_institution_id')
    .selectAll('work_packages')
    .select(['institutions.slug as lead_slug', 'institutions.name as lead_name'])
    .where('work_packages.consortium_id', '=', consortiumId)
    .orderBy('work_packages.number')
    .execute()
}

export function findWorkPackage(db: Queryable, consortiumId: string, id: string) {
  return db
    .selectFrom('work_packages')
    .selectAll()
    .where('consortium_id', '=', consortiumId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function deliverablesOf(db: Queryable, consortiumId: string) {
  return db
    .selectFrom('deliverables')
    .innerJoin('work_packages', 'work_packages.id', 'deliverables.work_package_id')
    .selectAll('deliverables')
    .where('work_packages.consortium_id', '=', consortiumId)
    .orderBy('deliverables.code')
    .execute()
}

export function findDeliverable(db: Queryable, consortiumId: string, id: string) {
  return db
    .selectFrom('deliverables')
    .innerJoin('work_packages', 'work_packages.id', 'deliverables.work_package_id')
    .selectAll('deliverables')
    .select('work_packages.lead_institution_id')
    .where('work_packages.consortium_id', '=', consortiumId)
    .where('deliverables.id', '=', id)
    .executeTakeFirst()
}

export function updateDeliverableStatus(
  db: Queryable,
  id: string,
  status: DeliverableStatus,
  deliveredOn: string | null,
) {
  return db
    .updateTable('deliverables')
    .set({ status, delivered_on: deliveredOn })
    .where('id', '=', id)
    .execute()
}

export function meetingsOf(db: Queryable, consortiumId: string) {
  return db
    .selectFrom('consortium_meetings')
    .innerJoin('events', 'events.id', 'consortium_meetings.event_id')
    .select([
      'consortium_meetings.kind',
      'events.id as event_id',
      'events.slug',
      'events.title_az',
      'events.title_en',
      'events.title_ru',
      'events.starts_at',
      'events.time_zone',
      'events.status',
    ])
    .where('consortium_meetings.consortium_id', '=', consortiumId)
    .orderBy('events.starts_at')
    .execute()
}

/**
 * Events a consortium may link as a meeting: published (not drafts nor cancelled ones), not linked yet, and (when the consortium
 * has dates) held while it runs; the events that name the consortium come first.
 */
export function linkableEvents(
  db: Queryable,
  consortium: { id: string; start_date: string | null; end_date: string | null },
  limit: number,
) {
  let query = db
    .selectFrom('events')
    .select(['id', 'slug', 'title_az', 'title_en', 'title_ru', 'starts_at', 'time_zone'])
    .where('status', '=', 'published')
    .where('id', 'not in', (eb) =>
      eb.selectFrom('consortium_meetings').select('event_id').where('consortium_id', '=', consortium.id),
    )
  if (consortium.start_date) query = query.where('ends_at', '>=', consortium.start_date)
  // The whole last day counts: an event starting on it starts before the next day.
  if (consortium.end_date) query = query.where('starts_at', '<', nextDay(consortium.end_date))
  return query
    .orderBy(sql`case when consortium_id = ${consortium.id} then 0 else 1 end`)
    .orderBy('starts_at', 'desc')
    .limit(limit)
    .execute()
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString()
}

export function findEvent(db: Queryable, id: string) {
  return db.selectFrom('events').select(['id', 'status']).where('id', '=', id).executeTakeFirst()
}

/** The institutions a person works for (confirmed memberships), by name. */
export function ownInstitutions(db: Queryable, personId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('institutions', 'institutions.id', 'memberships.institution_id')
    .select(['institutions.id', 'institutions.name', 'institutions.country'])
    .where('memberships.person_id', '=', personId)
    .where('memberships.status', '=', 'confirmed')
    .where('institutions.merged_into', 'is', null)
    .orderBy('institutions.name')
    .execute()
}

export function findInstitution(db: Queryable, id: string) {
  return db
    .selectFrom('institutions')
    .select(['id', 'name', 'country', 'merged_into'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** A registry institution with this folded name in this country (the import's match), the oldest first. */
export function institutionByKey(db: Queryable, key: string, country: string) {
  return db
    .selectFrom('institutions')
    .select(['id', 'erasmus_pic'])
    .where('name_key', '=', key)
    .where('country', '=', country)
    .where('merged_into', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst()
}

/** Consortium projects an institution is a partner of, newest first. */
export function consortiaOfInstitution(db: Queryable, institutionId: string, limit: number) {
  return db
    .selectFrom('consortium_partners as cp')
    .innerJoin('consortia as c', 'c.id', 'cp.consortium_id')
    .select(['c.slug', 'c.acronym', 'c.title_az', 'c.title_en', 'c.title_ru'])
    .where('cp.institution_id', '=', institutionId)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute()
}
