import { formatDateTime } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'

export interface AuditRow {
  id: string
  at: string
  action: string
  subject_type: string
  subject_id: string | null
  details: string
  actor_name: string | null
}

export function AuditLogView(props: { ctx: ViewContext; entries: AuditRow[]; next: string | null }) {
  const { ctx } = props
  const { t } = ctx
  return (
    <section>
      <h1>{t('admin.audit_title')}</h1>
      <p>{t('admin.audit_intro')}</p>
      <p>
        <a href="/admin/coordinators">{t('admin.coordinators.link')}</a>
      </p>
      {props.entries.length === 0 ? (
        <p>{t('admin.audit_empty')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('admin.when')}</th>
              <th scope="col">{t('admin.who')}</th>
              <th scope="col">{t('admin.action')}</th>
              <th scope="col">{t('admin.subject')}</th>
              <th scope="col">{t('admin.details')}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((entry) => (
              <tr>
                <td>
                  <time dateTime={entry.at}>{formatDateTime(ctx.locale, entry.at, ctx.timeZone)}</time>
                </td>
                <td>{entry.actor_name ?? t('admin.system')}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>
                  {entry.subject_type} <code>{entry.subject_id ?? ''}</code>
                </td>
                <td>
                  <code>{entry.details}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.next && (
        <p>
          <a href={`/admin/audit?before=${encodeURIComponent(props.next)}`} rel="next">
            {t('pagination.older')}
          </a>
        </p>
      )}
    </section>
  )
}
