import {
  CsrfField,
  ErrorSummary,
  type FormState,
  LocalisedFields,
  Notice,
  SelectField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { SUBJECT_KINDS } from '../schemas.ts'
import type { Subject } from '../service.ts'

export function SubjectsAdminView(props: {
  ctx: ViewContext
  subjects: Subject[]
  form: FormState
  saved?: boolean
}) {
  const { ctx, form } = props
  const { t } = ctx
  const labels = {
    code: t('subjects.code'),
    kind: t('subjects.kind'),
    name_az: t('subjects.name_az'),
    name_en: t('subjects.name_en'),
    name_ru: t('subjects.name_ru'),
  }
  return (
    <section>
      <h1>{t('subjects.admin_title')}</h1>
      <p>{t('subjects.admin_intro')}</p>
      {props.saved && <Notice kind="success">{t('forms.saved')}</Notice>}
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{labels.code}</th>
            <th scope="col">{labels.kind}</th>
            <th scope="col">{t('subjects.names')}</th>
            <th scope="col">{t('subjects.state')}</th>
          </tr>
        </thead>
        <tbody>
          {props.subjects.map((subject) => (
            <tr>
              <td>
                <code>{subject.code}</code>
              </td>
              <td>{t(`subjects.kinds.${subject.kind}`)}</td>
              <td>
                <details>
                  <summary>
                    {subject.name_az} · {subject.name_en} · {subject.name_ru}
                  </summary>
                  <form method="post" action={`/admin/subjects/${subject.code}`} class="stacked">
                    <CsrfField ctx={ctx} />
                    {(['name_az', 'name_en', 'name_ru'] as const).map((field) => (
                      <div class="field">
                        <label for={`${subject.code}-${field}`}>{labels[field]}</label>
                        <input
                          id={`${subject.code}-${field}`}
                          name={field}
                          type="text"
                          value={subject[field]}
                          maxLength={120}
                        />
                      </div>
                    ))}
                    <div class="field">
                      <label for={`${subject.code}-retired`}>{t('subjects.state')}</label>
                      <select id={`${subject.code}-retired`} name="retired">
                        <option value="no" selected={!subject.retired_at}>
                          {t('subjects.offered')}
                        </option>
                        <option value="yes" selected={Boolean(subject.retired_at)}>
                          {t('subjects.retired')}
                        </option>
                      </select>
                    </div>
                    <button type="submit" class="button">
                      {t('forms.save')}
                    </button>
                  </form>
                </details>
              </td>
              <td>
                <span class={subject.retired_at ? 'badge badge-pending' : 'badge badge-ok'}>
                  {t(subject.retired_at ? 'subjects.retired' : 'subjects.offered')}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('subjects.add_title')}</h2>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <form method="post" action="/admin/subjects" id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={form}
          name="code"
          label={labels.code}
          hint={t('subjects.code_hint')}
          maxLength={64}
        />
        <SelectField
          ctx={ctx}
          form={form}
          name="kind"
          label={labels.kind}
          options={SUBJECT_KINDS.map((kind) => [kind, t(`subjects.kinds.${kind}`)] as const)}
        />
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="name"
          label={(locale) => labels[`name_${locale}`]}
          maxLength={120}
        />
        <button type="submit" class="button">
          {t('subjects.add_submit')}
        </button>
      </form>
    </section>
  )
}
