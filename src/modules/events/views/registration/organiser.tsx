import { formatDate, formatDateTime, formatNumber } from '../../../../platform/i18n.ts'
import type { FormField } from '../../../../platform/questions.ts'
import {
  CsrfField,
  ErrorSummary,
  type FormState,
  LocalisedFields,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../../web/components.tsx'
import type { ViewContext } from '../../../../web/view-context.ts'
import { subdivisionName } from '../../../institutions/geo.ts'
import {
  answerText,
  type CountItem,
  type Participant,
  type RegistrationEvent,
  type RegistrationStatistics,
} from '../../registration.ts'
import type { QuestionRow } from '../../registration-queries.ts'
import { QUESTION_KINDS } from '../../registration-schemas.ts'
import { titleOf } from '../../service.ts'

/** The organisers' pages share a heading and a way between them. */
function OrganiserNav(props: { ctx: ViewContext; event: RegistrationEvent; current: string }) {
  const { ctx, event } = props
  const { t } = ctx
  const base = `/events/${event.slug}/registrations`
  const links: Array<[string, string]> = [
    [base, t('registration.organiser.participants')],
    [`${base}/statistics`, t('registration.organiser.statistics')],
    [`${base}/questions`, t('registration.organiser.questions')],
  ]
  return (
    <>
      <p>
        <a href={`/events/${event.slug}`}>{titleOf(event, ctx.locale).text}</a>
      </p>
      <nav aria-label={t('registration.organiser.nav')}>
        <ul class="plain-links">
          {links.map(([href, label]) => (
            <li>
              <a href={href} aria-current={href === props.current ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
          <li>
            <a href={`/events/${event.slug}/registrations.csv`}>{t('registration.organiser.csv')}</a>
          </li>
        </ul>
      </nav>
    </>
  )
}

export function ParticipantsPage(props: {
  ctx: ViewContext
  event: RegistrationEvent
  participants: Participant[]
  questions: FormField[]
  form: FormState
}) {
  const { ctx, event, form } = props
  const { t } = ctx
  const city = t('institutions.city_suffix')
  return (
    <section>
      <OrganiserNav ctx={ctx} event={event} current={`/events/${event.slug}/registrations`} />
      <h1>{t('registration.organiser.participants_title', { title: titleOf(event, ctx.locale).text })}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{}} />
      {props.participants.length === 0 ? (
        <p>{t('registration.organiser.none')}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">{t('registration.organiser.participants')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('registration.csv.name')}</th>
              <th scope="col">{t('registration.csv.status')}</th>
              <th scope="col">{t('registration.csv.institution')}</th>
              <th scope="col">{t('registration.csv.region')}</th>
              <th scope="col">{t('registration.csv.registered_at')}</th>
              {props.questions.map((f) => (
                <th scope="col">{f.labels[ctx.locale]}</th>
              ))}
              <th scope="col">{t('registration.organiser.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {props.participants.map((p) => (
              <tr>
                <td>
                  {p.name}
                  <br />
                  <a href={`mailto:${p.email}`}>{p.email}</a>
                </td>
                <td>{t(`registration.status.${p.status}`)}</td>
                <td>
                  {p.institution ?? '–'}
                  {p.institutionType ? ` (${t(`institution_types.${p.institutionType}`)})` : ''}
                </td>
                <td>{p.region ? subdivisionName(p.region, ctx.locale, city) : '–'}</td>
                <td>{formatDateTime(ctx.locale, p.registeredAt, event.time_zone)}</td>
                {props.questions.map((f) => (
                  <td>{answerText(f, p.answers[f.key], ctx.locale)}</td>
                ))}
                <td>
                  {(p.status === 'pending' || p.status === 'waitlisted' || p.status === 'confirmed') && (
                    <form
                      method="post"
                      action={`/events/${event.slug}/registrations/${p.id}/decision`}
                      class="inline-form"
                    >
                      <CsrfField ctx={ctx} />
                      {p.status === 'pending' && (
                        <button type="submit" name="decision" value="approve" class="button">
                          {t('registration.organiser.approve', { name: p.name })}
                        </button>
                      )}
                      <button type="submit" name="decision" value="decline" class="link-button">
                        {t('registration.organiser.decline', { name: p.name })}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function CountTable(props: {
  ctx: ViewContext
  caption: string
  items: CountItem[]
  name: (value: string) => string
}) {
  const { ctx } = props
  if (props.items.length === 0) return null
  return (
    <table class="table">
      <caption>{props.caption}</caption>
      <tbody>
        {props.items.map((item) => (
          <tr>
            <th scope="row">
              {item.value === null ? ctx.t('registration.stats.unknown') : props.name(item.value)}
            </th>
            <td>{formatNumber(ctx.locale, item.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function StatisticsPage(props: {
  ctx: ViewContext
  event: RegistrationEvent
  stats: RegistrationStatistics
}) {
  const { ctx, event, stats } = props
  const { t } = ctx
  const city = t('institutions.city_suffix')
  const statuses = Object.entries(stats.statuses) as Array<[keyof typeof stats.statuses, number]>
  return (
    <section>
      <OrganiserNav ctx={ctx} event={event} current={`/events/${event.slug}/registrations/statistics`} />
      <h1>{t('registration.stats.title', { title: titleOf(event, ctx.locale).text })}</h1>
      <dl class="counters">
        {statuses.map(([status, count]) => (
          <div>
            <dt class="counter-label">{t(`registration.status.${status}`)}</dt>
            <dd class="counter-value">{formatNumber(ctx.locale, count)}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('registration.stats.timeline')}</h2>
      {stats.timeline.length === 0 ? (
        <p>{t('registration.organiser.none')}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">{t('registration.stats.timeline')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('registration.stats.day')}</th>
              <th scope="col">{t('registration.stats.new')}</th>
              <th scope="col">{t('registration.stats.total')}</th>
            </tr>
          </thead>
          <tbody>
            {stats.timeline.map((row) => (
              <tr>
                <th scope="row">{formatDate(ctx.locale, `${row.day}T12:00:00Z`, 'UTC')}</th>
                <td>{formatNumber(ctx.locale, row.count)}</td>
                <td>{formatNumber(ctx.locale, row.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('registration.stats.where_from')}</h2>
      <p class="hint">{t('registration.stats.active_only')}</p>
      <CountTable
        ctx={ctx}
        caption={t('registration.stats.by_region')}
        items={stats.byRegion}
        name={(v) => subdivisionName(v, ctx.locale, city)}
      />
      <CountTable
        ctx={ctx}
        caption={t('registration.stats.by_institution_type')}
        items={stats.byInstitutionType}
        name={(v) => t(`institution_types.${v}`)}
      />
      {stats.choices.map(({ field, counts }) => (
        <CountTable
          ctx={ctx}
          caption={field.labels[ctx.locale]}
          items={counts.map((c) => ({ value: c.option.value, count: c.count }))}
          name={(v) => counts.find((c) => c.option.value === v)?.option[`label_${ctx.locale}`] ?? v}
        />
      ))}
    </section>
  )
}

export function QuestionsPage(props: {
  ctx: ViewContext
  event: RegistrationEvent
  questions: QuestionRow[]
  form: FormState
  saved?: boolean
}) {
  const { ctx, event, form } = props
  const { t } = ctx
  const base = `/events/${event.slug}/registrations/questions`
  const labels: Record<string, string> = {
    key: t('registration.questions.key'),
    kind: t('registration.questions.kind'),
    options: t('registration.questions.options'),
    max_length: t('registration.questions.max_length'),
  }
  for (const locale of ['az', 'en', 'ru'] as const)
    labels[`label_${locale}`] = t('registration.questions.label', {
      language: t(`applications.language_names.${locale}`),
    })
  return (
    <section>
      <OrganiserNav ctx={ctx} event={event} current={base} />
      <h1>{t('registration.questions.title', { title: titleOf(event, ctx.locale).text })}</h1>
      {props.saved && <Notice kind="success">{t('registration.questions.saved')}</Notice>}
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      {props.questions.length === 0 ? (
        <p>{t('registration.questions.none')}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">{t('registration.organiser.questions')}</caption>
          <thead>
            <tr>
              <th scope="col">{labels.key}</th>
              <th scope="col">{t('registration.questions.question')}</th>
              <th scope="col">{labels.kind}</th>
              <th scope="col">{t('registration.questions.required')}</th>
              <td />
            </tr>
          </thead>
          <tbody>
            {props.questions.map((q) => (
              <tr>
                <td>{q.key}</td>
                <td>{q[`label_${ctx.locale}`]}</td>
                <td>{t(`registration.questions.kinds.${q.kind}`)}</td>
                <td>{t(q.required ? 'applications.yes' : 'applications.no')}</td>
                <td>
                  <form method="post" action={`${base}/${q.key}/delete`} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="link-button">
                      {t('registration.questions.delete', { key: q.key })}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('registration.questions.add')}</h2>
      <form method="post" action={base} novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={form}
          name="key"
          label={labels.key ?? ''}
          hint={t('registration.questions.key_hint')}
          maxLength={40}
          required
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="kind"
          label={labels.kind ?? ''}
          options={QUESTION_KINDS.map((k) => [k, t(`registration.questions.kinds.${k}`)] as const)}
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="label"
          label={(locale) => labels[`label_${locale}`] ?? ''}
          maxLength={300}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="required"
          label={t('registration.questions.required')}
          options={[
            ['no', t('applications.no')],
            ['yes', t('applications.yes')],
          ]}
        />
        <TextAreaField
          ctx={ctx}
          form={form}
          name="options"
          label={labels.options ?? ''}
          hint={t('registration.questions.options_hint')}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="max_length"
          label={labels.max_length ?? ''}
          inputMode="numeric"
        />
        <button type="submit" class="button">
          {t('registration.questions.add')}
        </button>
      </form>
    </section>
  )
}
