import type { Locale } from '../config.ts'
import type { FormField } from '../platform/questions.ts'
import { ChoiceGroup, chosenValues, type FormState } from './components.tsx'
import type { ViewContext } from './view-context.ts'

/**
 * One question of an admin- or organiser-defined form (programme application forms, event registration), named
 * "answers/<key>" so that its error comes back under the same path the API reports.
 */
export function QuestionField(props: { ctx: ViewContext; form: FormState; field: FormField }) {
  const { ctx, form, field } = props
  const locale = ctx.locale as Locale
  const name = `answers/${field.key}`
  const id = `field-${name}`
  const error = form.errors[name]
  const label = `${field.labels[locale]}${field.required ? '' : ` ${ctx.t('applications.optional')}`}`
  const current = chosenValues(form.values[name])
  const errorText = error && (
    <p class="error-message" id={`${id}-error`}>
      <span class="visually-hidden">{ctx.t('forms.error_prefix')} </span>
      {ctx.t(error.key, error.values ?? {})}
    </p>
  )
  const described = error ? `${id}-error` : undefined
  const cls = error ? 'field field-error' : 'field'
  if (field.kind === 'choice' || field.kind === 'multiple_choice' || field.kind === 'consent') {
    const options =
      field.kind === 'consent'
        ? [['yes', field.labels[locale]] as const]
        : field.options.map((o) => [o.value, o[`label_${locale}`]] as const)
    return (
      <ChoiceGroup
        ctx={ctx}
        form={form}
        name={name}
        type={field.kind === 'choice' ? 'radio' : 'checkbox'}
        legend={field.kind === 'consent' ? ctx.t('applications.consent') : label}
        options={options}
      />
    )
  }
  const common = {
    id,
    name,
    'aria-describedby': described,
    'aria-invalid': error ? ('true' as const) : undefined,
    required: field.required,
  }
  return (
    <div class={cls}>
      <label for={id}>{label}</label>
      {errorText}
      {field.kind === 'long_text' ? (
        <textarea {...common} rows={6} maxLength={field.maxLength ?? 5000}>
          {current[0] ?? ''}
        </textarea>
      ) : field.kind === 'file' ? (
        <input {...common} type="file" accept="application/pdf,image/png,image/jpeg" />
      ) : field.kind === 'date' ? (
        <input {...common} type="date" value={current[0] ?? ''} />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={field.kind === 'number' ? ('decimal' as const) : undefined}
          value={current[0] ?? ''}
          maxLength={field.kind === 'text' ? (field.maxLength ?? 300) : undefined}
        />
      )}
    </div>
  )
}
