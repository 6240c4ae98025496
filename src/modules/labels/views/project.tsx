import { CsrfField, ErrorSummary, type FormState, Notice, TextAreaField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { LabelBadges } from '../badges.tsx'
import {
  CRITERIA,
  criterionDescription,
  criterionName,
  EVIDENCE_MAX_LENGTH,
  EVIDENCE_MIN_LENGTH,
} from '../criteria.ts'
import { evidenceField } from '../schemas.ts'
import type { ProjectLabelsPage } from '../service.ts'
import { projectTitle } from '../service.ts'
import { ApplicationDetails, calendarDate } from './shared.tsx'

/** The founders' page: the labels the project holds, its applications with feedback, and the form to apply. */
export function ProjectLabelsView(props: {
  ctx: ViewContext
  page: ProjectLabelsPage
  form: FormState
  notice?: 'applied' | undefined
}) {
  const { ctx, page, form } = props
  const { t } = ctx
  const labels = Object.fromEntries(CRITERIA.map((code) => [evidenceField(code), t(criterionName(code))]))
  return (
    <section>
      <p class="breadcrumbs">
        <a href={`/projects/${page.project.id}/status`}>{projectTitle(page.project, ctx.locale)}</a>
      </p>
      <h1>{t('labels.project_title')}</h1>
      {props.notice && <Notice kind="success">{t(`labels.notice_${props.notice}`)}</Notice>}
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <h2>{t('labels.held_title')}</h2>
      {page.labels.length === 0 ? (
        <p>{t('labels.none_held')}</p>
      ) : (
        <LabelBadges
          ctx={ctx}
          labels={page.labels.map((l) => ({ level: l.level, country: l.country, awardedAt: l.awarded_at }))}
        />
      )}
      <h2>{t('labels.applications_title')}</h2>
      {page.applications.length === 0 ? (
        <p>{t('labels.no_applications')}</p>
      ) : (
        <ol class="label-applications">
          {page.applications.map((a) => (
            <li>
              <h3>{t(`labels.levels.${a.level}`)}</h3>
              <ApplicationDetails ctx={ctx} application={a} />
            </li>
          ))}
        </ol>
      )}
      <h2>{t('labels.apply_title')}</h2>
      <p>{t('labels.rule_national')}</p>
      <p>{t('labels.end_date', { date: calendarDate(ctx, page.project.end_date) })}</p>
      <p>
        <a href="/labels/criteria">{t('labels.criteria_link')}</a>
      </p>
      {page.canApply ? (
        <form method="post" action={`/projects/${page.project.id}/labels`} novalidate>
          <CsrfField ctx={ctx} />
          {CRITERIA.map((code) => (
            <TextAreaField
              ctx={ctx}
              form={form}
              name={evidenceField(code)}
              label={t(criterionName(code))}
              hint={`${t(criterionDescription(code))} ${t('labels.evidence_hint', { min: EVIDENCE_MIN_LENGTH, max: EVIDENCE_MAX_LENGTH })}`}
              maxLength={EVIDENCE_MAX_LENGTH}
              rows={5}
            />
          ))}
          <button type="submit" class="button">
            {t('labels.apply_submit')}
          </button>
        </form>
      ) : (
        page.blockedBy && <p class="notice notice-info">{t(page.blockedBy)}</p>
      )}
    </section>
  )
}
