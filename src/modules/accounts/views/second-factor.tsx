import { formatDateTime } from '../../../platform/i18n.ts'
import { CsrfField, ErrorSummary, type FormState, Notice, TextField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import type { Enrolment, SecondFactorStatus } from '../second-factor.ts'

function CodeField(props: { ctx: ViewContext; form: FormState; hint: string; digitsOnly?: boolean }) {
  return (
    <TextField
      ctx={props.ctx}
      form={props.form}
      name="code"
      label={props.ctx.t('second_factor.code')}
      hint={props.hint}
      inputMode={props.digitsOnly ? 'numeric' : undefined}
      autocomplete="one-time-code"
      maxLength={20}
      keepValue={false}
    />
  )
}

/** Enrolment: the QR code and the key as text, then the first code from the app to confirm it. */
export function EnrolView(props: {
  ctx: ViewContext
  form: FormState
  enrolment: Enrolment
  next: string
  /** The person holds a role that needs a second factor and cannot use it yet. */
  required: boolean
}) {
  const { ctx, form, enrolment } = props
  const { t } = ctx
  return (
    <section class="narrow">
      <h1>{t('second_factor.title')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ code: t('second_factor.code') }} />
      {props.required && <Notice>{t('second_factor.required_notice')}</Notice>}
      <p>{t('second_factor.intro')}</p>
      <h2>{t('second_factor.step_scan')}</h2>
      <figure>
        {/* Drawn by the qrcode library from the otpauth URI built here: no user text reaches the SVG. */}
        <div
          role="img"
          aria-label={t('second_factor.qr_label')}
          dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
        />
        <figcaption>{t('second_factor.qr_hint')}</figcaption>
      </figure>
      <p>
        {t('second_factor.key_label')} <code id="second-factor-key">{enrolment.secret}</code>
      </p>
      <details>
        <summary>{t('second_factor.uri_label')}</summary>
        <p>
          <code>{enrolment.uri}</code>
        </p>
      </details>
      <h2>{t('second_factor.step_confirm')}</h2>
      <form
        method="post"
        action={`/profile/second-factor?next=${encodeURIComponent(props.next)}`}
        id="field-form"
        novalidate
      >
        <CsrfField ctx={ctx} />
        <CodeField ctx={ctx} form={form} hint={t('second_factor.code_hint')} digitsOnly />
        <button type="submit" class="button">
          {t('second_factor.enrol_submit')}
        </button>
      </form>
    </section>
  )
}

export function SecondFactorStatusView(props: { ctx: ViewContext; status: SecondFactorStatus }) {
  const { ctx, status } = props
  const { t } = ctx
  return (
    <section class="narrow">
      <h1>{t('second_factor.title')}</h1>
      <p>
        {t('second_factor.enrolled_since', {
          date: formatDateTime(ctx.locale, status.enrolledAt ?? '', ctx.timeZone),
        })}
      </p>
      <p>{t('second_factor.recovery_left', { count: status.recoveryCodesLeft })}</p>
      <p>
        <a href="/profile/sessions">{t('sessions.title')}</a>
      </p>
    </section>
  )
}

/** The recovery codes, shown once right after enrolment. */
export function RecoveryCodesView(props: { ctx: ViewContext; codes: string[]; next: string }) {
  const { ctx } = props
  const { t } = ctx
  return (
    <section class="narrow">
      <h1>{t('second_factor.enrolled_title')}</h1>
      <Notice kind="success">{t('second_factor.enrolled_notice')}</Notice>
      <h2>{t('second_factor.recovery_title')}</h2>
      <p>{t('second_factor.recovery_intro')}</p>
      <ul class="recovery-codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href={props.next}>
          {t('second_factor.continue')}
        </a>
      </p>
    </section>
  )
}

/** After a correct password: the code from the app (or a recovery code). */
export function SignInCodeView(props: { ctx: ViewContext; form: FormState; next: string }) {
  const { ctx, form } = props
  const { t } = ctx
  return (
    <section class="narrow">
      <h1>{t('second_factor.sign_in_title')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ code: t('second_factor.code') }} />
      <p>{t('second_factor.sign_in_intro')}</p>
      <form
        method="post"
        action={`/sign-in/code?next=${encodeURIComponent(props.next)}`}
        id="field-form"
        novalidate
      >
        <CsrfField ctx={ctx} />
        <CodeField ctx={ctx} form={form} hint={t('second_factor.sign_in_hint')} />
        <button type="submit" class="button">
          {t('second_factor.sign_in_submit')}
        </button>
      </form>
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(props.next)}`}>{t('second_factor.start_again')}</a>
      </p>
    </section>
  )
}
