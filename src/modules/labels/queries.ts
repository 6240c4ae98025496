import type { Queryable } from '../../db/database.ts'
import type { LabelApplicationStatus, LabelLevel } from '../../db/schema.ts'

// ---- Projects as the labels module reads them

export function projectSummary(db: Queryable, projectId: string) {
  return db
    .selectFrom('projects')
    .select([
      'id',
      'slug',
      'status',
      'title_az',
      'title_en',
      'title_ru',
      'summary_az',
      'summary_en',
      'summary_ru',
      'start_date',
      'end_date',
      'approved_at',
    ])
    .where('id', '=', projectId)
    .executeTakeFirst()
}
export type ProjectRow = NonNullable<Awaited<ReturnType<typeof projectSummary>>>

/**
 * Takes the project's row lock for the rest of the transaction (a no-op update: SQLite has no FOR UPDATE), so two
 * submissions for one project run one after the other and the second sees the first's application.
 */
export async function lockProject(db: Queryable, projectId: string): Promise<void> {
  await db
    .updateTable('projects')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', projectId)
    .execute()
}

/** The countries of the project's partner institutions: those its active founders and teachers take part for. */
export async function partnerCountries(db: Queryable, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_members as pm')
    .innerJoin('institutions as i', 'i.id', 'pm.institution_id')
    .select('i.country')
    .distinct()
    .where('pm.project_id', '=', projectId)
    .where('pm.status', '=', 'active')
    .where('pm.role', 'in', ['founder', 'teacher'])
    .orderBy('i.country')
    .execute()
  return rows.map((r) => r.country)
}

/** The partner institutions with their countries, for the review page. */
export function partnerInstitutions(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_members as pm')
    .innerJoin('institutions as i', 'i.id', 'pm.institution_id')
    .select(['i.id', 'i.name', 'i.slug', 'i.country'])
    .distinct()
    .where('pm.project_id', '=', projectId)
    .where('pm.status', '=', 'active')
    .where('pm.role', 'in', ['founder', 'teacher'])
    .orderBy('i.name')
    .execute()
}

export async function activeFounders(db: Queryable, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_members')
    .select('person_id')
    .where('project_id', '=', projectId)
    .where('role', '=', 'founder')
    .where('status', '=', 'active')
    .execute()
  return rows.map((r) => r.person_id)
}

// ---- Applications and nominations

const applicationColumns = [
  'a.id',
  'a.project_id',
  'a.level',
  'a.status',
  'a.evidence',
  'a.scores',
  'a.feedback',
  'a.submitted_at',
  'a.decided_at',
] as const

export function applicationsOf(db: Queryable, projectId: string) {
  return db
    .selectFrom('label_applications as a')
    .select(applicationColumns)
    .where('a.project_id', '=', projectId)
    .orderBy('a.submitted_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute()
}
export type ApplicationRow = Awaited<ReturnType<typeof applicationsOf>>[number]

export function applicationById(db: Queryable, id: string) {
  return db
    .selectFrom('label_applications as a')
    .select(applicationColumns)
    .where('a.id', '=', id)
    .executeTakeFirst()
}

export async function hasOpenApplication(
  db: Queryable,
  projectId: string,
  level: LabelLevel,
): Promise<boolean> {
  const row = await db
    .selectFrom('label_applications')
    .select('id')
    .where('project_id', '=', projectId)
    .where('level', '=', level)
    .where('status', '=', 'submitted')
    .executeTakeFirst()
  return row !== undefined
}

export async function insertApplication(
  db: Queryable,
  row: {
    id: string
    projectId: string
    level: LabelLevel
    evidence: string
    submittedBy: string | null
    at: string
  },
): Promise<void> {
  await db
    .insertInto('label_applications')
    .values({
      id: row.id,
      project_id: row.projectId,
      level: row.level,
      status: 'submitted',
      evidence: row.evidence,
      scores: '{}',
      feedback: null,
      submitted_by: row.submittedBy,
      submitted_at: row.at,
      decided_by: null,
      decided_at: null,
    })
    .execute()
}

/** Records the decision on a still-open application; false when someone decided it first. */
export async function decideApplication(
  db: Queryable,
  id: string,
  decision: {
    status: Exclude<LabelApplicationStatus, 'submitted'>
    scores: string
    feedback: string | null
    by: string | null
    at: string
  },
): Promise<boolean> {
  const result = await db
    .updateTable('label_applications')
    .set({
      status: decision.status,
      scores: decision.scores,
      feedback: decision.feedback,
      decided_by: decision.by,
      decided_at: decision.at,
    })
    .where('id', '=', id)
    .where('status', '=', 'submitted')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Open applications of a level, oldest first, with their project's titles. */
export function queue(db: Queryable, level: LabelLevel, limit: number) {
  return db
    .selectFrom('label_applications as a')
    .innerJoin('projects as p', 'p.id', 'a.project_id')
    .select([
      'a.id',
      'a.project_id',
      'a.submitted_at',
      'p.title_az',
      'p.title_en',
      'p.title_ru',
      'p.end_date',
    ])
    .where('a.status', '=', 'submitted')
    .where('a.level', '=', level)
    .orderBy('a.submitted_at', 'asc')
    .orderBy('a.id', 'asc')
    .limit(limit)
    .execute()
}

/**
 * Projects holding this installation's national label and neither a European label nor an open nomination:
 * the ones coordinators may nominate. Most recently labelled first.
 */
export function nominationCandidates(db: Queryable, country: string, limit: number) {
  return db
    .selectFrom('project_labels as l')
    .innerJoin('projects as p', 'p.id', 'l.project_id')
    .select(['p.id', 'p.title_az', 'p.title_en', 'p.title_ru', 'l.awarded_at'])
    .where('l.level', '=', 'national')
    .where('l.country', '=', country)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('project_labels as e')
            .select('e.id')
            .whereRef('e.project_id', '=', 'p.id')
            .where('e.level', '=', 'european'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('label_applications as n')
            .select('n.id')
            .whereRef('n.project_id', '=', 'p.id')
            .where('n.level', '=', 'european')
            .where('n.status', '=', 'submitted'),
        ),
      ),
    )
    .orderBy('l.awarded_at', 'desc')
    .limit(limit)
    .execute()
}

// ---- Labels held

export async function insertProjectLabel(
  db: Queryable,
  row: {
    id: string
    projectId: string
    level: LabelLevel
    country: string
    applicationId: string | null
    by: string | null
    at: string
  },
): Promise<void> {
  await db
    .insertInto('project_labels')
    .values({
      id: row.id,
      project_id: row.projectId,
      level: row.level,
      country: row.country,
      application_id: row.applicationId,
      awarded_by: row.by,
      awarded_at: row.at,
    })
    .execute()
}

export function labelsOfProjects(db: Queryable, projectIds: readonly string[]) {
  return (
    db
      .selectFrom('project_labels')
      .select(['project_id', 'level', 'country', 'awarded_at'])
      .where('project_id', 'in', projectIds)
      // 'european' sorts before 'national': the higher label first.
      .orderBy('level')
      .orderBy('country')
      .execute()
  )
}

/** Labels of the projects a person takes part in as a founder or teacher. */
export function labelsOfPersonProjects(db: Queryable, personId: string) {
  return db
    .selectFrom('project_labels as l')
    .innerJoin('project_members as m', 'm.project_id', 'l.project_id')
    .select(['l.project_id', 'l.level', 'l.country', 'l.awarded_at'])
    .where('m.person_id', '=', personId)
    .where('m.status', '=', 'active')
    .where('m.role', 'in', ['founder', 'teacher'])
    .orderBy('l.level')
    .orderBy('l.country')
    .execute()
}

/** School labels still valid at `now`, the latest per institution first. */
export function validInstitutionLabels(db: Queryable, institutionIds: readonly string[], now: string) {
  return db
    .selectFrom('institution_labels')
    .select(['institution_id', 'awarded_at', 'valid_until'])
    .where('institution_id', 'in', institutionIds)
    .where('valid_until', '>', now)
    .orderBy('valid_until', 'desc')
    .execute()
}

// ---- School labels: the figures an institution's label is decided on

/** Since when each institution is active: the first time one of its teachers joined a project. */
export function firstActivity(db: Queryable, filter: { ids?: readonly string[]; before?: string }) {
  let query = db
    .selectFrom('project_members')
    .select((eb) => ['institution_id', eb.fn.min('joined_at').as('since')])
    .where('institution_id', 'is not', null)
    .where('joined_at', 'is not', null)
    .where('role', 'in', ['founder', 'teacher'])
    .groupBy('institution_id')
  if (filter.ids) query = query.where('institution_id', 'in', filter.ids)
  if (filter.before) {
    const before = filter.before
    query = query.having((eb) => eb.fn.min('joined_at'), '<=', before)
  }
  return query.execute()
}

/** Confirmed members of each institution who are active teachers in an approved project whose workspace is open. */
export function activeMembers(db: Queryable, filter: { ids?: readonly string[]; atLeast?: number }) {
  let query = db
    .selectFrom('memberships as ms')
    .innerJoin('project_members as pm', 'pm.person_id', 'ms.person_id')
    .innerJoin('projects as p', 'p.id', 'pm.project_id')
    .select((eb) => ['ms.institution_id', eb.fn.count<number>('ms.person_id').distinct().as('n')])
    .where('ms.status', '=', 'confirmed')
    .where('pm.status', '=', 'active')
    .where('pm.role', 'in', ['founder', 'teacher'])
    .where('p.status', '=', 'approved')
    .where('p.workspace_state', '=', 'open')
    .groupBy('ms.institution_id')
  if (filter.ids) query = query.where('ms.institution_id', 'in', filter.ids)
  if (filter.atLeast !== undefined) {
    const atLeast = filter.atLeast
    query = query.having((eb) => eb.fn.count('ms.person_id').distinct(), '>=', atLeast)
  }
  return query.execute()
}

/** National labels (any country) on the projects each institution founded. */
export function nationalLabelsOfFounders(
  db: Queryable,
  filter: { ids?: readonly string[]; atLeast?: number },
) {
  let query = db
    .selectFrom('project_labels as l')
    .innerJoin('project_members as pm', 'pm.project_id', 'l.project_id')
    .select((eb) => ['pm.institution_id', eb.fn.count<number>('l.id').distinct().as('n')])
    .where('l.level', '=', 'national')
    .where('pm.role', '=', 'founder')
    .where('pm.status', '=', 'active')
    .where('pm.institution_id', 'is not', null)
    .groupBy('pm.institution_id')
  if (filter.ids) query = query.where('pm.institution_id', 'in', filter.ids)
  if (filter.atLeast !== undefined) {
    const atLeast = filter.atLeast
    query = query.having((eb) => eb.fn.count('l.id').distinct(), '>=', atLeast)
  }
  return query.execute()
}

export function institutionsById(db: Queryable, ids: readonly string[]) {
  return db
    .selectFrom('institutions')
    .select(['id', 'name', 'slug', 'country'])
    .where('id', 'in', ids)
    .orderBy('name')
    .execute()
}

/** The institution's row lock for the rest of the transaction (see lockProject): one school label award at a time. */
export async function lockInstitution(db: Queryable, institutionId: string): Promise<void> {
  await db
    .updateTable('institutions')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', '=', institutionId)
    .execute()
}

export async function institutionAdmins(db: Queryable, institutionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('person_id')
    .where('institution_id', '=', institutionId)
    .where('role', '=', 'institution_admin')
    .where('status', '=', 'confirmed')
    .execute()
  return rows.map((r) => r.person_id)
}

export async function insertInstitutionLabel(
  db: Queryable,
  row: {
    id: string
    institutionId: string
    by: string | null
    at: string
    validUntil: string
    basis: string
  },
): Promise<void> {
  await db
    .insertInto('institution_labels')
    .values({
      id: row.id,
      institution_id: row.institutionId,
      awarded_by: row.by,
      awarded_at: row.at,
      valid_until: row.validUntil,
      basis: row.basis,
    })
    .execute()
}
