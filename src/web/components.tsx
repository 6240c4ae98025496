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
  /** The fields' idPrefix, where one page has several forms, so that each message links to its field. */
  idPrefix?: string
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
            <a href={`#${props.idPrefix ?? 'field'}-${field || 'form'}`}>
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

/** The ids and ARIA state a field's control needs to be tied to its hint and error message. */
interface ControlState {
  id: string
  'aria-invalid': 'true' | undefined
  'aria-describedby': string | undefined
}

/**
 * The frame every one-value field shares: label above, optional hint, the error message next to the field, and
 * the control tied to both (aria-describedby, aria-invalid) so a screen reader hears them on reaching it.
 */
function FieldFrame(props: {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
  hint?: string
  idPrefix?: string
  control: (state: ControlState) => JSX.Element
}) {
  const error = props.form.errors[props.name]
  const id = `${props.idPrefix ?? 'field'}-${props.name}`
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
          <span class="visually-hidden">{props.ctx.t('forms.error_prefix')} </span>
          {translate(props.ctx.t, error)}
        </p>
      )}
      {props.control({
        id,
        'aria-invalid': error ? 'true' : undefined,
        'aria-describedby': describedBy || undefined,
      })}
    </div>
  )
}

export function TextField(props: {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
  hint?: string
  type?: 'text' | 'email' | 'password'
  /** "numeric" brings up a phone's number pad; the server still checks the value. */
  inputMode?: 'numeric'
  autocomplete?: string
  maxLength?: number
  required?: boolean
  keepValue?: boolean
  /** Where one page repeats a form (a row per item), each copy needs its own ids. */
  idPrefix?: string
}) {
  const { form, name } = props
  return (
    <FieldFrame
      {...props}
      control={(state) => {
        // Preact types each input type separately; the union of our three text-like types is assembled here once.
        const inputProps = {
          ...state,
          name,
          type: props.type ?? 'text',
          inputMode: props.inputMode,
          value: props.keepValue === false ? '' : fieldValue(form.values, name),
          autocomplete: props.autocomplete,
          maxLength: props.maxLength,
          required: props.required,
        } as JSX.IntrinsicElements['input']
        return <input {...inputProps} />
      }}
    />
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
  return (
    <FieldFrame
      {...props}
      control={(state) => (
        <textarea {...state} name={props.name} rows={props.rows ?? 4} maxLength={props.maxLength}>
          {fieldValue(props.form.values, props.name)}
        </textarea>
      )}
    />
  )
}

/** A file upload drawn like the other fields. A browser never refills a file input, so a failed form asks again. */
export function FileField(props: {
  ctx: ViewContext
  form: FormState
  name: string
  label: string
  hint?: string
  /** What the file chooser offers first, e.g. "image/png,image/jpeg"; the server decides what it accepts. */
  accept?: string
  required?: boolean
  idPrefix?: string
}) {
  return (
    <FieldFrame
      {...props}
      control={(state) => (
        <input {...state} type="file" name={props.name} accept={props.accept} required={props.required} />
      )}
    />
  )
}

/** The values a multi-valued form field holds: a browser sends one value as a string, several as a list. */
export function chosenValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' && value ? [value] : []
}

/**
 * A question answered by ticking: checkboxes (several answers) or radio buttons (one). A fieldset whose legend
 * asks the question, with the hint and the error message tied to the group (aria-describedby), so a screen reader
 * announces them on entering it; the error summary links to the group's id.
 */
export function ChoiceGroup(props: {
  ctx: ViewContext
  form: FormState
  name: string
  legend: string
  options: ReadonlyArray<readonly [value: string, label: string]>
  type?: 'checkbox' | 'radio'
  hint?: string
  /** Long lists (subjects) flow in columns. */
  columns?: boolean
  idPrefix?: string
}) {
  const error = props.form.errors[props.name]
  const id = `${props.idPrefix ?? 'field'}-${props.name}`
  const describedBy = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  const chosen = chosenValues(props.form.values[props.name])
  return (
    <fieldset
      class={error ? 'field field-error' : 'field'}
      id={id}
      aria-describedby={describedBy || undefined}
    >
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">{props.ctx.t('forms.error_prefix')} </span>
          {translate(props.ctx.t, error)}
        </p>
      )}
      <div class={props.columns ? 'choices choice-columns' : 'choices'}>
        {props.options.map(([value, label]) => (
          <div class="choice">
            <input
              type={props.type ?? 'checkbox'}
              id={`${id}-${value}`}
              name={props.name}
              value={value}
              checked={chosen.includes(value)}
            />
            <label for={`${id}-${value}`}>{label}</label>
          </div>
        ))}
      </div>
    </fieldset>
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
  const current = fieldValue(props.form.values, props.name)
  return (
    <FieldFrame
      {...props}
      control={(state) => (
        <select
          {...state}
          name={props.name}
          // Every value and label is escaped by optionsHtml.
          dangerouslySetInnerHTML={{ __html: optionsHtml(props.options, current) }}
        />
      )}
    />
  )
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)

/**
 * A select's options as HTML text. The filter forms of the search pages list every country, language and subject
 * (300 options): as elements they cost a third of the page's rendering, as text a few string joins.
 */
export function optionsHtml(options: ReadonlyArray<readonly [string, string]>, current: string): string {
  let html = ''
  for (const [value, label] of options) {
    html += `<option value="${escapeHtml(value)}"${value === current ? ' selected' : ''}>${escapeHtml(label)}</option>`
  }
  return html
}

export function Notice(props: { kind?: 'success' | 'info'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${props.kind ?? 'info'}`} role="status">
      {props.children}
    </div>
  )
}
