import { formatDate } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import { localised } from '../../applications/service.ts'
import { countryName } from '../../institutions/geo.ts'
import { CRITERIA, criterionDescription, criterionName, SCORE_MAX } from '../criteria.ts'
import type { ProjectRow } from '../queries.ts'
import type { EuropeanStatus, LabelApplication } from '../service.ts'

/** The published criteria, each with its description. */
export function CriteriaList(props: { ctx: ViewContext }) {
  const { t } = props.ctx
  return (
    <dl class="summary-list criteria">
      {CRITERIA.map((code) => (
        <div>
          <dt>{t(criterionName(code))}</dt>
          <dd>{t(criterionDescription(code))}</dd>
        </div>
      ))}
    </dl>
  )
}

/** A calendar date (YYYY-MM-DD) in the reader's language. */
export function calendarDate(ctx: ViewContext, date: string | null): string {
  return date ? formatDate(ctx.locale, `${date}T12:00:00Z`, 'UTC') : '–'
}

export function ProjectFacts(props: { ctx: ViewContext; project: ProjectRow }) {
  const { ctx, project } = props
  const { t } = ctx
  return (
    <dl class="summary-list">
      <div>
        <dt>{t('labels.project_summary')}</dt>
        <dd>{localised(project, 'summary', ctx.locale) || '–'}</dd>
      </div>
      <div>
        <dt>{t('labels.project_dates')}</dt>
        <dd>
          {calendarDate(ctx, project.start_date)} – {calendarDate(ctx, project.end_date)}
        </dd>
      </div>
      <div>
        <dt>{t('labels.project_status')}</dt>
        <dd>{t(`labels.project_statuses.${project.status}`)}</dd>
      </div>
    </dl>
  )
}

/** Countries whose national label the project holds against those of its partners, and what is still missing. */
export function EuropeanStatusView(props: { ctx: ViewContext; status: EuropeanStatus }) {
  const { ctx, status } = props
  const { t } = ctx
  const names = (codes: string[]) => codes.map((c) => countryName(c, ctx.locale)).join(', ') || '–'
  const missing = status.partnerCountries.filter((c) => !status.labelledCountries.includes(c))
  return (
    <dl class="summary-list">
      <div>
        <dt>{t('labels.partner_countries')}</dt>
        <dd>{names(status.partnerCountries)}</dd>
      </div>
      <div>
        <dt>{t('labels.labelled_countries')}</dt>
        <dd>{names(status.labelledCountries)}</dd>
      </div>
      <div>
        <dt>{t('labels.european_rule_title')}</dt>
        <dd>
          {status.met
            ? t('labels.european_met', { needed: status.needed })
            : t('labels.european_unmet', {
                needed: status.needed,
                have: status.labelledCountries.length,
                missing: names(missing),
              })}
        </dd>
      </div>
    </dl>
  )
}

/** An application or nomination as its status, evidence, scores and feedback. */
export function ApplicationDetails(props: { ctx: ViewContext; application: LabelApplication }) {
  const { ctx, application: a } = props
  const { t } = ctx
  return (
    <>
      <p>
        <span
          class={
            a.status === 'awarded'
              ? 'badge badge-ok'
              : a.status === 'submitted'
                ? 'badge badge-pending'
                : 'badge'
          }
        >
          {t(`labels.statuses.${a.status}`)}
        </span>{' '}
        {t('labels.submitted_on', { date: formatDate(ctx.locale, a.submittedAt, ctx.timeZone) })}
        {a.decidedAt &&
          ` · ${t('labels.decided_on', { date: formatDate(ctx.locale, a.decidedAt, ctx.timeZone) })}`}
      </p>
      {a.feedback && (
        <div class="feedback">
          <p>
            <strong>{t('labels.feedback')}</strong>
          </p>
          <p>{a.feedback}</p>
        </div>
      )}
      {a.level === 'national' && (
        <dl class="summary-list">
          {CRITERIA.map((code) => (
            <div>
              <dt>
                {t(criterionName(code))}
                {a.scores[code] !== undefined &&
                  ` · ${t('labels.score_of', { score: a.scores[code], max: SCORE_MAX })}`}
              </dt>
              <dd>{a.evidence[code] ?? '–'}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  )
}
