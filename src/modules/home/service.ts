import type { ServiceContext } from '../../platform/context.ts'
import { type ProjectCounters, recentProjectCounters } from '../projects/gallery.ts'
import { statistics } from '../stats/service.ts'

export interface HomeCounters {
  /** The main three, as the statistics module publishes them (same definitions, same "as of"). */
  teachers: number
  schools: number
  projects: number
  /** The gallery's project figures (active, labelled, by year). */
  gallery: ProjectCounters
}

export async function homeCounters(
  ctx: Pick<ServiceContext, 'db' | 'config'> & { readDb: ServiceContext['db'] },
): Promise<HomeCounters> {
  const [stats, gallery] = await Promise.all([
    statistics(ctx.db, ctx.readDb),
    recentProjectCounters(ctx.db, ctx.config.timeZone),
  ])
  return {
    teachers: stats.counts.teachers,
    schools: stats.counts.schools,
    projects: stats.counts.projects,
    gallery,
  }
}
