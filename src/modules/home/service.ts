import type { ServiceContext } from '../../platform/context.ts'
import { countMembers } from '../accounts/service.ts'
import { countInstitutions } from '../institutions/service.ts'
import { type ProjectCounters, recentProjectCounters } from '../projects/gallery.ts'

export interface HomeCounters {
  members: number
  institutions: number
  projects: ProjectCounters
}

/** The live counters: members and institutions counted on every request (cheap indexed counts), projects at most once a minute. */
export async function homeCounters(ctx: Pick<ServiceContext, 'db' | 'config'>): Promise<HomeCounters> {
  const [members, institutions, projects] = await Promise.all([
    countMembers(ctx.db),
    countInstitutions(ctx),
    recentProjectCounters(ctx.db, ctx.config.timeZone),
  ])
  return { members, institutions, projects }
}
