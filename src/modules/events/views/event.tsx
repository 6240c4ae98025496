import type { VNode } from 'preact'
import { formatNumber } from '../../../platform/i18n.ts'
import { CsrfField, Notice } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { jsonForScript } from '../../institutions/views/page.tsx'
import { daysOf, utcToZoned } from '../calendar.ts'
import type { PanelSlot } from '../panels.ts'
import type { EventViewData } from '../schemas.ts'
import { type EventPageData, inLanguage } from '../service.ts'
import { dateRange, dayHeading, placeOf, timeRange } from './shared.tsx'

const ATTENDANCE_MODE = {
  on_site: 'https://schema.org/OfflineEventAttendanceMode',
  online: 'https://schema.org/OnlineEventAttendanceMode',
  hybrid: 'https://schema.org/MixedEventAttendanceMode',
} as const

/** schema.org Event: what search engines and event aggregators read from the page. */
function structuredData(
  event: EventViewData,
  baseUrl: string,
  name: string,
  description: string | undefined,
) {
  const url = `${baseUrl}${event.url}`
  const place = {
    '@type': 'Place',
    name: event.venue ?? event.city ?? undefined,
    address: {
      '@type': 'PostalAddress',
      ...(event.city ? { addressLocality: event.city } : {}),
      ...(event.region ? { addressRegion: event.region } : {}),
      addressCountry: event.country,
    },
  }
  const virtual = { '@type': 'VirtualLocation', url }
  const organisation = (p: EventViewData['organisers'][number]) => ({
    '@type': 'Organization',
    name: p.name,
    url: `${baseUrl}/institutions/${p.slug}`,
    ...(p.logoUrl ? { logo: `${baseUrl}${p.logoUrl}` } : {}),
  })
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': url,
    url,
    name,
    ...(description ? { description } : {}),
    startDate: event.startsAt,
    endDate: event.endsAt,
    eventStatus:
      event.status === 'cancelled'
        ? 'https://schema.org/EventCancelled'
        : 'https://schema.org/EventScheduled',
    eventAttendanceMode: ATTENDANCE_MODE[event.format],
    location: event.format === 'online' ? virtual : event.format === 'hybrid' ? [place, virtual] : place,
    ...(event.organisers.length > 0 ? { organizer: event.organisers.map(organisation) } : {}),
    ...(event.supporters.length > 0 ? { sponsor: event.supporters.map(organisation) } : {}),
    ...(event.speakers.length > 0
      ? {
          performer: event.speakers.map((s) => ({
            '@type': 'Person',
            name: s.name,
            ...(s.affiliation ? { affiliation: s.affiliation } : {}),
          })),
        }
      : {}),
    ...(event.audience.length > 0
      ? { audience: event.audience.map((a) => ({ '@type': 'Audience', audienceType: a })) }
      : {}),
    ...(event.capacity !== null ? { maximumAttendeeCapacity: event.capacity } : {}),
    inLanguage: (['az', 'en', 'ru'] as const).filter((l) => event.title[l]),
  }
}

/** Plain text as paragraphs (blank lines separate them); JSX escapes it. */
export function Paragraphs(props: { text: string; lang?: string }) {
  return (
    <>
      {props.text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p lang={props.lang}>{p}</p>
        ))}
    </>
  )
}

/** "Add to my calendar": the event's .ics file (any calendar application) and Google Calendar's own form. */
function AddToCalendar(props: { ctx: ViewContext; event: EventViewData; title: string; baseUrl: string }) {
  const { t } = props.ctx
  const { event } = props
  const compact = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  const google = new URL('https://calendar.google.com/calendar/render')
  google.searchParams.set('action', 'TEMPLATE')
  google.searchParams.set('text', props.title)
  google.searchParams.set('dates', `${compact(event.startsAt)}/${compact(event.endsAt)}`)
  google.searchParams.set('details', `${props.baseUrl}${event.url}`)
  const where = [event.venue, event.city].filter(Boolean).join(', ')
  if (where) google.searchParams.set('location', where)
  return (
    <section aria-labelledby="add-to-calendar">
      <h2 id="add-to-calendar">{t('events.add_to_calendar')}</h2>
      <ul class="plain-links">
        <li>
          <a href={`${event.url}/event.ics`} download>
            {t('events.download_ics')}
          </a>
        </li>
        <li>
          <a href={google.toString()} rel="noopener noreferrer" target="_blank">
            {t('events.google_calendar')}
          </a>
        </li>
      </ul>
    </section>
  )
}

function Partners(props: { ctx: ViewContext; title: string; list: EventViewData['organisers']; id: string }) {
  if (props.list.length === 0) return null
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <ul class="plain-links event-partners">
        {props.list.map((p) => (
          <li>
            <a href={`/institutions/${p.slug}`}>
              {p.logoUrl && <img class="institution-logo" src={p.logoUrl} alt="" />}
              {p.name}
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** The agenda day by day, in the event's time zone; each session with its speakers and materials. */
export function Agenda(props: {
  ctx: ViewContext
  event: EventViewData
  actions?: (sessionId: string) => VNode
}) {
  const { ctx, event } = props
  const { t, locale } = ctx
  if (event.sessions.length === 0) return null
  const speakers = new Map(event.speakers.map((s) => [s.id, s]))
  const files = new Map(event.files.map((f) => [f.id, f]))
  const days = daysOf(event.startsAt, event.endsAt, event.timeZone)
  return (
    <section aria-labelledby="agenda">
      <h2 id="agenda">{t('events.agenda')}</h2>
      {days.map((day, index) => {
        const sessions = event.sessions.filter((s) => utcToZoned(s.startsAt, event.timeZone).date === day)
        if (sessions.length === 0) return null
        return (
          <>
            <h3>
              {days.length > 1 ? `${t('events.day_n', { n: index + 1 })} · ` : ''}
              {dayHeading(locale, day)}
            </h3>
            <table class="table agenda">
              <thead>
                <tr>
                  <th scope="col">{t('events.session_time')}</th>
                  <th scope="col">{t('events.session_title')}</th>
                  <th scope="col">{t('events.session_room')}</th>
                  {props.actions && (
                    <th scope="col">
                      <span class="visually-hidden">{t('events.actions')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {sessions.map((s) => {
                  const title = inLanguage(s.title, locale)
                  const description = inLanguage(s.description, locale)
                  const names = s.speakers.map((id) => speakers.get(id)?.name).filter(Boolean)
                  const materials = s.files.map((id) => files.get(id)).filter((f) => f !== undefined)
                  return (
                    <tr>
                      <td>{timeRange(locale, s.startsAt, s.endsAt, event.timeZone)}</td>
                      <td>
                        <strong lang={title?.lang}>{title?.text}</strong>
                        {description && <p lang={description.lang}>{description.text}</p>}
                        {names.length > 0 && (
                          <p>
                            {t('events.speakers')}: {names.join(', ')}
                          </p>
                        )}
                        {materials.length > 0 && (
                          <ul class="plain-links">
                            {materials.map((f) => (
                              <li>
                                <a href={f.url}>{f.title}</a>
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>{s.room ?? ''}</td>
                      {props.actions && <td>{props.actions(s.id)}</td>}
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </>
        )
      })}
    </section>
  )
}

/** The organisers' controls on the public page: edit, agenda and files, publish or cancel. */
function OrganiserTools(props: { ctx: ViewContext; data: EventPageData }) {
  const { t } = props.ctx
  const { event } = props.data
  return (
    <section class="organiser-tools" aria-labelledby="organiser-tools">
      <h2 id="organiser-tools">{t('events.organiser_tools')}</h2>
      <ul class="plain-links">
        {event.status !== 'cancelled' && (
          <li>
            <a href={`${event.url}/edit`}>{t('events.edit')}</a>
          </li>
        )}
        <li>
          <a href={`${event.url}/agenda`}>{t('events.manage_agenda')}</a>
        </li>
        <li>
          <a href={`${event.url}/files`}>{t('events.manage_files')}</a>
        </li>
      </ul>
      {event.status === 'draft' && (
        <form method="post" action={`${event.url}/publish`} class="inline-form">
          <CsrfField ctx={props.ctx} />
          <button type="submit" class="button">
            {t('events.publish')}
          </button>
        </form>
      )}
      {event.status === 'published' && (
        <form method="post" action={`${event.url}/cancel`} class="inline-form">
          <CsrfField ctx={props.ctx} />
          <button type="submit" class="button button-warning">
            {t('events.cancel')}
          </button>
        </form>
      )}
    </section>
  )
}

export const EVENT_NOTICES = ['created', 'saved', 'published', 'cancelled'] as const
export type EventNotice = (typeof EVENT_NOTICES)[number]

export function EventPageView(props: {
  ctx: ViewContext
  data: EventPageData
  baseUrl: string
  /** Drawn by the registration and attendance parts (see panels.ts). */
  panels: Record<PanelSlot, VNode[]>
  notice?: EventNotice
}) {
  const { ctx, data } = props
  const { event } = data
  const { t, locale } = ctx
  const title = inLanguage(event.title, locale)
  const description = inLanguage(event.description, locale)
  const name = title?.text ?? ''
  const facts: Array<[string, string | VNode]> = [
    [t('events.when'), dateRange(locale, event.startsAt, event.endsAt, event.timeZone)],
    [
      t('events.time'),
      `${timeRange(locale, event.startsAt, event.endsAt, event.timeZone)} (${event.timeZone})`,
    ],
    [t('events.kind_label'), t(`events.kind.${event.kind}`)],
    [t('events.format_label'), t(`events.format.${event.format}`)],
  ]
  if (event.format !== 'online') {
    facts.push([
      t('events.where'),
      [event.venue, placeOf(ctx, { ...event, format: 'on_site' })].filter(Boolean).join(', '),
    ])
  }
  if (event.audience.length > 0) {
    facts.push([t('events.audience_label'), event.audience.map((a) => t(`events.audience.${a}`)).join(', ')])
  }
  facts.push([
    t('events.registration_label'),
    [
      t(`events.registration.${event.registration}`),
      event.capacity !== null
        ? t('events.places', { count: event.capacity, n: formatNumber(locale, event.capacity) })
        : '',
      event.approvalRequired ? t('events.approval_required') : '',
    ]
      .filter(Boolean)
      .join(' · '),
  ])
  if (event.meetingUrl && event.format !== 'on_site') {
    facts.push([
      t('events.meeting_link'),
      <a href={event.meetingUrl} rel="noopener noreferrer">
        {event.meetingUrl}
      </a>,
    ])
  }
  const photos = event.files.filter((f) => f.kind === 'photo')
  const materials = event.files.filter((f) => f.kind === 'material' && f.sessionId === null)
  return (
    <article class="event-page">
      {event.status !== 'draft' && (
        <script
          type="application/ld+json"
          // A JSON data block, never run as script (so the CSP allows it); jsonForScript escapes it for HTML.
          dangerouslySetInnerHTML={{
            __html: jsonForScript(structuredData(event, props.baseUrl, name, description?.text)),
          }}
        />
      )}
      <p class="breadcrumbs">
        <a href="/events">{t('events.calendar')}</a>
      </p>
      <h1 lang={title?.lang}>{name}</h1>
      {props.notice && <Notice kind="success">{t(`events.done.${props.notice}`)}</Notice>}
      {event.status === 'draft' && <Notice>{t('events.draft_notice')}</Notice>}
      {event.status === 'cancelled' && (
        <p class="badge badge-pending" role="status">
          {t('events.cancelled_notice')}
        </p>
      )}
      <dl class="summary-list facts">
        {facts.map(([term, value]) => (
          <div>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {props.panels.registration}
      {event.status !== 'draft' && (
        <AddToCalendar ctx={ctx} event={event} title={name} baseUrl={props.baseUrl} />
      )}
      {description && (
        <section aria-labelledby="about-event">
          <h2 id="about-event">{t('events.about')}</h2>
          <Paragraphs text={description.text} lang={description.lang} />
        </section>
      )}
      {props.panels.outcome}
      <Agenda ctx={ctx} event={event} />
      {event.speakers.length > 0 && (
        <section aria-labelledby="speakers">
          <h2 id="speakers">{t('events.speakers')}</h2>
          <ul class="results">
            {event.speakers.map((s) => {
              const bio = inLanguage(s.bio, locale)
              return (
                <li class="card">
                  <h3>{s.name}</h3>
                  {s.affiliation && <p>{s.affiliation}</p>}
                  {bio && <p lang={bio.lang}>{bio.text}</p>}
                </li>
              )
            })}
          </ul>
        </section>
      )}
      <Partners ctx={ctx} title={t('events.organisers')} list={event.organisers} id="organisers" />
      <Partners ctx={ctx} title={t('events.supporters')} list={event.supporters} id="supporters" />
      {materials.length > 0 && (
        <section aria-labelledby="materials">
          <h2 id="materials">{t('events.materials')}</h2>
          <ul>
            {materials.map((f) => (
              <li>
                <a href={f.url}>{f.title}</a> ({formatNumber(locale, Math.ceil(f.size / 1024))} KB)
              </li>
            ))}
          </ul>
        </section>
      )}
      {photos.length > 0 && (
        <section aria-labelledby="photos">
          <h2 id="photos">{t('events.photos')}</h2>
          <ul class="plain-links event-photos">
            {photos.map((f) => (
              <li>
                <a href={f.url}>
                  <img src={f.url} alt={f.title} loading="lazy" width={240} />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.abilities.edit && <OrganiserTools ctx={ctx} data={data} />}
      {props.panels.organiser}
    </article>
  )
}
