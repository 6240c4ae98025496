import type { Db } from '../../db/database.ts'
import type { LabelLevel } from '../../db/schema.ts'
import { formatDate } from '../../platform/i18n.ts'
import type { ViewContext } from '../../web/view-context.ts'
import { countryName } from '../institutions/geo.ts'
import * as q from './queries.ts'

export interface ProjectLabel {
  level: LabelLevel
  country: string
  awardedAt: string
}

/** Each project's labels (European first, then national by country); projects without any are absent. */
export async function labelsForProjects(
  db: Db,
  projectIds: readonly string[],
): Promise<Map<string, ProjectLabel[]>> {
  const result = new Map<string, ProjectLabel[]>()
  if (projectIds.length === 0) return result
  for (const row of await q.labelsOfProjects(db, [...new Set(projectIds)])) {
    const list = result.get(row.project_id) ?? []
    list.push({ level: row.level, country: row.country, awardedAt: row.awarded_at })
    result.set(row.project_id, list)
  }
  return result
}

/** Each institution's school label still valid now (its latest expiry); expired labels are not shown. */
export async function labelsForInstitutions(
  db: Db,
  institutionIds: readonly string[],
  now = new Date(),
): Promise<Map<string, { validUntil: string }>> {
  const result = new Map<string, { validUntil: string }>()
  if (institutionIds.length === 0) return result
  for (const row of await q.validInstitutionLabels(db, [...new Set(institutionIds)], now.toISOString())) {
    if (!result.has(row.institution_id)) result.set(row.institution_id, { validUntil: row.valid_until })
  }
  return result
}

/** The labels of the projects a member takes part in as a founder or teacher, one entry per label. */
export async function labelsForMember(db: Db, personId: string): Promise<ProjectLabel[]> {
  return (await q.labelsOfPersonProjects(db, personId)).map((r) => ({
    level: r.level,
    country: r.country,
    awardedAt: r.awarded_at,
  }))
}

/**
 * Labels as badges: a project's (or a member's projects') national and European labels, and an institution's
 * school label with its expiry. Renders nothing when there are none.
 */
export function LabelBadges(props: {
  ctx: ViewContext
  labels?: readonly ProjectLabel[]
  school?: { validUntil: string } | undefined
}) {
  const { ctx } = props
  // A member's projects may hold the same label several times: one badge each, with how many.
  const counted = new Map<string, { label: ProjectLabel; count: number }>()
  for (const label of props.labels ?? []) {
    const key = `${label.level}:${label.country}`
    const entry = counted.get(key)
    if (entry) entry.count += 1
    else counted.set(key, { label, count: 1 })
  }
  if (counted.size === 0 && !props.school) return null
  return (
    <ul class="label-badges" aria-label={ctx.t('labels.badges_title')}>
      {[...counted.values()].map(({ label, count }) => (
        <li class="badge badge-ok">
          {label.level === 'european'
            ? ctx.t('labels.badge.european')
            : ctx.t('labels.badge.national', { country: countryName(label.country, ctx.locale) })}
          {count > 1 && ` × ${count}`}
        </li>
      ))}
      {props.school && (
        <li class="badge badge-ok">
          {ctx.t('labels.badge.school', {
            date: formatDate(ctx.locale, props.school.validUntil, ctx.timeZone),
          })}
        </li>
      )}
    </ul>
  )
}
