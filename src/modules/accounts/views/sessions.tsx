import { formatDateTime } from '../../../platform/i18n.ts'
import type { SessionSummary } from '../../../platform/sessions.ts'
import { CsrfField, Notice } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'

const when = (ctx: ViewContext, iso: string) => (
  <time dateTime={iso}>{formatDateTime(ctx.locale, iso, ctx.timeZone)}</time>
)

/** One's own sessions: where and when each began, when it was last used, and a way to end it. */
export function SessionsView(props: { ctx: ViewContext; sessions: SessionSummary[]; notice?: string }) {
  const { ctx, sessions } = props
  const { t } = ctx
  const others = sessions.filter((s) => !s.current).length
  return (
    <section>
      <h1>{t('sessions.title')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <p>{t('sessions.intro')}</p>
      <table class="table">
        <caption class="visually-hidden">{t('sessions.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sessions.device')}</th>
            <th scope="col">{t('sessions.signed_in')}</th>
            <th scope="col">{t('sessions.last_seen')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('sessions.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr>
              <td>{session.device ?? t('sessions.unknown_device')}</td>
              <td>{when(ctx, session.createdAt)}</td>
              <td>{when(ctx, session.lastSeenAt)}</td>
              <td>
                {session.current ? (
                  <span class="badge badge-ok">{t('sessions.this_one')}</span>
                ) : (
                  <form method="post" action={`/profile/sessions/${session.handle}/end`}>
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="button button-secondary">
                      {t('sessions.end')}
                      <span class="visually-hidden">
                        {' '}
                        {session.device ?? t('sessions.unknown_device')},{' '}
                        {formatDateTime(ctx.locale, session.createdAt, ctx.timeZone)}
                      </span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {others > 0 && (
        <form method="post" action="/profile/sessions/end-others">
          <CsrfField ctx={ctx} />
          <button type="submit" class="button">
            {t('sessions.end_others')}
          </button>
        </form>
      )}
      <ul class="plain-links">
        <li>
          <a href="/profile/second-factor">{t('second_factor.title')}</a>
        </li>
        <li>
          <a href="/profile">{t('accounts.profile_title')}</a>
        </li>
      </ul>
    </section>
  )
}
