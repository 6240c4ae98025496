/**
 * Collaboration projects for the benchmark database: called by generate.ts after people and institutions, or on its
 * own against an existing file (`npm run bench:data -- --scale europe --projects-only --db FILE`). Projects are
 * founded by the generated members for their institutions, with partner teachers, subjects, pupils' ages, dates, a
 * life-cycle state, labels, and the gallery index (migration 0012) written exactly as refreshGalleryEntry writes it
 * (same tags, same folded text, same facet summary).
 */
import type SQLite from 'better-sqlite3'
import { newId } from '../src/db/ids.ts'
import { ageBandsFor } from '../src/modules/partners/facets.ts'
import { foldText } from '../src/modules/partners/fold.ts'
import { galleryTag } from '../src/modules/projects/gallery-index.ts'

export const PROJECT_SCALES = {
  national: { projects: 2_000 },
  europe: { projects: 300_000 },
} as const

/** Founders and partner teachers per project: 2 founders and 2–7 teachers, ≈ 6.5 memberships a project. */
const TEACHERS = [2, 7] as const

const THEMES = [
  ['Water', 'Su', 'Вода'],
  ['Climate', 'İqlim', 'Климат'],
  ['Robotics', 'Robototexnika', 'Робототехника'],
  ['Cultural heritage', 'Mədəni irs', 'Культурное наследие'],
  ['Reading', 'Oxu', 'Чтение'],
  ['Mathematics', 'Riyaziyyat', 'Математика'],
  ['Healthy food', 'Sağlam qida', 'Здоровое питание'],
  ['Media literacy', 'Media savadlılığı', 'Медиаграмотность'],
  ['Tourism routes', 'Turizm marşrutları', 'Туристические маршруты'],
  ['Renewable energy', 'Bərpa olunan enerji', 'Возобновляемая энергия'],
  ['Folk music', 'Xalq musiqisi', 'Народная музыка'],
  ['Coding', 'Proqramlaşdırma', 'Программирование'],
  ['Biodiversity', 'Biomüxtəliflik', 'Биоразнообразие'],
  ['Citizenship', 'Vətəndaşlıq', 'Гражданственность'],
  ['Astronomy', 'Astronomiya', 'Астрономия'],
  ['Recycling', 'Təkrar emal', 'Переработка'],
] as const
const FRAMES = [
  ['{t} across borders', '{t} sərhədlər arasında', '{t} без границ'],
  ['{t} in our town', 'Şəhərimizdə {t}', '{t} в нашем городе'],
  ['Young explorers of {t}', '{t} gənc tədqiqatçıları', 'Юные исследователи: {t}'],
  ['{t} lab', '{t} laboratoriyası', 'Лаборатория: {t}'],
  ['Stories of {t}', '{t} hekayələri', 'Истории: {t}'],
] as const
const SUMMARIES = [
  'Pupils from partner schools compare what they find at home, share photos and measurements, and publish a joint e-book.',
  'Classes meet online every month, work in mixed international teams and present their results at a final event.',
  'Students build and test prototypes together, document each step in the workspace and teach younger pupils.',
  'Teachers plan lessons together; pupils interview their families and map traditions on a shared digital map.',
  'Each partner runs a local survey, the teams analyse the data together and propose changes to their municipalities.',
  'A reading and writing exchange with short texts in three languages, illustrated by the pupils themselves.',
]
const LANGUAGES = ['az', 'en', 'ru', 'tr', 'de', 'fr', 'uk', 'ka', 'pl', 'es', 'it']

export interface ProjectGenerationOptions {
  projects: number
  /** Seed of the generator, so that two runs make the same projects. */
  seed: number
  /** Milliseconds: "now" of the data, so that dates are spread over the years before it. */
  now: number
  progress: (label: string, done: number, total: number) => void
}

export function generateProjects(
  db: SQLite.Database,
  options: ProjectGenerationOptions,
): { memberships: number } {
  const { now, progress } = options
  // mulberry32: 32-bit integer arithmetic keeps its full period (a float LCG loses its low bits and repeats).
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

  const subjects = db.prepare('select id, code from subjects where retired_at is null').all() as Array<{
    id: string
    code: string
  }>
  const models = db.prepare('select id from learning_models').all() as Array<{ id: string }>
  const institutionPlace = new Map<string, { country: string; region: string | null }>()
  for (const row of db.prepare('select id, country, region from institutions').iterate() as Iterable<{
    id: string
    country: string
    region: string | null
  }>) {
    institutionPlace.set(row.id, { country: row.country, region: row.region })
  }
  // Validated members with their institution: the people who found and join projects.
  const members: Array<{ person: string; institution: string; country: string }> = []
  const byCountry = new Map<string, number[]>()
  for (const row of db
    .prepare(
      `select m.person_id as person, m.institution_id as institution from memberships m
       join people p on p.id = m.person_id where p.validated_at is not null and m.status = 'confirmed'`,
    )
    .iterate() as Iterable<{ person: string; institution: string }>) {
    const country = institutionPlace.get(row.institution)?.country ?? 'AZ'
    const list = byCountry.get(country)
    if (list) list.push(members.length)
    else byCountry.set(country, [members.length])
    members.push({ ...row, country })
  }
  if (members.length < 2) throw new Error('no validated members to found projects: generate people first')

  const insProject = db.prepare(
    `insert into projects (id, slug, scope, status, wizard_step, title_az, title_en, title_ru, summary_az, summary_en,
       summary_ru, age_from, age_to, languages, activities, expected_results, start_date, end_date, learning_model_id,
       event_id, created_by, created_at, updated_at, submitted_at, waiting_since, decided_at, decided_by, approved_at,
       in_gallery_since, workspace_state, archived_at, closed_at)
     values (?, ?, ?, ?, 5, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?)`,
  )
  const insMember = db.prepare(
    `insert into project_members (id, project_id, person_id, role, status, institution_id, pupil_admin, invited_by,
       invited_at, joined_at) values (?, ?, ?, ?, 'active', ?, 0, null, ?, ?)`,
  )
  const insSubject = db.prepare('insert into project_subjects (project_id, subject_id) values (?, ?)')
  const insLabel = db.prepare(
    `insert into project_labels (id, project_id, level, country, application_id, awarded_by, awarded_at)
     values (?, ?, ?, ?, null, null, ?)`,
  )
  const insGallery = db.prepare(
    `insert into project_gallery (project_id, scope, year, age_from, age_to, search_text, sort_at)
     values (?, ?, ?, ?, ?, ?, ?)`,
  )
  const insTag = db.prepare('insert into project_gallery_tags (doc, tag, sort_at) values (?, ?, ?)')
  const insText = db.prepare('insert into project_gallery_text (rowid, search_text) values (?, ?)')

  // The tag indexes are built once after loading, far faster than kept during random inserts.
  const tagIndexes = db
    .prepare(
      "select name, sql from sqlite_master where type = 'index' and name like 'project_gallery_tags_%_idx'",
    )
    .all() as Array<{ name: string; sql: string }>
  for (const index of tagIndexes) db.exec(`drop index ${index.name}`)

  const counts = new Map<string, number>()
  let memberships = 0
  const day = 86_400_000
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = newId()
      const founder = pick(members)
      // Two in five projects are national: the co-founder works in the same country.
      const national = random() < 0.4
      const sameCountry = byCountry.get(founder.country) ?? []
      const pickMember = (domestic: boolean) =>
        domestic && sameCountry.length > 1 ? (members[pick(sameCountry)] ?? founder) : pick(members)
      const team = [founder, pickMember(national)]
      const teachers = int(TEACHERS[0], TEACHERS[1])
      for (let k = 0; k < teachers; k++) team.push(pickMember(national))
      const people = new Map(team.map((m, k) => [m.person, { ...m, role: k < 2 ? 'founder' : 'teacher' }]))
      const scope =
        new Set([...people.values()].map((m) => m.country)).size > 1 ? 'international' : 'national'

      const theme = pick(THEMES)
      const frame = pick(FRAMES)
      const title = (lang: 0 | 1 | 2) =>
        frame[lang].replace(
          '{t}',
          lang === 0 || frame[lang].startsWith('{t}') ? theme[lang] : theme[lang].toLowerCase(),
        )
      const titleEn = title(0)
      const titleAz = founder.country === 'AZ' || random() < 0.3 ? title(1) : null
      const titleRu = random() < 0.25 ? title(2) : null
      const summary = `${pick(SUMMARIES)} ${pick(SUMMARIES)}`
      const ageFrom = pick([3, 6, 7, 10, 11, 12, 14, 15, 16])
      const ageTo = ageFrom + int(1, 5)
      const createdMs = now - Math.floor(random() * 6 * 365 * day)
      const created = new Date(createdMs).toISOString()
      const r = random()
      const status = r < 0.85 ? 'approved' : r < 0.9 ? 'in_review' : r < 0.95 ? 'returned' : 'draft'
      const approvedMs = createdMs + int(3, 40) * day
      const approved = status === 'approved' ? new Date(Math.min(approvedMs, now)).toISOString() : null
      const inGallery = approved && random() < 0.7 ? approved : null
      const start = new Date(createdMs + int(20, 60) * day).toISOString().slice(0, 10)
      const end = new Date(createdMs + int(200, 400) * day).toISOString().slice(0, 10)
      const ws = random()
      const workspace = approved && createdMs < now - 400 * day ? (ws < 0.6 ? 'archived' : 'closed') : 'open'
      insProject.run(
        id,
        `p-${i}`,
        scope,
        status,
        titleAz,
        titleEn,
        titleRu,
        null,
        summary,
        null,
        ageFrom,
        ageTo,
        JSON.stringify([...new Set([founder.country === 'AZ' ? 'az' : 'en', pick(LANGUAGES)])]),
        null,
        null,
        start,
        end,
        pick(models).id,
        founder.person,
        created,
        created,
        status === 'draft' ? null : created,
        status === 'approved' ? null : created,
        approved,
        approved,
        inGallery,
        workspace,
        workspace === 'archived' ? end : null,
        workspace === 'closed' ? end : null,
      )
      for (const [person, m] of people) {
        insMember.run(newId(), id, person, m.role, m.institution, created, created)
        memberships++
      }
      const chosen = [...new Set([pick(subjects), pick(subjects), pick(subjects)].slice(0, int(1, 3)))]
      for (const s of chosen) insSubject.run(id, s.id)
      const labels: string[] = []
      if (approved && random() < 0.12) {
        insLabel.run(newId(), id, 'national', founder.country, approved)
        labels.push('national')
        if (scope === 'international' && random() < 0.2) {
          insLabel.run(newId(), id, 'european', founder.country, approved)
          labels.push('european')
        }
      }
      if (inGallery && approved) {
        const year = Number(approved.slice(0, 4))
        const tags = new Set([galleryTag.scope(scope), galleryTag.year(year)])
        for (const band of ageBandsFor(ageFrom, ageTo)) tags.add(galleryTag.age(band))
        for (const s of chosen) tags.add(galleryTag.subject(s.code))
        for (const m of people.values()) {
          const place = institutionPlace.get(m.institution)
          if (place) tags.add(galleryTag.country(place.country))
          if (place?.region) tags.add(galleryTag.region(place.region))
        }
        for (const level of labels) tags.add(galleryTag.label(level))
        const text = foldText([titleAz, titleEn, titleRu, summary].filter(Boolean).join(' '))
        const doc = insGallery.run(id, scope, year, ageFrom, ageTo, text, approved).lastInsertRowid
        for (const t of tags) insTag.run(doc, t, approved)
        insText.run(doc, text)
        const keys = ['', ...tags]
        for (const f of keys)
          for (const v of keys) counts.set(`${f}\n${v}`, (counts.get(`${f}\n${v}`) ?? 0) + 1)
      }
      progress('projects', i + 1, options.projects)
    }
  })
  const BATCH = 10_000
  for (let i = 0; i < options.projects; i += BATCH) write(i, Math.min(options.projects, i + BATCH))

  const insCount = db.prepare(
    'insert into project_gallery_counts (filter_key, facet_key, n) values (?, ?, ?)',
  )
  db.transaction(() => {
    for (const [key, n] of counts) {
      const [f = '', v = ''] = key.split('\n')
      insCount.run(f, v, n)
    }
  })()
  process.stdout.write(
    `gallery summary: ${counts.size.toLocaleString('en')} rows; building the tag indexes…\n`,
  )
  for (const index of tagIndexes) db.exec(index.sql)
  db.exec("insert into project_gallery_text (project_gallery_text) values ('optimize')")
  return { memberships }
}
