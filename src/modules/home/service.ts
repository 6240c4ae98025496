import type { ServiceContext } from '../../platform/context.ts'
import { countMembers } from '../accounts/service.ts'
import { countInstitutions } from '../institutions/service.ts'
import { type ProjectCounters, projectCounters } from '../projects/gallery.ts'

export interface HomeCounters {
  members: number
  institutions: number
  projects: ProjectCounters
}

/** The live counters that exist so far; each is computed from the data on every request (cheap indexed counts). */
export async function homeCounters(ctx: Pick<ServiceContext, 'db' | 'config'>): Promise<HomeCounters> {
  const [members, institutions, projects] = await Promise.all([
    countMembers(ctx.db),
    countInstitutions(ctx),
    projectCounters(ctx.db, ctx.config.timeZone),
  ])
  return { members, institutions, projects }
}
