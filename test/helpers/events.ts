import type { Db } from '../../src/db/database.ts'
import { newId } from '../../src/db/ids.ts'
import type { EventFormat, EventKind, EventRegistrationMode, EventStatus } from '../../src/db/schema.ts'
import { forgetCalendar } from '../../src/modules/events/cache.ts'

export interface EventOptions {
  title?: string
  kind?: EventKind
  format?: EventFormat
  status?: EventStatus
  registration?: EventRegistrationMode
  capacity?: number | null
  approvalRequired?: boolean
  /** Start; the event lasts `days` days from it. Defaults to ten days from now. */
  startsAt?: Date
  days?: number
  region?: string
  /** People who run it (event_managers). */
  managers?: string[]
}

/**
 * An event written straight into the database, for tests of what comes after its creation (registration,
 * attendance, outcomes, calendar). Published, open to members, 09:00–17:00 Baku time, unless told otherwise.
 */
export async function createEvent(db: Db, options: EventOptions = {}): Promise<{ id: string; slug: string }> {
  const id = newId()
  const now = new Date().toISOString()
  const title = options.title ?? `Test event ${id.slice(-6)}`
  const start = options.startsAt ?? new Date(Date.now() + 10 * 86_400_000)
  start.setUTCHours(5, 0, 0, 0)
  const end = new Date(start.getTime() + ((options.days ?? 1) - 1) * 86_400_000 + 8 * 3_600_000)
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`
  const status = options.status ?? 'published'
  await db
    .insertInto('events')
    .values({
      id,
      slug,
      kind: options.kind ?? 'seminar',
      format: options.format ?? 'on_site',
      status,
      title_az: null,
      title_en: title,
      title_ru: null,
      description_az: null,
      description_en: `About ${title}.`,
      description_ru: null,
      venue: 'Conference hall',
      city: 'Baku',
      region: options.region ?? 'AZ-BA',
      country: 'AZ',
      meeting_url: null,
      starts_at: start.toISOString(),
      ends_at: end.toISOString(),
      time_zone: 'Asia/Baku',
      programme: null,
      network_id: null,
      consortium_id: null,
      registration: options.registration ?? 'members',
      capacity: options.capacity === undefined ? null : options.capacity,
      approval_required: options.approvalRequired ? 1 : 0,
      registration_closes_at: null,
      report_az: null,
      report_en: null,
      report_ru: null,
      outcome_recorded_at: null,
      created_by: options.managers?.[0] ?? null,
      created_at: now,
      updated_at: now,
      published_at: status === 'published' ? now : null,
      cancelled_at: status === 'cancelled' ? now : null,
    })
    .execute()
  for (const personId of options.managers ?? []) {
    await db
      .insertInto('event_managers')
      .values({ event_id: id, person_id: personId, added_at: now })
      .execute()
  }
  // Written past the service, so the visitors' calendar cache is emptied here as the service does.
  forgetCalendar(db)
  return { id, slug }
}
