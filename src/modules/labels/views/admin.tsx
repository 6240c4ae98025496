import { formatDate } from '../../../platform/i18n.ts'
import {
  CsrfField,
  ErrorSummary,
  type FormState,
  Notice,
  SelectField,
  TextAreaField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'
import { LabelBadges } from '../badges.tsx'
import { CRITERIA, criterionName, FEEDBACK_MAX_LENGTH, SCORE_MAX, SCORE_MIN } from '../criteria.ts'
import { scoreField } from '../schemas.ts'
import type { LabelApplication, ProjectForReview, QueueItem, SchoolFigures } from '../service.ts'
import { projectTitle } from '../service.ts'
import { ApplicationDetails, EuropeanStatusView, ProjectFacts } from './shared.tsx'

function QueueTable(props: { ctx: ViewContext; items: QueueItem[]; caption: string }) {
  const { ctx, items } = props
  const { t } = ctx
  if (items.length === 0) return <p>{t('labels.queue_empty')}</p>
  return (
    <table class="table">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('labels.project')}</th>
          <th scope="col">{t('labels.submitted')}</th>
          <th scope="col">{t('labels.waiting')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr>
            <td>
              <a href={`/admin/labels/${item.id}`}>{item.title}</a>
            </td>
            <td>{formatDate(ctx.locale, item.submittedAt, ctx.timeZone)}</td>
            <td>{t('labels.waiting_days', { count: item.waitingDays })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function QueueView(props: {
  ctx: ViewContext
  queue: {
    national: QueueItem[]
    european: QueueItem[]
    candidates: Array<{ id: string; title: string; awardedAt: string }>
  }
}) {
  const { ctx, queue } = props
  const { t } = ctx
  return (
    <section>
      <h1>{t('labels.queue_title')}</h1>
      <p>
        <a href="/admin/labels/schools">{t('labels.schools_title')}</a> ·{' '}
        <a href="/labels/criteria">{t('labels.criteria_title')}</a>
      </p>
      <h2>{t('labels.queue_national')}</h2>
      <QueueTable ctx={ctx} items={queue.national} caption={t('labels.queue_national')} />
      <h2>{t('labels.queue_european')}</h2>
      <QueueTable ctx={ctx} items={queue.european} caption={t('labels.queue_european')} />
      <h2>{t('labels.candidates_title')}</h2>
      <p>{t('labels.candidates_intro')}</p>
      {queue.candidates.length === 0 ? (
        <p>{t('labels.queue_empty')}</p>
      ) : (
        <ul>
          {queue.candidates.map((c) => (
            <li>
              <a href={`/admin/labels/projects/${c.id}`}>{c.title}</a> ·{' '}
              {t('labels.labelled_on', { date: formatDate(ctx.locale, c.awardedAt, ctx.timeZone) })}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** What every coordinator page about one project shows first: its facts, partners, labels and the European rule. */
function ProjectPanel(props: { ctx: ViewContext; review: ProjectForReview }) {
  const { ctx, review } = props
  const { t } = ctx
  return (
    <>
      <ProjectFacts ctx={ctx} project={review.project} />
      <h2>{t('labels.partners_title')}</h2>
      <ul>
        {review.partners.map((p) => (
          <li>
            <a href={`/institutions/${p.slug}`}>{p.name}</a> · {countryName(p.country, ctx.locale)}
          </li>
        ))}
      </ul>
      <h2>{t('labels.held_title')}</h2>
      {review.labels.length === 0 ? (
        <p>{t('labels.none_held')}</p>
      ) : (
        <LabelBadges
          ctx={ctx}
          labels={review.labels.map((l) => ({ level: l.level, country: l.country, awardedAt: l.awarded_at }))}
        />
      )}
      <h2>{t('labels.european_title')}</h2>
      <EuropeanStatusView ctx={ctx} status={review.european} />
      {!review.mayDecide && <Notice>{t('labels.own_project')}</Notice>}
    </>
  )
}

export function ReviewView(props: {
  ctx: ViewContext
  review: ProjectForReview & { application: LabelApplication; waitingDays: number }
  form: FormState
}) {
  const { ctx, review, form } = props
  const { t } = ctx
  const a = review.application
  const national = a.level === 'national'
  const scoreOptions = [
    ['', t('labels.score_choose')] as const,
    ...Array.from(
      { length: SCORE_MAX - SCORE_MIN + 1 },
      (_, i) => [String(SCORE_MIN + i), String(SCORE_MIN + i)] as const,
    ),
  ]
  const labels = {
    feedback: t('labels.feedback'),
    decision: t('labels.decision'),
    ...Object.fromEntries(CRITERIA.map((code) => [scoreField(code), t(criterionName(code))])),
  }
  return (
    <section>
      <p class="breadcrumbs">
        <a href="/admin/labels">{t('labels.queue_title')}</a>
      </p>
      <h1>
        {t(`labels.levels.${a.level}`)}: {projectTitle(review.project, ctx.locale)}
      </h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      {a.status === 'submitted' && <p>{t('labels.waiting_for', { count: review.waitingDays })}</p>}
      <p>
        <a href={`/admin/labels/projects/${review.project.id}`}>{t('labels.project_admin_link')}</a>
      </p>
      <ProjectPanel ctx={ctx} review={review} />
      <h2>{national ? t('labels.evidence_title') : t('labels.nomination_title')}</h2>
      <ApplicationDetails ctx={ctx} application={a} />
      {a.status === 'submitted' && review.mayDecide && (
        <form method="post" action={`/admin/labels/${a.id}/decision`} novalidate>
          <CsrfField ctx={ctx} />
          <h2>{t('labels.decision_title')}</h2>
          {national && (
            <fieldset>
              <legend>{t('labels.scores_legend', { min: SCORE_MIN, max: SCORE_MAX })}</legend>
              {CRITERIA.map((code) => (
                <SelectField
                  ctx={ctx}
                  form={form}
                  name={scoreField(code)}
                  label={t(criterionName(code))}
                  options={scoreOptions}
                />
              ))}
            </fieldset>
          )}
          <SelectField
            ctx={ctx}
            form={form}
            name="decision"
            label={t('labels.decision')}
            options={[
              ['award', t('labels.decisions.award')],
              ['decline', t('labels.decisions.decline')],
            ]}
          />
          <TextAreaField
            ctx={ctx}
            form={form}
            name="feedback"
            label={t('labels.feedback')}
            hint={t('labels.feedback_hint')}
            maxLength={FEEDBACK_MAX_LENGTH}
          />
          <button type="submit" class="button">
            {t('labels.decide_submit')}
          </button>
        </form>
      )}
    </section>
  )
}

/** A coordinator's page for one project: record partner countries' national labels and nominate it. */
export function ProjectAdminView(props: {
  ctx: ViewContext
  review: ProjectForReview
  form: FormState
  notice?: 'recorded' | 'nominated' | undefined
}) {
  const { ctx, review, form } = props
  const { t } = ctx
  const id = review.project.id
  return (
    <section>
      <p class="breadcrumbs">
        <a href="/admin/labels">{t('labels.queue_title')}</a>
      </p>
      <h1>{projectTitle(review.project, ctx.locale)}</h1>
      {props.notice && <Notice kind="success">{t(`labels.notice_${props.notice}`)}</Notice>}
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ country: t('labels.country') }} />
      <ProjectPanel ctx={ctx} review={review} />
      {review.mayDecide && (
        <>
          <h2>{t('labels.record_title')}</h2>
          <p>{t('labels.record_intro')}</p>
          {review.recordableCountries.length === 0 ? (
            <p>{t('labels.record_none')}</p>
          ) : (
            <form method="post" action={`/admin/labels/projects/${id}/national`}>
              <CsrfField ctx={ctx} />
              <SelectField
                ctx={ctx}
                form={form}
                name="country"
                label={t('labels.country')}
                options={review.recordableCountries.map((c) => [c, countryName(c, ctx.locale)] as const)}
              />
              <button type="submit" class="button">
                {t('labels.record_submit')}
              </button>
            </form>
          )}
          <h2>{t('labels.nominate_title')}</h2>
          {review.nominationBlocker ? (
            <p>{t(review.nominationBlocker)}</p>
          ) : (
            <form method="post" action={`/admin/labels/projects/${id}/nominate`}>
              <CsrfField ctx={ctx} />
              <p>{t('labels.nominate_intro')}</p>
              <button type="submit" class="button">
                {t('labels.nominate_submit')}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  )
}

export function SchoolsView(props: {
  ctx: ViewContext
  candidates: Array<{
    institution: { id: string; name: string; slug: string; country: string }
    figures: SchoolFigures
  }>
  rules: {
    schoolMinYears: number
    schoolMinActiveMembers: number
    schoolMinNationalLabels: number
    schoolValidYears: number
  }
  form: FormState
  notice?: 'awarded' | undefined
}) {
  const { ctx, candidates, rules, form } = props
  const { t } = ctx
  return (
    <section>
      <p class="breadcrumbs">
        <a href="/admin/labels">{t('labels.queue_title')}</a>
      </p>
      <h1>{t('labels.schools_title')}</h1>
      {props.notice && <Notice kind="success">{t('labels.notice_school_awarded')}</Notice>}
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{}} />
      <p>
        {t('labels.rule_school', {
          years: rules.schoolMinYears,
          members: rules.schoolMinActiveMembers,
          labels: rules.schoolMinNationalLabels,
          valid: rules.schoolValidYears,
        })}
      </p>
      <p>{t('labels.school_figures_explained')}</p>
      {candidates.length === 0 ? (
        <p>{t('labels.schools_none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('labels.institution')}</th>
              <th scope="col">{t('labels.active_since')}</th>
              <th scope="col">{t('labels.active_members')}</th>
              <th scope="col">{t('labels.national_labels')}</th>
              <th scope="col">{t('labels.action')}</th>
            </tr>
          </thead>
          <tbody>
            {candidates.map(({ institution, figures }) => (
              <tr>
                <td>
                  <a href={`/institutions/${institution.slug}`}>{institution.name}</a> ·{' '}
                  {countryName(institution.country, ctx.locale)}
                </td>
                <td>
                  {figures.activeSince ? formatDate(ctx.locale, figures.activeSince, ctx.timeZone) : '–'} (
                  {t('labels.years', { count: figures.years })})
                </td>
                <td>{figures.activeMembers}</td>
                <td>{figures.nationalLabels}</td>
                <td>
                  <form method="post" action={`/admin/labels/schools/${institution.id}`}>
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="button">
                      {t('labels.school_award_submit', { name: institution.name })}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
