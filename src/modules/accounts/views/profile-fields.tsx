import type { Locale } from '../../../config.ts'
import { ChoiceGroup, type FormState, TextAreaField, TextField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { PROFILE_LANGUAGES } from '../../partners/facets.ts'
import { type Subject, subjectName } from '../../subjects/service.ts'

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
  return (
    <>
      <ChoiceGroup
        ctx={ctx}
        form={form}
        name="subjects"
        legend={labels.subjects ?? ''}
        options={props.subjects.map((s) => [s.code, subjectName(s, ctx.locale as Locale)] as const)}
        columns
      />
      <ChoiceGroup
        ctx={ctx}
        form={form}
        name="languages"
        legend={labels.languages ?? ''}
        options={PROFILE_LANGUAGES.map((code) => [code, t(`profiles.lang.${code}`)] as const)}
        columns
      />
      {(['age_min', 'age_max'] as const).map((name) => (
        <TextField
          ctx={ctx}
          form={form}
          name={name}
          label={labels[name] ?? ''}
          inputMode="numeric"
          maxLength={2}
        />
      ))}
      <div class="field checkbox">
        <input
          type="checkbox"
          id="field-looking"
          name="looking"
          value="yes"
          checked={form.values.looking === 'yes'}
        />
        <label for="field-looking">{labels.looking}</label>
      </div>
      <TextAreaField
        ctx={ctx}
        form={form}
        name="idea"
        label={labels.idea ?? ''}
        hint={t('profiles.idea_hint')}
        maxLength={500}
      />
      <ChoiceGroup
        ctx={ctx}
        form={form}
        name="visibility"
        type="radio"
        legend={labels.visibility ?? ''}
        options={(['public', 'members', 'hidden'] as const).map(
          (v) => [v, t(`profiles.visibility_${v}`)] as const,
        )}
      />
    </>
  )
}
