import type { Config } from '../../config.ts'
import type { Queryable } from '../../db/database.ts'
import type { ProjectScope } from '../../db/schema.ts'
import { notify } from '../notifications/service.ts'
import * as q from './queries.ts'

/**
 * The founders' rule (per installation): a national project needs active founders from enough different
 * institutions, an international one from enough different countries. `awaiting` when the invited co-founders
 * could still make it hold by accepting; `impossible` when even they could not.
 */
export type FoundersVerdict = 'holds' | 'awaiting' | 'impossible'

export function foundersVerdict(
  config: Pick<Config, 'projects'>,
  scope: ProjectScope,
  founders: readonly Pick<q.FounderRow, 'status' | 'institution_id' | 'country'>[],
): FoundersVerdict {
  const active = founders.filter((f) => f.status === 'active')
  const distinct = new Set(
    active.map((f) => (scope === 'national' ? f.institution_id : f.country)).filter((v) => v !== null),
  ).size
  const needed =
    scope === 'national' ? config.projects.nationalMinInstitutions : config.projects.internationalMinCountries
  if (distinct >= needed) return 'holds'
  // Each invited co-founder brings at most one more institution or country when they accept.
  const invited = founders.filter((f) => f.status === 'invited').length
  return distinct + invited >= needed ? 'awaiting' : 'impossible'
}

/** A project's title for messages, in whichever language the founders wrote it. */
export function anyTitle(p: {
  title_az: string | null
  title_en: string | null
  title_ru: string | null
}): string {
  return p.title_az || p.title_en || p.title_ru || '—'
}

export async function notifyFounders(
  db: Queryable,
  config: Config,
  projectId: string,
  input: { kind: string; titleKey: string; bodyKey: string; values: Record<string, string>; link: string },
  except: string | null = null,
): Promise<void> {
  for (const founder of await q.founders(db, projectId)) {
    if (founder.status !== 'active' || founder.person_id === except) continue
    await notify(db, config, {
      personId: founder.person_id,
      kind: input.kind,
      title: { key: input.titleKey, values: input.values },
      body: { key: input.bodyKey, values: input.values },
      link: input.link,
    })
  }
}

/**
 * After a co-founder answered: a project awaiting co-founders goes to the coordinators once the rule holds, and
 * back to the founders (draft) once it no longer can, so they invite someone else.
 */
export async function settleAwaiting(
  db: Queryable,
  config: Config,
  projectId: string,
  actorId: string | null,
): Promise<void> {
  const project = await q.findProject(db, projectId)
  if (project?.status !== 'awaiting_cofounders') return
  const verdict = foundersVerdict(config, project.scope, await q.founders(db, projectId))
  if (verdict === 'awaiting') return
  const now = new Date().toISOString()
  const status = verdict === 'holds' ? 'in_review' : 'draft'
  await db
    .updateTable('projects')
    .set({ status, waiting_since: now, updated_at: now })
    .where('id', '=', projectId)
    .execute()
  await q.addHistory(db, projectId, status === 'in_review' ? 'in_review' : 'cofounders_missing', actorId)
  const values = { title: anyTitle(project) }
  await notifyFounders(db, config, projectId, {
    kind: status === 'in_review' ? 'project.in_review' : 'project.cofounders_missing',
    titleKey: `projects.notify.${status === 'in_review' ? 'in_review' : 'cofounders_missing'}_title`,
    bodyKey: `projects.notify.${status === 'in_review' ? 'in_review' : 'cofounders_missing'}_body`,
    values,
    link: `/projects/${projectId}/status`,
  })
}
