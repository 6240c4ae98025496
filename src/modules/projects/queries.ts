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
