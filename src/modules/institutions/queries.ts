import { sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type { InstitutionType, ProfileVisibility } from '../../db/schema.ts'

export interface InstitutionFilter {
  q?: string
  country?: string
  region?: string
  /** Code of a region group: institutions in any of its subdivisions. */
  economicRegion?: string
  type?: InstitutionType
}

/** Merged records stay (their slugs redirect) but are no longer part of the registry. */
function filtered(db: Queryable, filter: InstitutionFilter) {
  let query = db.selectFrom('institutions').where('institutions.merged_into', 'is', null)
  if (filter.country) query = query.where('institutions.country', '=', filter.country)
  if (filter.region) query = query.where('institutions.region', '=', filter.region)
  if (filter.type) query = query.where('institutions.type', '=', filter.type)
  if (filter.economicRegion) {
    const code = filter.economicRegion
    query = query.where('institutions.region', 'in', (eb) =>
      eb
        .selectFrom('region_group_members')
        .innerJoin('region_groups', 'region_groups.id', 'region_group_members.group_id')
        .select('region_group_members.subdivision')
        .where('region_groups.code', '=', code),
    )
  }
  if (filter.q) {
    for (const word of filter.q.split(/\s+/).filter(Boolean).slice(0, 8)) {
      // Escape LIKE wildcards so that a search for "50%" means the characters, not a pattern.
      const escaped = word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)
      query = query.where(sql<boolean>`lower(institutions.name) like ${`%${escaped}%`} escape '\\'`)
    }
  }
  return query
}

const SUMMARY = [
  'institutions.id',
  'institutions.slug',
  'institutions.name',
  'institutions.type',
  'institutions.country',
  'institutions.region',
  'institutions.city',
  'institutions.website',
] as const

/** One page ordered by name, continuing after (name, id): keyset pagination stays fast deep into the list. */
export function listInstitutions(
  db: Queryable,
  filter: InstitutionFilter,
  after: { name: string; id: string } | null,
  limit: number,
) {
  let query = filtered(db, filter).select(SUMMARY)
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('institutions.name', '>', after.name),
        eb.and([eb('institutions.name', '=', after.name), eb('institutions.id', '>', after.id)]),
      ]),
    )
  }
  return query
    .orderBy('institutions.name')
    .orderBy('institutions.id')
    .limit(limit + 1)
    .execute()
}

export async function countInstitutions(db: Queryable, filter: InstitutionFilter = {}): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Counts per value of one column over the filtered set: one grouped query per facet. */
export async function facetCounts(
  db: Queryable,
  filter: InstitutionFilter,
  column: 'country' | 'region' | 'type',
): Promise<Array<{ value: string; count: number }>> {
  const rows = await filtered(db, filter)
    .select([`institutions.${column} as value`, (eb) => eb.fn.countAll<number>().as('count')])
    .where(`institutions.${column}`, 'is not', null)
    .groupBy(`institutions.${column}`)
    .execute()
  return rows.map((r) => ({ value: String(r.value), count: Number(r.count) }))
}

const DETAIL = [
  ...SUMMARY,
  'institutions.national_id',
  'institutions.erasmus_pic',
  'institutions.erasmus_code',
  'institutions.oid',
  'institutions.logo_path',
  'institutions.education_levels',
  'institutions.languages',
  'institutions.description_az',
  'institutions.description_en',
  'institutions.description_ru',
  'institutions.merged_into',
  'institutions.updated_at',
] as const

export function findBySlug(db: Queryable, slug: string) {
  return db.selectFrom('institutions').select(DETAIL).where('slug', '=', slug).executeTakeFirst()
}

export function findById(db: Queryable, id: string) {
  return db.selectFrom('institutions').select(DETAIL).where('id', '=', id).executeTakeFirst()
}

export async function slugExists(db: Queryable, slug: string): Promise<boolean> {
  return Boolean(await db.selectFrom('institutions').select('id').where('slug', '=', slug).executeTakeFirst())
}

/** People who administer an institution (confirmed institution_admin memberships). */
export async function institutionAdminIds(db: Queryable, institutionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('person_id')
    .where('institution_id', '=', institutionId)
    .where('role', '=', 'institution_admin')
    .where('status', '=', 'confirmed')
    .execute()
  return rows.map((r) => r.person_id)
}

/** Institutions a person administers, for "your institutions" links and bulk checks. */
export async function administeredInstitutionIds(db: Queryable, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('institution_id')
    .where('person_id', '=', personId)
    .where('role', '=', 'institution_admin')
    .where('status', '=', 'confirmed')
    .execute()
  return rows.map((r) => r.institution_id)
}

/** Confirmed, validated members whose profile visibility is one of `audiences` (no profile counts as 'members'). */
export function confirmedMembers(
  db: Queryable,
  institutionId: string,
  limit: number,
  audiences: readonly ProfileVisibility[],
) {
  return db
    .selectFrom('memberships')
    .innerJoin('people', 'people.id', 'memberships.person_id')
    .leftJoin('profiles', 'profiles.person_id', 'people.id')
    .select(['people.id', 'people.name'])
    .where((eb) => eb(eb.fn.coalesce('profiles.visibility', eb.val('members')), 'in', audiences))
    .where('memberships.institution_id', '=', institutionId)
    .where('memberships.status', '=', 'confirmed')
    .where('people.kind', '=', 'adult')
    .where('people.validated_at', 'is not', null)
    .orderBy('people.name')
    .orderBy('people.id')
    .limit(limit)
    .execute()
}

export function economicRegionOf(db: Queryable, subdivision: string) {
  return db
    .selectFrom('region_group_members')
    .innerJoin('region_groups', 'region_groups.id', 'region_group_members.group_id')
    .select(['region_groups.code', 'region_groups.name_az', 'region_groups.name_en', 'region_groups.name_ru'])
    .where('region_group_members.subdivision', '=', subdivision)
    .orderBy('region_groups.position')
    .executeTakeFirst()
}

export function listRegionGroups(db: Queryable, country: string) {
  return db
    .selectFrom('region_groups')
    .select(['id', 'code', 'name_az', 'name_en', 'name_ru'])
    .where('country', '=', country)
    .orderBy('position')
    .execute()
}

/** Candidates for deduplication: same external identifier, or same name key in the same country and city. */
export function findDuplicate(
  db: Queryable,
  key: {
    nameKey: string
    country: string
    city: string | null
    ids: Partial<Record<'national_id' | 'erasmus_pic' | 'erasmus_code' | 'oid', string | null>>
  },
) {
  return db
    .selectFrom('institutions')
    .select(['id', 'name', 'merged_into'])
    .where((eb) => {
      const byName = eb.and([
        eb('name_key', '=', key.nameKey),
        eb('country', '=', key.country),
        key.city === null ? eb('city', 'is', null) : eb('city', '=', key.city),
      ])
      const byId = Object.entries(key.ids)
        .filter((entry): entry is [(typeof entry)[0], string] => typeof entry[1] === 'string')
        .map(([column, value]) => eb(column as 'national_id', '=', value))
      return eb.or([byName, ...byId])
    })
    .limit(1)
    .executeTakeFirst()
}

/** Which external identifiers are already held by another institution (for a clear conflict message). */
export async function identifierHolders(
  db: Queryable,
  ids: Partial<Record<'national_id' | 'erasmus_pic' | 'erasmus_code' | 'oid', string | null>>,
  exceptId: string | null,
): Promise<string[]> {
  const taken: string[] = []
  for (const [column, value] of Object.entries(ids)) {
    if (!value) continue
    let query = db
      .selectFrom('institutions')
      .select('id')
      .where(column as 'national_id', '=', value)
    if (exceptId) query = query.where('id', '!=', exceptId)
    if (await query.executeTakeFirst()) taken.push(column)
  }
  return taken
}

/** One keyset page of the export, so that a registry of any size streams in constant memory. */
export function exportRows(
  db: Queryable,
  filter: InstitutionFilter,
  after: { name: string; id: string } | null,
  limit: number,
) {
  let query = filtered(db, filter)
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('institutions.name', '>', after.name),
        eb.and([eb('institutions.name', '=', after.name), eb('institutions.id', '>', after.id)]),
      ]),
    )
  }
  return query
    .select([
      ...SUMMARY,
      'institutions.national_id',
      'institutions.erasmus_pic',
      'institutions.erasmus_code',
      'institutions.oid',
      'institutions.education_levels',
      'institutions.languages',
    ])
    .orderBy('institutions.name')
    .orderBy('institutions.id')
    .limit(limit)
    .execute()
}

/** One person's membership of one institution (there is at most one: unique per person and institution). */
export function membershipOf(db: Queryable, institutionId: string, personId: string) {
  return db
    .selectFrom('memberships')
    .select(['id', 'role', 'status'])
    .where('institution_id', '=', institutionId)
    .where('person_id', '=', personId)
    .executeTakeFirst()
}

/** Adds a pending membership; false when the person already has one here (a double submit included). */
export async function insertPendingMembership(
  db: Queryable,
  row: { id: string; personId: string; institutionId: string },
): Promise<boolean> {
  const result = await db
    .insertInto('memberships')
    .values({
      id: row.id,
      person_id: row.personId,
      institution_id: row.institutionId,
      role: 'member',
      status: 'pending',
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.columns(['person_id', 'institution_id']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/**
 * People waiting for the institution's confirmation, oldest request first. Only validated adults: an applicant's
 * pending membership is settled by the decision on their join application, not here.
 */
export function pendingMembers(db: Queryable, institutionId: string, limit: number) {
  return db
    .selectFrom('memberships')
    .innerJoin('people', 'people.id', 'memberships.person_id')
    .select(['people.id', 'people.name', 'memberships.created_at as requested_at'])
    .where('memberships.institution_id', '=', institutionId)
    .where('memberships.status', '=', 'pending')
    .where('people.kind', '=', 'adult')
    .where('people.validated_at', 'is not', null)
    .orderBy('memberships.created_at')
    .orderBy('people.id')
    .limit(limit)
    .execute()
}

/** Confirmed members with their role, for the members page of those who manage them. */
export function confirmedMembersWithRole(db: Queryable, institutionId: string, limit: number) {
  return db
    .selectFrom('memberships')
    .innerJoin('people', 'people.id', 'memberships.person_id')
    .select(['people.id', 'people.name', 'memberships.role'])
    .where('memberships.institution_id', '=', institutionId)
    .where('memberships.status', '=', 'confirmed')
    .where('people.kind', '=', 'adult')
    .orderBy('people.name')
    .orderBy('people.id')
    .limit(limit)
    .execute()
}

/** Validated adult people, for a membership decision (only they can be waiting in the list). */
export function validatedAdult(db: Queryable, personId: string) {
  return db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('id', '=', personId)
    .where('kind', '=', 'adult')
    .where('validated_at', 'is not', null)
    .executeTakeFirst()
}
