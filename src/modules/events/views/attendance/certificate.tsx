import { formatDate } from '../../../../platform/i18n.ts'
import { ErrorSummary, type FormState, TextField } from '../../../../web/components.tsx'
import type { ViewContext } from '../../../../web/view-context.ts'
import type { Verification } from '../../certificates.ts'

/** The form for a code read off a printed certificate. */
function LookupForm(props: { ctx: ViewContext; form: FormState }) {
  const { ctx } = props
  return (
    <form method="get" action="/certificates">
      <TextField
        ctx={ctx}
        form={props.form}
        name="code"
        label={ctx.t('attendance.verify_code')}
        hint={ctx.t('attendance.verify_code_hint')}
        maxLength={64}
        autocomplete="off"
      />
      <button type="submit" class="button">
        {ctx.t('attendance.verify_submit')}
      </button>
    </form>
  )
}

/** Where someone types a certificate's code, and what they see when it matches none. */
export function VerifyLookupView(props: { ctx: ViewContext; form: FormState }) {
  const { ctx, form } = props
  return (
    <section class="narrow">
      <h1>{ctx.t('attendance.verify_title')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ code: ctx.t('attendance.verify_code') }} />
      <LookupForm ctx={ctx} form={form} />
    </section>
  )
}

/** A genuine certificate: whose it is, for which event and when. Nothing else about the person is shown. */
export function VerificationView(props: { ctx: ViewContext; verification: Verification }) {
  const { ctx, verification: v } = props
  const { t } = ctx
  return (
    <section class="narrow">
      <h1>{t('attendance.verify_title')}</h1>
      <div class="notice notice-success" role="status">
        <p>{t('attendance.verify_valid')}</p>
      </div>
      <dl class="summary-list">
        <div>
          <dt>{t('attendance.participant')}</dt>
          <dd>{v.name}</dd>
        </div>
        <div>
          <dt>{t('attendance.event')}</dt>
          <dd>{v.eventSlug ? <a href={`/events/${v.eventSlug}`}>{v.title}</a> : v.title}</dd>
        </div>
        <div>
          <dt>{t('attendance.dates')}</dt>
          <dd>{v.dates}</dd>
        </div>
        <div>
          <dt>{t('attendance.certificate_code_label')}</dt>
          <dd>
            <code>{v.code}</code>
          </dd>
        </div>
        <div>
          <dt>{t('attendance.issued')}</dt>
          <dd>{formatDate(ctx.locale, v.issuedAt, ctx.timeZone)}</dd>
        </div>
      </dl>
    </section>
  )
}
