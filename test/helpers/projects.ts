import type { Db } from '../../src/db/database.ts'
import { newId } from '../../src/db/ids.ts'
import type {
  ProjectMemberRole,
  ProjectMemberStatus,
  ProjectScope,
  ProjectStatus,
  WorkspaceState,
} from '../../src/db/schema.ts'

export interface ProjectOptions {
  /** The founders, each with the institution they found it for. The first one created the project. */
  founders: Array<{ personId: string; institutionId: string }>
  status?: ProjectStatus
  scope?: ProjectScope
  title?: string
  inGallery?: boolean
  workspaceState?: WorkspaceState
}

/**
 * A project written straight into the database, for tests of what comes after its creation (workspace, pupils,
 * labels, gallery). Approved, open and with active founders unless told otherwise.
 */
export async function createProject(db: Db, options: ProjectOptions): Promise<{ id: string; slug: string }> {
  const id = newId()
  const now = new Date().toISOString()
  const status = options.status ?? 'approved'
  const title = options.title ?? `Test project ${id.slice(-6)}`
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`
  await db
    .insertInto('projects')
    .values({
      id,
      slug,
      scope: options.scope ?? 'national',
      status,
      wizard_step: 5,
      title_az: null,
      title_en: title,
      title_ru: null,
      summary_az: null,
      summary_en: `What ${title} is about.`,
      summary_ru: null,
      age_from: 12,
      age_to: 15,
      activities: null,
      expected_results: null,
      start_date: '2026-09-01',
      end_date: '2027-06-30',
      learning_model_id: null,
      event_id: null,
      created_by: options.founders[0]?.personId ?? null,
      created_at: now,
      updated_at: now,
      submitted_at: status === 'draft' ? null : now,
      waiting_since: status === 'approved' ? null : now,
      decided_at: status === 'approved' ? now : null,
      decided_by: null,
      approved_at: status === 'approved' ? now : null,
      in_gallery_since: options.inGallery ? now : null,
      workspace_state: options.workspaceState ?? 'open',
      archived_at: options.workspaceState === 'archived' ? now : null,
      closed_at: options.workspaceState === 'closed' ? now : null,
    })
    .execute()
  for (const founder of options.founders) {
    await addProjectMember(db, id, founder.personId, 'founder', 'active', founder.institutionId)
  }
  return { id, slug }
}

export async function addProjectMember(
  db: Db,
  projectId: string,
  personId: string,
  role: ProjectMemberRole,
  status: ProjectMemberStatus = 'active',
  institutionId: string | null = null,
): Promise<void> {
  const now = new Date().toISOString()
  await db
    .insertInto('project_members')
    .values({
      id: newId(),
      project_id: projectId,
      person_id: personId,
      role,
      status,
      institution_id: institutionId,
      invited_by: null,
      invited_at: now,
      joined_at: status === 'active' ? now : null,
    })
    .execute()
}
