import type { Queryable } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import type {
  EventFormat,
  EventKind,
  EventRegistrationMode,
  EventStatus,
  InstitutionType,
} from '../db/schema.ts'
import { addDays, utcToZoned, zonedToUtc } from '../modules/events/calendar.ts'
import { nameKey, slugify } from '../modules/institutions/normalise.ts'
import { reindexInstitution } from '../modules/partners/service.ts'

/**
 * Demo events that tell the field's stories: a three-day regional conference in Ganja that has taken place (its
 * agenda, speakers, the ministry organising and the EU and UNDP supporting), a VET networking seminar in Baku open
 * for registration, an online conference of a university alliance, and a webinar still in draft. Dates are set
 * relative to the day the demo is loaded, so that "past" and "upcoming" stay true on a fresh start.
 *
 * Registration and attendance demo data (participants, the wait list, check-ins, the outcome) build on these:
 * `DEMO_EVENT_SLUGS` names them, and `seedEvents` returns their ids.
 */
export const DEMO_EVENT_SLUGS = {
  regionalConference: 'ganja-regional-conference-of-etwinning-teachers',
  vetSeminar: 'vet-networking-seminar-in-baku',
  onlineConference: 'online-conference-of-the-caucasus-university-alliance',
  draftWebinar: 'webinar-on-safe-internet-for-pupils',
} as const
export type DemoEventKey = keyof typeof DEMO_EVENT_SLUGS

/** Supporters that are not schools or universities; real public names, as the registry may carry. */
const SUPPORTERS: Array<{
  name: string
  type: InstitutionType
  country: string
  city: string
  region: string
}> = [
  {
    name: 'Delegation of the European Union to Azerbaijan',
    type: 'other',
    country: 'AZ',
    city: 'Baku',
    region: 'AZ-BA',
  },
  { name: 'UNDP in Azerbaijan', type: 'other', country: 'AZ', city: 'Baku', region: 'AZ-BA' },
]

const MINISTRY = 'Ministry of Science and Education of the Republic of Azerbaijan'
const ZONE = 'Asia/Baku'

type Texts = [az: string, en: string, ru: string]

interface DemoSession {
  day: number
  start: string
  end: string
  room?: string
  title: Texts
  speakers?: number[]
}

interface DemoEvent {
  key: DemoEventKey
  kind: EventKind
  format: EventFormat
  status: EventStatus
  title: Texts
  description: Texts
  venue?: string
  city?: string
  region?: string
  meetingUrl?: string
  /** Days from the load day (in Baku) to the first day, and how many days it lasts. */
  startsIn: number
  days: number
  hours: [start: string, end: string]
  audience: string[]
  programme?: string
  registration: EventRegistrationMode
  capacity?: number
  approvalRequired?: boolean
  organisers: string[]
  supporters?: string[]
  speakers?: Array<{ name: string; affiliation: string; bio: Texts }>
  sessions?: DemoSession[]
}

const EVENTS: DemoEvent[] = [
  {
    key: 'regionalConference',
    kind: 'conference',
    format: 'on_site',
    status: 'published',
    title: [
      'eTwinning müəllimlərinin Gəncə regional konfransı',
      'Ganja regional conference of eTwinning teachers',
      'Гянджинская региональная конференция учителей eTwinning',
    ],
    description: [
      'Üç gün ərzində ölkənin müxtəlif regionlarından olan müəllimlər eTwinning platformasında ortaq layihələr planlaşdırır, seminarlarda təcrübə bölüşür və tərəfdaş tapırlar.\n\nKonfransın sonunda hər komanda öz layihəsini təqdim edir.',
      'For three days, teachers from the regions of the country plan joint eTwinning projects, share practice in workshops and find partners.\n\nOn the last day every team presents the project it founded.',
      'Три дня учителя из разных регионов страны планируют совместные проекты eTwinning, обмениваются опытом на семинарах и находят партнёров.\n\nВ последний день каждая команда представляет свой проект.',
    ],
    venue: 'Ganja State University, conference hall',
    city: 'Ganja',
    region: 'AZ-GA',
    startsIn: -75,
    days: 3,
    hours: ['09:30', '17:30'],
    audience: ['teachers', 'school_leaders'],
    programme: 'etwinning',
    registration: 'members',
    capacity: 60,
    organisers: [MINISTRY, 'Ganja State University'],
    supporters: ['Delegation of the European Union to Azerbaijan'],
    speakers: [
      {
        name: 'Ülviyyə Əhmədova',
        affiliation: 'National eTwinning support service',
        bio: [
          'Milli eTwinning dəstək xidmətinin pedaqoji məsləhətçisi.',
          'Pedagogical adviser of the national eTwinning support service.',
          'Педагогический консультант национальной службы поддержки eTwinning.',
        ],
      },
      {
        name: 'Samir Əliyev',
        affiliation: 'Ganja City Lyceum No. 3',
        bio: [
          'İnformatika müəllimi, eTwinning milli keyfiyyət nişanı laureatı.',
          'Informatics teacher, holder of a national eTwinning quality label.',
          'Учитель информатики, обладатель национального знака качества eTwinning.',
        ],
      },
      {
        name: 'Maria Lopes',
        affiliation: 'eTwinning ambassador, Portugal',
        bio: [
          'Portuqaliyadan eTwinning səfiri, beynəlxalq layihələr üzrə təlimçi.',
          'eTwinning ambassador from Portugal and trainer for international projects.',
          'Посол eTwinning из Португалии, тренер по международным проектам.',
        ],
      },
    ],
    sessions: [
      {
        day: 1,
        start: '09:30',
        end: '10:30',
        room: 'Conference hall',
        title: [
          'Açılış və eTwinning-in 10 ili',
          'Opening and ten years of eTwinning',
          'Открытие и десять лет eTwinning',
        ],
        speakers: [0],
      },
      {
        day: 1,
        start: '11:00',
        end: '13:00',
        room: 'Room 204',
        title: ['Layihə ideyasından plana', 'From a project idea to a plan', 'От идеи проекта к плану'],
        speakers: [1],
      },
      {
        day: 1,
        start: '14:30',
        end: '17:30',
        room: 'Room 204',
        title: [
          'Tərəfdaş tapmaq: praktiki seminar',
          'Finding partners: a workshop',
          'Поиск партнёров: практикум',
        ],
      },
      {
        day: 2,
        start: '09:30',
        end: '12:30',
        room: 'Room 110',
        title: [
          'Beynəlxalq layihələrdən dərslər',
          'Lessons from international projects',
          'Уроки международных проектов',
        ],
        speakers: [2],
      },
      {
        day: 2,
        start: '14:00',
        end: '17:30',
        room: 'Room 110',
        title: [
          'Komandalarda layihə planlaması',
          'Planning projects in teams',
          'Планирование проектов в командах',
        ],
        speakers: [0, 1],
      },
      {
        day: 3,
        start: '09:30',
        end: '12:30',
        room: 'Conference hall',
        title: ['Layihələrin təqdimatı', 'Teams present their projects', 'Презентация проектов'],
      },
      {
        day: 3,
        start: '13:30',
        end: '14:30',
        room: 'Conference hall',
        title: ['Yekun və sertifikatlar', 'Closing and certificates', 'Закрытие и сертификаты'],
        speakers: [0],
      },
    ],
  },
  {
    key: 'vetSeminar',
    kind: 'seminar',
    format: 'on_site',
    status: 'published',
    title: [
      'Bakıda peşə təhsili üzrə şəbəkələşmə seminarı',
      'VET networking seminar in Baku',
      'Семинар по сетевому взаимодействию в профобразовании в Баку',
    ],
    description: [
      'Peşə təhsili mərkəzlərinin müəllimləri və rəhbərləri Avropa İttifaqı və UNDP-nin dəstəyi ilə ortaq layihələr və tələbə mübadiləsi imkanlarını müzakirə edir.',
      'Teachers and heads of VET centres meet to discuss joint projects and learner exchanges, with the support of the European Union and UNDP.',
      'Преподаватели и руководители центров профобразования обсуждают совместные проекты и обмен учащимися при поддержке Европейского союза и ПРООН.',
    ],
    venue: 'Baku State Vocational Education Centre for Industry and Innovation',
    city: 'Baku',
    region: 'AZ-BA',
    startsIn: 21,
    days: 1,
    hours: ['10:00', '16:30'],
    audience: ['vet_staff', 'school_leaders'],
    programme: 'vet',
    registration: 'open',
    capacity: 40,
    organisers: [MINISTRY, 'Baku State Vocational Education Centre for Industry and Innovation'],
    supporters: ['Delegation of the European Union to Azerbaijan', 'UNDP in Azerbaijan'],
    speakers: [
      {
        name: 'Cavid Məmmədov',
        affiliation: 'Baku State Vocational Education Centre for Industry and Innovation',
        bio: [
          'Mərkəzin beynəlxalq əlaqələr üzrə koordinatoru.',
          "The centre's international relations coordinator.",
          'Координатор центра по международным связям.',
        ],
      },
      {
        name: 'Anna Berg',
        affiliation: 'VET expert, EU-funded technical assistance',
        bio: [
          'Aİ tərəfindən maliyyələşdirilən layihədə peşə təhsili eksperti.',
          'VET expert of an EU-funded technical assistance project.',
          'Эксперт по профобразованию в проекте технической помощи, финансируемом ЕС.',
        ],
      },
    ],
    sessions: [
      {
        day: 1,
        start: '10:00',
        end: '10:45',
        title: ['Açılış', 'Opening', 'Открытие'],
        speakers: [0],
      },
      {
        day: 1,
        start: '11:00',
        end: '12:30',
        title: [
          'Avropada peşə təhsili şəbəkələri',
          'VET networks in Europe',
          'Сети профобразования в Европе',
        ],
        speakers: [1],
      },
      {
        day: 1,
        start: '13:30',
        end: '16:30',
        title: ['Tərəfdaşlıq görüşləri', 'Partner-finding meetings', 'Встречи по поиску партнёров'],
      },
    ],
  },
  {
    key: 'onlineConference',
    kind: 'online_conference',
    format: 'online',
    status: 'published',
    title: [
      'Qafqaz universitetlər alyansının onlayn konfransı',
      'Online conference of the Caucasus university alliance',
      'Онлайн-конференция Кавказского альянса университетов',
    ],
    description: [
      'Alyansın 27 ölkədən olan üzv universitetləri birgə virtual magistr proqramları və tələbə mobilliyi haqqında danışır.',
      "The alliance's member universities from 27 countries discuss joint virtual master's programmes and student mobility.",
      'Университеты альянса из 27 стран обсуждают совместные виртуальные магистерские программы и мобильность студентов.',
    ],
    meetingUrl: 'https://meet.example.org/caucasus-alliance-2026',
    startsIn: 45,
    days: 2,
    hours: ['11:00', '15:00'],
    audience: ['rectors', 'lecturers'],
    registration: 'members',
    organisers: ['Ganja State University'],
    sessions: [
      {
        day: 1,
        start: '11:00',
        end: '13:00',
        title: ['Birgə virtual proqramlar', 'Joint virtual programmes', 'Совместные виртуальные программы'],
      },
      {
        day: 2,
        start: '11:00',
        end: '15:00',
        title: ['Mobillik və tanınma', 'Mobility and recognition', 'Мобильность и признание'],
      },
    ],
  },
  {
    key: 'draftWebinar',
    kind: 'webinar',
    format: 'online',
    status: 'draft',
    title: [
      'Şagirdlər üçün təhlükəsiz internet vebinarı',
      'Webinar on safe internet for pupils',
      'Вебинар о безопасном интернете для учеников',
    ],
    description: [
      'Müəllimlər üçün qısa vebinar: dərsdə təhlükəsiz internet mövzusu.',
      'A short webinar for teachers: teaching safe internet use in class.',
      'Короткий вебинар для учителей: безопасный интернет на уроке.',
    ],
    startsIn: 60,
    days: 1,
    hours: ['16:00', '17:00'],
    audience: ['teachers'],
    registration: 'open',
    capacity: 200,
    organisers: [MINISTRY],
  },
]

/**
 * Writes the demo events (and the supporters they name) and returns each event's id and slug. Organisers and
 * supporters are looked up by name in the registry the demo loaded before; the coordinator runs every event.
 */
export async function seedEvents(
  db: Queryable,
  coordinatorId: string | undefined,
  today = new Date(),
): Promise<Record<DemoEventKey, { id: string; slug: string }>> {
  const now = today.toISOString()
  for (const s of SUPPORTERS) {
    const id = newId()
    await db
      .insertInto('institutions')
      .values({
        id,
        slug: slugify(s.name),
        name: s.name,
        name_key: nameKey(s.name),
        type: s.type,
        country: s.country,
        region: s.region,
        city: s.city,
        website: null,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await reindexInstitution(db, id)
  }
  const institutions = new Map(
    (await db.selectFrom('institutions').select(['id', 'name']).execute()).map((i) => [i.name, i.id]),
  )
  const institution = (name: string) => {
    const id = institutions.get(name)
    if (!id) throw new Error(`demo events: no institution named "${name}"`)
    return id
  }
  const firstDay = utcToZoned(now, ZONE).date
  const result = {} as Record<DemoEventKey, { id: string; slug: string }>
  for (const e of EVENTS) {
    const id = newId()
    const slug = DEMO_EVENT_SLUGS[e.key]
    const start = addDays(firstDay, e.startsIn)
    const startsAt = zonedToUtc(start, e.hours[0], ZONE).toISOString()
    const endsAt = zonedToUtc(addDays(start, e.days - 1), e.hours[1], ZONE).toISOString()
    // Created (and published) a few weeks before the event, as organisers do.
    const createdAt = new Date(
      Math.min(Date.parse(startsAt) - 40 * 86_400_000, today.getTime()),
    ).toISOString()
    await db
      .insertInto('events')
      .values({
        id,
        slug,
        kind: e.kind,
        format: e.format,
        status: e.status,
        title_az: e.title[0],
        title_en: e.title[1],
        title_ru: e.title[2],
        description_az: e.description[0],
        description_en: e.description[1],
        description_ru: e.description[2],
        venue: e.venue ?? null,
        city: e.city ?? null,
        region: e.region ?? null,
        country: 'AZ',
        meeting_url: e.meetingUrl ?? null,
        starts_at: startsAt,
        ends_at: endsAt,
        time_zone: ZONE,
        audience: JSON.stringify(e.audience),
        programme: e.programme ?? null,
        network_id: null,
        consortium_id: null,
        registration: e.registration,
        capacity: e.capacity ?? null,
        approval_required: e.approvalRequired ? 1 : 0,
        registration_closes_at: null,
        report_az: null,
        report_en: null,
        report_ru: null,
        outcome_recorded_at: null,
        created_by: coordinatorId ?? null,
        created_at: createdAt,
        updated_at: createdAt,
        published_at: e.status === 'published' ? createdAt : null,
        cancelled_at: null,
      })
      .execute()
    if (coordinatorId) {
      await db
        .insertInto('event_managers')
        .values({ event_id: id, person_id: coordinatorId, added_at: createdAt })
        .execute()
    }
    let position = 0
    for (const [role, names] of [
      ['organiser', e.organisers],
      ['supporter', e.supporters ?? []],
    ] as const) {
      for (const name of names) {
        await db
          .insertInto('event_partners')
          .values({ event_id: id, institution_id: institution(name), role, position: position++ })
          .execute()
      }
    }
    const speakerIds: string[] = []
    for (const [i, s] of (e.speakers ?? []).entries()) {
      const speakerId = newId()
      speakerIds.push(speakerId)
      await db
        .insertInto('event_speakers')
        .values({
          id: speakerId,
          event_id: id,
          name: s.name,
          affiliation: s.affiliation,
          bio_az: s.bio[0],
          bio_en: s.bio[1],
          bio_ru: s.bio[2],
          person_id: null,
          position: i,
        })
        .execute()
    }
    for (const s of e.sessions ?? []) {
      const sessionId = newId()
      const day = addDays(start, s.day - 1)
      await db
        .insertInto('event_sessions')
        .values({
          id: sessionId,
          event_id: id,
          starts_at: zonedToUtc(day, s.start, ZONE).toISOString(),
          ends_at: zonedToUtc(day, s.end, ZONE).toISOString(),
          room: s.room ?? null,
          title_az: s.title[0],
          title_en: s.title[1],
          title_ru: s.title[2],
          description_az: null,
          description_en: null,
          description_ru: null,
        })
        .execute()
      for (const index of s.speakers ?? []) {
        const speakerId = speakerIds[index]
        if (speakerId) {
          await db
            .insertInto('event_session_speakers')
            .values({ session_id: sessionId, speaker_id: speakerId })
            .execute()
        }
      }
    }
    result[e.key] = { id, slug }
  }
  return result
}
