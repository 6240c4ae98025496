import type { ServiceContext } from '../../platform/context.ts'
import { countMembers } from '../accounts/service.ts'
import { countInstitutions } from '../institutions/service.ts'

export interface HomeCounters {
  members: number
  institutions: number
}

/** The live counters that exist so far; each is computed from the data on every request (cheap indexed counts). */
export async function homeCounters(ctx: Pick<ServiceContext, 'db'>): Promise<HomeCounters> {
  const [members, institutions] = await Promise.all([countMembers(ctx.db), countInstitutions(ctx)])
  return { members, institutions }
}
