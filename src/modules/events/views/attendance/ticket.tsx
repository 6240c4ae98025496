import { Notice } from '../../../../web/components.tsx'
import type { ViewContext } from '../../../../web/view-context.ts'
import type { OwnTicket, TicketHolder } from '../../attendance.ts'
import { eventTitle } from '../../attendance.ts'
import { eventDates } from '../../certificates.ts'
import { CheckInButton } from './check-in.tsx'
import { dayName, EventCrumb } from './shared.tsx'

/** The participant's ticket: the QR code to show at the door, the days attended, and the certificate once earned. */
export function TicketView(props: { ctx: ViewContext; ticket: OwnTicket; qrSvg: string }) {
  const { ctx, ticket } = props
  const { t } = ctx
  const title = eventTitle(ticket.event, ctx.locale)
  return (
    <section>
      <EventCrumb slug={ticket.event.slug} title={title} />
      <h1>{t('attendance.ticket_title')}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('attendance.participant')}</dt>
          <dd>{ticket.name}</dd>
        </div>
        <div>
          <dt>{t('attendance.event')}</dt>
          <dd>{title}</dd>
        </div>
        <div>
          <dt>{t('attendance.dates')}</dt>
          <dd>{eventDates(ctx.locale, ticket.event)}</dd>
        </div>
      </dl>
      <figure>
        {/* The SVG is drawn by the qrcode library from our own URL: no user text reaches it. */}
        <div
          role="img"
          aria-label={t('attendance.qr_label')}
          dangerouslySetInnerHTML={{ __html: props.qrSvg }}
        />
        <figcaption>{t('attendance.ticket_hint')}</figcaption>
      </figure>
      <h2>{t('attendance.your_attendance')}</h2>
      <ul>
        {ticket.days.map((day) => (
          <li>
            {dayName(ctx, day)}:{' '}
            {ticket.attended.includes(day) ? t('attendance.attended') : t('attendance.not_attended')}
          </li>
        ))}
      </ul>
      {ticket.certificate ? (
        <p>
          <a href={`/events/${ticket.event.slug}/certificate.pdf`}>{t('attendance.certificate_download')}</a>
        </p>
      ) : (
        <p>{t('attendance.certificate_after_check_in')}</p>
      )}
    </section>
  )
}

/** What an organiser sees after scanning a ticket: whose it is, and a button per day of the event. */
export function TicketCheckInView(props: { ctx: ViewContext; holder: TicketHolder; done?: 'in' | 'out' }) {
  const { ctx, holder } = props
  const { t } = ctx
  const title = eventTitle(holder.event, ctx.locale)
  const action = `/events/${holder.event.slug}/check-in/${encodeURIComponent(holder.registration.ticket)}`
  const confirmed = holder.registration.status === 'confirmed'
  return (
    <section>
      <EventCrumb slug={holder.event.slug} title={title} />
      <h1>{holder.registration.name}</h1>
      {props.done && (
        <Notice kind="success">
          {t(`attendance.notice_${props.done}`, {
            name: holder.registration.name,
            day: dayName(ctx, holder.day),
          })}
        </Notice>
      )}
      {holder.registration.institution && <p>{holder.registration.institution}</p>}
      {!confirmed && (
        <p class="error-message">{t('attendance.not_confirmed', { name: holder.registration.name })}</p>
      )}
      {confirmed && (
        <table class="table">
          <caption class="visually-hidden">{t('attendance.days_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('attendance.day')}</th>
              <th scope="col">{t('attendance.status')}</th>
            </tr>
          </thead>
          <tbody>
            {holder.days.map((day) => (
              <tr>
                <th scope="row">{dayName(ctx, day)}</th>
                <td>
                  <CheckInButton
                    ctx={ctx}
                    action={action}
                    day={day}
                    name={holder.registration.name}
                    present={holder.attended.includes(day)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={`/events/${holder.event.slug}/check-in?day=${holder.day}`}>{t('attendance.back_to_list')}</a>
      </p>
    </section>
  )
}
