import type { Db } from '../../db/database.ts'
import type { ProjectMemberRole, ProjectStatus, WorkspaceState } from '../../db/schema.ts'
import type { Actor } from '../../platform/policy.ts'

/**
 * A project as every policy in the projects, workspace, pupils and labels modules sees it: its state, and the
 * acting person's place in it. Loaded once per request by `loadProjectAccess`, then handed to `can`/`authorize`.
 */
export interface ProjectAccess {
  projectId: string
  status: ProjectStatus
  workspaceState: WorkspaceState
  /** Set while the team shows the project in the public gallery. */
  inGallery: boolean
  /** The actor's membership in this project, whatever its status; null for everyone else. */
  membership: ProjectMembership | null
}

export interface ProjectMembership {
  role: ProjectMemberRole
  status: 'invited' | 'active' | 'declined' | 'left'
  pupilAdmin: boolean
}

/** The project and the actor's membership in it, or null when no such project exists. */
export async function loadProjectAccess(
  db: Db,
  projectId: string,
  actor: Actor,
): Promise<ProjectAccess | null> {
  const project = await db
    .selectFrom('projects')
    .select(['id', 'status', 'workspace_state', 'in_gallery_since'])
    .where('id', '=', projectId)
    .executeTakeFirst()
  if (!project) return null
  const membership = actor.person
    ? await db
        .selectFrom('project_members')
        .select(['role', 'status', 'pupil_admin'])
        .where('project_id', '=', projectId)
        .where('person_id', '=', actor.person.id)
        .executeTakeFirst()
    : undefined
  return {
    projectId: project.id,
    status: project.status,
    workspaceState: project.workspace_state,
    inGallery: project.in_gallery_since !== null,
    membership: membership
      ? { role: membership.role, status: membership.status, pupilAdmin: membership.pupil_admin === 1 }
      : null,
  }
}

// Predicates the modules' rules are built from. "Active" means the person accepted and has not left.

/** Anyone taking part: founders, teachers and pupils who accepted. */
export const isActiveMember = (p: ProjectAccess): boolean => p.membership?.status === 'active'

/** The adults of the team (founders and partner teachers), who run the workspace and answer for the pupils. */
export const isTeacher = (p: ProjectAccess): boolean =>
  isActiveMember(p) && (p.membership?.role === 'founder' || p.membership?.role === 'teacher')

export const isFounder = (p: ProjectAccess): boolean => isActiveMember(p) && p.membership?.role === 'founder'

export const isPupil = (p: ProjectAccess): boolean => isActiveMember(p) && p.membership?.role === 'pupil'

/** A teacher, or a pupil a teacher made pupil administrator: may invite, create pages and start discussions. */
export const isWorkspaceAdmin = (p: ProjectAccess): boolean =>
  isTeacher(p) || (isPupil(p) && p.membership?.pupilAdmin === true)

/** Archived and closed workspaces are read-only. */
export const isWritable = (p: ProjectAccess): boolean => p.workspaceState === 'open'
