import type { Insertable } from 'kysely'
import { type ExpressionBuilder, sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type {
  ApplicationEventsTable,
  ApplicationFilesTable,
  ApplicationStatus,
  ApplicationsTable,
  Database,
  InstitutionType,
} from '../../db/schema.ts'
import { nameKey } from '../institutions/normalise.ts'

const FORM_COLUMNS = [
  'id',
  'code',
  'title_az',
  'title_en',
  'title_ru',
  'intro_az',
  'intro_en',
  'intro_ru',
  'position',
  'retired_at',
] as const

export function listForms(db: Queryable, options: { includeRetired: boolean }) {
  let query = db.selectFrom('application_forms').select(FORM_COLUMNS)
  if (!options.includeRetired) query = query.where('retired_at', 'is', null)
  return query.orderBy('position').orderBy('code').execute()
}

export function findFormByCode(db: Queryable, code: string) {
  return db.selectFrom('application_forms').select(FORM_COLUMNS).where('code', '=', code).executeTakeFirst()
}

export function findFormById(db: Queryable, id: string) {
  return db.selectFrom('application_forms').select(FORM_COLUMNS).where('id', '=', id).executeTakeFirst()
}

export function fieldsOf(db: Queryable, formIds: readonly string[]) {
  if (formIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('application_form_fields')
    .select([
      'id',
      'form_id',
      'key',
      'kind',
      'required',
      'label_az',
      'label_en',
      'label_ru',
      'options',
      'max_length',
      'position',
    ])
    .where('form_id', 'in', formIds)
    .orderBy('position')
    .orderBy('key')
    .execute()
}

export async function nextPosition(
  db: Queryable,
  table: 'application_forms' | 'application_form_fields',
  formId?: string,
): Promise<number> {
  let query = db.selectFrom(table).select((eb) => eb.fn.max('position').as('max'))
  if (table === 'application_form_fields' && formId) {
    query = query.where(sql.ref('form_id'), '=', formId)
  }
  const row = await query.executeTakeFirst()
  return Number(row?.max ?? -1) + 1
}

/** The registry facts an application needs about an institution (read only; the registry owns the rows). */
export function institutionBrief(db: Queryable, id: string) {
  return db
    .selectFrom('institutions')
    .select(['id', 'name', 'type', 'country', 'region', 'city'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Regions the registry knows in a country, for the proposal and queue filters. */
export async function knownRegions(db: Queryable, country: string): Promise<string[]> {
  const rows = await db
    .selectFrom('institutions')
    .select('region')
    .distinct()
    .where('country', '=', country)
    .where('region', 'is not', null)
    .orderBy('region')
    .execute()
  return rows.map((r) => r.region).filter((r): r is string => r !== null)
}

export function insertApplication(db: Queryable, row: Insertable<ApplicationsTable>) {
  return db.insertInto('applications').values(row).execute()
}

export function insertEvent(db: Queryable, row: ApplicationEventsTable) {
  return db.insertInto('application_events').values(row).execute()
}

export function insertFile(db: Queryable, row: ApplicationFilesTable) {
  return db.insertInto('application_files').values(row).execute()
}

export function findFile(db: Queryable, id: string) {
  return db
    .selectFrom('application_files')
    .select(['id', 'application_id', 'stored_name', 'media_type', 'size'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** The region an application belongs to: its institution's, or the proposed institution's. */
const regionOf = (eb: ExpressionBuilder<Database & { i: Database['institutions'] }, 'applications' | 'i'>) =>
  eb.fn.coalesce('i.region', 'applications.proposed_region')

function withContext(db: Queryable) {
  return db
    .selectFrom('applications')
    .innerJoin('people as p', 'p.id', 'applications.person_id')
    .innerJoin('application_forms as f', 'f.id', 'applications.form_id')
    .leftJoin('institutions as i', 'i.id', 'applications.institution_id')
}

export function findApplication(db: Queryable, id: string) {
  return withContext(db)
    .selectAll('applications')
    .select((eb) => [
      'p.name as applicant_name',
      'f.code as form_code',
      'f.title_az as form_title_az',
      'f.title_en as form_title_en',
      'f.title_ru as form_title_ru',
      'i.name as institution_name',
      regionOf(eb).as('region'),
      eb.fn.coalesce('i.type', 'applications.proposed_type').as('institution_type'),
    ])
    .where('applications.id', '=', id)
    .executeTakeFirst()
}

export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>

export async function latestApplicationId(db: Queryable, personId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('applications')
    .select('id')
    .where('person_id', '=', personId)
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.id
}

export async function hasOpenApplication(db: Queryable, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('applications')
    .select('id')
    .where('person_id', '=', personId)
    .where('status', 'in', ['submitted', 'info_requested'])
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

export function eventsOf(db: Queryable, applicationId: string) {
  return db
    .selectFrom('application_events as e')
    .leftJoin('people as p', 'p.id', 'e.actor_id')
    .select(['e.id', 'e.kind', 'e.at', 'e.message', 'e.actor_id', 'p.name as actor_name'])
    .where('e.application_id', '=', applicationId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute()
}

export function filesOf(db: Queryable, applicationId: string) {
  return db
    .selectFrom('application_files')
    .select(['id', 'media_type', 'size'])
    .where('application_id', '=', applicationId)
    .execute()
}

/** Regions a coordinator is limited to; null when they have none recorded, i.e. every region. */
export async function coordinatorScope(db: Queryable, personId: string): Promise<string[] | null> {
  const rows = await db
    .selectFrom('coordinator_regions')
    .select('region')
    .where('person_id', '=', personId)
    .execute()
  return rows.length > 0 ? rows.map((r) => r.region) : null
}

export interface QueueFilter {
  formCode?: string
  region?: string
  type?: InstitutionType
  statuses: ApplicationStatus[] | null
  from?: string
  to?: string
  newestFirst: boolean
  scope: readonly string[] | null
}

/** The review queue, keyset-paged on (waiting_since, id), already narrowed to the coordinator's regions. */
export function queue(
  db: Queryable,
  filter: QueueFilter,
  after: { waitingSince: string; id: string } | null,
  limit: number,
) {
  let query = withContext(db).select((eb) => [
    'applications.id',
    'applications.status',
    'applications.submitted_at',
    'applications.waiting_since',
    'applications.proposed_name',
    'p.name as applicant_name',
    'f.title_az as form_title_az',
    'f.title_en as form_title_en',
    'f.title_ru as form_title_ru',
    'i.name as institution_name',
    regionOf(eb).as('region'),
    eb.fn.coalesce('i.type', 'applications.proposed_type').as('institution_type'),
  ])
  if (filter.statuses) query = query.where('applications.status', 'in', filter.statuses)
  if (filter.formCode) query = query.where('f.code', '=', filter.formCode)
  if (filter.region) query = query.where((eb) => eb(regionOf(eb), '=', filter.region ?? ''))
  if (filter.type) {
    query = query.where((eb) =>
      eb(eb.fn.coalesce('i.type', 'applications.proposed_type'), '=', filter.type ?? 'other'),
    )
  }
  if (filter.from) query = query.where('applications.submitted_at', '>=', `${filter.from}T00:00:00.000Z`)
  if (filter.to) query = query.where('applications.submitted_at', '<=', `${filter.to}T23:59:59.999Z`)
  if (filter.scope) {
    const scope = filter.scope.length > 0 ? [...filter.scope] : ['']
    query = query.where((eb) => eb(regionOf(eb), 'in', scope))
  }
  const dir = filter.newestFirst ? 'desc' : 'asc'
  if (after) {
    const cmp = filter.newestFirst ? '<' : '>'
    query = query.where((eb) =>
      eb.or([
        eb('applications.waiting_since', cmp, after.waitingSince),
        eb.and([
          eb('applications.waiting_since', '=', after.waitingSince),
          eb('applications.id', cmp, after.id),
        ]),
      ]),
    )
  }
  return query
    .orderBy('applications.waiting_since', dir)
    .orderBy('applications.id', dir)
    .limit(limit + 1)
    .execute()
}

/** Everything a decision on several applications needs, in ONE query: the caller checks each row's scope. */
export function forDecision(db: Queryable, ids: readonly string[]) {
  return db
    .selectFrom('applications')
    .leftJoin('institutions as i', 'i.id', 'applications.institution_id')
    .select((eb) => [
      'applications.id',
      'applications.person_id',
      'applications.status',
      'applications.institution_id',
      regionOf(eb).as('region'),
    ])
    .where('applications.id', 'in', ids)
    .execute()
}

/** Moves an application on only from the status the caller saw: a concurrent decision makes this update nothing. */
export async function setStatus(
  db: Queryable,
  id: string,
  from: readonly ApplicationStatus[],
  set: Partial<
    Pick<ApplicationsTable, 'status' | 'decided_at' | 'decided_by' | 'decision_reason' | 'waiting_since'>
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('applications')
    .set({ ...set, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** The applicant belongs to the institution: a pending membership becomes confirmed, or one is created. */
export async function confirmMembership(
  db: Queryable,
  membership: { id: string; personId: string; institutionId: string },
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({
      id: membership.id,
      person_id: membership.personId,
      institution_id: membership.institutionId,
      role: 'member',
      status: 'confirmed',
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.columns(['person_id', 'institution_id']).doUpdateSet({ status: 'confirmed' }))
    .execute()
}

/** Institutions whose name contains every word, for the apply form's search-as-you-type (read only). */
export function searchInstitutions(db: Queryable, text: string, limit: number) {
  // Match on the registry's folded name key, so "seki" finds "Şəki" on both databases; merged duplicates are
  // not offered (their survivor is).
  let query = db.selectFrom('institutions').select(['id', 'name', 'city']).where('merged_into', 'is', null)
  for (const word of nameKey(text).split(' ').filter(Boolean).slice(0, 6)) {
    // LIKE wildcards in the search are characters, not patterns.
    const escaped = word.replace(/[\\%_]/g, (c) => `\\${c}`)
    query = query.where(sql<boolean>`name_key like ${`%${escaped}%`} escape '\\'`)
  }
  return query.orderBy('name').orderBy('id').limit(limit).execute()
}
