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
