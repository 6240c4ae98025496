import type { Locale } from '../../../config.ts'
import { translate } from '../../../platform/i18n.ts'
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FormState,
  LocalisedFields,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'
import { PROFILE_LANGUAGES } from '../../partners/facets.ts'
import { type Subject, subjectName } from '../../subjects/service.ts'
import { LAST_STEP, STEPS } from '../schemas.ts'
import { type Draft, localisedName, nextStep, type ProjectDetail } from '../service.ts'
import { FoundersList, ProjectSummary } from './shared.tsx'

type Named = { code: string; name_az: string; name_en: string; name_ru: string }

export interface WizardOptions {
  subjects: Subject[]
  topics: Named[]
  models: Named[]
  /** Events the founder may name as where the project was created. */
  events: ReadonlyArray<{ id: string; label: string }>
}

/** The stored draft as the step forms' values. */
export function draftValues(d: Draft): Record<string, unknown> {
  const p = d.project
  return {
    scope: p.scope,
    title_az: p.title_az ?? '',
    title_en: p.title_en ?? '',
    title_ru: p.title_ru ?? '',
    summary_az: p.summary_az ?? '',
    summary_en: p.summary_en ?? '',
    summary_ru: p.summary_ru ?? '',
    event_id: p.event_id ?? '',
    subjects: d.subjects,
    topics: d.topics,
    age_from: p.age_from ?? '',
    age_to: p.age_to ?? '',
    languages: d.languages,
    learning_model: d.learningModel ?? '',
    activities: p.activities ?? '',
    expected_results: p.expected_results ?? '',
    start_date: p.start_date ?? '',
    end_date: p.end_date ?? '',
    institution_id: d.institutionId ?? '',
  }
}

export function wizardLabels(ctx: ViewContext): Record<string, string> {
  const { t } = ctx
  const labels: Record<string, string> = {
    scope: t('projects.fields.scope'),
    event_id: t('attendance.project_event'),
    subjects: t('projects.fields.subjects'),
    topics: t('projects.fields.topics'),
    age_from: t('projects.fields.age_from'),
    age_to: t('projects.fields.age_to'),
    languages: t('projects.fields.languages'),
    learning_model: t('projects.fields.learning_model'),
    activities: t('projects.fields.activities'),
    expected_results: t('projects.fields.expected_results'),
    start_date: t('projects.fields.start_date'),
    end_date: t('projects.fields.end_date'),
    institution_id: t('projects.fields.institution'),
    invitee: t('projects.fields.cofounders'),
  }
  for (const l of ['az', 'en', 'ru'] as const) {
    labels[`title_${l}`] = t('projects.fields.title', { language: t(`projects.language.${l}`) })
    labels[`summary_${l}`] = t('projects.fields.summary', { language: t(`projects.language.${l}`) })
  }
  return labels
}

/** Where each field is planned: the review step names the step to go back to with each message. */
const FIELD_STEP: Record<string, number> = {
  scope: 1,
  event_id: 1,
  subjects: 2,
  topics: 2,
  age_from: 2,
  age_to: 2,
  languages: 2,
  learning_model: 2,
  activities: 3,
  expected_results: 3,
  start_date: 3,
  end_date: 3,
  institution_id: 4,
  invitee: 4,
}

function byStep(ctx: ViewContext, labels: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [field, label] of Object.entries(labels)) {
    const step = FIELD_STEP[field] ?? 1
    result[field] = `${step}. ${ctx.t(`projects.steps.${STEPS[step - 1]}`)} · ${label}`
  }
  return result
}

function StepsNav(props: { ctx: ViewContext; projectId: string | null; step: number; reachable: number }) {
  const { t } = props.ctx
  return (
    <nav aria-label={t('projects.wizard.steps')}>
      <ol class="plain-links">
        {STEPS.map((name, index) => {
          const number = index + 1
          const label = `${number}. ${t(`projects.steps.${name}`)}`
          if (number === props.step) return <li aria-current="step">{label}</li>
          return (
            <li>
              {props.projectId && number <= props.reachable ? (
                <a href={`/projects/${props.projectId}/plan/${number}`}>{label}</a>
              ) : (
                label
              )}
            </li>
          )
        })}
      </ol>
    </nav>
  )
}

function StepButtons(props: { ctx: ViewContext }) {
  const { t } = props.ctx
  return (
    <p>
      <button type="submit" name="intent" value="save" class="button">
        {t('projects.wizard.save')}
      </button>{' '}
      <button type="submit" name="intent" value="continue" class="button">
        {t('projects.wizard.continue')}
      </button>
    </p>
  )
}

function Basics(props: {
  ctx: ViewContext
  form: FormState
  labels: Record<string, string>
  options: WizardOptions
}) {
  const { ctx, form, labels, options } = props
  const { t } = ctx
  return (
    <>
      <SelectField
        ctx={ctx}
        form={form}
        name="scope"
        label={labels.scope ?? ''}
        options={[
          ['national', t('projects.scopes.national')],
          ['international', t('projects.scopes.international')],
        ]}
      />
      <p class="hint">{t('projects.wizard.languages_hint')}</p>
      <LocalisedFields
        ctx={ctx}
        form={form}
        name="title"
        label={(l) => labels[`title_${l}`] ?? ''}
        maxLength={200}
      />
      <LocalisedFields
        ctx={ctx}
        form={form}
        name="summary"
        label={(l) => labels[`summary_${l}`] ?? ''}
        maxLength={2000}
        field={TextAreaField}
      />
      {options.events.length > 0 && (
        <SelectField
          ctx={ctx}
          form={form}
          name="event_id"
          label={labels.event_id ?? ''}
          options={[
            ['', t('attendance.project_event_none')],
            ...options.events.map((e) => [e.id, e.label] as const),
          ]}
        />
      )}
    </>
  )
}

function Teaching(props: {
  ctx: ViewContext
  form: FormState
  labels: Record<string, string>
  options: WizardOptions
}) {
  const { ctx, form, labels, options } = props
  const locale = ctx.locale as Locale
  return (
    <>
      <ChoiceGroup
        ctx={ctx}
        form={form}
        name="subjects"
        legend={labels.subjects ?? ''}
        columns
        options={options.subjects.map((s) => [s.code, subjectName(s, locale)] as const)}
      />
      <ChoiceGroup
        ctx={ctx}
        form={form}
        name="topics"
        legend={labels.topics ?? ''}
        options={options.topics.map((s) => [s.code, localisedName(s, locale)] as const)}
      />
      <TextField ctx={ctx} form={form} name="age_from" label={labels.age_from ?? ''} maxLength={2} />
      <TextField ctx={ctx} form={form} name="age_to" label={labels.age_to ?? ''} maxLength={2} />
      <ChoiceGroup
        ctx={ctx}
        form={form}
        name="languages"
        legend={labels.languages ?? ''}
        options={PROFILE_LANGUAGES.map((code) => [code, ctx.t(`profiles.lang.${code}`)] as const)}
      />
      <SelectField
        ctx={ctx}
        form={form}
        name="learning_model"
        label={labels.learning_model ?? ''}
        options={[
          ['', ctx.t('projects.wizard.no_model')],
          ...options.models.map((m) => [m.code, localisedName(m, locale)] as const),
        ]}
      />
    </>
  )
}

function Plan(props: { ctx: ViewContext; form: FormState; labels: Record<string, string> }) {
  const { ctx, form, labels } = props
  const hint = ctx.t('projects.wizard.date_hint')
  return (
    <>
      <TextAreaField
        ctx={ctx}
        form={form}
        name="activities"
        label={labels.activities ?? ''}
        rows={6}
        maxLength={5000}
      />
      <TextAreaField
        ctx={ctx}
        form={form}
        name="expected_results"
        label={labels.expected_results ?? ''}
        rows={6}
        maxLength={5000}
      />
      <TextField
        ctx={ctx}
        form={form}
        name="start_date"
        label={labels.start_date ?? ''}
        hint={hint}
        maxLength={10}
      />
      <TextField
        ctx={ctx}
        form={form}
        name="end_date"
        label={labels.end_date ?? ''}
        hint={hint}
        maxLength={10}
      />
    </>
  )
}

/** People found by name, each with a button that invites them as a co-founder. */
export interface InviteCandidate {
  id: string
  name: string
  institutions: string[]
}

function Partners(props: {
  ctx: ViewContext
  form: FormState
  labels: Record<string, string>
  draft: Draft
}) {
  const { ctx, form, labels, draft } = props
  const { t } = ctx
  const others = draft.founders.filter((f) => f.person_id !== ctx.actor.person?.id)
  return (
    <>
      {draft.institutions.length === 0 ? (
        <p class="field-error" id="field-institution_id">
          {t('projects.wizard.no_institutions')}
        </p>
      ) : (
        <SelectField
          ctx={ctx}
          form={form}
          name="institution_id"
          label={labels.institution_id ?? ''}
          options={[
            ['', t('projects.wizard.choose_institution')],
            ...draft.institutions.map(
              (i) => [i.id, `${i.name} (${countryName(i.country, ctx.locale)})`] as const,
            ),
          ]}
        />
      )}
      <h2 id="field-invitee">{t('projects.fields.cofounders')}</h2>
      {form.errors.invitee && <p class="error-message">{translate(t, form.errors.invitee)}</p>}
      {others.length === 0 ? (
        <p>{t('projects.wizard.no_cofounders')}</p>
      ) : (
        <FoundersList ctx={ctx} founders={others} />
      )}
    </>
  )
}

/** The search for co-founders: its own GET form, and one small POST form per person found. */
function InviteSearch(props: {
  ctx: ViewContext
  draft: Draft
  query: string
  candidates: InviteCandidate[]
}) {
  const { ctx, draft } = props
  const { t } = ctx
  const base = `/projects/${draft.project.id}/plan/4`
  return (
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">{t('projects.wizard.invite_title')}</h2>
      {/* With htmx the matches replace the list in place (picked out of the same page); without it, the page reloads. */}
      <form
        method="get"
        action={base}
        hx-get={base}
        hx-target="#invite-results"
        hx-select="#invite-results"
        hx-swap="outerHTML"
      >
        <div class="field">
          <label for="invite-q">{t('projects.wizard.find_member')}</label>
          <p class="hint" id="invite-q-hint">
            {t('projects.wizard.find_member_hint')}
          </p>
          <input
            type="search"
            id="invite-q"
            name="q"
            value={props.query}
            maxLength={100}
            aria-describedby="invite-q-hint"
          />
        </div>
        <button type="submit" class="button">
          {t('projects.wizard.search')}
        </button>
      </form>
      <div id="invite-results" aria-live="polite">
        {props.query.trim().length >= 2 &&
          (props.candidates.length === 0 ? (
            <p>{t('projects.wizard.no_match')}</p>
          ) : (
            <ul class="plain-links">
              {props.candidates.map((c) => (
                <li>
                  <form method="post" action={`${base}/invite`} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="invitee" value={c.id} />
                    {c.name}
                    {c.institutions.length > 0 && ` · ${c.institutions.join(', ')}`}{' '}
                    <button
                      type="submit"
                      class="link-button"
                      aria-label={t('projects.wizard.invite_person', { name: c.name })}
                    >
                      {t('projects.wizard.invite')}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          ))}
      </div>
    </section>
  )
}

export function WizardView(props: {
  ctx: ViewContext
  form: FormState
  step: number
  /** null while the project is not created yet (the first step of /projects/new). */
  draft: Draft | null
  /** What the review step shows: the draft as coordinators will read it. */
  summary?: ProjectDetail
  options: WizardOptions
  query?: string
  candidates?: InviteCandidate[]
  saved?: boolean
}) {
  const { ctx, form, step, draft } = props
  const { t } = ctx
  const labels = wizardLabels(ctx)
  const id = draft?.project.id ?? null
  const action = id ? `/projects/${id}/plan/${step}` : '/projects/new'
  const returned = draft?.project.status === 'returned'
  return (
    <section class="narrow">
      <h1>{draft ? t('projects.wizard.title_edit') : t('projects.wizard.title_new')}</h1>
      <StepsNav ctx={ctx} projectId={id} step={step} reachable={draft ? nextStep(draft.project) : 1} />
      {props.saved && <Notice kind="success">{t('projects.wizard.saved')}</Notice>}
      {returned && step !== LAST_STEP && <Notice>{t('projects.wizard.returned_notice')}</Notice>}
      <ErrorSummary
        ctx={ctx}
        errors={form.errors}
        labels={step === LAST_STEP ? byStep(ctx, labels) : labels}
      />
      <h2>{t(`projects.steps.${STEPS[step - 1]}`)}</h2>
      {step === LAST_STEP && draft && props.summary ? (
        <>
          <ProjectSummary ctx={ctx} detail={props.summary} />
          <h3>{t('projects.fields.founders')}</h3>
          <FoundersList ctx={ctx} founders={draft.founders} />
          <form method="post" action={action} novalidate>
            <CsrfField ctx={ctx} />
            <p class="hint">{t('projects.wizard.submit_hint')}</p>
            <button type="submit" class="button">
              {t(returned ? 'projects.wizard.resubmit' : 'projects.wizard.submit')}
            </button>
          </form>
        </>
      ) : (
        <>
          <form method="post" action={action} novalidate>
            <CsrfField ctx={ctx} />
            {step === 1 && <Basics ctx={ctx} form={form} labels={labels} options={props.options} />}
            {step === 2 && <Teaching ctx={ctx} form={form} labels={labels} options={props.options} />}
            {step === 3 && <Plan ctx={ctx} form={form} labels={labels} />}
            {step === 4 && draft && <Partners ctx={ctx} form={form} labels={labels} draft={draft} />}
            <StepButtons ctx={ctx} />
          </form>
          {step === 4 && draft && (
            <InviteSearch
              ctx={ctx}
              draft={draft}
              query={props.query ?? ''}
              candidates={props.candidates ?? []}
            />
          )}
        </>
      )}
    </section>
  )
}
