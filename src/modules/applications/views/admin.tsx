import type { Locale } from '../../../config.ts'
import { optionLines } from '../../../platform/questions.ts'
import {
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
import { FIELD_KINDS } from '../schemas.ts'
import type { FormRow, ProgrammeForm } from '../service.ts'
import { localised } from '../service.ts'

type T = ViewContext['t']

/** The per-language labels: "Title (az)", "Introduction (en)", "Label (ru)". */
const labelIn = (t: T, key: string) => (locale: Locale) => `${t(key)} (${locale})`

const yesNo = (t: T) =>
  [
    ['no', t('applications.no')],
    ['yes', t('applications.yes')],
  ] as const

export function FormsAdminView(props: { ctx: ViewContext; forms: FormRow[]; form: FormState }) {
  const { ctx, form } = props
  const { t } = ctx
  return (
    <section>
      <h1>{t('applications.forms_title')}</h1>
      <p>{t('applications.forms_intro')}</p>
      <ul>
        {props.forms.map((f) => (
          <li>
            <a href={`/admin/application-forms/${f.code}`}>{localised(f, 'title', ctx.locale)}</a>{' '}
            <code>{f.code}</code>
            {f.retired_at && <span class="badge badge-pending">{t('applications.retired')}</span>}
          </li>
        ))}
      </ul>
      <h2>{t('applications.form_add')}</h2>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{}} />
      <form method="post" action="/admin/application-forms" id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} form={form} name="code" label={t('applications.form_code')} maxLength={64} />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="title"
          label={labelIn(t, 'applications.form_title')}
          maxLength={200}
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="intro"
          label={labelIn(t, 'applications.form_intro')}
          field={TextAreaField}
        />
        <button type="submit" class="button">
          {t('applications.form_add')}
        </button>
      </form>
    </section>
  )
}

export function FormEditView(props: {
  ctx: ViewContext
  programme: ProgrammeForm
  form: FormState
  saved?: boolean
}) {
  const { ctx, programme, form } = props
  const { t } = ctx
  const f = programme.form
  const meta: FormState = {
    values: {
      title_az: f.title_az,
      title_en: f.title_en,
      title_ru: f.title_ru,
      intro_az: f.intro_az,
      intro_en: f.intro_en,
      intro_ru: f.intro_ru,
      retired: f.retired_at ? 'yes' : 'no',
    },
    errors: {},
  }
  return (
    <section>
      <p>
        <a href="/admin/application-forms">{t('applications.forms_title')}</a>
      </p>
      <h1>{localised(f, 'title', ctx.locale)}</h1>
      {props.saved && <Notice kind="success">{t('forms.saved')}</Notice>}
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{}} />
      <details>
        <summary>{t('applications.form_edit')}</summary>
        <form method="post" action={`/admin/application-forms/${f.code}`} class="stacked">
          <CsrfField ctx={ctx} />
          <LocalisedFields
            ctx={ctx}
            form={meta}
            name="title"
            label={labelIn(t, 'applications.form_title')}
            maxLength={200}
          />
          <LocalisedFields
            ctx={ctx}
            form={meta}
            name="intro"
            label={labelIn(t, 'applications.form_intro')}
            field={TextAreaField}
          />
          <SelectField
            ctx={ctx}
            form={meta}
            name="retired"
            label={t('applications.status')}
            options={[
              ['no', t('applications.active')],
              ['yes', t('applications.retired')],
            ]}
          />
          <button type="submit" class="button">
            {t('forms.save')}
          </button>
        </form>
      </details>
      <h2>{t('applications.fields')}</h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('applications.field_key')}</th>
            <th scope="col">{t('applications.field_kind')}</th>
            <th scope="col">{t('applications.field_label')}</th>
            <th scope="col">{t('applications.field_required')}</th>
          </tr>
        </thead>
        <tbody>
          {programme.fields.map((field) => {
            const values: FormState = {
              values: {
                label_az: field.labels.az,
                label_en: field.labels.en,
                label_ru: field.labels.ru,
                required: field.required ? 'yes' : 'no',
                max_length: field.maxLength === null ? '' : String(field.maxLength),
                position: String(field.position),
                options: optionLines(field.options),
              },
              errors: {},
            }
            return (
              <tr>
                <td>
                  <code>{field.key}</code>
                </td>
                <td>{t(`applications.kinds.${field.kind}`)}</td>
                <td>
                  <details>
                    <summary>{field.labels[ctx.locale]}</summary>
                    <form
                      method="post"
                      action={`/admin/application-forms/${f.code}/fields/${field.key}`}
                      class="stacked"
                    >
                      <CsrfField ctx={ctx} />
                      <LocalisedFields
                        ctx={ctx}
                        form={values}
                        name="label"
                        label={labelIn(t, 'applications.field_label')}
                        maxLength={300}
                        idPrefix={`row-${field.key}`}
                      />
                      <SelectField
                        ctx={ctx}
                        form={values}
                        name="required"
                        label={t('applications.field_required')}
                        options={yesNo(t)}
                        idPrefix={`row-${field.key}`}
                      />
                      {(field.kind === 'choice' || field.kind === 'multiple_choice') && (
                        <TextAreaField
                          ctx={ctx}
                          form={values}
                          name="options"
                          label={t('applications.field_options')}
                          hint={t('applications.field_options_hint')}
                          idPrefix={`row-${field.key}`}
                        />
                      )}
                      <TextField
                        ctx={ctx}
                        form={values}
                        name="position"
                        label={t('applications.field_position')}
                        maxLength={4}
                        idPrefix={`row-${field.key}`}
                      />
                      <button type="submit" class="button" name="action" value="save">
                        {t('forms.save')}
                      </button>{' '}
                      <button type="submit" class="link-button" name="action" value="delete">
                        {t('applications.field_delete')}
                      </button>
                    </form>
                  </details>
                </td>
                <td>{t(field.required ? 'applications.yes' : 'applications.no')}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <h2>{t('applications.field_add')}</h2>
      <form method="post" action={`/admin/application-forms/${f.code}/fields`} id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={form}
          name="key"
          label={t('applications.field_key')}
          hint={t('applications.field_key_hint')}
          maxLength={40}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="kind"
          label={t('applications.field_kind')}
          options={FIELD_KINDS.map((k) => [k, t(`applications.kinds.${k}`)] as const)}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="required"
          label={t('applications.field_required')}
          options={yesNo(t)}
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="label"
          label={labelIn(t, 'applications.field_label')}
          maxLength={300}
        />
        <TextAreaField
          ctx={ctx}
          form={form}
          name="options"
          label={t('applications.field_options')}
          hint={t('applications.field_options_hint')}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="max_length"
          label={t('applications.field_max_length')}
          maxLength={5}
        />
        <button type="submit" class="button">
          {t('applications.field_add')}
        </button>
      </form>
    </section>
  )
}
