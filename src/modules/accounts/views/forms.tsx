import type { LOCALES } from '../../../config.ts'
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../platform/passwords.ts'
import {
  CsrfField,
  ErrorSummary,
  type FormState,
  Notice,
  SelectField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import type { Subject } from '../../subjects/service.ts'
import { ProfileFields, profileLabels } from './profile-fields.tsx'

const LANGUAGE_OPTIONS = [
  ['az', 'Azərbaycanca'],
  ['en', 'English'],
  ['ru', 'Русский'],
] as const satisfies ReadonlyArray<readonly [(typeof LOCALES)[number], string]>

/** The box for a password being chosen (register, reset, change): the length rule is its hint. */
function NewPasswordField(props: { ctx: ViewContext; form: FormState; label: string }) {
  const { ctx } = props
  return (
    <TextField
      ctx={ctx}
      form={props.form}
      name="password"
      type="password"
      label={props.label}
      hint={ctx.t('accounts.password_hint', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
      autocomplete="new-password"
      maxLength={PASSWORD_MAX}
    />
  )
}

export function RegisterView(props: { ctx: ViewContext; form: FormState }) {
  const { ctx, form } = props
  const { t } = ctx
  const labels = { name: t('accounts.name'), email: t('accounts.email'), password: t('accounts.password') }
  return (
    <section class="narrow">
      <h1>{t('accounts.register_title')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <p>{t('accounts.register_intro')}</p>
      <form method="post" action="/register" id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={form}
          name="name"
          label={labels.name}
          autocomplete="name"
          maxLength={120}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="email"
          type="email"
          label={labels.email}
          hint={t('accounts.email_hint')}
          autocomplete="email"
          maxLength={254}
        />
        <NewPasswordField ctx={ctx} form={form} label={labels.password} />
        <input type="hidden" name="locale" value={ctx.locale} />
        <button type="submit" class="button">
          {t('accounts.register_submit')}
        </button>
      </form>
      <p>
        {t('accounts.have_account')} <a href="/sign-in">{t('nav.sign_in')}</a>
      </p>
    </section>
  )
}

export function SignInView(props: { ctx: ViewContext; form: FormState; next: string; notice?: string }) {
  const { ctx, form } = props
  const { t } = ctx
  const labels = { email: t('accounts.email'), password: t('accounts.password') }
  return (
    <section class="narrow">
      <h1>{t('accounts.sign_in_title')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <form
        method="post"
        action={`/sign-in?next=${encodeURIComponent(props.next)}`}
        id="field-form"
        novalidate
      >
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={form}
          name="email"
          type="email"
          label={labels.email}
          autocomplete="username"
          maxLength={254}
        />
        <TextField
          ctx={ctx}
          form={form}
          name="password"
          type="password"
          label={labels.password}
          autocomplete="current-password"
          maxLength={PASSWORD_MAX}
        />
        <button type="submit" class="button">
          {t('accounts.sign_in_submit')}
        </button>
      </form>
      <ul class="plain-links">
        <li>
          <a href="/forgot-password">{t('accounts.forgot_password_link')}</a>
        </li>
        <li>
          <a href="/verify-email/resend">{t('accounts.resend_link')}</a>
        </li>
        <li>
          <a href="/register">{t('accounts.no_account')}</a>
        </li>
        <li>
          <a href="/sign-in/pupil">{t('pupils.sign_in_link')}</a>
        </li>
      </ul>
    </section>
  )
}

/** One-field email forms: forgotten password and a new verification link. */
export function EmailRequestView(props: { ctx: ViewContext; form: FormState; kind: 'forgot' | 'resend' }) {
  const { ctx, form, kind } = props
  const { t } = ctx
  const labels = { email: t('accounts.email') }
  const action = kind === 'forgot' ? '/forgot-password' : '/verify-email/resend'
  return (
    <section class="narrow">
      <h1>{t(`accounts.${kind}_title`)}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <p>{t(`accounts.${kind}_intro`)}</p>
      <form method="post" action={action} id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={form}
          name="email"
          type="email"
          label={labels.email}
          autocomplete="email"
          maxLength={254}
        />
        <button type="submit" class="button">
          {t(`accounts.${kind}_submit`)}
        </button>
      </form>
    </section>
  )
}

export function ResetPasswordView(props: { ctx: ViewContext; form: FormState; token: string }) {
  const { ctx, form } = props
  const { t } = ctx
  const labels = { password: t('accounts.new_password'), token: t('accounts.reset_link') }
  return (
    <section class="narrow">
      <h1>{t('accounts.reset_title')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <form method="post" action="/reset-password" id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="token" value={props.token} />
        <NewPasswordField ctx={ctx} form={form} label={labels.password} />
        <button type="submit" class="button">
          {t('accounts.reset_submit')}
        </button>
      </form>
    </section>
  )
}

export function ChangePasswordView(props: { ctx: ViewContext; form: FormState }) {
  const { ctx, form } = props
  const { t } = ctx
  const labels = { current_password: t('accounts.current_password'), password: t('accounts.new_password') }
  return (
    <section class="narrow">
      <nav aria-label={t('layout.breadcrumbs')} class="breadcrumbs">
        <a href="/profile">{t('accounts.profile_title')}</a>
      </nav>
      <h1>{t('accounts.change_password_title')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <form method="post" action="/profile/password" id="field-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={form}
          name="current_password"
          type="password"
          label={labels.current_password}
          autocomplete="current-password"
          maxLength={PASSWORD_MAX}
        />
        <NewPasswordField ctx={ctx} form={form} label={labels.password} />
        <button type="submit" class="button">
          {t('accounts.change_password_submit')}
        </button>
      </form>
    </section>
  )
}

export function ProfileView(props: {
  ctx: ViewContext
  form: FormState
  profile: { id: string; email: string; roles: string[]; validated: boolean; memberSince: string }
  subjects: Subject[]
  notice?: string
}) {
  const { ctx, form, profile } = props
  const { t } = ctx
  const labels = { name: t('accounts.name'), locale: t('accounts.language'), ...profileLabels(ctx) }
  const canEdit = ctx.actor.person?.kind === 'adult'
  return (
    <section class="narrow">
      <h1>{t('accounts.profile_title')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <dl class="summary-list">
        {/* A pupil's address is a placeholder no mail reaches, and pupils are never validated: neither is shown. */}
        {canEdit && (
          <>
            <div>
              <dt>{t('accounts.email')}</dt>
              <dd>{profile.email}</dd>
            </div>
            <div>
              <dt>{t('accounts.status')}</dt>
              <dd>
                <span class={profile.validated ? 'badge badge-ok' : 'badge badge-pending'}>
                  {t(profile.validated ? 'accounts.status_validated' : 'accounts.status_not_validated')}
                </span>
                {!profile.validated && (
                  <p>
                    {t('applications.member_next_step')}{' '}
                    <a href="/application">{t('applications.apply_title')}</a>
                  </p>
                )}
              </dd>
            </div>
          </>
        )}
        <div>
          <dt>{t('accounts.roles')}</dt>
          <dd>{profile.roles.map((role) => t(`roles.${role}`)).join(', ')}</dd>
        </div>
      </dl>
      {!canEdit && (
        <>
          <h2>{t('pupils.personal_data')}</h2>
          <p>{t('pupils.personal_data_body')}</p>
          <p>
            <a href="/profile/data.json" download>
              {t('personal_data.download')}
            </a>
          </p>
        </>
      )}
      {canEdit && (
        <>
          <h2>{t('accounts.edit_profile')}</h2>
          <form method="post" action="/profile" id="field-form" novalidate>
            <CsrfField ctx={ctx} />
            <TextField
              ctx={ctx}
              form={form}
              name="name"
              label={labels.name}
              autocomplete="name"
              maxLength={120}
            />
            <SelectField
              ctx={ctx}
              form={form}
              name="locale"
              label={labels.locale}
              options={LANGUAGE_OPTIONS}
            />
            <h3>{t('profiles.section_title')}</h3>
            <ProfileFields ctx={ctx} form={form} subjects={props.subjects} />
            <button type="submit" class="button">
              {t('forms.save')}
            </button>
          </form>
          <ul>
            <li>
              <a href={`/people/${profile.id}`}>{t('profiles.view_public')}</a>
            </li>
            <li>
              <a href="/messages">{t('partners.inbox_title')}</a>
            </li>
            <li>
              <a href="/profile/password">{t('accounts.change_password_title')}</a>
            </li>
            <li>
              <a href="/profile/sessions">{t('sessions.link')}</a>
            </li>
            <li>
              <a href="/profile/second-factor">{t('second_factor.title')}</a>
            </li>
            <li>
              <a href="/profile/data.json" download>
                {t('personal_data.download')}
              </a>
            </li>
            <li>
              <a href="/profile/delete">{t('personal_data.delete_title')}</a>
            </li>
          </ul>
        </>
      )}
    </section>
  )
}

export function MessageView(props: {
  ctx: ViewContext
  title: string
  body: string
  link?: { href: string; label: string }
}) {
  return (
    <section class="narrow">
      <h1>{props.title}</h1>
      <p>{props.body}</p>
      {props.link && (
        <p>
          <a href={props.link.href} class="button">
            {props.link.label}
          </a>
        </p>
      )}
    </section>
  )
}
