import type { ComponentChildren, JSX } from 'preact'
import { LOCALES, type Locale } from '../config.ts'
import type { FieldErrors } from '../platform/errors.ts'
import { translate } from '../platform/i18n.ts'
import type { ViewContext } from './view-context.ts'

export type FormValues = Record<string, unknown>

export interface FormState {
  values: FormValues
  errors: FieldErrors
}

export const emptyForm: FormState = { values: {}, errors: {} }

function fieldValue(values: FormValues, name: string): string {
  const value = values[name]
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

/** GOV.UK-style error summary: focusable, first on the page, each message links to its field. */
export function ErrorSummary(props: {
  ctx: ViewContext
  errors: FieldErrors
  labels: Record<string, string>
}) {
  const entries = Object.entries(props.errors)
  if (entries.length === 0) return null
  return (
    // autofocus moves focus to the summary on page load without any script (as GOV.UK's does with one).
    <div class="error-summary" role="alert" tabIndex={-1} autofocus aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{props.ctx.t('forms.error_summary')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#field-${field || 'form'}`}>
              {props.labels[field] ? `${props.labels[field]}: ` : ''}
              {translate(props.ctx.t, message)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  )
}

export function CsrfField(props: { ctx: ViewContext }) {
  return <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
}

export function TextField(props: {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
  hint?: string
  type?: 'text' | 'email' | 'password'
  autocomplete?: string
  maxLength?: number
  required?: boolean
  keepValue?: boolean
  /** Where one page repeats a form (a row per item), each copy needs its own ids. */
  idPrefix?: string
}) {
  const { ctx, form, name } = props
  const error = form.errors[name]
  const id = `${props.idPrefix ?? 'field'}-${name}`
  const describedBy = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  // Preact types each input type separately; the union of our three text-like types is assembled here once.
  const inputProps = {
    id,
    name,
    type: props.type ?? 'text',
    value: props.keepValue === false ? '' : fieldValue(form.values, name),
    autocomplete: props.autocomplete,
    maxLength: props.maxLength,
    required: props.required,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
  } as JSX.IntrinsicElements['input']
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">{ctx.t('forms.error_prefix')} </span>
          {translate(ctx.t, error)}
        </p>
      )}
      <input {...inputProps} />
    </div>
  )
}

/**
 * A multi-line text field drawn like TextField: label, optional hint, the error message next to the field, and
 * both tied to the textarea (aria-describedby, aria-invalid) so a screen reader hears them on reaching it.
 */
export function TextAreaField(props: {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
  hint?: string
  rows?: number
  maxLength?: number
  idPrefix?: string
}) {
  const { ctx, form, name } = props
  const error = form.errors[name]
  const id = `${props.idPrefix ?? 'field'}-${name}`
  const describedBy = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">{ctx.t('forms.error_prefix')} </span>
          {translate(ctx.t, error)}
        </p>
      )}
      <textarea
        id={id}
        name={name}
        rows={props.rows ?? 4}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      >
        {fieldValue(form.values, name)}
      </textarea>
    </div>
  )
}

/** What a one-value field takes, so a group of fields can be drawn with any such component. */
export interface FieldProps {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
  maxLength?: number
  idPrefix?: string
}

/**
 * Text kept in every interface language: one field per locale, named `${name}_az`, `${name}_en`, …,
 * each labelled by `label(locale)`. Drawn with TextField unless `field` says otherwise.
 */
export function LocalisedFields(props: {
  ctx: ViewContext
  form: FormState
  name: string
  label: (locale: Locale) => string
  maxLength?: number
  idPrefix?: string
  field?: (props: FieldProps) => JSX.Element
}) {
  const Field = props.field ?? TextField
  return (
    <>
      {LOCALES.map((locale) => (
        <Field
          ctx={props.ctx}
          form={props.form}
          name={`${props.name}_${locale}`}
          label={props.label(locale)}
          maxLength={props.maxLength}
          idPrefix={props.idPrefix}
        />
      ))}
    </>
  )
}

export function SelectField(props: {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
  options: ReadonlyArray<readonly [string, string]>
  idPrefix?: string
}) {
  const { ctx, form, name } = props
  const error = form.errors[name]
  const id = `${props.idPrefix ?? 'field'}-${name}`
  const current = fieldValue(form.values, name)
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {error && (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">{ctx.t('forms.error_prefix')} </span>
          {translate(ctx.t, error)}
        </p>
      )}
      <select
        id={id}
        name={name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === current}>
            {label}
          </option>
        ))}
      </select>
    </div>
  )
}

export function Notice(props: { kind?: 'success' | 'info'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${props.kind ?? 'info'}`} role="status">
      {props.children}
    </div>
  )
}
