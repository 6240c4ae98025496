import { Notice } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import type { UnsubscribeScope } from '../unsubscribe.ts'

function what(ctx: ViewContext, scope: UnsubscribeScope): string {
  return scope === 'all'
    ? ctx.t('notification_settings.unsubscribe.all')
    : ctx.t(`notification_settings.topics.${scope}.label`)
}

/**
 * The page an unsubscribe link opens: it changes nothing (mail scanners follow links), it asks for one click.
 * The form needs no CSRF token: the signed link is the proof, as for a mail client's one-click POST.
 */
export function UnsubscribeConfirmView(props: { ctx: ViewContext; token: string; scope: UnsubscribeScope }) {
  const { ctx, token, scope } = props
  const { t } = ctx
  return (
    <section class="narrow">
      <h1>{t('notification_settings.unsubscribe.title')}</h1>
      <p>{t('notification_settings.unsubscribe.confirm', { what: what(ctx, scope) })}</p>
      <form method="post" action={`/unsubscribe/${token}`}>
        <button type="submit" class="button">
          {t('notification_settings.unsubscribe.button')}
        </button>
      </form>
    </section>
  )
}

export function UnsubscribedView(props: { ctx: ViewContext; scope: UnsubscribeScope }) {
  const { ctx, scope } = props
  const { t } = ctx
  return (
    <section class="narrow">
      <h1>{t('notification_settings.unsubscribe.done_title')}</h1>
      <Notice kind="success">
        {t('notification_settings.unsubscribe.done', { what: what(ctx, scope) })}
      </Notice>
      <p>
        {t('notification_settings.unsubscribe.undo')}{' '}
        <a href="/settings/notifications">{t('notification_settings.title')}</a>
      </p>
    </section>
  )
}

export function UnsubscribeInvalidView(props: { ctx: ViewContext }) {
  const { t } = props.ctx
  return (
    <section class="narrow">
      <h1>{t('notification_settings.unsubscribe.invalid_title')}</h1>
      <p>{t('notification_settings.unsubscribe.invalid')}</p>
      <p>
        {t('notification_settings.unsubscribe.invalid_help')}{' '}
        <a href="/settings/notifications">{t('notification_settings.title')}</a>
      </p>
    </section>
  )
}
