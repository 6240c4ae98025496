import type { Queryable } from '../../db/database.ts'

/** Newest first, continuing before (at, id). The actor's name is joined; deleted actors show as unknown. */
export function listAuditEntries(db: Queryable, before: { at: string; id: string } | null, limit: number) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('people', 'people.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.subject_type',
      'audit_log.subject_id',
      'audit_log.details',
      'people.name as actor_name',
    ])
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb('audit_log.at', '<', before.at),
        eb.and([eb('audit_log.at', '=', before.at), eb('audit_log.id', '<', before.id)]),
      ]),
    )
  }
  return query
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(limit + 1)
    .execute()
}

/** People who hold the coordinator grant, by name. */
export function listCoordinators(db: Queryable) {
  return db
    .selectFrom('role_grants')
    .innerJoin('people', 'people.id', 'role_grants.person_id')
    .select(['people.id', 'people.name', 'people.email', 'role_grants.granted_at'])
    .where('role_grants.role', '=', 'coordinator')
    .orderBy('people.name')
    .orderBy('people.id')
    .execute()
}

export function coordinatorRegions(db: Queryable, personIds: readonly string[]) {
  if (personIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('coordinator_regions')
    .select(['person_id', 'region'])
    .where('person_id', 'in', [...personIds])
    .orderBy('region')
    .execute()
}

/** The country's region groups (economic regions) with their subdivisions, in their order. */
export function regionGroupsWithMembers(db: Queryable, country: string) {
  return db
    .selectFrom('region_groups')
    .innerJoin('region_group_members', 'region_group_members.group_id', 'region_groups.id')
    .select([
      'region_groups.code',
      'region_groups.name_az',
      'region_groups.name_en',
      'region_groups.name_ru',
      'region_group_members.subdivision',
    ])
    .where('region_groups.country', '=', country)
    .orderBy('region_groups.position')
    .execute()
}

export function personByEmail(db: Queryable, email: string) {
  return db.selectFrom('people').select(['id', 'kind']).where('email', '=', email).executeTakeFirst()
}

export async function holdsGrant(db: Queryable, personId: string, role: 'coordinator'): Promise<boolean> {
  const row = await db
    .selectFrom('role_grants')
    .select('person_id')
    .where('person_id', '=', personId)
    .where('role', '=', role)
    .executeTakeFirst()
  return Boolean(row)
}
