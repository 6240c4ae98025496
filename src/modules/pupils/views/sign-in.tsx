import { CsrfField, ErrorSummary, type FormState, TextField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'

/** The pupils' sign-in: one field, the code from their card. */
export function PupilSignInView(props: { ctx: ViewContext; form: FormState }) {
  const { ctx, form } = props
  const { t } = ctx
  return (
    <section class="narrow">
      <h1>{t('pupils.sign_in_title')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ code: t('pupils.code_label') }} />
      <form method="post" action="/sign-in/pupil" id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={form}
          name="code"
          label={t('pupils.code_label')}
          hint={t('pupils.code_hint')}
          autocomplete="one-time-code"
          maxLength={40}
        />
        <button type="submit" class="button">
          {t('pupils.sign_in_submit')}
        </button>
      </form>
      <ul class="plain-links">
        <li>
          <a href="/sign-in">{t('pupils.adult_sign_in_link')}</a>
        </li>
      </ul>
    </section>
  )
}
