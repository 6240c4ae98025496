import type { Insertable } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type {
  ForumPostsTable,
  ForumThreadsTable,
  ProjectFilesTable,
  ProjectMilestonesTable,
  ProjectPagesTable,
  WorkspaceState,
} from '../../db/schema.ts'

export function projectHeader(db: Queryable, projectId: string) {
  return db
    .selectFrom('projects')
    .select(['id', 'title_az', 'title_en', 'title_ru', 'workspace_state', 'archived_at', 'closed_at'])
    .where('id', '=', projectId)
    .executeTakeFirstOrThrow()
}

// ---- Pages
export function listPages(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_pages')
    .leftJoin('people', 'people.id', 'project_pages.author_id')
    .select([
      'project_pages.id',
      'project_pages.title',
      'project_pages.updated_at',
      'project_pages.public_since',
      'people.name as author',
    ])
    .where('project_pages.project_id', '=', projectId)
    .orderBy('project_pages.position')
    .orderBy('project_pages.created_at')
    .execute()
}

export function pagesForArchive(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_pages')
    .select(['id', 'title', 'body_html', 'updated_at'])
    .where('project_id', '=', projectId)
    .orderBy('position')
    .orderBy('created_at')
    .execute()
}

export function findPage(db: Queryable, projectId: string, pageId: string) {
  return db
    .selectFrom('project_pages')
    .leftJoin('people', 'people.id', 'project_pages.author_id')
    .selectAll('project_pages')
    .select('people.name as author')
    .where('project_pages.project_id', '=', projectId)
    .where('project_pages.id', '=', pageId)
    .executeTakeFirst()
}

export async function nextPagePosition(db: Queryable, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('project_pages')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function insertPage(db: Queryable, page: Insertable<ProjectPagesTable>) {
  return db.insertInto('project_pages').values(page).execute()
}

export function updatePage(
  db: Queryable,
  pageId: string,
  fields: { title: string; body_html: string; updated_at: string; clearPublic: boolean },
) {
  return db
    .updateTable('project_pages')
    .set({
      title: fields.title,
      body_html: fields.body_html,
      updated_at: fields.updated_at,
      ...(fields.clearPublic ? { public_since: null, public_approved_by: null } : {}),
    })
    .where('id', '=', pageId)
    .execute()
}

export function setPublic(
  db: Queryable,
  table: 'project_pages' | 'project_files',
  id: string,
  since: string | null,
  approvedBy: string | null,
) {
  return db
    .updateTable(table)
    .set({ public_since: since, public_approved_by: approvedBy })
    .where('id', '=', id)
    .execute()
}

// ---- Files
const FILE_COLUMNS = [
  'project_files.id',
  'project_files.page_id',
  'project_files.title',
  'project_files.original_name',
  'project_files.stored_name',
  'project_files.media_type',
  'project_files.size',
  'project_files.public_since',
  'project_files.created_at',
] as const

/** Materials are the files not attached to a page; a page's images are listed with the page. */
export function listFiles(db: Queryable, projectId: string, pageId: string | null) {
  let query = db
    .selectFrom('project_files')
    .leftJoin('people', 'people.id', 'project_files.uploaded_by')
    .select([...FILE_COLUMNS, 'people.name as uploader'])
    .where('project_files.project_id', '=', projectId)
  query = pageId === null ? query.where('page_id', 'is', null) : query.where('page_id', '=', pageId)
  return query.orderBy('project_files.created_at', 'desc').execute()
}

export function allFiles(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_files')
    .select([...FILE_COLUMNS])
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .execute()
}

export function findFile(db: Queryable, projectId: string, fileId: string) {
  return db
    .selectFrom('project_files')
    .select([...FILE_COLUMNS])
    .where('project_id', '=', projectId)
    .where('id', '=', fileId)
    .executeTakeFirst()
}

export function insertFile(db: Queryable, file: Insertable<ProjectFilesTable>) {
  return db.insertInto('project_files').values(file).execute()
}

// ---- Forum
export function listThreads(db: Queryable, projectId: string) {
  return db
    .selectFrom('forum_threads')
    .leftJoin('people', 'people.id', 'forum_threads.author_id')
    .select((eb) => [
      'forum_threads.id',
      'forum_threads.title',
      'forum_threads.last_post_at',
      'people.name as author',
      eb
        .selectFrom('forum_posts')
        .select((e) => e.fn.countAll<number | string>().as('n'))
        .whereRef('forum_posts.thread_id', '=', 'forum_threads.id')
        .as('posts'),
    ])
    .where('forum_threads.project_id', '=', projectId)
    .orderBy('forum_threads.last_post_at', 'desc')
    .execute()
}

export function findThread(db: Queryable, projectId: string, threadId: string) {
  return db
    .selectFrom('forum_threads')
    .select(['id', 'title', 'created_at', 'last_post_at'])
    .where('project_id', '=', projectId)
    .where('id', '=', threadId)
    .executeTakeFirst()
}

export function threadPosts(db: Queryable, threadIds: string[]) {
  if (threadIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('forum_posts')
    .leftJoin('people', 'people.id', 'forum_posts.author_id')
    .select([
      'forum_posts.id',
      'forum_posts.thread_id',
      'forum_posts.body',
      'forum_posts.created_at',
      'people.name as author',
    ])
    .where('forum_posts.thread_id', 'in', threadIds)
    .orderBy('forum_posts.created_at')
    .orderBy('forum_posts.id')
    .execute()
}

export function insertThread(db: Queryable, thread: Insertable<ForumThreadsTable>) {
  return db.insertInto('forum_threads').values(thread).execute()
}

export function insertPost(db: Queryable, post: Insertable<ForumPostsTable>) {
  return db.insertInto('forum_posts').values(post).execute()
}

export function touchThread(db: Queryable, threadId: string, at: string) {
  return db.updateTable('forum_threads').set({ last_post_at: at }).where('id', '=', threadId).execute()
}

// ---- Milestones
export function listMilestones(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_milestones')
    .select(['id', 'title', 'description', 'due_date', 'status', 'position'])
    .where('project_id', '=', projectId)
    .orderBy('position')
    .orderBy('created_at')
    .execute()
}

export function findMilestone(db: Queryable, projectId: string, milestoneId: string) {
  return db
    .selectFrom('project_milestones')
    .select(['id', 'position'])
    .where('project_id', '=', projectId)
    .where('id', '=', milestoneId)
    .executeTakeFirst()
}

export function insertMilestone(db: Queryable, milestone: Insertable<ProjectMilestonesTable>) {
  return db.insertInto('project_milestones').values(milestone).execute()
}

export function updateMilestone(
  db: Queryable,
  milestoneId: string,
  fields: Pick<ProjectMilestonesTable, 'title' | 'description' | 'due_date' | 'status' | 'updated_at'>,
) {
  return db.updateTable('project_milestones').set(fields).where('id', '=', milestoneId).execute()
}

/** Puts a milestone after everything planned before its due date: the timeline reads in date order. */
export async function renumberMilestones(db: Queryable, projectId: string): Promise<void> {
  const rows = await db
    .selectFrom('project_milestones')
    .select(['id', 'due_date', 'created_at'])
    .where('project_id', '=', projectId)
    .execute()
  const ordered = rows.sort(
    (a, b) =>
      (a.due_date ?? '9999').localeCompare(b.due_date ?? '9999') || a.created_at.localeCompare(b.created_at),
  )
  for (const [position, row] of ordered.entries()) {
    await db.updateTable('project_milestones').set({ position }).where('id', '=', row.id).execute()
  }
}

// ---- Members
export function listMembers(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_members')
    .innerJoin('people', 'people.id', 'project_members.person_id')
    .leftJoin('institutions', 'institutions.id', 'project_members.institution_id')
    .select([
      'project_members.person_id',
      'project_members.role',
      'project_members.status',
      'project_members.pupil_admin',
      'people.name',
      'institutions.name as institution',
      'institutions.slug as institution_slug',
    ])
    .where('project_members.project_id', '=', projectId)
    .where('project_members.status', 'in', ['active', 'invited'])
    .orderBy('project_members.role')
    .orderBy('people.name')
    .execute()
}

export function setPupilAdmin(db: Queryable, projectId: string, personId: string, on: boolean) {
  return db
    .updateTable('project_members')
    .set({ pupil_admin: on ? 1 : 0 })
    .where('project_id', '=', projectId)
    .where('person_id', '=', personId)
    .where('role', '=', 'pupil')
    .where('status', '=', 'active')
    .executeTakeFirst()
}

export function findAdultByEmail(db: Queryable, email: string) {
  return db
    .selectFrom('people')
    .select(['id'])
    .where('email', '=', email.trim().toLowerCase())
    .where('kind', '=', 'adult')
    .executeTakeFirst()
}

// ---- State
export function setWorkspaceState(db: Queryable, projectId: string, state: WorkspaceState, at: string) {
  return db
    .updateTable('projects')
    .set({
      workspace_state: state,
      updated_at: at,
      ...(state === 'archived' ? { archived_at: at } : state === 'closed' ? { closed_at: at } : {}),
    })
    .where('id', '=', projectId)
    .execute()
}

/** Deletes the project's pupils' accounts; the foreign keys' cascades remove their memberships and sessions. */
export async function deletePupils(db: Queryable, projectId: string): Promise<number> {
  const result = await db
    .deleteFrom('people')
    .where('id', 'in', db.selectFrom('pupils').select('person_id').where('project_id', '=', projectId))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export function countPupils(db: Queryable, projectId: string) {
  return db
    .selectFrom('pupils')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow()
}
