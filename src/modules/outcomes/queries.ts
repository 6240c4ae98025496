import type { Expression, SelectQueryBuilder, SqlBool } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type { Database, OutcomesTable } from '../../db/schema.ts'

/**
 * SQL of outcomes and their catalogue. The catalogue walks one of the outcomes indexes (type, country, owner,
 * consortium or language, each with created_at) newest first and stops at the page; its counts are grouped by the
 * database and reused for a while (see catalogue.ts).
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

/** The catalogue's filters, resolved to ids. */
export interface CatalogueFilter {
  type?: string
  subjectId?: string
  language?: string
  country?: string
  institutionId?: string
  consortiumId?: string
}

type OutcomeQuery<O> = SelectQueryBuilder<Database & { o: OutcomesTable }, 'o', O>

function filtered<O>(query: OutcomeQuery<O>, f: CatalogueFilter): OutcomeQuery<O> {
  let q = query
  if (f.type) q = q.where('o.type', '=', f.type as OutcomesTable['type'])
  if (f.language) q = q.where('o.language', '=', f.language)
  if (f.country) q = q.where('o.country', '=', f.country)
  if (f.institutionId) q = q.where('o.owner_institution_id', '=', f.institutionId)
  if (f.consortiumId) q = q.where('o.consortium_id', '=', f.consortiumId)
  const subjectId = f.subjectId
  if (subjectId) {
    q = q.where(
      (eb): Expression<SqlBool> =>
        eb(
          'o.id',
          'in',
          eb.selectFrom('outcome_subjects as s').select('s.outcome_id').where('s.subject_id', '=', subjectId),
        ),
    )
  }
  return q
}

/** One page of matching outcomes, newest first, with the owner and project a card names. */
export async function cataloguePage(db: Queryable, f: CatalogueFilter, limit: number, offset: number) {
  // The page's ids first (an index walk that stops), then what their cards show.
  const ids = await filtered(db.selectFrom('outcomes as o').select(['o.id', 'o.created_at']), f)
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute()
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
    .where(
      'o.id',
      'in',
      ids.map((r) => r.id),
    )
    .execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.map((r) => byId.get(r.id)).filter((r) => r !== undefined)
}

export async function catalogueTotal(db: Queryable, f: CatalogueFilter): Promise<number> {
  const row = await filtered(
    db.selectFrom('outcomes as o').select((eb) => eb.fn.countAll<number>().as('n')),
    f,
  ).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** How many matches carry each value of one column. */
export async function facetOf(
  db: Queryable,
  f: CatalogueFilter,
  column: 'type' | 'language' | 'country',
): Promise<Array<{ value: string; count: number }>> {
  const ref = `o.${column}` as const
  const rows = await filtered(
    db
      .selectFrom('outcomes as o')
      .select((eb) => [eb.ref(ref).as('value'), eb.fn.countAll<number>().as('n')]),
    f,
  )
    .where(ref, 'is not', null)
    .groupBy(ref)
    .execute()
  return rows.map((r) => ({ value: String(r.value), count: Number(r.n) }))
}

/** How many matches carry each subject. */
export async function subjectFacet(db: Queryable, f: CatalogueFilter) {
  const rows = await db
    .selectFrom('outcome_subjects as os')
    .innerJoin('subjects as s', 's.id', 'os.subject_id')
    .select((eb) => ['s.code', eb.fn.countAll<number>().as('n')])
    .where('os.outcome_id', 'in', filtered(db.selectFrom('outcomes as o').select('o.id'), f))
    .groupBy('s.code')
    .execute()
  return rows.map((r) => ({ value: r.code, count: Number(r.n) }))
}

/** A consortium's outcomes, newest first (its page lists them). */
export function outcomesOfConsortium(db: Queryable, consortiumId: string) {
  return db
    .selectFrom('outcomes')
    .select(['slug', 'type', 'title_az', 'title_en', 'title_ru', 'language', 'ects'])
    .where('consortium_id', '=', consortiumId)
    .orderBy('created_at', 'desc')
    .execute()
}
