import { formatNumber } from '../../../../platform/i18n.ts'
import {
  CsrfField,
  ErrorSummary,
  type FormState,
  LocalisedFields,
  Notice,
  TextAreaField,
} from '../../../../web/components.tsx'
import type { ViewContext } from '../../../../web/view-context.ts'
import type { AttendanceEvent } from '../../attendance.ts'
import { eventTitle } from '../../attendance.ts'
import type { Count, Outcome } from '../../outcomes.ts'
import { dayName, EventCrumb, institutionTypeName, regionName } from './shared.tsx'

/** "55 participants from 15 regions; 29 projects created", each number pluralised in the reader's language. */
export function outcomeHeadline(ctx: ViewContext, o: Outcome): string {
  const { t } = ctx
  const n = (key: string, count: number) => t(key, { count, formatted: formatNumber(ctx.locale, count) })
  return t(o.regionCount > 0 ? 'attendance.headline' : 'attendance.headline_no_regions', {
    participants: n('attendance.n_participants', o.participants),
    regions: n('attendance.n_regions', o.regionCount),
    projects: n('attendance.n_projects', o.projects.length),
  })
}

function CountTable(props: {
  ctx: ViewContext
  caption: string
  head: string
  rows: Count[]
  name: (v: string | null) => string
}) {
  const { ctx } = props
  return (
    <table class="table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.head}</th>
          <th scope="col">{ctx.t('attendance.participants')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{props.name(r.value)}</th>
            <td>{formatNumber(ctx.locale, r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The computed facts: headline, participants by region, institution type and day, the projects created. */
export function OutcomeFacts(props: {
  ctx: ViewContext
  slug: string
  outcome: Outcome
  headingLevel?: 2 | 3
}) {
  const { ctx, outcome: o } = props
  const { t } = ctx
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2'
  const unlisted = o.projects.filter((p) => !p.listed).length
  return (
    <>
      <p class="lead" data-testid="outcome-headline">
        {outcomeHeadline(ctx, o)}
      </p>
      {o.participants > 0 && (
        <>
          <CountTable
            ctx={ctx}
            caption={t('attendance.by_region')}
            head={t('attendance.region')}
            rows={o.byRegion}
            name={(v) => regionName(ctx, v)}
          />
          <CountTable
            ctx={ctx}
            caption={t('attendance.by_institution_type')}
            head={t('attendance.institution_type')}
            rows={o.byInstitutionType}
            name={(v) => institutionTypeName(ctx, v)}
          />
          {o.byDay.length > 1 && (
            <CountTable
              ctx={ctx}
              caption={t('attendance.by_day')}
              head={t('attendance.day')}
              rows={o.byDay.map((d) => ({ value: d.day, count: d.count }))}
              name={(v) => (v ? dayName(ctx, v) : '')}
            />
          )}
        </>
      )}
      <Heading>{t('attendance.projects_created')}</Heading>
      {o.projects.length === 0 ? (
        <p>{t('attendance.no_projects')}</p>
      ) : (
        <>
          <ul>
            {o.projects
              .filter((p) => p.listed)
              .map((p) => (
                <li>
                  <a href={`/projects/${p.id}`}>{p.title}</a>
                </li>
              ))}
          </ul>
          {unlisted > 0 && <p>{t('attendance.projects_unlisted', { count: unlisted })}</p>}
        </>
      )}
      {(o.materials > 0 || o.photos > 0) && (
        <ul class="plain-links">
          {o.materials > 0 && (
            <li>
              <a href={`/events/${props.slug}#materials`}>
                {t('attendance.materials', { count: o.materials })}
              </a>
            </li>
          )}
          {o.photos > 0 && (
            <li>
              <a href={`/events/${props.slug}#photos`}>{t('attendance.photos', { count: o.photos })}</a>
            </li>
          )}
        </ul>
      )}
    </>
  )
}

/** The organisers' short report in the reader's language, else in a language it was written in. */
function reportIn(ctx: ViewContext, o: Outcome): string | null {
  return o.report[ctx.locale] ?? o.report.az ?? o.report.en ?? o.report.ru
}

/** On the event page, beside the participant's place: their ticket, and their certificate once checked in. */
export function ParticipantLinks(props: { ctx: ViewContext; slug: string; certificate: boolean }) {
  const { t } = props.ctx
  return (
    <ul class="plain-links">
      <li>
        <a href={`/events/${props.slug}/ticket`}>{t('attendance.my_ticket')}</a>
      </li>
      {props.certificate && (
        <li>
          <a href={`/events/${props.slug}/certificate.pdf`}>{t('attendance.certificate_download')}</a>
        </li>
      )}
    </ul>
  )
}

/** On the event page, for its organisers: the check-in list and the outcome form. */
export function OrganiserLinks(props: { ctx: ViewContext; slug: string }) {
  const { t } = props.ctx
  return (
    <section aria-labelledby="attendance-tools">
      <h2 id="attendance-tools">{t('attendance.tools_title')}</h2>
      <ul class="plain-links">
        <li>
          <a href={`/events/${props.slug}/check-in`}>{t('attendance.check_in_title')}</a>
        </li>
        <li>
          <a href={`/events/${props.slug}/outcome`}>{t('attendance.outcome_record')}</a>
        </li>
      </ul>
    </section>
  )
}

/** The event page's outcome: the computed facts and the organisers' report, once there is something to show. */
export function OutcomePanel(props: { ctx: ViewContext; slug: string; outcome: Outcome }) {
  const { ctx, outcome } = props
  const { t } = ctx
  const report = reportIn(ctx, outcome)
  return (
    <section aria-labelledby="event-outcome">
      <h2 id="event-outcome">{t('attendance.outcome_title')}</h2>
      <OutcomeFacts ctx={ctx} slug={props.slug} outcome={outcome} headingLevel={3} />
      {report && (
        <>
          <h3>{t('attendance.report')}</h3>
          {report.split(/\n{2,}/).map((paragraph) => (
            <p>{paragraph}</p>
          ))}
        </>
      )}
    </section>
  )
}

/** The organisers' outcome page: the computed facts (never typed) and the short report per language. */
export function OutcomeFormView(props: {
  ctx: ViewContext
  event: AttendanceEvent
  outcome: Outcome
  form: FormState
  saved?: boolean
}) {
  const { ctx, event, form } = props
  const { t } = ctx
  const title = eventTitle(event, ctx.locale)
  const label = (locale: string) => t(`attendance.report_${locale}`)
  return (
    <section>
      <EventCrumb slug={event.slug} title={title} />
      <h1>{t('attendance.outcome_title')}</h1>
      <ErrorSummary
        ctx={ctx}
        errors={form.errors}
        labels={{ report_az: label('az'), report_en: label('en'), report_ru: label('ru') }}
      />
      {props.saved && (
        <Notice kind="success">
          {t('attendance.outcome_saved')}{' '}
          <a href={`/events/${event.slug}`}>{t('attendance.see_event_page')}</a>
        </Notice>
      )}
      <p>{t('attendance.outcome_computed_hint')}</p>
      <OutcomeFacts ctx={ctx} slug={event.slug} outcome={props.outcome} />
      <p>
        <a href={`/events/${event.slug}/files`}>{t('attendance.add_files')}</a>
      </p>
      <h2>{t('attendance.report')}</h2>
      <form method="post" action={`/events/${event.slug}/outcome`} novalidate>
        <CsrfField ctx={ctx} />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="report"
          label={label}
          maxLength={5000}
          field={(p) => <TextAreaField {...p} rows={6} hint={t('attendance.report_hint')} />}
        />
        <button type="submit" class="button">
          {t('attendance.outcome_save')}
        </button>
      </form>
    </section>
  )
}
