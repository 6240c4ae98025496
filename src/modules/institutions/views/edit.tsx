import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  emptyForm,
  FileField,
  type FormState,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryOptions, subdivisionName, subdivisionsOf } from '../geo.ts'
import { EDUCATION_LEVELS, INSTITUTION_TYPES } from '../schemas.ts'

const FIELDS = [
  'name',
  'type',
  'country',
  'region',
  'city',
  'website',
  'national_id',
  'erasmus_pic',
  'erasmus_code',
  'oid',
  'education_levels',
  'languages',
  'description_az',
  'description_en',
  'description_ru',
] as const

export function InstitutionEditView(props: {
  ctx: ViewContext
  slug: string
  name: string
  /** The installation's country, whose subdivisions the region list offers. */
  country: string
  form: FormState
  /** The current logo's address, if any. */
  logoUrl: string | null
  /** The logo form, re-rendered with its error. */
  logoForm?: FormState
}) {
  const { ctx, form } = props
  const { t } = ctx
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`institutions.fields.${f}`)]))
  const citySuffix = t('institutions.city_suffix')
  const region = typeof form.values.region === 'string' ? form.values.region : ''
  const regions: Array<readonly [string, string]> = [
    ['', t('institutions.no_region')],
    ...subdivisionsOf(props.country)
      .map((s) => [s.code, subdivisionName(s.code, ctx.locale, citySuffix)] as const)
      .sort((a, b) => a[1].localeCompare(b[1], ctx.locale)),
  ]
  // A foreign institution's region (set through the API) stays selectable, so saving the form keeps it.
  if (region && !regions.some(([code]) => code === region)) regions.push([region, region])
  return (
    <section>
      <p class="breadcrumbs">
        <a href="/institutions">{t('institutions.title')}</a> ›{' '}
        <a href={`/institutions/${props.slug}`}>{props.name}</a>
      </p>
      <h1>{t('institutions.edit_title', { name: props.name })}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <form method="post" action={`/institutions/${props.slug}/edit`} id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} form={form} name="name" label={labels.name ?? ''} maxLength={300} />
        <SelectField
          ctx={ctx}
          form={form}
          name="type"
          label={labels.type ?? ''}
          options={INSTITUTION_TYPES.map((type) => [type, t(`institution_types.${type}`)] as const)}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="country"
          label={labels.country ?? ''}
          options={countryOptions(ctx.locale).map((c) => [c.code, c.name] as const)}
        />
        <SelectField ctx={ctx} form={form} name="region" label={labels.region ?? ''} options={regions} />
        <TextField ctx={ctx} form={form} name="city" label={labels.city ?? ''} maxLength={120} />
        <TextField
          ctx={ctx}
          form={form}
          name="website"
          label={labels.website ?? ''}
          hint={t('institutions.website_hint')}
          maxLength={500}
        />
        <ChoiceGroup
          ctx={ctx}
          form={form}
          name="education_levels"
          legend={labels.education_levels ?? ''}
          options={EDUCATION_LEVELS.map((level) => [level, t(`institutions.levels.${level}`)] as const)}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="languages"
          label={labels.languages ?? ''}
          hint={t('institutions.languages_hint')}
          maxLength={100}
        />
        <TextField ctx={ctx} form={form} name="national_id" label={labels.national_id ?? ''} maxLength={64} />
        <TextField
          ctx={ctx}
          form={form}
          name="erasmus_pic"
          label={labels.erasmus_pic ?? ''}
          hint={t('institutions.pic_hint')}
          maxLength={16}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="erasmus_code"
          label={labels.erasmus_code ?? ''}
          maxLength={32}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="oid"
          label={labels.oid ?? ''}
          hint={t('institutions.oid_hint')}
          maxLength={16}
        />
        {(['description_az', 'description_en', 'description_ru'] as const).map((field) => (
          <TextAreaField ctx={ctx} form={form} name={field} label={labels[field] ?? ''} maxLength={1000} />
        ))}
        <button type="submit" class="button">
          {t('forms.save')}
        </button>
      </form>
      <LogoForm ctx={ctx} slug={props.slug} name={props.name} url={props.logoUrl} form={props.logoForm} />
    </section>
  )
}

/** Its own form: a file upload is multipart, and changing the logo should not resubmit every other field. */
function LogoForm(props: {
  ctx: ViewContext
  slug: string
  name: string
  url: string | null
  form?: FormState
}) {
  const { ctx } = props
  const { t } = ctx
  const form = props.form ?? emptyForm
  return (
    <section aria-labelledby="logo-title" class="logo-form">
      <h2 id="logo-title">{t('institutions.logo.title')}</h2>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ logo: t('institutions.logo.title') }} />
      {props.url && (
        <figure>
          <img
            src={props.url}
            alt={t('institutions.logo.alt', { name: props.name })}
            class="institution-logo"
          />
          <figcaption>{t('institutions.logo.current')}</figcaption>
        </figure>
      )}
      <form method="post" action={`/institutions/${props.slug}/logo`} enctype="multipart/form-data">
        <CsrfField ctx={ctx} />
        <FileField
          ctx={ctx}
          form={form}
          name="logo"
          label={t('institutions.logo.title')}
          hint={t('institutions.logo.hint')}
          accept="image/png,image/jpeg,image/gif,image/webp"
          idPrefix="logo"
        />
        <button type="submit" class="button">
          {t('institutions.logo.upload')}
        </button>
        {props.url && (
          <button type="submit" name="remove" value="yes" class="button button-warning" formnovalidate>
            {t('institutions.logo.remove')}
          </button>
        )}
      </form>
    </section>
  )
}
