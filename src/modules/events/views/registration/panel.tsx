import { formatDateTime, formatNumber } from '../../../../platform/i18n.ts'
import { CsrfField, ErrorSummary, type FormState, Notice } from '../../../../web/components.tsx'
import { QuestionField } from '../../../../web/questions.tsx'
import type { ViewContext } from '../../../../web/view-context.ts'
import { type RegistrationState, registrationClosed } from '../../registration.ts'
import { isActive } from '../../registration-policy.ts'
import { titleOf } from '../../service.ts'

/** The registration form: the event's extra questions and one button. */
function RegisterForm(props: { ctx: ViewContext; state: RegistrationState; form: FormState }) {
  const { ctx, state, form } = props
  const { t } = ctx
  const labels: Record<string, string> = {}
  for (const field of state.questions) labels[`answers/${field.key}`] = field.labels[ctx.locale]
  return (
    <form method="post" action={`/events/${state.event.slug}/register`} novalidate>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <CsrfField ctx={ctx} />
      {state.questions.map((field) => (
        <QuestionField ctx={ctx} form={form} field={field} />
      ))}
      <button type="submit" class="button">
        {t(state.event.approval_required === 1 ? 'registration.ask_to_register' : 'registration.register')}
      </button>
    </form>
  )
}

/** Where the person's registration stands, in a sentence. */
export function OwnStatus(props: { ctx: ViewContext; state: RegistrationState }) {
  const { ctx, state } = props
  const own = state.own
  if (!own) return null
  return (
    <p>
      <strong>{ctx.t(`registration.own.${own.status}`, { position: state.position ?? 0 })}</strong>
    </p>
  )
}

/** Places and rules of this event's registration. */
function Facts(props: { ctx: ViewContext; state: RegistrationState }) {
  const { ctx, state } = props
  const { t } = ctx
  const e = state.event
  return (
    <ul>
      <li>
        {state.placesLeft === null
          ? t('registration.no_limit')
          : t('registration.places_left', {
              left: formatNumber(ctx.locale, state.placesLeft),
              capacity: formatNumber(ctx.locale, e.capacity ?? 0),
            })}
      </li>
      <li>{t(`registration.mode.${e.registration}`)}</li>
      {e.approval_required === 1 && <li>{t('registration.approval_required')}</li>}
      {e.registration_closes_at && (
        <li>
          {t('registration.closes', {
            at: formatDateTime(ctx.locale, e.registration_closes_at, e.time_zone),
          })}
        </li>
      )}
    </ul>
  )
}

/**
 * The registration part of an event page: the places, the person's registration or the form (or why they cannot
 * register), and the organisers' way to the participants. The event page shows it; so does /events/:slug/register.
 */
export function RegistrationPanel(props: { ctx: ViewContext; state: RegistrationState; form: FormState }) {
  const { ctx, state, form } = props
  const { t } = ctx
  const slug = state.event.slug
  if (state.event.registration === 'none') return null
  // Nobody can register any more: a visitor is told so rather than invited to sign in for nothing.
  const over =
    state.access.status === 'cancelled'
      ? 'registration.event_cancelled'
      : registrationClosed(state.event)
        ? 'registration.closed'
        : null
  return (
    <section class="card" aria-labelledby="registration-title">
      <h2 id="registration-title">{t('registration.title')}</h2>
      <Facts ctx={ctx} state={state} />
      {state.own && isActive(state.own.status) ? (
        <>
          <OwnStatus ctx={ctx} state={state} />
          <p>
            <a href={`/events/${slug}/registration`}>{t('registration.manage_own')}</a>
          </p>
        </>
      ) : !ctx.actor.person && over ? (
        <Notice>{t(over)}</Notice>
      ) : !ctx.actor.person ? (
        <p>
          <a class="button" href={`/sign-in?next=${encodeURIComponent(`/events/${slug}/register`)}`}>
            {t('registration.sign_in_to_register')}
          </a>
        </p>
      ) : state.refusal ? (
        <Notice>{t(state.refusal)}</Notice>
      ) : (
        <>
          {state.placesLeft === 0 && <p>{t('registration.full_wait_list')}</p>}
          <RegisterForm ctx={ctx} state={state} form={form} />
        </>
      )}
      {state.organiser && (
        <p>
          <a href={`/events/${slug}/registrations`}>{t('registration.organiser_link')}</a>
        </p>
      )}
    </section>
  )
}

/** /events/:slug/register: the panel on a page of its own, with the way back to the event. */
export function RegisterPage(props: { ctx: ViewContext; state: RegistrationState; form: FormState }) {
  const { ctx, state } = props
  return (
    <section class="narrow">
      <p>
        <a href={`/events/${state.event.slug}`}>{titleOf(state.event, ctx.locale).text}</a>
      </p>
      <h1>{ctx.t('registration.register_title', { title: titleOf(state.event, ctx.locale).text })}</h1>
      <p>{formatDateTime(ctx.locale, state.event.starts_at, state.event.time_zone)}</p>
      <RegistrationPanel {...props} />
    </section>
  )
}

/** /events/:slug/registration: one's own registration, its answers, the calendar entry and cancelling. */
export function OwnRegistrationPage(props: {
  ctx: ViewContext
  state: RegistrationState
  answers: Array<{ label: string; text: string }>
  form: FormState
  done?: 'registered' | 'cancelled'
}) {
  const { ctx, state, form } = props
  const { t } = ctx
  const own = state.own
  const slug = state.event.slug
  return (
    <section class="narrow">
      <p>
        <a href={`/events/${slug}`}>{titleOf(state.event, ctx.locale).text}</a>
      </p>
      <h1>{t('registration.own_title', { title: titleOf(state.event, ctx.locale).text })}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{}} />
      {props.done && <Notice kind="success">{t(`registration.done.${props.done}`)}</Notice>}
      {own ? <OwnStatus ctx={ctx} state={state} /> : <p>{t('registration.own.none')}</p>}
      {own && props.answers.length > 0 && (
        <dl class="summary-list">
          {props.answers.map((a) => (
            <div>
              <dt>{a.label}</dt>
              <dd>{a.text}</dd>
            </div>
          ))}
        </dl>
      )}
      {own?.status === 'confirmed' && (
        <p>
          <a href={`/events/${slug}/event.ics`}>{t('registration.add_to_calendar')}</a>
        </p>
      )}
      {own && isActive(own.status) ? (
        <form method="post" action={`/events/${slug}/registration/cancel`}>
          <CsrfField ctx={ctx} />
          <p>{t('registration.cancel_hint')}</p>
          <button type="submit" class="button">
            {t('registration.cancel')}
          </button>
        </form>
      ) : (
        !state.refusal && (
          <p>
            <a class="button" href={`/events/${slug}/register`}>
              {t('registration.register')}
            </a>
          </p>
        )
      )}
    </section>
  )
}
