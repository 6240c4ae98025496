import { type Static, Type } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'

export const EVENT_KINDS = [
  'seminar',
  'training',
  'conference',
  'online_conference',
  'project_meeting',
  'webinar',
] as const
export const EVENT_FORMATS = ['on_site', 'online', 'hybrid'] as const
export const REGISTRATION_MODES = ['open', 'members', 'none'] as const
/** Whom an event is for; stored as a JSON array of these codes (events.audience). */
export const AUDIENCES = [
  'teachers',
  'school_leaders',
  'vet_staff',
  'lecturers',
  'rectors',
  'students',
  'policy_makers',
] as const
/** An event lasts at most this many days: the month view reads events starting up to this long before it. */
export const MAX_EVENT_DAYS = 31

export const CALENDAR_PAGE_SIZE = 20
export const CALENDAR_MAX_PAGE = 100

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,159}$' })
export const SlugParams = Type.Object({ slug: Slug })
export const SlugIdParams = Type.Object({ slug: Slug, id: Type.String({ pattern: ID_PATTERN }) })

// Column lengths (0016_events): titles are varchar(200); long texts are bounded so that a page stays readable.
const Title = Type.String({ maxLength: 200 })
const LongText = Type.String({ maxLength: 10_000 })
const CalendarDate = Type.String({ format: 'date' })
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })
const Region = Type.String({ pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$' })

/** The calendar's filters: the same for the page, the iCal feed and the API. */
export const CalendarQuery = Type.Object({
  kind: Type.Optional(Type.Enum(EVENT_KINDS, { description: 'Kind of event' })),
  format: Type.Optional(Type.Enum(EVENT_FORMATS, { description: 'On site, online or hybrid' })),
  region: Type.Optional(Type.String({ pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$', description: 'ISO 3166-2' })),
  audience: Type.Optional(Type.Enum(AUDIENCES, { description: 'Whom the event is for' })),
  when: Type.Optional(
    Type.Enum(['upcoming', 'past'], {
      description:
        'upcoming (default): events not yet over, soonest first; past: events that have ended, latest first',
    }),
  ),
  from: Type.Optional(
    Type.String({ format: 'date', description: 'Upcoming events only: those ending on or after this day' }),
  ),
  view: Type.Optional(Type.Enum(['list', 'month'], { description: 'list (default) or month' })),
  month: Type.Optional(
    Type.String({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$', description: 'The month view shows this month' }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: CALENDAR_MAX_PAGE })),
})
export type CalendarParams = Static<typeof CalendarQuery>
/** The API's filters: the page's own view and month are not part of it. */
export const CalendarApiQuery = Type.Omit(CalendarQuery, ['view', 'month'])

/** The event form (create and edit): texts per language, where and when, whom for, and how one registers. */
export const EventBody = Type.Object({
  kind: Type.Enum(EVENT_KINDS),
  format: Type.Enum(EVENT_FORMATS),
  title_az: Type.Optional(Title),
  title_en: Type.Optional(Title),
  title_ru: Type.Optional(Title),
  description_az: Type.Optional(LongText),
  description_en: Type.Optional(LongText),
  description_ru: Type.Optional(LongText),
  venue: Type.Optional(Type.String({ maxLength: 300 })),
  city: Type.Optional(Type.String({ maxLength: 120 })),
  region: Type.Optional(Region),
  // http(s) only: the 'uri' format alone accepts javascript: addresses, which the page would turn into a link.
  meeting_url: Type.Optional(Type.String({ maxLength: 500, format: 'uri', pattern: '^https?://' })),
  start_date: CalendarDate,
  start_time: ClockTime,
  end_date: CalendarDate,
  end_time: ClockTime,
  time_zone: Type.String({ minLength: 1, maxLength: 64 }),
  audience: Type.Optional(Type.Array(Type.Enum(AUDIENCES), { maxItems: AUDIENCES.length })),
  programme: Type.Optional(Type.String({ maxLength: 64, pattern: '^[a-z0-9-]+$' })),
  registration: Type.Enum(REGISTRATION_MODES),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  approval_required: Type.Optional(Type.Enum(['1'])),
  registration_closes_date: Type.Optional(CalendarDate),
})
export type EventInput = Static<typeof EventBody>

export const SessionBody = Type.Object({
  date: CalendarDate,
  start_time: ClockTime,
  end_time: ClockTime,
  room: Type.Optional(Type.String({ maxLength: 120 })),
  title_az: Type.Optional(Title),
  title_en: Type.Optional(Title),
  title_ru: Type.Optional(Title),
  description_az: Type.Optional(Type.String({ maxLength: 2000 })),
  description_en: Type.Optional(Type.String({ maxLength: 2000 })),
  description_ru: Type.Optional(Type.String({ maxLength: 2000 })),
  speakers: Type.Optional(Type.Array(Type.String({ pattern: ID_PATTERN }), { maxItems: 30 })),
})
export type SessionInput = Static<typeof SessionBody>

export const SpeakerBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  affiliation: Type.Optional(Type.String({ maxLength: 300 })),
  bio_az: Type.Optional(Type.String({ maxLength: 2000 })),
  bio_en: Type.Optional(Type.String({ maxLength: 2000 })),
  bio_ru: Type.Optional(Type.String({ maxLength: 2000 })),
})
export type SpeakerInput = Static<typeof SpeakerBody>

export const PartnerBody = Type.Object({
  institution: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.Enum(['organiser', 'supporter']),
})
export type PartnerInput = Static<typeof PartnerBody>

export const ManagerBody = Type.Object({ email: Type.String({ format: 'email', maxLength: 254 }) })

export const FileBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Type.Enum(['material', 'photo']),
  session_id: Type.Optional(Type.String({ pattern: ID_PATTERN })),
})

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()])
const Localised = Type.Object({
  az: Nullable(Type.String()),
  en: Nullable(Type.String()),
  ru: Nullable(Type.String()),
})

/** An event as the calendar lists it. */
export const EventCard = Type.Object({
  slug: Type.String(),
  url: Type.String(),
  title: Type.String(),
  /** The language the title is in (the reader's, or the first one the organisers wrote it in). */
  lang: Type.String(),
  kind: Type.Enum(EVENT_KINDS),
  format: Type.Enum(EVENT_FORMATS),
  status: Type.Enum(['draft', 'published', 'cancelled'], {
    description: "The calendar lists published events; drafts appear only in their organisers' own list",
  }),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  city: Nullable(Type.String()),
  region: Nullable(Type.String()),
  country: Type.String(),
  audience: Type.Array(Type.String()),
})
export type EventCardData = Static<typeof EventCard>

export const CalendarResponse = Type.Object({
  hasMore: Type.Boolean({ description: 'Whether the next page has events (no total is counted)' }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  results: Type.Array(EventCard),
})

const PartnerView = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  country: Type.String(),
  logoUrl: Nullable(Type.String()),
})

/** An event's public description: what the page shows and the API returns. */
export const EventView = Type.Object({
  slug: Type.String(),
  url: Type.String(),
  kind: Type.Enum(EVENT_KINDS),
  format: Type.Enum(EVENT_FORMATS),
  status: Type.Enum(['draft', 'published', 'cancelled']),
  title: Localised,
  description: Localised,
  venue: Nullable(Type.String()),
  city: Nullable(Type.String()),
  region: Nullable(Type.String()),
  country: Type.String(),
  meetingUrl: Nullable(
    Type.String({
      description: 'Only for confirmed participants and the organisers; null for everyone else',
    }),
  ),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  timeZone: Type.String(),
  audience: Type.Array(Type.String()),
  programme: Nullable(Type.String()),
  registration: Type.Enum(REGISTRATION_MODES),
  capacity: Nullable(Type.Integer()),
  approvalRequired: Type.Boolean(),
  registrationClosesAt: Nullable(Type.String({ format: 'date-time' })),
  organisers: Type.Array(PartnerView),
  supporters: Type.Array(PartnerView),
  speakers: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      affiliation: Nullable(Type.String()),
      bio: Localised,
      personId: Nullable(Type.String()),
    }),
  ),
  sessions: Type.Array(
    Type.Object({
      id: Type.String(),
      startsAt: Type.String({ format: 'date-time' }),
      endsAt: Type.String({ format: 'date-time' }),
      room: Nullable(Type.String()),
      title: Localised,
      description: Localised,
      speakers: Type.Array(Type.String({ description: 'Speaker ids' })),
      files: Type.Array(Type.String({ description: 'File ids' })),
    }),
  ),
  files: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.Enum(['material', 'photo']),
      title: Type.String(),
      mediaType: Type.String(),
      size: Type.Integer(),
      sessionId: Nullable(Type.String()),
      url: Type.String(),
    }),
  ),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  cancelledAt: Nullable(Type.String({ format: 'date-time' })),
})
export type EventViewData = Static<typeof EventView>
