import type { Locale } from '../../../config.ts'
import {
  ChoiceGroup,
  CsrfField,
  ErrorSummary,
  type FieldProps,
  type FormState,
  LocalisedFields,
  SelectField,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { subdivisionName, subdivisionsOf } from '../../institutions/geo.ts'
import { AUDIENCES, EVENT_FORMATS, EVENT_KINDS, REGISTRATION_MODES } from '../schemas.ts'

const LANGUAGE_NAMES: Record<Locale, string> = { az: 'Azərbaycanca', en: 'English', ru: 'Русский' }

function Description(props: FieldProps) {
  return <TextAreaField {...props} rows={6} />
}

/** Labels of every field, for the error summary. */
export function eventFieldLabels(ctx: ViewContext): Record<string, string> {
  const { t } = ctx
  const labels: Record<string, string> = {
    form: '',
    kind: t('events.kind_label'),
    format: t('events.format_label'),
    venue: t('events.fields.venue'),
    city: t('events.fields.city'),
    region: t('events.region_label'),
    meeting_url: t('events.fields.meeting_url'),
    start_date: t('events.fields.start_date'),
    start_time: t('events.fields.start_time'),
    end_date: t('events.fields.end_date'),
    end_time: t('events.fields.end_time'),
    time_zone: t('events.fields.time_zone'),
    audience: t('events.audience_label'),
    programme: t('events.fields.programme'),
    registration: t('events.registration_label'),
    capacity: t('events.fields.capacity'),
    approval_required: t('events.approval_required'),
    registration_closes_date: t('events.fields.registration_closes_date'),
  }
  for (const locale of ['az', 'en', 'ru'] as const) {
    labels[`title_${locale}`] = t('events.fields.title', { language: LANGUAGE_NAMES[locale] })
    labels[`description_${locale}`] = t('events.fields.description', { language: LANGUAGE_NAMES[locale] })
  }
  return labels
}

/** The event form: create (no slug) or edit. */
export function EventFormView(props: { ctx: ViewContext; form: FormState; slug?: string }) {
  const { ctx, form } = props
  const { t, locale } = ctx
  const action = props.slug ? `/events/${props.slug}/edit` : '/events/new'
  return (
    <section class="narrow">
      <p class="breadcrumbs">
        <a href={props.slug ? `/events/${props.slug}` : '/events'}>
          {props.slug ? t('events.back') : t('events.calendar')}
        </a>
      </p>
      <h1>{props.slug ? t('events.edit') : t('events.new')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={eventFieldLabels(ctx)} />
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        <SelectField
          ctx={ctx}
          form={form}
          name="kind"
          label={t('events.kind_label')}
          options={EVENT_KINDS.map((k) => [k, t(`events.kind.${k}`)] as const)}
        />
        <fieldset>
          <legend>{t('events.fields.texts')}</legend>
          <p class="hint">{t('events.fields.texts_hint')}</p>
          <LocalisedFields
            ctx={ctx}
            form={form}
            name="title"
            maxLength={200}
            label={(l) => t('events.fields.title', { language: LANGUAGE_NAMES[l] })}
          />
          <LocalisedFields
            ctx={ctx}
            form={form}
            name="description"
            maxLength={10_000}
            field={Description}
            label={(l) => t('events.fields.description', { language: LANGUAGE_NAMES[l] })}
          />
        </fieldset>
        <fieldset>
          <legend>{t('events.fields.when')}</legend>
          <TextField
            ctx={ctx}
            form={form}
            name="start_date"
            label={t('events.fields.start_date')}
            hint={t('events.fields.date_hint')}
          />
          <TextField
            ctx={ctx}
            form={form}
            name="start_time"
            label={t('events.fields.start_time')}
            hint={t('events.fields.time_hint')}
          />
          <TextField
            ctx={ctx}
            form={form}
            name="end_date"
            label={t('events.fields.end_date')}
            hint={t('events.fields.date_hint')}
          />
          <TextField
            ctx={ctx}
            form={form}
            name="end_time"
            label={t('events.fields.end_time')}
            hint={t('events.fields.time_hint')}
          />
          <TextField
            ctx={ctx}
            form={form}
            name="time_zone"
            label={t('events.fields.time_zone')}
            hint={t('events.fields.time_zone_hint')}
            maxLength={64}
          />
        </fieldset>
        <fieldset>
          <legend>{t('events.fields.where')}</legend>
          <ChoiceGroup
            ctx={ctx}
            form={form}
            name="format"
            type="radio"
            legend={t('events.format_label')}
            options={EVENT_FORMATS.map((f) => [f, t(`events.format.${f}`)] as const)}
          />
          <TextField ctx={ctx} form={form} name="venue" label={t('events.fields.venue')} maxLength={300} />
          <TextField ctx={ctx} form={form} name="city" label={t('events.fields.city')} maxLength={120} />
          <SelectField
            ctx={ctx}
            form={form}
            name="region"
            label={t('events.region_label')}
            options={[
              ['', t('events.none')],
              ...subdivisionsOf(ctx.country).map(
                (s) => [s.code, subdivisionName(s.code, locale, t('institutions.city_suffix'))] as const,
              ),
            ]}
          />
          <TextField
            ctx={ctx}
            form={form}
            name="meeting_url"
            label={t('events.fields.meeting_url')}
            hint={t('events.fields.meeting_url_hint')}
            maxLength={500}
          />
        </fieldset>
        <ChoiceGroup
          ctx={ctx}
          form={form}
          name="audience"
          legend={t('events.audience_label')}
          options={AUDIENCES.map((a) => [a, t(`events.audience.${a}`)] as const)}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="programme"
          label={t('events.fields.programme')}
          hint={t('events.fields.programme_hint')}
          maxLength={64}
        />
        <fieldset>
          <legend>{t('events.registration_label')}</legend>
          <ChoiceGroup
            ctx={ctx}
            form={form}
            name="registration"
            type="radio"
            legend={t('events.fields.who_registers')}
            options={REGISTRATION_MODES.map((m) => [m, t(`events.registration.${m}`)] as const)}
          />
          <TextField
            ctx={ctx}
            form={form}
            name="capacity"
            inputMode="numeric"
            label={t('events.fields.capacity')}
            hint={t('events.fields.capacity_hint')}
          />
          <ChoiceGroup
            ctx={ctx}
            form={form}
            name="approval_required"
            legend={t('events.approval_required')}
            options={[['1', t('events.fields.approval_yes')]]}
          />
          <TextField
            ctx={ctx}
            form={form}
            name="registration_closes_date"
            label={t('events.fields.registration_closes_date')}
            hint={t('events.fields.date_hint')}
          />
        </fieldset>
        <button type="submit" class="button">
          {props.slug ? t('events.save') : t('events.create')}
        </button>
      </form>
    </section>
  )
}
