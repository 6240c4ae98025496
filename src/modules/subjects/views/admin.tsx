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

/** One entry of a taxonomy edited by admins: subjects, and the curriculum topics and learning models of projects. */
export interface TaxonomyEntry {
  code: string
  kind?: string
  name_az: string
  name_en: string
  name_ru: string
  retired_at: string | null
}

/**
 * The admin page of a code-and-three-names taxonomy: every entry (renamed or retired in place) and a form to add
 * one. `kinds`, when given, are the groups an entry belongs to (school subject, VET speciality…).
 */
export function TaxonomyAdminView(props: {
  ctx: ViewContext
  title: string
  intro: string
  addTitle: string
  /** Where the add form posts; each entry's form posts to `${action}/${code}`. */
  action: string
  entries: TaxonomyEntry[]
  kinds?: ReadonlyArray<readonly [string, string]>
  nameMaxLength: number
  form: FormState
  saved?: boolean
}) {
  const { ctx, form, kinds } = props
  const { t } = ctx
  const labels = {
    code: t('subjects.code'),
    kind: t('subjects.kind'),
    name_az: t('subjects.name_az'),
    name_en: t('subjects.name_en'),
    name_ru: t('subjects.name_ru'),
  }
  const kindName = (kind: string | undefined) => kinds?.find(([value]) => value === kind)?.[1] ?? ''
  return (
    <section>
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      {props.saved && <Notice kind="success">{t('forms.saved')}</Notice>}
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{labels.code}</th>
            {kinds && <th scope="col">{labels.kind}</th>}
            <th scope="col">{t('subjects.names')}</th>
            <th scope="col">{t('subjects.state')}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((entry) => (
            <tr>
              <td>
                <code>{entry.code}</code>
              </td>
              {kinds && <td>{kindName(entry.kind)}</td>}
              <td>
                <details>
                  <summary>
                    {entry.name_az} · {entry.name_en} · {entry.name_ru}
                  </summary>
                  <form method="post" action={`${props.action}/${entry.code}`} class="stacked">
                    <CsrfField ctx={ctx} />
                    {(['name_az', 'name_en', 'name_ru'] as const).map((field) => (
                      <div class="field">
                        <label for={`${entry.code}-${field}`}>{labels[field]}</label>
                        <input
                          id={`${entry.code}-${field}`}
                          name={field}
                          type="text"
                          value={entry[field]}
                          maxLength={props.nameMaxLength}
                        />
                      </div>
                    ))}
                    <div class="field">
                      <label for={`${entry.code}-retired`}>{t('subjects.state')}</label>
                      <select id={`${entry.code}-retired`} name="retired">
                        <option value="no" selected={!entry.retired_at}>
                          {t('subjects.offered')}
                        </option>
                        <option value="yes" selected={Boolean(entry.retired_at)}>
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
                <span class={entry.retired_at ? 'badge badge-pending' : 'badge badge-ok'}>
                  {t(entry.retired_at ? 'subjects.retired' : 'subjects.offered')}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{props.addTitle}</h2>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <form method="post" action={props.action} id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={form}
          name="code"
          label={labels.code}
          hint={t('subjects.code_hint')}
          maxLength={64}
        />
        {kinds && <SelectField ctx={ctx} form={form} name="kind" label={labels.kind} options={kinds} />}
        <LocalisedFields
          ctx={ctx}
          form={form}
          name="name"
          label={(locale) => labels[`name_${locale}`]}
          maxLength={props.nameMaxLength}
        />
        <button type="submit" class="button">
          {t('subjects.add_submit')}
        </button>
      </form>
    </section>
  )
}

export function SubjectsAdminView(props: {
  ctx: ViewContext
  subjects: Subject[]
  form: FormState
  saved?: boolean
}) {
  const { t } = props.ctx
  return (
    <TaxonomyAdminView
      ctx={props.ctx}
      title={t('subjects.admin_title')}
      intro={t('subjects.admin_intro')}
      addTitle={t('subjects.add_title')}
      action="/admin/subjects"
      entries={props.subjects}
      kinds={SUBJECT_KINDS.map((kind) => [kind, t(`subjects.kinds.${kind}`)] as const)}
      nameMaxLength={120}
      form={props.form}
      saved={props.saved}
    />
  )
}
