import ical, { ICalCalendarMethod } from 'ical-generator'
import type { Locale } from '../../config.ts'
import type { MailAttachment } from '../../platform/jobs.ts'
import type { RegistrationEvent } from './registration-queries.ts'
import { titleOf } from './service.ts'

/**
 * A participant's own calendar entry for the event, attached to the confirmation mail. Its UID is the
 * registration's, so a later mail (a reminder) updates the same entry instead of adding a second one. The online
 * meeting link goes in only here, because only confirmed participants receive it.
 */
export function personalInvitation(
  event: RegistrationEvent,
  registrationId: string,
  locale: Locale,
  baseUrl: string,
): MailAttachment {
  const url = `${baseUrl}/events/${event.slug}`
  const calendar = ical({
    prodId: { company: 'Körpü', product: 'events', language: locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    name: titleOf(event, locale).text,
  })
  const description = event[`description_${locale}`] ?? event.description_en ?? event.description_az ?? ''
  calendar.createEvent({
    id: `registration-${registrationId}@${new URL(baseUrl).hostname}`,
    start: new Date(event.starts_at),
    end: new Date(event.ends_at),
    summary: titleOf(event, locale).text,
    description: [description, event.meeting_url ?? '', url].filter(Boolean).join('\n\n'),
    location: [event.venue, event.city].filter(Boolean).join(', ') || event.meeting_url || null,
    url,
  })
  return {
    filename: `${event.slug}.ics`,
    contentType: 'text/calendar; charset=utf-8',
    content: calendar.toString(),
  }
}
