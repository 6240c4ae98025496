/**
 * Events for the benchmark database: called by generate.ts after projects, or on its own against an existing file
 * (`npm run bench:data -- --scale europe --events-only --db FILE`). Events are spread over four years before "now"
 * and one after it, mostly published (some cancelled, a few drafts), with organisers and supporters from the
 * registry, a manager, speakers and an agenda; registrations come from validated members with where they came
 * from (institution, type, region, country) as the registration service stores it, and statuses as a real event
 * has them (confirmed, a wait list once the places are taken, cancellations, pending approvals).
 */
import { randomBytes } from 'node:crypto'
import type SQLite from 'better-sqlite3'
import { newId } from '../src/db/ids.ts'
import { AUDIENCES, EVENT_KINDS } from '../src/modules/events/schemas.ts'

export const EVENT_SCALES = {
  national: { events: 1_000, registrations: 20_000 },
  europe: { events: 50_000, registrations: 1_000_000 },
} as const

const THEMES = [
  ['eTwinning', 'eTwinning', 'eTwinning'],
  ['STEM teaching', 'STEM tədrisi', 'Преподавание STEM'],
  ['Digital skills', 'Rəqəmsal bacarıqlar', 'Цифровые навыки'],
  ['Inclusive education', 'İnklüziv təhsil', 'Инклюзивное образование'],
  ['VET partnerships', 'Peşə təhsili tərəfdaşlıqları', 'Партнёрства в профобразовании'],
  ['Erasmus+ capacity building', 'Erasmus+ potensialın gücləndirilməsi', 'Erasmus+: развитие потенциала'],
  ['School leadership', 'Məktəb rəhbərliyi', 'Школьное руководство'],
  ['Media literacy', 'Media savadlılığı', 'Медиаграмотность'],
  ['Climate education', 'İqlim təhsili', 'Климатическое образование'],
  ['Quality labels', 'Keyfiyyət nişanları', 'Знаки качества'],
] as const
const FRAMES = {
  seminar: ['Seminar: {t}', 'Seminar: {t}', 'Семинар: {t}'],
  training: ['Training on {t}', '{t} üzrə təlim', 'Тренинг: {t}'],
  conference: ['Regional conference on {t}', '{t} üzrə regional konfrans', 'Региональная конференция: {t}'],
  online_conference: ['Online conference: {t}', 'Onlayn konfrans: {t}', 'Онлайн-конференция: {t}'],
  project_meeting: ['Project meeting: {t}', 'Layihə görüşü: {t}', 'Встреча проекта: {t}'],
  webinar: ['Webinar: {t}', 'Vebinar: {t}', 'Вебинар: {t}'],
} as const
/** How common each kind is: seminars and webinars most, conferences least. */
const KIND_WEIGHTS = [30, 15, 8, 7, 10, 30]
const ROOMS = ['Hall A', 'Hall B', 'Room 101', 'Room 204', 'Library', null]
const SPEAKER_NAMES = ['Aysel', 'Rauf', 'Leyla', 'Tural', 'Nigar', 'Samir', 'Maria', 'Jan', 'Elena', 'Kamran']
const SPEAKER_SURNAMES = ['Əliyeva', 'Məmmədov', 'Kowalska', 'Lopes', 'Berg', 'Hüseynov', 'Rossi', 'Nowak']

export interface EventGenerationOptions {
  events: number
  registrations: number
  seed: number
  /** Milliseconds: "now" of the data. */
  now: number
  progress: (label: string, done: number, total: number) => void
}

const DAY = 86_400_000

export function generateEvents(
  db: SQLite.Database,
  options: EventGenerationOptions,
): { registrations: number } {
  const { now, progress } = options
  // mulberry32, as generate-projects.ts: a full-period 32-bit generator, seeded so that two runs match.
  let state = options.seed >>> 0
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
  const weighted = <T>(list: readonly T[], weights: readonly number[]): T => {
    const total = weights.reduce((a, b) => a + b, 0)
    let r = random() * total
    for (const [i, w] of weights.entries()) {
      r -= w
      if (r < 0) return list[i] as T
    }
    return list[list.length - 1] as T
  }

  // The installation's own institutions organise (AZ); any institution may support.
  const local = db
    .prepare("select id, region, city from institutions where country = 'AZ' and merged_into is null")
    .all() as Array<{ id: string; region: string | null; city: string | null }>
  const anyInstitution = db
    .prepare('select id from institutions where merged_into is null limit 20000')
    .all() as Array<{
    id: string
  }>
  if (local.length === 0)
    throw new Error('no Azerbaijani institutions to organise events: generate them first')
  const institutionOf = new Map<string, { type: string; region: string | null; country: string }>()
  for (const row of db.prepare('select id, type, region, country from institutions').iterate() as Iterable<{
    id: string
    type: string
    region: string | null
    country: string
  }>) {
    institutionOf.set(row.id, { type: row.type, region: row.region, country: row.country })
  }
  // Validated members with their institution: those who register (and a few who run events).
  const members: Array<{ person: string; institution: string }> = []
  for (const row of db
    .prepare(
      `select m.person_id as person, m.institution_id as institution from memberships m
       join people p on p.id = m.person_id where p.validated_at is not null and m.status = 'confirmed'`,
    )
    .iterate() as Iterable<{ person: string; institution: string }>) {
    members.push(row)
  }
  if (members.length === 0) throw new Error('no validated members to register: generate people first')

  const insEvent = db.prepare(
    `insert into events (id, slug, kind, format, status, title_az, title_en, title_ru, description_az, description_en,
       description_ru, venue, city, region, country, meeting_url, starts_at, ends_at, time_zone, audience, programme,
       network_id, consortium_id, registration, capacity, approval_required, registration_closes_at, report_az,
       report_en, report_ru, outcome_recorded_at, created_by, created_at, updated_at, published_at, cancelled_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'AZ', ?, ?, ?, 'Asia/Baku', ?, ?, null, null, ?, ?, ?, null,
       null, null, null, null, ?, ?, ?, ?, ?)`,
  )
  const insPartner = db.prepare(
    'insert or ignore into event_partners (event_id, institution_id, role, position) values (?, ?, ?, ?)',
  )
  const insManager = db.prepare('insert into event_managers (event_id, person_id, added_at) values (?, ?, ?)')
  const insSpeaker = db.prepare(
    `insert into event_speakers (id, event_id, name, affiliation, bio_az, bio_en, bio_ru, person_id, position)
     values (?, ?, ?, ?, null, ?, null, null, ?)`,
  )
  const insSession = db.prepare(
    `insert into event_sessions (id, event_id, starts_at, ends_at, room, title_az, title_en, title_ru, description_az,
       description_en, description_ru) values (?, ?, ?, ?, ?, ?, ?, ?, null, null, null)`,
  )
  const insSessionSpeaker = db.prepare(
    'insert into event_session_speakers (session_id, speaker_id) values (?, ?)',
  )
  const insRegistration = db.prepare(
    `insert into event_registrations (id, event_id, person_id, status, answers, institution_id, institution_type,
       region, country, ticket, registered_at, confirmed_at, cancelled_at, decided_by, reminded_at)
     values (?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, null, ?)`,
  )

  // Registrations go to events with registration on the platform, more to larger ones, and one in ten is popular
  // (asked for by several times its places), so that wait lists exist as they do.
  const open: Array<{
    popular: boolean
    id: string
    capacity: number | null
    start: number
    created: number
    approval: boolean
  }> = []
  const { events } = options
  const span = 5 * 365 * DAY
  const first = now - 4 * 365 * DAY
  db.transaction(() => {
    for (let i = 0; i < events; i++) {
      const id = newId()
      const kind = weighted(EVENT_KINDS, KIND_WEIGHTS)
      const format =
        kind === 'webinar' || kind === 'online_conference'
          ? 'online'
          : weighted(['on_site', 'hybrid'] as const, [5, 1])
      const theme = pick(THEMES)
      const frame = FRAMES[kind]
      const title = frame.map((f, l) => f.replace('{t}', theme[l] ?? theme[1])) as [string, string, string]
      const days = kind === 'conference' ? int(2, 3) : kind === 'training' ? int(1, 5) : 1
      // A start at a whole hour between 09:00 and 15:00 Baku time (UTC+4).
      const day = Math.floor((first + random() * span) / DAY) * DAY
      const start = day + int(5, 11) * 3_600_000
      const end = start + (days - 1) * DAY + int(2, 8) * 3_600_000
      const place = pick(local)
      const status = weighted(['published', 'cancelled', 'draft'] as const, [92, 4, 4])
      const registration = weighted(['members', 'open', 'none'] as const, [6, 3, 1])
      const capacity =
        registration === 'none' || random() < 0.25 ? null : pick([20, 30, 40, 60, 100, 150, 300])
      const approval = registration !== 'none' && random() < 0.15
      const created = Math.min(start - int(20, 90) * DAY, now)
      const manager = pick(members).person
      const audience = [...new Set(Array.from({ length: int(1, 3) }, () => pick(AUDIENCES)))]
      const onSite = format !== 'online'
      insEvent.run(
        id,
        `${title[1]
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/-+$/, '')}-${id.slice(-12)}`,
        kind,
        format,
        status,
        title[0],
        title[1],
        title[2],
        random() < 0.5 ? `${title[0]}: təcrübə mübadiləsi və layihə planlaması.` : null,
        `${title[1]}: sharing practice and planning joint projects with colleagues from other institutions.`,
        random() < 0.3 ? `${title[2]}: обмен опытом и планирование проектов.` : null,
        onSite ? `${pick(ROOMS) ?? 'Main hall'}, conference centre` : null,
        onSite ? (place.city ?? 'Baku') : null,
        onSite ? place.region : null,
        format !== 'on_site' ? `https://meet.example.org/${id.slice(-12)}` : null,
        new Date(start).toISOString(),
        new Date(end).toISOString(),
        JSON.stringify(audience),
        random() < 0.3 ? pick(['etwinning', 'vet', 'erasmus']) : null,
        registration,
        capacity,
        approval ? 1 : 0,
        manager,
        new Date(created).toISOString(),
        new Date(created).toISOString(),
        status === 'draft' ? null : new Date(created).toISOString(),
        status === 'cancelled' ? new Date(Math.min(start - DAY, now)).toISOString() : null,
      )
      insManager.run(id, manager, new Date(created).toISOString())
      insPartner.run(id, place.id, 'organiser', 0)
      for (let s = 0, n = int(0, 2); s < n; s++)
        insPartner.run(id, pick(anyInstitution).id, 'supporter', s + 1)
      const speakers: string[] = []
      for (let s = 0, n = int(0, 3); s < n; s++) {
        const speaker = newId()
        speakers.push(speaker)
        insSpeaker.run(
          speaker,
          id,
          `${pick(SPEAKER_NAMES)} ${pick(SPEAKER_SURNAMES)}`,
          'Trainer',
          'Works with teachers on joint projects.',
          s,
        )
      }
      for (let s = 0, n = int(0, 2 * days); s < n; s++) {
        const session = newId()
        const at = day + (s % days) * DAY + (5 + 2 * Math.floor(s / days)) * 3_600_000
        insSession.run(
          session,
          id,
          new Date(at).toISOString(),
          new Date(at + 90 * 60_000).toISOString(),
          pick(ROOMS),
          `Sessiya ${s + 1}`,
          `Session ${s + 1}: ${theme[1]}`,
          `Сессия ${s + 1}`,
        )
        if (speakers.length > 0) insSessionSpeaker.run(session, pick(speakers))
      }
      if (registration !== 'none' && status !== 'draft')
        open.push({ id, capacity, start, created, approval, popular: random() < 0.1 })
      progress('events', i + 1, events)
    }
  })()

  // Registrations: each event gets a share weighted by its places (30 when unlimited), wait lists where full.
  const weights = open.map((e) => (e.capacity ?? 30) * (e.popular ? 8 : 1))
  const totalWeight = weights.reduce((a, b) => a + b, 0)
  const target = options.registrations
  let written = 0
  const batch = 50_000
  let index = 0
  while (written < target && index < open.length) {
    db.transaction(() => {
      const stop = Math.min(target, written + batch)
      while (written < stop && index < open.length) {
        const event = open[index] as (typeof open)[number]
        const share = Math.max(1, Math.ceil(((weights[index] ?? 30) / totalWeight) * target))
        const count = Math.min(share, stop - written, members.length)
        const chosen = new Set<number>()
        while (chosen.size < count) chosen.add(Math.floor(random() * members.length))
        let confirmed = 0
        for (const m of chosen) {
          const member = members[m] as (typeof members)[number]
          const from = institutionOf.get(member.institution)
          const registeredAt =
            event.created + random() * Math.max(DAY, Math.min(event.start, now) - event.created)
          const full = event.capacity !== null && confirmed >= event.capacity
          const roll = random()
          const status =
            roll < 0.07
              ? 'cancelled'
              : event.approval && roll < 0.15
                ? 'pending'
                : full
                  ? 'waitlisted'
                  : 'confirmed'
          if (status === 'confirmed') confirmed++
          const past = event.start < now
          insRegistration.run(
            newId(),
            event.id,
            member.person,
            status,
            member.institution,
            from?.type ?? null,
            from?.region ?? null,
            from?.country ?? null,
            randomBytes(16).toString('hex'),
            new Date(registeredAt).toISOString(),
            status === 'confirmed' ? new Date(registeredAt).toISOString() : null,
            status === 'cancelled' ? new Date(registeredAt + DAY).toISOString() : null,
            past && status === 'confirmed' ? new Date(event.start - DAY).toISOString() : null,
          )
          written++
        }
        index++
        progress('registrations', Math.min(written, target), target)
      }
    })()
  }
  if (written < target) progress('registrations', target, target)
  return { registrations: written }
}
