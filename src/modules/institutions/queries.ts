import { sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type { InstitutionType } from '../../db/schema.ts'

export interface InstitutionFilter {
  q?: string
  country?: string
  type?: InstitutionType
}

function filtered(db: Queryable, filter: InstitutionFilter) {
  let query = db.selectFrom('institutions')
  if (filter.country) query = query.where('country', '=', filter.country)
  if (filter.type) query = query.where('type', '=', filter.type)
  if (filter.q) {
    for (const word of filter.q.split(/\s+/).filter(Boolean).slice(0, 8)) {
      // Escape LIKE wildcards so that a search for "50%" means the characters, not a pattern.
      const escaped = word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)
      query = query.where(sql<boolean>`lower(name) like ${`%${escaped}%`} escape '\\'`)
    }
  }
  return query
}

/** One page ordered by name, continuing after (name, id): keyset pagination stays fast deep into the list. */
export function listInstitutions(
  db: Queryable,
  filter: InstitutionFilter,
  after: { name: string; id: string } | null,
  limit: number,
) {
  let query = filtered(db, filter).select([
    'id',
    'slug',
    'name',
    'type',
    'country',
    'region',
    'city',
    'website',
  ])
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('name', '>', after.name), eb.and([eb('name', '=', after.name), eb('id', '>', after.id)])]),
    )
  }
  return query
    .orderBy('name')
    .orderBy('id')
    .limit(limit + 1)
    .execute()
}

export async function countInstitutions(db: Queryable, filter: InstitutionFilter = {}): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}
