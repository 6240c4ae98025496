import { sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { ProjectMemberRole, ProjectMemberStatus } from '../../db/schema.ts'

export function findProject(db: Queryable, id: string) {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst()
}

export function addHistory(
  db: Queryable,
  projectId: string,
  kind: string,
  actorId: string | null,
  message: string | null = null,
) {
  return db
    .insertInto('project_history')
    .values({
      id: newId(),
      project_id: projectId,
      kind,
      actor_id: actorId,
      message,
      at: new Date().toISOString(),
    })
    .execute()
}

/** A person as an invitation needs them: only validated adults may be invited. */
export function findInvitee(db: Queryable, personId: string) {
  return db
    .selectFrom('people')
    .select(['id', 'name', 'kind', 'validated_at'])
    .where('id', '=', personId)
    .executeTakeFirst()
}

export function findMember(db: Queryable, projectId: string, personId: string) {
  return db
    .selectFrom('project_members')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('person_id', '=', personId)
    .executeTakeFirst()
}

/** Invites, or invites again someone who declined or left (one row per person and project). */
export async function upsertInvitation(
  db: Queryable,
  row: { projectId: string; personId: string; role: ProjectMemberRole; invitedBy: string | null },
): Promise<void> {
  const now = new Date().toISOString()
  const existing = await findMember(db, row.projectId, row.personId)
  if (existing) {
    await db
      .updateTable('project_members')
      .set({
        role: row.role,
        status: 'invited',
        institution_id: null,
        invited_by: row.invitedBy,
        invited_at: now,
        joined_at: null,
      })
      .where('id', '=', existing.id)
      .execute()
    return
  }
  await db
    .insertInto('project_members')
    .values({
      id: newId(),
      project_id: row.projectId,
      person_id: row.personId,
      role: row.role,
      status: 'invited',
      institution_id: null,
      invited_by: row.invitedBy,
      invited_at: now,
      joined_at: null,
    })
    .execute()
}

export function setMemberStatus(
  db: Queryable,
  projectId: string,
  personId: string,
  status: ProjectMemberStatus,
  institutionId: string | null,
) {
  return db
    .updateTable('project_members')
    .set({
      status,
      institution_id: institutionId,
      joined_at: status === 'active' ? new Date().toISOString() : null,
    })
    .where('project_id', '=', projectId)
    .where('person_id', '=', personId)
    .execute()
}

/** The institutions a person is a confirmed member of: the ones they may take part in a project for. */
export function confirmedInstitutions(db: Queryable, personId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('institutions', 'institutions.id', 'memberships.institution_id')
    .select(['institutions.id', 'institutions.name', 'institutions.country'])
    .where('memberships.person_id', '=', personId)
    .where('memberships.status', '=', 'confirmed')
    .orderBy('institutions.name')
    .execute()
}

/** Founders (active and invited) with the institution and country each takes part for. */
export function founders(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_members')
    .innerJoin('people', 'people.id', 'project_members.person_id')
    .leftJoin('institutions', 'institutions.id', 'project_members.institution_id')
    .select([
      'project_members.person_id',
      'project_members.status',
      'project_members.invited_at',
      'project_members.joined_at',
      'people.name',
      'people.email',
      'institutions.id as institution_id',
      'institutions.name as institution_name',
      'institutions.country',
    ])
    .where('project_members.project_id', '=', projectId)
    .where('project_members.role', '=', 'founder')
    .where('project_members.status', 'in', ['active', 'invited'])
    .orderBy('project_members.invited_at')
    .execute()
}

export type FounderRow = Awaited<ReturnType<typeof founders>>[number]

export function subjectIdsByCode(db: Queryable, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([])
  return db.selectFrom('subjects').select(['id', 'code']).where('code', 'in', codes).execute()
}

export function currentTopics(db: Queryable) {
  return db
    .selectFrom('curriculum_topics')
    .selectAll()
    .where('retired_at', 'is', null)
    .orderBy('kind')
    .orderBy('position')
    .execute()
}

export function currentModels(db: Queryable) {
  return db
    .selectFrom('learning_models')
    .selectAll()
    .where('retired_at', 'is', null)
    .orderBy('position')
    .execute()
}

export function projectSubjects(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_subjects')
    .innerJoin('subjects', 'subjects.id', 'project_subjects.subject_id')
    .select(['subjects.code', 'subjects.name_az', 'subjects.name_en', 'subjects.name_ru'])
    .where('project_subjects.project_id', '=', projectId)
    .orderBy('subjects.position')
    .execute()
}

export function projectTopics(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_curriculum_topics')
    .innerJoin('curriculum_topics', 'curriculum_topics.id', 'project_curriculum_topics.topic_id')
    .select([
      'curriculum_topics.code',
      'curriculum_topics.name_az',
      'curriculum_topics.name_en',
      'curriculum_topics.name_ru',
    ])
    .where('project_curriculum_topics.project_id', '=', projectId)
    .orderBy('curriculum_topics.position')
    .execute()
}

export function findModel(db: Queryable, id: string) {
  return db.selectFrom('learning_models').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function replaceSubjects(db: Queryable, projectId: string, subjectIds: readonly string[]) {
  await db.deleteFrom('project_subjects').where('project_id', '=', projectId).execute()
  if (subjectIds.length > 0) {
    await db
      .insertInto('project_subjects')
      .values(subjectIds.map((subject_id) => ({ project_id: projectId, subject_id })))
      .execute()
  }
}

export async function replaceTopics(db: Queryable, projectId: string, topicIds: readonly string[]) {
  await db.deleteFrom('project_curriculum_topics').where('project_id', '=', projectId).execute()
  if (topicIds.length > 0) {
    await db
      .insertInto('project_curriculum_topics')
      .values(topicIds.map((topic_id) => ({ project_id: projectId, topic_id })))
      .execute()
  }
}

/** The project's history, oldest first, with the names of who acted. */
export function history(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_history')
    .leftJoin('people', 'people.id', 'project_history.actor_id')
    .select([
      'project_history.id',
      'project_history.kind',
      'project_history.message',
      'project_history.at',
      'people.name as actor',
    ])
    .where('project_history.project_id', '=', projectId)
    .orderBy('project_history.at')
    .orderBy('project_history.id')
    .execute()
}

/**
 * Validated adult members whose name contains the words typed, for inviting a co-founder; with the institutions
 * they belong to, so namesakes can be told apart. Those already in (or invited to) the project are left out.
 */
export async function findMembersToInvite(db: Queryable, projectId: string, query: string, limit = 20) {
  const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const people = await db
    .selectFrom('people')
    .select(['people.id', 'people.name'])
    .where('people.kind', '=', 'adult')
    .where('people.validated_at', 'is not', null)
    .where((eb) => eb(eb.fn('lower', ['people.name']), 'like', sql<string>`${pattern} escape '\\'`))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('project_members')
            .select('project_members.id')
            .whereRef('project_members.person_id', '=', 'people.id')
            .where('project_members.project_id', '=', projectId)
            .where('project_members.status', 'in', ['invited', 'active']),
        ),
      ),
    )
    .orderBy('people.name')
    .limit(limit)
    .execute()
  if (people.length === 0) return []
  const institutions = await db
    .selectFrom('memberships')
    .innerJoin('institutions', 'institutions.id', 'memberships.institution_id')
    .select(['memberships.person_id', 'institutions.name'])
    .where(
      'memberships.person_id',
      'in',
      people.map((p) => p.id),
    )
    .where('memberships.status', '=', 'confirmed')
    .execute()
  return people.map((p) => ({
    ...p,
    institutions: institutions.filter((i) => i.person_id === p.id).map((i) => i.name),
  }))
}

/** The person's projects (not as a pupil) and pending invitations, most recently changed first. */
export function projectsOf(db: Queryable, personId: string) {
  return db
    .selectFrom('project_members')
    .innerJoin('projects', 'projects.id', 'project_members.project_id')
    .select([
      'projects.id',
      'projects.title_az',
      'projects.title_en',
      'projects.title_ru',
      'projects.status',
      'projects.scope',
      'projects.wizard_step',
      'projects.waiting_since',
      'projects.updated_at',
      'project_members.role',
      'project_members.status as member_status',
      'project_members.invited_at',
    ])
    .where('project_members.person_id', '=', personId)
    .where('project_members.status', 'in', ['invited', 'active'])
    .where('project_members.role', '!=', 'pupil')
    .orderBy('projects.updated_at', 'desc')
    .execute()
}

/** Founders who have not answered their invitation yet, per project: the people the others wait for. */
export function pendingCofounders(db: Queryable, projectIds: readonly string[]) {
  if (projectIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('project_members')
    .innerJoin('people', 'people.id', 'project_members.person_id')
    .select(['project_members.project_id', 'people.name', 'project_members.invited_at'])
    .where('project_members.project_id', 'in', projectIds)
    .where('project_members.role', '=', 'founder')
    .where('project_members.status', '=', 'invited')
    .orderBy('project_members.invited_at')
    .execute()
}

/** Projects an active founder of which belongs to an institution in one of the regions. */
function foundedIn(db: Queryable, regions: readonly string[]) {
  return db
    .selectFrom('project_members')
    .innerJoin('institutions', 'institutions.id', 'project_members.institution_id')
    .select('project_members.project_id')
    .where('project_members.role', '=', 'founder')
    .where('project_members.status', '=', 'active')
    .where('institutions.region', 'in', regions.length > 0 ? regions : [''])
}

/** Whether a project is founded (in part) in one of the regions: a regional coordinator's to review. */
export async function isFoundedIn(
  db: Queryable,
  projectId: string,
  regions: readonly string[],
): Promise<boolean> {
  const row = await foundedIn(db, regions)
    .where('project_members.project_id', '=', projectId)
    .executeTakeFirst()
  return row !== undefined
}

/** The coordinators' queue: oldest waiting first; `regions`: only projects founded (in part) there. */
export function queue(
  db: Queryable,
  filters: { status: string; scope: string | undefined; regions: readonly string[] | null },
  page: { limit: number; offset: number },
) {
  let query = db
    .selectFrom('projects')
    .select(['id', 'title_az', 'title_en', 'title_ru', 'scope', 'status', 'submitted_at', 'waiting_since'])
    .where('status', '=', filters.status as 'in_review')
  if (filters.scope) query = query.where('scope', '=', filters.scope as 'national')
  if (filters.regions) query = query.where('id', 'in', foundedIn(db, filters.regions))
  return query
    .orderBy('waiting_since')
    .orderBy('id')
    .limit(page.limit + 1)
    .offset(page.offset)
    .execute()
}

/** The active founders' institutions of several projects, for the queue. */
export function foundersInstitutions(db: Queryable, projectIds: readonly string[]) {
  if (projectIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('project_members')
    .innerJoin('institutions', 'institutions.id', 'project_members.institution_id')
    .select(['project_members.project_id', 'institutions.name', 'institutions.country'])
    .where('project_members.project_id', 'in', projectIds)
    .where('project_members.role', '=', 'founder')
    .where('project_members.status', '=', 'active')
    .execute()
}
