import { LOCALES } from '../../../config.ts'
import { formatDate, formatDateTime, languageName } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'
import { daysSince, type NextActor, type ProjectDetail } from '../service.ts'

export function StatusBadge(props: { ctx: ViewContext; status: string }) {
  const ok = props.status === 'approved'
  return (
    <span class={`badge ${ok ? 'badge-ok' : 'badge-pending'}`}>
      {props.ctx.t(`projects.statuses.${props.status}`)}
    </span>
  )
}

/** Who must act next and for how long they have been expected to. */
export function NextActorText(props: { ctx: ViewContext; next: NextActor }) {
  const { t } = props.ctx
  const { next } = props
  if (next.kind === 'none') return <>{t('projects.next.none')}</>
  const who =
    next.kind === 'cofounders'
      ? t('projects.next.cofounders', { names: next.names.join(', ') })
      : t(`projects.next.${next.kind}`)
  return (
    <>
      {who}
      {next.since && ` · ${t('projects.waiting_days', { count: daysSince(next.since) })}`}
    </>
  )
}

function calendarDate(ctx: ViewContext, date: string | null): string {
  return date ? formatDate(ctx.locale, `${date}T12:00:00Z`, 'UTC') : '–'
}

/** Everything the founders wrote, as the review step, the status page and the coordinators show it. */
export function ProjectSummary(props: {
  ctx: ViewContext
  detail: Pick<ProjectDetail, 'project' | 'subjects' | 'topics' | 'learningModel' | 'languages'>
}) {
  const { ctx } = props
  const { t } = ctx
  const { project: p } = props.detail
  const rows: Array<[string, string]> = [
    [t('projects.fields.scope'), t(`projects.scopes.${p.scope}`)],
    [t('projects.fields.subjects'), props.detail.subjects.map((s) => s.name).join(', ') || '–'],
    [t('projects.fields.topics'), props.detail.topics.map((s) => s.name).join(', ') || '–'],
    [
      t('projects.fields.ages'),
      p.age_from !== null || p.age_to !== null ? `${p.age_from ?? '?'}–${p.age_to ?? '?'}` : '–',
    ],
    [
      t('projects.fields.languages'),
      props.detail.languages.map((l) => languageName(l, ctx.locale)).join(', ') || '–',
    ],
    [t('projects.fields.learning_model'), props.detail.learningModel ?? '–'],
    [t('projects.fields.dates'), `${calendarDate(ctx, p.start_date)} – ${calendarDate(ctx, p.end_date)}`],
  ]
  return (
    <>
      {LOCALES.filter((l) => p[`title_${l}`] || p[`summary_${l}`]).map((l) => (
        <section lang={l}>
          <h3>{p[`title_${l}`] || '–'}</h3>
          <p>{p[`summary_${l}`] || '–'}</p>
        </section>
      ))}
      <dl class="summary-list">
        {rows.map(([label, value]) => (
          <div>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <div>
          <dt>{t('projects.fields.activities')}</dt>
          <dd>{p.activities || '–'}</dd>
        </div>
        <div>
          <dt>{t('projects.fields.expected_results')}</dt>
          <dd>{p.expected_results || '–'}</dd>
        </div>
      </dl>
    </>
  )
}

/** The founders, the institution each founds it for, and whether they have answered yet. */
export function FoundersList(props: { ctx: ViewContext; founders: ProjectDetail['founders'] }) {
  const { ctx } = props
  const { t } = ctx
  return (
    <ul>
      {props.founders.map((f) => (
        <li>
          {f.name}
          {f.institution_name && ` · ${f.institution_name} (${countryName(f.country ?? '', ctx.locale)})`}
          {f.status === 'invited' && ` · ${t('projects.founder_invited')}`}
        </li>
      ))}
    </ul>
  )
}

export function History(props: { ctx: ViewContext; events: ProjectDetail['history'] }) {
  const { ctx } = props
  return (
    <ol class="timeline">
      {props.events.map((e) => (
        <li>
          <strong>{ctx.t(`projects.history.${e.kind}`, { name: e.message ?? '' })}</strong> ·{' '}
          {formatDateTime(ctx.locale, e.at, ctx.timeZone)}
          {e.actor ? ` · ${e.actor}` : ''}
          {e.kind === 'returned' && e.message && <p>{e.message}</p>}
        </li>
      ))}
    </ol>
  )
}
