import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
import type { Locale } from '../../config.ts'
import type { EventsTable } from '../../db/schema.ts'
import { eventUrl, inLanguage } from './service.ts'

/** What an iCal entry is made of: the stored event's columns (a calendar row or the whole event). */
export type IcalSource = Pick<
  EventsTable,
  | 'id'
  | 'slug'
  | 'status'
  | 'title_az'
  | 'title_en'
  | 'title_ru'
  | 'starts_at'
  | 'ends_at'
  | 'city'
  | 'country'
> &
  Partial<
    Pick<
      EventsTable,
      'description_az' | 'description_en' | 'description_ru' | 'venue' | 'updated_at' | 'meeting_url'
    >
  >

export interface IcalOptions {
  baseUrl: string
  locale: Locale
  /** The calendar's name as a calendar application shows it. */
  name: string
  /** Only for a confirmed participant's own file (the confirmation mail): the online meeting link. */
  withMeetingLink?: boolean
}

/**
 * An iCalendar document (RFC 5545) of events. Times are written in UTC, which every calendar application converts
 * to its own zone, so no VTIMEZONE definitions are needed. The UID is stable per event and SEQUENCE grows with each
 * change, so a re-imported or re-fetched entry replaces the old one instead of doubling it; a cancelled event
 * stays with STATUS:CANCELLED so that calendars strike it through.
 */
export function icalendar(events: readonly IcalSource[], options: IcalOptions): string {
  const host = new URL(options.baseUrl).host
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Körpü', product: 'events', language: options.locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    url: options.baseUrl,
    // Subscribed feeds: ask calendar applications to fetch again every few hours.
    ttl: 6 * 3600,
  })
  for (const event of events) {
    const title = inLanguage({ az: event.title_az, en: event.title_en, ru: event.title_ru }, options.locale)
    const description = inLanguage(
      {
        az: event.description_az ?? null,
        en: event.description_en ?? null,
        ru: event.description_ru ?? null,
      },
      options.locale,
    )
    const url = `${options.baseUrl}${eventUrl(event.slug)}`
    const meeting = options.withMeetingLink ? event.meeting_url : null
    const location = [event.venue, event.city].filter(Boolean).join(', ') || meeting || null
    calendar.createEvent({
      id: `${event.id}@${host}`,
      start: new Date(event.starts_at),
      end: new Date(event.ends_at),
      summary: title?.text ?? '',
      description: [description?.text, meeting, url].filter(Boolean).join('\n\n'),
      location,
      url,
      status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: event.updated_at ? Math.floor(Date.parse(event.updated_at) / 1000) % 2_000_000_000 : 0,
      lastModified: event.updated_at ? new Date(event.updated_at) : null,
    })
  }
  return calendar.toString()
}

/** A safe file name for an event's .ics download. */
export function icsFileName(slug: string): string {
  return `${slug.slice(0, 80)}.ics`
}
