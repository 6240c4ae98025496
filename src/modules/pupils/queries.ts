import type { Queryable } from '../../db/database.ts'

/** The project's titles, to name it on the pupils pages and the printed card. */
export function projectTitles(db: Queryable, projectId: string) {
  return db
    .selectFrom('projects')
    .select(['id', 'title_az', 'title_en', 'title_ru'])
    .where('id', '=', projectId)
    .executeTakeFirst()
}

/** A project's pupils, oldest first (the order a teacher added them, as on a class list). */
export function listPupils(db: Queryable, projectId: string) {
  return db
    .selectFrom('pupils')
    .innerJoin('people', 'people.id', 'pupils.person_id')
    .select([
      'pupils.person_id as id',
      'people.name',
      'pupils.created_at',
      'pupils.code_expires_at',
      'pupils.code_used_at',
    ])
    .where('pupils.project_id', '=', projectId)
    .orderBy('pupils.created_at')
    .orderBy('pupils.person_id')
    .execute()
}

/** One pupil of one project: a pupil id from another project is not found here. */
export function findPupil(db: Queryable, projectId: string, pupilId: string) {
  return db
    .selectFrom('pupils')
    .innerJoin('people', 'people.id', 'pupils.person_id')
    .select(['pupils.person_id as id', 'people.name', 'pupils.project_id'])
    .where('pupils.project_id', '=', projectId)
    .where('pupils.person_id', '=', pupilId)
    .executeTakeFirst()
}

export async function insertPupil(
  db: Queryable,
  row: {
    id: string
    memberId: string
    projectId: string
    name: string
    email: string
    createdBy: string
    codeHash: string
    codeExpiresAt: string
    now: string
  },
): Promise<void> {
  await db
    .insertInto('people')
    .values({
      id: row.id,
      email: row.email,
      name: row.name,
      password_hash: null,
      kind: 'pupil',
      locale: null,
      email_verified_at: null,
      validated_at: null,
      locked_until: null,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute()
  await db
    .insertInto('project_members')
    .values({
      id: row.memberId,
      project_id: row.projectId,
      person_id: row.id,
      role: 'pupil',
      status: 'active',
      // A pupil's school is their teacher's: not recorded for the child (minimal data).
      institution_id: null,
      invited_by: row.createdBy,
      invited_at: row.now,
      joined_at: row.now,
    })
    .execute()
  await db
    .insertInto('pupils')
    .values({
      person_id: row.id,
      project_id: row.projectId,
      created_by: row.createdBy,
      created_at: row.now,
      code_hash: row.codeHash,
      code_expires_at: row.codeExpiresAt,
      code_used_at: null,
    })
    .execute()
}

/** Signs the pupil out everywhere. */
export async function endSessions(db: Queryable, pupilId: string): Promise<void> {
  await db.deleteFrom('sessions').where('person_id', '=', pupilId).execute()
}

/** A fresh code replaces the previous one, used or not. */
export async function replaceCode(
  db: Queryable,
  pupilId: string,
  codeHash: string,
  expiresAt: string,
): Promise<void> {
  await db
    .updateTable('pupils')
    .set({ code_hash: codeHash, code_expires_at: expiresAt, code_used_at: null })
    .where('person_id', '=', pupilId)
    .execute()
}

/** The pupil an unused, unexpired code belongs to, while they still take part in the project. */
export function pupilByCode(db: Queryable, codeHash: string, now: string) {
  return db
    .selectFrom('pupils')
    .innerJoin('project_members', (join) =>
      join
        .onRef('project_members.person_id', '=', 'pupils.person_id')
        .onRef('project_members.project_id', '=', 'pupils.project_id'),
    )
    .innerJoin('projects', 'projects.id', 'pupils.project_id')
    .select(['pupils.person_id', 'pupils.project_id'])
    .where('pupils.code_hash', '=', codeHash)
    .where('pupils.code_used_at', 'is', null)
    .where('pupils.code_expires_at', '>', now)
    .where('project_members.status', '=', 'active')
    .where('projects.status', '=', 'approved')
    .where('projects.workspace_state', '!=', 'closed')
    .executeTakeFirst()
}

/**
 * Marks the code used and forgets its hash. The conditions make a second, concurrent use of the same code
 * update nothing: true only for the one request that used it.
 */
export async function useCode(
  db: Queryable,
  pupilId: string,
  codeHash: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('pupils')
    .set({ code_used_at: now, code_hash: null })
    .where('person_id', '=', pupilId)
    .where('code_hash', '=', codeHash)
    .where('code_used_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** The pupil's `people` row; their membership, code, sessions and notifications go with it (foreign keys). */
export async function deletePupilPerson(db: Queryable, pupilId: string): Promise<void> {
  await db.deleteFrom('people').where('id', '=', pupilId).where('kind', '=', 'pupil').execute()
}

export async function projectOfPupil(db: Queryable, pupilId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('pupils')
    .select('project_id')
    .where('person_id', '=', pupilId)
    .executeTakeFirst()
  return row?.project_id
}
