import { languageName } from '../../../platform/i18n.ts'
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FormState,
  LocalisedFields,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'
import { type Subject, subjectName } from '../../subjects/service.ts'
import {
  DEGREE_STATUSES,
  DELIVERY_MODES,
  LEVELS,
  LICENCES,
  MAX_ECTS,
  OUTCOME_LANGUAGES,
  OUTCOME_TYPES,
} from '../schemas.ts'
import type { FormOptions } from '../service.ts'
import { licenceName } from './page.tsx'

/** The outcome form: creating one (for a project when `options.project` is set) or editing the one at `slug`. */
export function OutcomeFormView(props: {
  ctx: ViewContext
  form: FormState
  options: FormOptions
  subjects: Subject[]
  slug?: string
}) {
  const { ctx, form, options } = props
  const { t, locale } = ctx
  const title = props.slug ? t('outcomes.edit') : t('outcomes.new')
  const action = props.slug
    ? `/outcomes/${props.slug}/edit`
    : options.project
      ? `/outcomes/new?project=${encodeURIComponent(options.project.slug)}`
      : '/outcomes/new'
  const none = ['', t('outcomes.none')] as const
  const labels: Record<string, string> = {
    type: t('outcomes.type'),
    owner_institution_id: t('outcomes.owner'),
    consortium_id: t('outcomes.project'),
    title_az: t('outcomes.title_in', { language: 'AZ' }),
    subjects: t('outcomes.subjects'),
    language: t('outcomes.language'),
    level: t('outcomes.level'),
    ects: t('outcomes.ects'),
    delivery_mode: t('outcomes.delivery_mode'),
    url: t('outcomes.link'),
    licence: t('outcomes.licence'),
    degree: t('outcomes.degree'),
    degree_status: t('outcomes.degree_status'),
    network_id: t('outcomes.network'),
    category: t('outcomes.category'),
  }
  return (
    <section>
      <h1>{title}</h1>
      {options.project && (
        <p>
          {t('outcomes.for_project')}{' '}
          <a href={`/consortia/${options.project.slug}`}>{options.project.title}</a>
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      {form.errors.form === undefined && options.owners.length === 0 && (
        <p class="notice notice-info">{t('outcomes.no_owner')}</p>
      )}
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        {options.project && <input type="hidden" name="consortium_id" value={options.project.id} />}
        <SelectField
          ctx={ctx}
          form={form}
          name="type"
          label={labels.type ?? ''}
          options={OUTCOME_TYPES.map((v) => [v, t(`outcomes.type_${v}`)] as const)}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="owner_institution_id"
          label={labels.owner_institution_id ?? ''}
          options={options.owners.map(
            (o) => [o.id, `${o.name} (${countryName(o.country, locale)})`] as const,
          )}
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="title"
          label={(l) => t('outcomes.title_in', { language: l.toUpperCase() })}
          maxLength={300}
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="description"
          label={(l) => t('outcomes.description_in', { language: l.toUpperCase() })}
          maxLength={10_000}
          field={TextAreaField}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="category"
          label={labels.category ?? ''}
          hint={t('outcomes.category_hint')}
          maxLength={100}
        />
        <ChoiceGroup
          ctx={ctx}
          form={form}
          name="subjects"
          legend={labels.subjects ?? ''}
          columns
          options={props.subjects.map((s) => [s.code, subjectName(s, locale)] as const)}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="language"
          label={labels.language ?? ''}
          options={[none, ...OUTCOME_LANGUAGES.map((v) => [v, languageName(v, locale)] as const)]}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="url"
          label={labels.url ?? ''}
          hint={t('outcomes.link_hint')}
          maxLength={500}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="licence"
          label={labels.licence ?? ''}
          options={[none, ...LICENCES.map((v) => [v, licenceName(v, t)] as const)]}
        />
        <fieldset>
          <legend>{t('outcomes.for_modules')}</legend>
          <SelectField
            ctx={ctx}
            form={form}
            name="level"
            label={labels.level ?? ''}
            options={[none, ...LEVELS.map((v) => [v, t(`outcomes.level_${v}`)] as const)]}
          />
          <TextField
            ctx={ctx}
            form={form}
            name="ects"
            label={labels.ects ?? ''}
            hint={t('outcomes.ects_hint', { max: MAX_ECTS })}
            inputMode="numeric"
            maxLength={6}
          />
          <SelectField
            ctx={ctx}
            form={form}
            name="delivery_mode"
            label={labels.delivery_mode ?? ''}
            options={[none, ...DELIVERY_MODES.map((v) => [v, t(`outcomes.delivery_${v}`)] as const)]}
          />
        </fieldset>
        <fieldset>
          <legend>{t('outcomes.for_degrees')}</legend>
          <TextField ctx={ctx} form={form} name="degree" label={labels.degree ?? ''} maxLength={200} />
          <SelectField
            ctx={ctx}
            form={form}
            name="degree_status"
            label={labels.degree_status ?? ''}
            options={[none, ...DEGREE_STATUSES.map((v) => [v, t(`outcomes.degree_status_${v}`)] as const)]}
          />
        </fieldset>
        <fieldset>
          <legend>{t('outcomes.for_bodies')}</legend>
          <SelectField
            ctx={ctx}
            form={form}
            name="network_id"
            label={labels.network_id ?? ''}
            options={[none, ...options.networks.map((n) => [n.id, n.name] as const)]}
          />
        </fieldset>
        <button type="submit" class="button">
          {props.slug ? t('outcomes.save') : t('outcomes.create')}
        </button>
      </form>
    </section>
  )
}
