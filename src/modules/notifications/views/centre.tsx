import { formatDateTime } from '../../../platform/i18n.ts'
import { CsrfField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import type { NotificationItem } from '../service.ts'

export function NotificationsView(props: { ctx: ViewContext; items: NotificationItem[] }) {
  const { ctx, items } = props
  const { t } = ctx
  const unread = items.filter((n) => !n.read_at).length
  return (
    <section class="narrow">
      <h1>{t('notifications.title')}</h1>
      <p>
        <a href="/settings/notifications">{t('notification_settings.title')}</a>
      </p>
      {items.length === 0 && <p>{t('notifications.empty')}</p>}
      {unread > 0 && (
        <form method="post" action="/notifications/read-all">
          <CsrfField ctx={ctx} />
          <button type="submit" class="button">
            {t('notifications.mark_all_read')}
          </button>
        </form>
      )}
      <ul class="notification-list">
        {items.map((n) => {
          // Written in the language the person used when it was sent: marked so a screen reader reads it right.
          const lang = n.locale && n.locale !== ctx.locale ? n.locale : undefined
          return (
            <li class={n.read_at ? 'notification' : 'notification notification-unread'}>
              <h2>
                <span lang={lang}>{n.link ? <a href={n.link}>{n.title}</a> : n.title}</span>{' '}
                {!n.read_at && <span class="badge badge-pending">{t('notifications.unread')}</span>}
              </h2>
              <p class="hint">{formatDateTime(ctx.locale, n.created_at, ctx.timeZone)}</p>
              <p lang={lang}>{n.body}</p>
              {!n.read_at && (
                <form method="post" action={`/notifications/${n.id}/read`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="link-button">
                    {t('notifications.mark_read')}
                  </button>
                </form>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
