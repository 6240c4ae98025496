import type { Locale } from '../../../config.ts'
import { formatDateTime } from '../../../platform/i18n.ts'
import {
  ChoiceGroup,
  CsrfField,
  chosenValues,
  ErrorSummary,
  type FormState,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import { QuestionField } from '../../../web/questions.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryOptions, subdivisionName } from '../../institutions/geo.ts'
import type { Subject } from '../../subjects/service.ts'
import { subjectName } from '../../subjects/service.ts'
import { INSTITUTION_TYPES, STAFF_ROLES } from '../schemas.ts'
import type { ApplicationDetail, ProgrammeForm } from '../service.ts'
import { localised } from '../service.ts'
import { AnswerList, Timeline } from './shared.tsx'

export interface InstitutionChoice {
  id: string
  name: string
  city: string | null
}

const LANGUAGES = ['az', 'en', 'ru', 'tr', 'de', 'fr', 'ka', 'uk'] as const

/** The institution step: an htmx search-as-you-type list; without JS the same search is a plain GET form. */
export function InstitutionOptions(props: {
  ctx: ViewContext
  matches: InstitutionChoice[]
  chosen: string
  query: string
}) {
  const { ctx } = props
  if (!props.query && props.matches.length === 0)
    return <p class="hint">{ctx.t('applications.institution_search_hint')}</p>
  if (props.matches.length === 0) return <p>{ctx.t('applications.institution_none')}</p>
  return (
    <fieldset class="field">
      <legend>{ctx.t('applications.institution_matches')}</legend>
      {props.matches.map((m) => (
        <div class="choice">
          <input
            type="radio"
            id={`institution-${m.id}`}
            name="institution_id"
            value={m.id}
            checked={props.chosen === m.id}
          />
          <label for={`institution-${m.id}`}>
            {m.name}
            {m.city ? ` · ${m.city}` : ''}
          </label>
        </div>
      ))}
    </fieldset>
  )
}

export function ApplyView(props: {
  ctx: ViewContext
  form: FormState
  programmes: ProgrammeForm[]
  current: ProgrammeForm
  subjects: Subject[]
  regions: string[]
  matches: InstitutionChoice[]
  query: string
}) {
  const { ctx, form, current } = props
  const { t } = ctx
  const locale = ctx.locale as Locale
  const labels: Record<string, string> = {
    form: t('applications.programme'),
    institution_id: t('applications.institution'),
    proposed_name: t('applications.proposed_name'),
    proposed_type: t('applications.proposed_type'),
    proposed_country: t('applications.proposed_country'),
    proposed_region: t('applications.proposed_region'),
    proposed_city: t('applications.proposed_city'),
    staff_role: t('applications.staff_role'),
    subjects: t('applications.subjects'),
    languages: t('applications.languages'),
    age_from: t('applications.age_from'),
    age_to: t('applications.age_to'),
  }
  for (const field of current.fields) labels[`answers/${field.key}`] = field.labels[locale]
  const chosenInstitution = chosenValues(form.values.institution_id)[0] ?? ''
  return (
    <section class="narrow">
      <h1>{t('applications.apply_title')}</h1>
      <p>{t('applications.apply_intro')}</p>
      {props.programmes.length > 1 && (
        <nav aria-label={t('applications.programme')}>
          <ul class="plain-links">
            {props.programmes.map((p) => (
              <li>
                <a
                  href={`/application?form=${p.form.code}`}
                  aria-current={p.form.code === current.form.code ? 'page' : undefined}
                >
                  {localised(p.form, 'title', locale)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <h2>{localised(current.form, 'title', locale)}</h2>
      {localised(current.form, 'intro', locale) && <p>{localised(current.form, 'intro', locale)}</p>}
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />

      <form method="get" action="/application" class="filters">
        <input type="hidden" name="form" value={current.form.code} />
        <div class="field">
          <label for="institution-q">{t('applications.institution_search')}</label>
          <input
            id="institution-q"
            name="q"
            type="search"
            value={props.query}
            maxLength={100}
            hx-get={`/application/institutions?form=${current.form.code}`}
            hx-trigger="input changed delay:300ms, search"
            hx-target="#institution-options"
            autocomplete="off"
          />
        </div>
        <button type="submit" class="button">
          {t('applications.institution_search_submit')}
        </button>
      </form>

      <form method="post" action="/application" enctype="multipart/form-data" id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="form" value={current.form.code} />
        <div id="field-institution_id" aria-live="polite">
          <div id="institution-options">
            <InstitutionOptions
              ctx={ctx}
              matches={props.matches}
              chosen={chosenInstitution}
              query={props.query}
            />
          </div>
        </div>
        <details open={Boolean(chosenValues(form.values.proposed_name)[0])}>
          <summary>{t('applications.propose')}</summary>
          <TextField
            ctx={ctx}
            form={form}
            name="proposed_name"
            label={labels.proposed_name ?? ''}
            maxLength={300}
          />
          <SelectField
            ctx={ctx}
            form={form}
            name="proposed_type"
            label={labels.proposed_type ?? ''}
            options={[
              ['', '–'] as const,
              ...INSTITUTION_TYPES.map((type) => [type, t(`institution_types.${type}`)] as const),
            ]}
          />
          <SelectField
            ctx={ctx}
            form={{ ...form, values: { proposed_country: ctx.country, ...form.values } }}
            name="proposed_country"
            label={labels.proposed_country ?? ''}
            options={countryOptions(ctx.locale).map((c) => [c.code, c.name] as const)}
          />
          <SelectField
            ctx={ctx}
            form={form}
            name="proposed_region"
            label={labels.proposed_region ?? ''}
            options={[
              ['', '–'] as const,
              ...props.regions.map(
                (r) => [r, subdivisionName(r, ctx.locale, t('institutions.city_suffix'))] as const,
              ),
            ]}
          />
          <TextField
            ctx={ctx}
            form={form}
            name="proposed_city"
            label={labels.proposed_city ?? ''}
            maxLength={120}
          />
        </details>
        <SelectField
          ctx={ctx}
          form={form}
          name="staff_role"
          label={labels.staff_role ?? ''}
          options={STAFF_ROLES.map((role) => [role, t(`applications.staff_roles.${role}`)] as const)}
        />
        <ChoiceGroup
          ctx={ctx}
          form={form}
          name="subjects"
          legend={labels.subjects ?? ''}
          options={props.subjects.map((s) => [s.code, subjectName(s, locale)] as const)}
          columns
        />
        <TextField ctx={ctx} form={form} name="age_from" label={labels.age_from ?? ''} maxLength={3} />
        <TextField ctx={ctx} form={form} name="age_to" label={labels.age_to ?? ''} maxLength={3} />
        <ChoiceGroup
          ctx={ctx}
          form={form}
          name="languages"
          legend={labels.languages ?? ''}
          options={LANGUAGES.map((code) => [code, t(`applications.language_names.${code}`)] as const)}
        />
        {current.fields.map((field) => (
          <QuestionField ctx={ctx} form={form} field={field} />
        ))}
        <button type="submit" class="button">
          {t('applications.submit')}
        </button>
      </form>
    </section>
  )
}

/** Where the applicant's application stands: status, who acts next, the timeline, and the answer form if asked. */
export function StatusView(props: {
  ctx: ViewContext
  application: ApplicationDetail
  form: FormState
  isMember: boolean
}) {
  const { ctx, application: a, form } = props
  const { t } = ctx
  return (
    <section class="narrow">
      <h1>{t('applications.status_title')}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('applications.programme')}</dt>
          <dd>{a.formTitle}</dd>
        </div>
        <div>
          <dt>{t('applications.status')}</dt>
          <dd>
            <span class={a.status === 'approved' ? 'badge badge-ok' : 'badge badge-pending'}>
              {t(`applications.statuses.${a.status}`)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('applications.next_actor')}</dt>
          <dd>{t(`applications.next.${a.nextActor}`)}</dd>
        </div>
        <div>
          <dt>{t('applications.submitted_at')}</dt>
          <dd>{formatDateTime(ctx.locale, a.submittedAt, ctx.timeZone)}</dd>
        </div>
      </dl>
      {a.decisionReason && a.status === 'rejected' && (
        <Notice>
          {t('applications.reason')}: {a.decisionReason}
        </Notice>
      )}
      {a.status === 'rejected' && !props.isMember && (
        <p>
          <a class="button" href="/application?again=1">
            {t('applications.apply_again')}
          </a>
        </p>
      )}
      {a.status === 'info_requested' && (
        <form method="post" action="/application/answer" id="field-form" novalidate>
          <ErrorSummary ctx={ctx} errors={form.errors} labels={{ message: t('applications.answer') }} />
          <CsrfField ctx={ctx} />
          <TextAreaField
            ctx={ctx}
            form={form}
            name="message"
            label={t('applications.answer')}
            rows={5}
            maxLength={4000}
          />
          <button type="submit" class="button">
            {t('applications.answer_submit')}
          </button>
        </form>
      )}
      <h2>{t('applications.timeline')}</h2>
      <Timeline ctx={ctx} events={a.timeline} />
      <h2>{t('applications.your_answers')}</h2>
      <AnswerList ctx={ctx} application={a} />
    </section>
  )
}
