import type { Locale } from '../../../config.ts'
import { dateFormat as platformDateFormat } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import { subdivisionName } from '../../institutions/geo.ts'
import type { EventCardData } from '../schemas.ts'

/** A date formatter for a language, zone and style, built once (platform/i18n keeps them). */
export function dateFormat(
  locale: Locale,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  return platformDateFormat(locale, { ...options, timeZone })
}

/** "13–15 December 2021" (or one day), in the zone the event is shown in. */
export function dateRange(locale: Locale, startsAt: string, endsAt: string, timeZone: string): string {
  const format = dateFormat(locale, timeZone, { dateStyle: 'long' })
  // An event ending at midnight exactly ends on the day before.
  return format.formatRange(new Date(startsAt), new Date(Date.parse(endsAt) - 1))
}

/** "09:00–17:00" on the event's clock. */
export function timeRange(locale: Locale, startsAt: string, endsAt: string, timeZone: string): string {
  const format = dateFormat(locale, timeZone, { timeStyle: 'short' })
  return `${format.format(new Date(startsAt))}–${format.format(new Date(endsAt))}`
}

/** "Monday, 13 December" for a day heading (YYYY-MM-DD). */
export function dayHeading(locale: Locale, day: string): string {
  return dateFormat(locale, 'UTC', { weekday: 'long', day: 'numeric', month: 'long' }).format(
    new Date(`${day}T12:00:00Z`),
  )
}

export function monthHeading(locale: Locale, month: string): string {
  return dateFormat(locale, 'UTC', { month: 'long', year: 'numeric' }).format(
    new Date(`${month}-15T12:00:00Z`),
  )
}

/** Where it happens, in words: venue and city (with the region), or "Online". */
export function placeOf(ctx: ViewContext, e: Pick<EventCardData, 'format' | 'city' | 'region'>): string {
  const region = e.region ? subdivisionName(e.region, ctx.locale, ctx.t('institutions.city_suffix')) : null
  const where = [e.city, region && region !== e.city ? region : null].filter(Boolean).join(', ')
  if (e.format === 'online') return ctx.t('events.format.online')
  return e.format === 'hybrid' ? `${where} · ${ctx.t('events.format.online')}` : where
}

/** One event as a calendar line. */
export function EventCardView(props: { ctx: ViewContext; event: EventCardData }) {
  const { ctx, event } = props
  const { t, locale } = ctx
  return (
    <li class="card">
      <h3 lang={event.lang}>
        <a href={event.url}>{event.title}</a>
      </h3>
      {event.status !== 'published' && (
        <p class="badge badge-pending">{t(`events.status.${event.status}`)}</p>
      )}
      <p>
        <strong>{dateRange(locale, event.startsAt, event.endsAt, event.timeZone)}</strong> ·{' '}
        {t(`events.kind.${event.kind}`)} · {placeOf(ctx, event)}
      </p>
      {event.audience.length > 0 && (
        <p>
          {t('events.audience_label')}: {event.audience.map((a) => t(`events.audience.${a}`)).join(', ')}
        </p>
      )}
    </li>
  )
}
