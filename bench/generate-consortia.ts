/**
 * Consortium projects, their outcomes and networks for the benchmark database (issue 7): called by generate.ts after
 * people and institutions, or on its own against a copy of an existing file (`npm run bench:data -- --scale europe
 * --consortia-only --db FILE`). Consortia have 3–10 partner universities, academies and VET colleges of the registry
 * (the first coordinates), work packages with deliverables; outcomes are owned by a partner (or, one in six, by an
 * institution on its own) with the owner's country, as the application records them; networks have member
 * institutions, officers and regional centres.
 */
import type SQLite from 'better-sqlite3'
import { newId } from '../src/db/ids.ts'
import { OUTCOME_LANGUAGES, type OUTCOME_TYPES } from '../src/modules/outcomes/schemas.ts'

export const CONSORTIUM_SCALES = {
  national: { consortia: 400, outcomes: 2_000, networks: 40 },
  europe: { consortia: 20_000, outcomes: 100_000, networks: 2_000 },
} as const

const THEMES = [
  ['Digital Education', 'Rəqəmsal təhsil', 'Цифровое образование'],
  ['Green Engineering', 'Yaşıl mühəndislik', 'Зелёная инженерия'],
  ['Public Health', 'İctimai sağlamlıq', 'Общественное здоровье'],
  ['Water Management', 'Su idarəçiliyi', 'Управление водными ресурсами'],
  ['Entrepreneurship', 'Sahibkarlıq', 'Предпринимательство'],
  ['Quality Assurance', 'Keyfiyyət təminatı', 'Обеспечение качества'],
  ['Renewable Energy', 'Bərpa olunan enerji', 'Возобновляемая энергия'],
  ['Cultural Heritage', 'Mədəni irs', 'Культурное наследие'],
  ['Artificial Intelligence', 'Süni intellekt', 'Искусственный интеллект'],
  ['Agriculture and Food', 'Kənd təsərrüfatı və qida', 'Сельское хозяйство и продовольствие'],
  ['Teacher Training', 'Müəllim hazırlığı', 'Подготовка учителей'],
  ['Internationalisation', 'Beynəlmiləlləşmə', 'Интернационализация'],
] as const
const OUTCOME_WORDS = [
  'Foundations of',
  'Advanced',
  'Introduction to',
  'Applied',
  'Methods in',
  'Case studies in',
  'Laboratory of',
  'Handbook of',
] as const
/** Outcome types in the proportions a results listing shows: modules and reports above all. */
const TYPE_WEIGHTS: ReadonlyArray<readonly [(typeof OUTCOME_TYPES)[number], number]> = [
  ['e_learning_module', 0.45],
  ['report', 0.2],
  ['publication', 0.15],
  ['laboratory', 0.1],
  ['joint_degree', 0.05],
  ['other', 0.03],
  ['established_body', 0.02],
]
const LEVELS = ['bachelor', 'master', 'doctorate', 'vet', 'professional'] as const
const DELIVERY = ['online', 'blended', 'on_site'] as const
const LICENCES = [
  'CC-BY-4.0',
  'CC-BY-SA-4.0',
  'CC-BY-NC-4.0',
  'CC0-1.0',
  'LicenseRef-all-rights-reserved',
] as const
const NETWORK_KINDS = [
  'rectors_conference',
  'university_alliance',
  'vet_network',
  'teacher_community',
  'other',
] as const

export interface ConsortiumGenerationOptions {
  consortia: number
  outcomes: number
  networks: number
  /** Seed of the generator, so that two runs make the same data. */
  seed: number
  /** Milliseconds: "now" of the data; projects started over the ten years before it. */
  now: number
  progress: (label: string, done: number, total: number) => void
}

export function generateConsortia(
  db: SQLite.Database,
  options: ConsortiumGenerationOptions,
): { partners: number; networkMembers: number } {
  const { now, progress } = options
  // mulberry32 (see generate-projects.ts).
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
  const day = 86_400_000
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10)

  const institutions = db
    .prepare("select id, country from institutions where type in ('university', 'academy', 'vet_college')")
    .all() as Array<{ id: string; country: string }>
  if (institutions.length < 10)
    throw new Error('too few universities and colleges: generate institutions first')
  const domestic = institutions.filter((i) => i.country === 'AZ')
  const subjects = (
    db.prepare('select id from subjects where retired_at is null').all() as Array<{ id: string }>
  ).map((s) => s.id)
  const people = (
    db.prepare('select id from people where validated_at is not null limit 50000').all() as Array<{
      id: string
    }>
  ).map((p) => p.id)

  const insConsortium = db.prepare(
    `insert into consortia (id, slug, reference, acronym, title_az, title_en, title_ru, programme, key_action,
       action_type, funder, call_year, coordinator_contact_name, coordinator_contact_email, target_groups, start_date,
       end_date, grant_minor, currency, status, summary_az, summary_en, summary_ru, website, results_url,
       good_practice, success_story, created_by, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, 'Erasmus+', 'KA2', 'Capacity building in higher education', 'European Commission', ?,
       null, null, '["lecturers","students"]', ?, ?, ?, 'EUR', ?, null, ?, null, null, null, ?, ?, null, ?, ?)`,
  )
  const insPartner = db.prepare(
    'insert into consortium_partners (id, consortium_id, institution_id, role, position) values (?, ?, ?, ?, ?)',
  )
  const insWorkPackage = db.prepare(
    `insert into work_packages (id, consortium_id, number, title, description, lead_institution_id, start_date,
       end_date) values (?, ?, ?, ?, null, ?, ?, ?)`,
  )
  const insDeliverable = db.prepare(
    `insert into deliverables (id, work_package_id, code, title, due_date, status, delivered_on)
     values (?, ?, ?, ?, ?, ?, ?)`,
  )
  const insOutcome = db.prepare(
    `insert into outcomes (id, slug, type, category, consortium_id, owner_institution_id, country, title_az, title_en,
       title_ru, description_az, description_en, description_ru, language, level, ects, delivery_mode, url,
       file_stored_name, file_original_name, file_media_type, file_size, licence, degree, degree_status, network_id,
       created_by, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, null, ?, ?, ?, ?, null, null, null, null, null, ?, ?, ?, null,
       null, ?, ?)`,
  )
  const insOutcomeSubject = db.prepare(
    'insert or ignore into outcome_subjects (outcome_id, subject_id) values (?, ?)',
  )
  const insOutcomeInstitution = db.prepare(
    `insert or ignore into outcome_institutions (outcome_id, institution_id, readiness, note) values (?, ?, ?, null)`,
  )
  const insNetwork = db.prepare(
    `insert into networks (id, slug, kind, name_az, name_en, name_ru, acronym, mission_az, mission_en, mission_ru,
       founded_on, founded_by_consortium_id, website, created_by, created_at, updated_at)
     values (?, ?, ?, null, ?, null, ?, null, ?, null, ?, ?, null, null, ?, ?)`,
  )
  const insNetworkMember = db.prepare(
    `insert or ignore into network_members (id, network_id, institution_id, category, status, member_since,
       member_until, message, requested_by, decided_by, created_at, decided_at)
     values (?, ?, ?, ?, 'active', ?, null, null, null, null, ?, ?)`,
  )
  const insOfficer = db.prepare(
    `insert into network_officers (id, network_id, person_id, role, term_start, term_end) values (?, ?, ?, ?, ?, null)`,
  )
  const insCentre = db.prepare(
    `insert into network_centres (id, network_id, institution_id, name_az, name_en, name_ru, countries)
     values (?, ?, ?, null, ?, null, ?)`,
  )

  // ---- consortia with partners, work packages and deliverables
  const consortia: Array<{ id: string; partners: Array<{ id: string; country: string }>; start: number }> = []
  let partnerRows = 0
  const writeConsortia = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = newId()
      const theme = pick(THEMES)
      const start = now - int(0, 3650) * day
      const end = start + int(24, 48) * 30 * day
      const year = new Date(start).getUTCFullYear()
      const acronym = `${theme[0].replace(/[^A-Z]/g, '')}${i}`
      // Azerbaijani universities in most of them, with partners across the list's countries.
      const team = new Map<string, { id: string; country: string }>()
      if (domestic.length > 0 && random() < 0.7) {
        const local = pick(domestic)
        team.set(local.id, local)
      }
      const size = int(3, 10)
      while (team.size < size) {
        const partner = pick(institutions)
        team.set(partner.id, partner)
      }
      const partners = [...team.values()]
      const coordinator = partners[0] ?? pick(institutions)
      const status = end < now ? 'closed' : start > now ? 'planned' : 'running'
      const created = new Date(start - 30 * day).toISOString()
      insConsortium.run(
        id,
        `${acronym.toLowerCase()}-${id.slice(-6)}`,
        `${600000 + i}-EPP-1-${year}-1-${coordinator.country}-EPPKA2-CBHE-JP`,
        acronym,
        `${theme[1]} ${i}`,
        `${theme[0]} for Partner Universities ${i}`,
        `${theme[2]} ${i}`,
        year,
        date(start),
        date(end),
        int(40, 100) * 10_000 * 100,
        status,
        `Universities of ${partners.length} institutions modernise ${theme[0].toLowerCase()} curricula together.`,
        random() < 0.05 ? 1 : 0,
        random() < 0.02 ? 1 : 0,
        created,
        created,
      )
      partners.forEach((p, position) => {
        insPartner.run(newId(), id, p.id, position === 0 ? 'coordinator' : 'partner', position)
      })
      partnerRows += partners.length
      const packages = int(4, 6)
      for (let n = 1; n <= packages; n++) {
        const wp = newId()
        insWorkPackage.run(wp, id, n, `WP${n} ${theme[0]}`, pick(partners).id, date(start), date(end))
        for (let d = 1; d <= int(1, 3); d++) {
          const due = start + int(3, 36) * 30 * day
          const delivered = due < now && random() < 0.8
          insDeliverable.run(
            newId(),
            wp,
            `D${n}.${d}`,
            `Deliverable ${n}.${d}`,
            date(due),
            delivered ? 'delivered' : due < now ? 'in_progress' : 'planned',
            delivered ? date(due) : null,
          )
        }
      }
      consortia.push({ id, partners, start })
      progress('consortia', i + 1, options.consortia)
    }
  })
  for (let i = 0; i < options.consortia; i += 5_000) writeConsortia(i, Math.min(options.consortia, i + 5_000))

  // ---- outcomes: five in six produced by a consortium, owned by one of its partners
  const typeOf = () => {
    let r = random()
    for (const [type, weight] of TYPE_WEIGHTS) {
      r -= weight
      if (r < 0) return type
    }
    return 'other'
  }
  const writeOutcomes = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = newId()
      const consortium = random() < 5 / 6 ? pick(consortia) : null
      const owner = consortium ? pick(consortium.partners) : pick(institutions)
      const type = typeOf()
      const theme = pick(THEMES)
      const title = `${pick(OUTCOME_WORDS)} ${theme[0]} ${i}`
      const created = new Date(
        Math.min(now, (consortium?.start ?? now - int(0, 3650) * day) + int(90, 1400) * day),
      )
      const at = created.toISOString()
      const module = type === 'e_learning_module'
      const degree = type === 'joint_degree'
      const withLanguage = module || degree || type === 'report' || type === 'publication' || type === 'other'
      insOutcome.run(
        id,
        `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`,
        type,
        module ? 'Teaching and learning materials' : type === 'report' ? 'Studies and analyses' : null,
        consortium?.id ?? null,
        owner.id,
        owner.country,
        random() < 0.3 ? `${theme[1]} ${i}` : null,
        title,
        random() < 0.3 ? `${theme[2]} ${i}` : null,
        `${title}: an outcome of ${consortium ? 'a consortium project' : 'the institution'} on ${theme[0].toLowerCase()}.`,
        withLanguage ? pick(OUTCOME_LANGUAGES) : null,
        module || degree ? pick(LEVELS) : null,
        module ? int(1, 10) : null,
        module ? pick(DELIVERY) : null,
        module || type === 'report' || type === 'publication' ? pick(LICENCES) : null,
        degree ? `Master of Science in ${theme[0]}` : null,
        degree ? pick(['planned', 'accredited', 'running']) : null,
        at,
        at,
      )
      for (let s = int(0, 2); s > 0; s--) insOutcomeSubject.run(id, pick(subjects))
      if (degree && consortium) {
        for (const p of consortium.partners) {
          if (p.id !== owner.id)
            insOutcomeInstitution.run(id, p.id, pick(['planned', 'preparing', 'ready', 'delivering']))
        }
      }
      progress('outcomes', i + 1, options.outcomes)
    }
  })
  for (let i = 0; i < options.outcomes; i += 10_000) writeOutcomes(i, Math.min(options.outcomes, i + 10_000))

  // ---- networks: members (a few large conferences, many small groups), officers, regional centres
  let networkMembers = 0
  const writeNetworks = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = newId()
      const kind = pick(NETWORK_KINDS)
      const theme = pick(THEMES)
      const founded = now - int(365, 7300) * day
      const at = new Date(founded).toISOString()
      const name = `${theme[0]} ${kind === 'rectors_conference' ? 'Rectors Conference' : 'Network'} ${i}`
      insNetwork.run(
        id,
        `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`,
        kind,
        name,
        `N${i}`,
        `Members cooperate on ${theme[0].toLowerCase()}.`,
        date(founded),
        random() < 0.3 ? pick(consortia).id : null,
        at,
        at,
      )
      const size = random() < 0.05 ? int(100, 200) : int(5, 40)
      for (let m = 0; m < size; m++) {
        insNetworkMember.run(
          newId(),
          id,
          pick(institutions).id,
          random() < 0.05 ? 'decision_maker' : 'member',
          date(founded + int(0, 1000) * day),
          at,
          at,
        )
      }
      networkMembers += size
      const roles = ['chair', 'secretary_general', 'board_member']
      for (const role of roles) {
        if (people.length > 0) insOfficer.run(newId(), id, pick(people), role, date(founded))
      }
      for (let c = int(0, 2); c > 0; c--) {
        const host = pick(institutions)
        insCentre.run(newId(), id, host.id, `${host.country} regional centre`, JSON.stringify([host.country]))
      }
      progress('networks', i + 1, options.networks)
    }
  })
  for (let i = 0; i < options.networks; i += 1_000) writeNetworks(i, Math.min(options.networks, i + 1_000))
  return { partners: partnerRows, networkMembers }
}
