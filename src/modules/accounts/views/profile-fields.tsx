import type { Locale } from '../../../config.ts'
import { translate } from '../../../platform/i18n.ts'
import type { FormState } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { PROFILE_LANGUAGES } from '../../partners/facets.ts'
import { type Subject, subjectName } from '../../subjects/service.ts'

function selected(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' && value ? [value] : []
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

function FieldError(props: { ctx: ViewContext; form: FormState; name: string }) {
  const error = props.form.errors[props.name]
  if (!error) return null
  return (
    <p class="error-message" id={`field-${props.name}-error`}>
      <span class="visually-hidden">{props.ctx.t('forms.error_prefix')} </span>
      {translate(props.ctx.t, error)}
    </p>
  )
}

function CheckboxGroup(props: {
  ctx: ViewContext
  form: FormState
  name: string
  legend: string
  options: ReadonlyArray<readonly [string, string]>
}) {
  const chosen = selected(props.form.values[props.name])
  const error = props.form.errors[props.name]
  return (
    <fieldset class={error ? 'field field-error' : 'field'} id={`field-${props.name}`}>
      <legend>{props.legend}</legend>
      <FieldError ctx={props.ctx} form={props.form} name={props.name} />
      {props.options.map(([value, label]) => (
        <div class="checkbox">
          <input
            type="checkbox"
            id={`field-${props.name}-${value}`}
            name={props.name}
            value={value}
            checked={chosen.includes(value)}
          />
          <label for={`field-${props.name}-${value}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  )
}

/** Form values for the profile fields from the stored profile. */
export function profileFormValues(details: {
  subjects: string[]
  languages: string[]
  ageMin: number | null
  ageMax: number | null
  lookingForPartners: boolean
  idea: string | null
  visibility: string
}): Record<string, unknown> {
  return {
    subjects: details.subjects,
    languages: details.languages,
    age_min: details.ageMin ?? '',
    age_max: details.ageMax ?? '',
    looking: details.lookingForPartners ? 'yes' : '',
    idea: details.idea ?? '',
    visibility: details.visibility,
  }
}

export function profileLabels(ctx: ViewContext): Record<string, string> {
  const { t } = ctx
  return {
    subjects: t('profiles.subjects'),
    languages: t('profiles.languages'),
    age_min: t('profiles.age_min'),
    age_max: t('profiles.age_max'),
    looking: t('profiles.looking'),
    idea: t('profiles.idea'),
    visibility: t('profiles.visibility'),
  }
}

/** Subjects, languages, pupils' ages, looking for partners with an idea, and who may see the profile. */
export function ProfileFields(props: { ctx: ViewContext; form: FormState; subjects: Subject[] }) {
  const { ctx, form } = props
  const { t } = ctx
  const labels = profileLabels(ctx)
  const visibility = text(form.values.visibility) || 'members'
  const ageField = (name: 'age_min' | 'age_max') => (
    <div class={form.errors[name] ? 'field field-error' : 'field'}>
      <label for={`field-${name}`}>{labels[name]}</label>
      <FieldError ctx={ctx} form={form} name={name} />
      <input
        type="text"
        inputMode="numeric"
        id={`field-${name}`}
        name={name}
        value={text(form.values[name])}
        maxLength={2}
        aria-invalid={form.errors[name] ? 'true' : undefined}
        aria-describedby={form.errors[name] ? `field-${name}-error` : undefined}
      />
    </div>
  )
  return (
    <>
      <CheckboxGroup
        ctx={ctx}
        form={form}
        name="subjects"
        legend={labels.subjects ?? ''}
        options={props.subjects.map((s) => [s.code, subjectName(s, ctx.locale as Locale)] as const)}
      />
      <CheckboxGroup
        ctx={ctx}
        form={form}
        name="languages"
        legend={labels.languages ?? ''}
        options={PROFILE_LANGUAGES.map((code) => [code, t(`profiles.lang.${code}`)] as const)}
      />
      {ageField('age_min')}
      {ageField('age_max')}
      <div class="field checkbox">
        <input
          type="checkbox"
          id="field-looking"
          name="looking"
          value="yes"
          checked={text(form.values.looking) === 'yes'}
        />
        <label for="field-looking">{labels.looking}</label>
      </div>
      <div class={form.errors.idea ? 'field field-error' : 'field'}>
        <label for="field-idea">{labels.idea}</label>
        <p class="hint" id="field-idea-hint">
          {t('profiles.idea_hint')}
        </p>
        <FieldError ctx={ctx} form={form} name="idea" />
        <textarea
          id="field-idea"
          name="idea"
          maxLength={500}
          rows={4}
          aria-invalid={form.errors.idea ? 'true' : undefined}
          aria-describedby={form.errors.idea ? 'field-idea-hint field-idea-error' : 'field-idea-hint'}
        >
          {text(form.values.idea)}
        </textarea>
      </div>
      <fieldset class={form.errors.visibility ? 'field field-error' : 'field'} id="field-visibility">
        <legend>{labels.visibility}</legend>
        <FieldError ctx={ctx} form={form} name="visibility" />
        {(['public', 'members', 'hidden'] as const).map((value) => (
          <div class="radio">
            <input
              type="radio"
              id={`field-visibility-${value}`}
              name="visibility"
              value={value}
              checked={visibility === value}
            />
            <label for={`field-visibility-${value}`}>{t(`profiles.visibility_${value}`)}</label>
          </div>
        ))}
      </fieldset>
    </>
  )
}
