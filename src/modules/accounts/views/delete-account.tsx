import { CsrfField, ErrorSummary, type FormState, TextField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'

export function DeleteAccountView(props: { ctx: ViewContext; form: FormState }) {
  const { ctx, form } = props
  const { t } = ctx
  const labels = { password: t('personal_data.password') }
  return (
    <section class="narrow">
      <h1>{t('personal_data.delete_title')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <p>{t('personal_data.delete_intro')}</p>
      <p>
        <a href="/profile/data.json" download>
          {t('personal_data.download')}
        </a>
      </p>
      <form method="post" action="/profile/delete" id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={form}
          name="password"
          type="password"
          label={labels.password}
          autocomplete="current-password"
          keepValue={false}
        />
        <button type="submit" class="button button-warning">
          {t('personal_data.delete_confirm')}
        </button>
      </form>
    </section>
  )
}
