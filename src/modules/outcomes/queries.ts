import type { Queryable } from '../../db/database.ts'
import type { OutcomesTable } from '../../db/schema.ts'

/**
 * SQL of outcomes and their catalogue. The catalogue filters and counts on a compact copy in memory (catalogue.ts),
 * loaded from catalogueRows; the database then reads the page's cards by primary key.
 */

export type OutcomeColumns = Omit<
  OutcomesTable,
  | 'id'
  | 'slug'
  | 'created_by'
  | 'created_at'
  | 'updated_at'
  | 'file_stored_name'
  | 'file_original_name'
  | 'file_media_type'
  | 'file_size'
>

export function findBySlug(db: Queryable, slug: string) {
  return db.selectFrom('outcomes').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function slugTaken(db: Queryable, slug: string): Promise<boolean> {
  const row = await db.selectFrom('outcomes').select('id').where('slug', '=', slug).executeTakeFirst()
  return row !== undefined
}

export function institutionById(db: Queryable, id: string) {
  return db
    .selectFrom('institutions')
    .select(['id', 'slug', 'name', 'country'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export function institutionBySlug(db: Queryable, slug: string) {
  return db
    .selectFrom('institutions')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

export function consortiumById(db: Queryable, id: string) {
  return db
    .selectFrom('consortia')
    .select(['id', 'slug', 'acronym', 'title_az', 'title_en', 'title_ru'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export function consortiumBySlug(db: Queryable, slug: string) {
  return db
    .selectFrom('consortia')
    .select(['id', 'slug', 'acronym', 'title_az', 'title_en', 'title_ru'])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

/** The consortium's partner institutions, in their recorded order. */
export function consortiumPartners(db: Queryable, consortiumId: string) {
  return db
    .selectFrom('consortium_partners as p')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .select(['i.id', 'i.name', 'i.country'])
    .where('p.consortium_id', '=', consortiumId)
    .orderBy('p.position')
    .execute()
}

/** Institutions the person is confirmed staff of. */
export function staffInstitutions(db: Queryable, personId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institution_id')
    .select(['i.id', 'i.name', 'i.country'])
    .where('m.person_id', '=', personId)
    .where('m.status', '=', 'confirmed')
    .orderBy('i.name')
    .execute()
}

export async function isStaffOf(db: Queryable, personId: string, institutionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .select('id')
    .where('person_id', '=', personId)
    .where('institution_id', '=', institutionId)
    .where('status', '=', 'confirmed')
    .executeTakeFirst()
  return row !== undefined
}

export function networkById(db: Queryable, id: string) {
  return db
    .selectFrom('networks')
    .select(['id', 'slug', 'name_az', 'name_en', 'name_ru', 'acronym'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export function networkOptions(db: Queryable) {
  return db
    .selectFrom('networks')
    .select(['id', 'name_az', 'name_en', 'name_ru', 'acronym'])
    .orderBy('name_en')
    .limit(500)
    .execute()
}

export function subjectsByCode(db: Queryable, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([])
  return db
    .selectFrom('subjects')
    .select(['id', 'code'])
    .where('code', 'in', [...codes])
    .execute()
}

export function subjectsOf(db: Queryable, outcomeId: string) {
  return db
    .selectFrom('outcome_subjects as os')
    .innerJoin('subjects as s', 's.id', 'os.subject_id')
    .select(['s.code', 's.name_az', 's.name_en', 's.name_ru'])
    .where('os.outcome_id', '=', outcomeId)
    .orderBy('s.position')
    .execute()
}

export async function setSubjects(
  db: Queryable,
  outcomeId: string,
  subjectIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('outcome_subjects').where('outcome_id', '=', outcomeId).execute()
  if (subjectIds.length > 0) {
    await db
      .insertInto('outcome_subjects')
      .values(subjectIds.map((subject_id) => ({ outcome_id: outcomeId, subject_id })))
      .execute()
  }
}

export function participantsOf(db: Queryable, outcomeId: string) {
  return db
    .selectFrom('outcome_institutions as oi')
    .innerJoin('institutions as i', 'i.id', 'oi.institution_id')
    .select(['i.id', 'i.slug', 'i.name', 'i.country', 'oi.readiness', 'oi.note'])
    .where('oi.outcome_id', '=', outcomeId)
    .orderBy('i.name')
    .execute()
}

// ---------------------------------------------------------------- the catalogue

/** What the catalogue filters and counts on, for every outcome, newest first (catalogue.ts keeps it in memory). */
export function catalogueRows(db: Queryable) {
  return db
    .selectFrom('outcomes')
    .select(['id', 'type', 'language', 'country', 'owner_institution_id', 'consortium_id'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

export function catalogueSubjects(db: Queryable) {
  return db
    .selectFrom('outcome_subjects as os')
    .innerJoin('subjects as s', 's.id', 'os.subject_id')
    .select(['os.outcome_id', 's.code'])
    .execute()
}

export async function outcomeCount(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('outcomes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** What a result card shows, for the given outcomes, in the given order. */
export async function cardsByIds(db: Queryable, ids: readonly string[]) {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('outcomes as o')
    .innerJoin('institutions as i', 'i.id', 'o.owner_institution_id')
    .leftJoin('consortia as c', 'c.id', 'o.consortium_id')
    .select([
      'o.id',
      'o.slug',
      'o.type',
      'o.title_az',
      'o.title_en',
      'o.title_ru',
      'o.country',
      'o.language',
      'o.level',
      'o.ects',
      'o.delivery_mode',
      'o.created_at',
      'i.slug as owner_slug',
      'i.name as owner_name',
      'c.slug as project_slug',
      'c.acronym as project_acronym',
      'c.title_az as project_title_az',
      'c.title_en as project_title_en',
      'c.title_ru as project_title_ru',
    ])
    .where('o.id', 'in', [...ids])
    .execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.map((id) => byId.get(id)).filter((r) => r !== undefined)
}
