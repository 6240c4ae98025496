import type { Static } from 'typebox'
import { formatDate } from '../../../platform/i18n.ts'
import { CsrfField, ErrorSummary, type FormState, TextAreaField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { subdivisionName } from '../../institutions/geo.ts'
import { APPLICATION_STATUSES, INSTITUTION_TYPES, type QueueQuery } from '../schemas.ts'
import type { ApplicationDetail, FormRow, QueueItem } from '../service.ts'
import { localised } from '../service.ts'
import { AnswerList, Timeline } from './shared.tsx'

/** A subdivision code (AZ-GA) shown by its name in the reader's language. */
function regionName(ctx: ViewContext, code: string): string {
  return subdivisionName(code, ctx.locale, ctx.t('institutions.city_suffix'))
}

function Select(props: {
  id: string
  name: string
  label: string
  value: string
  options: Array<readonly [string, string]>
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  )
}

export function QueueView(props: {
  ctx: ViewContext
  query: Static<typeof QueueQuery>
  page: { items: QueueItem[]; next: string | null }
  forms: FormRow[]
  regions: string[]
  form: FormState
}) {
  const { ctx, query, page } = props
  const { t } = ctx
  const nextQuery = new URLSearchParams(
    Object.entries({ ...query, after: page.next ?? '' }).filter(
      ([, v]) => typeof v === 'string' && v,
    ) as Array<[string, string]>,
  )
  return (
    <section>
      <h1>{t('applications.queue_title')}</h1>
      <form method="get" action="/review/applications" class="filters">
        <Select
          id="filter-form"
          name="form"
          label={t('applications.programme')}
          value={query.form ?? ''}
          options={[
            ['', t('applications.any')],
            ...props.forms.map((f) => [f.code, localised(f, 'title', ctx.locale)] as const),
          ]}
        />
        <Select
          id="filter-region"
          name="region"
          label={t('applications.region')}
          value={query.region ?? ''}
          options={[
            ['', t('applications.any')],
            ...props.regions.map((r) => [r, regionName(ctx, r)] as const),
          ]}
        />
        <Select
          id="filter-type"
          name="type"
          label={t('applications.institution_type')}
          value={query.type ?? ''}
          options={[
            ['', t('applications.any')],
            ...INSTITUTION_TYPES.map((type) => [type, t(`institution_types.${type}`)] as const),
          ]}
        />
        <Select
          id="filter-status"
          name="status"
          label={t('applications.status')}
          value={query.status ?? 'open'}
          options={[
            ['open', t('applications.statuses.open')],
            ...APPLICATION_STATUSES.map((s) => [s, t(`applications.statuses.${s}`)] as const),
            ['all', t('applications.any')],
          ]}
        />
        <div class="field">
          <label for="filter-from">{t('applications.from')}</label>
          <input id="filter-from" name="from" type="date" value={query.from ?? ''} />
        </div>
        <div class="field">
          <label for="filter-to">{t('applications.to')}</label>
          <input id="filter-to" name="to" type="date" value={query.to ?? ''} />
        </div>
        <Select
          id="filter-sort"
          name="sort"
          label={t('applications.sort')}
          value={query.sort ?? 'oldest'}
          options={[
            ['oldest', t('applications.sort_oldest')],
            ['newest', t('applications.sort_newest')],
          ]}
        />
        <button type="submit" class="button">
          {t('applications.filter')}
        </button>
      </form>
      <ErrorSummary ctx={ctx} errors={props.form.errors} labels={{}} />
      {page.items.length === 0 ? (
        <p>{t('applications.queue_empty')}</p>
      ) : (
        <form method="post" action="/review/applications/bulk-approve" id="field-form">
          <CsrfField ctx={ctx} />
          <table class="table">
            <caption class="visually-hidden">{t('applications.queue_title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('applications.select')}</th>
                <th scope="col">{t('applications.applicant')}</th>
                <th scope="col">{t('applications.programme')}</th>
                <th scope="col">{t('applications.institution')}</th>
                <th scope="col">{t('applications.region')}</th>
                <th scope="col">{t('applications.status')}</th>
                <th scope="col">{t('applications.submitted_at')}</th>
                <th scope="col">{t('applications.waiting')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr>
                  <td>
                    <input
                      type="checkbox"
                      name="ids"
                      value={item.id}
                      id={`select-${item.id}`}
                      aria-label={`${t('applications.select')}: ${item.applicant}`}
                    />
                  </td>
                  <td>
                    <a href={`/review/applications/${item.id}`}>{item.applicant}</a>
                  </td>
                  <td>{item.form}</td>
                  <td>
                    {item.institution ?? '–'}
                    {item.proposed && ` (${t('applications.proposed')})`}
                    {item.institutionType && (
                      <span class="hint"> · {t(`institution_types.${item.institutionType}`)}</span>
                    )}
                  </td>
                  <td>{item.region ? regionName(ctx, item.region) : '–'}</td>
                  <td>
                    <span class="badge badge-pending">{t(`applications.statuses.${item.status}`)}</span>
                  </td>
                  <td>{formatDate(ctx.locale, item.submittedAt, ctx.timeZone)}</td>
                  <td>{t('applications.waiting_days', { count: item.waitingDays })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" class="button">
            {t('applications.bulk_approve')}
          </button>
        </form>
      )}
      {page.next && (
        <p>
          <a href={`/review/applications?${nextQuery.toString()}`}>{t('applications.next_page')}</a>
        </p>
      )}
    </section>
  )
}

export function ReviewView(props: { ctx: ViewContext; application: ApplicationDetail; form: FormState }) {
  const { ctx, application: a, form } = props
  const { t } = ctx
  const open = a.status === 'submitted' || a.status === 'info_requested'
  return (
    <section class="narrow">
      <p>
        <a href="/review/applications">{t('applications.back_to_queue')}</a>
      </p>
      <h1>{t('applications.review_title', { name: a.applicantName })}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('applications.programme')}</dt>
          <dd>{a.formTitle}</dd>
        </div>
        <div>
          <dt>{t('applications.status')}</dt>
          <dd>{t(`applications.statuses.${a.status}`)}</dd>
        </div>
        <div>
          <dt>{t('applications.region')}</dt>
          <dd>{a.region ? regionName(ctx, a.region) : '–'}</dd>
        </div>
        <div>
          <dt>{t('applications.waiting')}</dt>
          <dd>{open ? t('applications.waiting_days', { count: a.waitingDays }) : '–'}</dd>
        </div>
      </dl>
      <h2>{t('applications.answers')}</h2>
      <AnswerList ctx={ctx} application={a} />
      <h2>{t('applications.timeline')}</h2>
      <Timeline ctx={ctx} events={a.timeline} />
      {open && (
        <>
          <h2>{t('applications.decision')}</h2>
          <ErrorSummary ctx={ctx} errors={form.errors} labels={{ message: t('applications.message') }} />
          <form method="post" action={`/review/applications/${a.id}/decision`} id="field-form" novalidate>
            <CsrfField ctx={ctx} />
            <fieldset class="field">
              <legend>{t('applications.decision')}</legend>
              {(['approve', 'reject', 'request_info'] as const).map((d) => (
                <div class="choice">
                  <input
                    type="radio"
                    id={`decision-${d}`}
                    name="decision"
                    value={d}
                    checked={(form.values.decision ?? 'approve') === d}
                  />
                  <label for={`decision-${d}`}>{t(`applications.decisions.${d}`)}</label>
                </div>
              ))}
            </fieldset>
            <TextAreaField
              ctx={ctx}
              form={form}
              name="message"
              label={t('applications.message')}
              hint={t('applications.message_hint')}
              rows={4}
              maxLength={4000}
            />
            <button type="submit" class="button">
              {t('applications.decide_submit')}
            </button>
          </form>
        </>
      )}
    </section>
  )
}
