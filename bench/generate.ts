/**
 * Benchmark data: `npm run bench:data -- --scale national|europe [--out FILE]`, or
 * `npm run bench:data -- --scale national|europe --projects-only --db FILE` to add the scale's projects (see
 * generate-projects.ts) to an existing database without touching its people and institutions, and
 * `--events-only --db FILE` likewise for events and their registrations (generate-events.ts), and `--consortia-only
 * --db FILE` for consortium projects, their outcomes and networks (generate-consortia.ts; on a copy of the file).
 * Realistic people, institutions, memberships and profiles from the real reference data in bench/data (countries,
 * Azerbaijani cities and subdivisions, European university names; see the licence files there), with invented
 * people's names built from syllables. Written straight into a SQLite file with prepared statements in large
 * transactions, and indexed for partner search exactly as the application indexes (same folding, same tags).
 */
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { createDatabase } from '../src/db/database.ts'
import { newId } from '../src/db/ids.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { ageBandsFor, PROFILE_LANGUAGES, tag } from '../src/modules/partners/facets.ts'
import { foldText } from '../src/modules/partners/fold.ts'
import { docKeys } from '../src/modules/partners/queries.ts'
import { CONSORTIUM_SCALES, generateConsortia } from './generate-consortia.ts'
import { EVENT_SCALES, generateEvents } from './generate-events.ts'
import { generateProjects, PROJECT_SCALES } from './generate-projects.ts'

const SCALES = {
  national: { members: 5_000, institutions: 1_500, domestic: 1 },
  europe: { members: 1_000_000, institutions: 250_000, domestic: 0.02 },
} as const
type Scale = keyof typeof SCALES

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}
const scale = arg('scale', 'national') as Scale
if (!(scale in SCALES)) throw new Error('--scale must be national or europe')
const out = path.resolve(arg('out', `bench/data/${scale}.db`))
const { members, institutions, domestic } = SCALES[scale]

// A seeded generator, so that two runs make the same data.
let seed = 20260_4
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
  return seed / 2_147_483_648
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))

const dataDir = path.resolve(import.meta.dirname, 'data')
const universities = JSON.parse(
  fs.readFileSync(path.join(dataDir, 'universities_EU27_UA_GE_MD_AM_TR.json'), 'utf8'),
) as Array<{ name: string; alpha_two_code: string; 'state-province': string | null }>
const azUniversities = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../src/demo/data/universities_AZ.json'), 'utf8'),
) as Array<{ name: string }>
const azCities = fs
  .readFileSync(path.join(dataDir, 'az_cities_csc.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .map((cols) => ({ city: cols[1] ?? '', region: cols[4] ?? '' }))
// The file has CRLF line ends; its EU flag is 'Y'. Names are only looked up for the university list's countries.
const universityCountries = new Set(universities.map((u) => u.alpha_two_code))
const countries = fs
  .readFileSync(path.join(dataDir, 'countries_en_az_ru.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => line.split(','))
  .filter((cols) => universityCountries.has(cols[0] ?? '') || cols[0] === 'AZ')
  .map((cols) => ({ code: cols[0] ?? '', name: cols[3] ?? '' }))
// Countries weighted by how many universities they have in the reference list (a proxy for their size): every
// country of the list (EU27, UA, GE, MD, AM, TR), not only those the country file happened to parse.
const countryWeights = universities.map((u) => u.alpha_two_code)

const FIRST = [
  'Ay',
  'Gül',
  'Nər',
  'Le',
  'Sev',
  'Ka',
  'Ma',
  'An',
  'El',
  'Jo',
  'Mi',
  'Ra',
  'Sa',
  'To',
  'Vi',
  'Ze',
]
const SECOND = ['nur', 'tən', 'min', 'la', 'da', 'rin', 'na', 'ra', 'las', 'han', 'kel', 'ria', 'go', 'mir']
const LAST1 = ['Məm', 'Əli', 'Hə', 'Qa', 'Kə', 'Mül', 'Sch', 'Kow', 'Fer', 'Ros', 'Pet', 'Nov', 'Lar', 'Dub']
const LAST2 = [
  'mədova',
  'yeva',
  'sənli',
  'sımov',
  'rimli',
  'ler',
  'midt',
  'alski',
  'reira',
  'si',
  'rov',
  'ak',
  'sen',
  'ois',
]
const personName = () => `${pick(FIRST)}${pick(SECOND)} ${pick(LAST1)}${pick(LAST2)}`

const IDEAS = [
  'eTwinning project on climate and water in our towns',
  'Pupils compare traditional recipes and write a shared cookbook',
  'Robotics club exchange: build and program a rover together',
  'Reading circle across borders with books in three languages',
  'Virtual exchange on local history and cultural heritage',
  'Mathematics in everyday life: measuring our school yard',
  'VET students design a joint tourism route',
  'Online debate on digital citizenship and media literacy',
]
const SUBJECTS = [
  'mathematics',
  'physics',
  'chemistry',
  'biology',
  'geography',
  'history',
  'informatics',
  'english',
  'russian',
  'german',
  'french',
  'literature',
  'azerbaijani-language',
  'music',
  'visual-arts',
  'primary-education',
  'ict-programming',
  'tourism-hospitality',
  'construction',
  'agriculture',
]
const SUBJECT_NAMES: Record<string, string> = Object.fromEntries(
  SUBJECTS.map((s) => [s, s.replace(/-/g, ' ')]),
)
const TYPES = ['school', 'school', 'school', 'school', 'vet_college', 'university', 'academy', 'ngo'] as const

function progress(label: string, done: number, total: number): void {
  if (done % 50_000 === 0 || done === total)
    process.stdout.write(`\r${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')}   `)
  if (done === total) process.stdout.write('\n')
}

function addProjects(db: SQLite.Database, now: number): void {
  const { projects } = PROJECT_SCALES[scale]
  const { memberships } = generateProjects(db, { projects, seed: 2026_05, now, progress })
  console.log(
    `${projects.toLocaleString('en')} projects, ${memberships.toLocaleString('en')} project memberships`,
  )
}

function addEvents(db: SQLite.Database, now: number): void {
  const { events, registrations } = EVENT_SCALES[scale]
  const written = generateEvents(db, { events, registrations, seed: 2026_06, now, progress })
  console.log(
    `${events.toLocaleString('en')} events, ${written.registrations.toLocaleString('en')} registrations`,
  )
}

function addConsortia(db: SQLite.Database, now: number): void {
  const { consortia, outcomes, networks } = CONSORTIUM_SCALES[scale]
  const written = generateConsortia(db, { consortia, outcomes, networks, seed: 2026_07, now, progress })
  console.log(
    `${consortia.toLocaleString('en')} consortia (${written.partners.toLocaleString('en')} partners), ${outcomes.toLocaleString('en')} outcomes, ${networks.toLocaleString('en')} networks (${written.networkMembers.toLocaleString('en')} members)`,
  )
}

/** --projects-only / --events-only / --consortia-only: added to an existing database (migrated to the latest schema first). */
async function addOnly(
  file: string,
  add: (db: SQLite.Database, now: number) => void,
  what: string,
): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`)
  const kysely = createDatabase(file)
  await migrateToLatest(kysely)
  await kysely.destroy()
  const db = new SQLite(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  db.pragma('cache_size = -200000')
  const started = Date.now()
  add(db, Date.now())
  db.exec('analyze')
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  console.log(`${scale} ${what} → ${file} in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

async function main(): Promise<void> {
  fs.mkdirSync(path.dirname(out), { recursive: true })
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${out}${suffix}`, { force: true })
  const kysely = createDatabase(out)
  await migrateToLatest(kysely)
  await kysely.destroy()

  const db = new SQLite(out)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  db.pragma('cache_size = -200000')
  const started = Date.now()
  const now = Date.now()
  const isoAgo = (maxDays: number) =>
    new Date(now - Math.floor(random() * maxDays * 86_400_000)).toISOString()

  const insInstitution = db.prepare(
    `insert into institutions (id, slug, name, type, country, region, city, website, created_at, updated_at, languages, name_key)
     values (?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, '')`,
  )
  const insDoc = db.prepare(
    `insert into partner_search (kind, entity_id, name, audience, institution_id, institution_name, institution_type,
       country, region, city, looking, idea, age_min, age_max, subjects, languages, search_text, sort_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  // Tag rows carry their row's facets and date (migration 0007).
  const tagStatement = db.prepare(
    `insert into partner_search_tags (doc, tag, audience, kind, country, region, institution_type, looking, sort_at)
     select doc, ?, audience, kind, country, region, institution_type, looking, sort_at from partner_search where doc = ?`,
  )
  const insTag = { run: (doc: number | bigint, t: string) => tagStatement.run(t, doc) }
  // The browse indexes (migration 0007) are built once after loading, far faster than kept during random inserts.
  const browseIndexes = db
    .prepare("select name, sql from sqlite_master where type = 'index' and name like '%browse_idx'")
    .all() as Array<{ name: string; sql: string }>
  for (const index of browseIndexes) db.exec(`drop index ${index.name}`)
  const insFts = db.prepare('insert into partner_search_text (rowid, search_text) values (?, ?)')
  const insPerson = db.prepare(
    `insert into people (id, email, name, password_hash, kind, locale, email_verified_at, validated_at, failed_sign_ins, created_at, updated_at)
     values (?, ?, ?, null, 'adult', 'az', ?, ?, 0, ?, ?)`,
  )
  const insMembership = db.prepare(
    `insert into memberships (id, person_id, institution_id, role, status, created_at) values (?, ?, ?, 'member', 'confirmed', ?)`,
  )
  const insProfile = db.prepare(
    `insert into profiles (person_id, subjects, languages, age_min, age_max, looking_since, idea, visibility, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )

  // The facet summary (migration 0006), counted here as the application would count it row by row.
  const summary = new Map<string, number>()
  const summarise = (
    audience: number,
    kind: string,
    row: { country: string | null; region: string | null; institution_type: string | null; looking: number },
    tags: Iterable<string>,
  ) => {
    const keys = ['', ...docKeys(row, tags)]
    for (const f of keys) {
      const prefix = `${audience}\t${kind}\t${f}\t`
      for (const v of keys) {
        const key = prefix + v
        summary.set(key, (summary.get(key) ?? 0) + 1)
      }
    }
  }

  interface Inst {
    id: string
    name: string
    type: string
    country: string
    region: string | null
    city: string | null
  }
  const made: Inst[] = []
  const BATCH = 10_000
  const writeInstitutions = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const local = random() < domestic
      let inst: Inst
      if (local) {
        const place = pick(azCities)
        const type = i < azUniversities.length ? 'university' : pick(TYPES)
        const name =
          type === 'university' && i < azUniversities.length
            ? (azUniversities[i]?.name ?? '')
            : `${place.city} ${type === 'vet_college' ? 'Vocational Education Centre' : 'School'} No. ${int(1, 300)}`
        inst = { id: newId(), name, type, country: 'AZ', region: place.region, city: place.city }
      } else {
        const country = pick(countryWeights)
        const type = pick(TYPES)
        const uni = type === 'university' ? universities.filter((u) => u.alpha_two_code === country) : []
        const countryName = countries.find((c) => c.code === country)?.name ?? country
        const name =
          uni.length > 0
            ? `${pick(uni).name}`
            : `${countryName} ${type === 'vet_college' ? 'VET College' : 'School'} ${i}`
        inst = { id: newId(), name, type, country, region: null, city: null }
      }
      made.push(inst)
      const at = isoAgo(1500)
      const languages = JSON.stringify(inst.country === 'AZ' ? ['az', 'ru'] : ['en'])
      insInstitution.run(
        inst.id,
        `i-${i}`,
        inst.name,
        inst.type,
        inst.country,
        inst.region,
        inst.city,
        at,
        at,
        languages,
      )
      const doc = insDoc.run(
        'institution',
        inst.id,
        inst.name,
        0,
        inst.id,
        inst.name,
        inst.type,
        inst.country,
        inst.region,
        inst.city,
        0,
        null,
        null,
        null,
        '[]',
        languages,
        foldText(`${inst.name} ${inst.city ?? ''}`),
        at,
      ).lastInsertRowid
      for (const l of JSON.parse(languages) as string[]) insTag.run(doc, tag.language(l))
      summarise(
        0,
        'institution',
        { country: inst.country, region: inst.region, institution_type: inst.type, looking: 0 },
        (JSON.parse(languages) as string[]).map(tag.language),
      )
      insFts.run(doc, foldText(`${inst.name} ${inst.city ?? ''}`))
      progress('institutions', i + 1, institutions)
    }
  })
  for (let i = 0; i < institutions; i += BATCH) writeInstitutions(i, Math.min(institutions, i + BATCH))

  const writePeople = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = newId()
      const name = personName()
      const at = isoAgo(1200)
      const validated = random() < 0.95 ? at : null
      insPerson.run(id, `p${i}@bench.example`, name, at, validated, at, at)
      const inst = pick(made)
      insMembership.run(newId(), id, inst.id, at)
      const subjects = [...new Set([pick(SUBJECTS), ...(random() < 0.5 ? [pick(SUBJECTS)] : [])])]
      const languages = [...new Set([inst.country === 'AZ' ? 'az' : 'en', pick(PROFILE_LANGUAGES)])]
      const ageMin = pick([3, 6, 10, 11, 14, 15, 18])
      const ageMax = ageMin + int(1, 6)
      const looking = random() < 0.3
      const idea = looking ? pick(IDEAS) : null
      const r = random()
      const visibility = r < 0.35 ? 'public' : r < 0.95 ? 'members' : 'hidden'
      insProfile.run(
        id,
        JSON.stringify(subjects),
        JSON.stringify(languages),
        ageMin,
        ageMax,
        looking ? at : null,
        idea,
        visibility,
        at,
      )
      if (!validated || visibility === 'hidden') continue
      const text = foldText(
        [name, inst.name, inst.city, ...subjects.map((s) => SUBJECT_NAMES[s]), idea]
          .filter(Boolean)
          .join(' '),
      )
      const doc = insDoc.run(
        'person',
        id,
        name,
        visibility === 'public' ? 0 : 1,
        inst.id,
        inst.name,
        inst.type,
        inst.country,
        inst.region,
        inst.city,
        looking ? 1 : 0,
        idea,
        ageMin,
        ageMax,
        JSON.stringify(subjects),
        JSON.stringify(languages),
        text,
        at,
      ).lastInsertRowid
      const tags = new Set([
        ...subjects.map(tag.subject),
        ...languages.map(tag.language),
        ...ageBandsFor(ageMin, ageMax).map(tag.age),
      ])
      for (const t of tags) insTag.run(doc, t)
      summarise(
        visibility === 'public' ? 0 : 1,
        'person',
        { country: inst.country, region: inst.region, institution_type: inst.type, looking: looking ? 1 : 0 },
        tags,
      )
      insFts.run(doc, text)
      progress('members', i + 1, members)
    }
    progress('members', to, members)
  })
  for (let i = 0; i < members; i += BATCH) writePeople(i, Math.min(members, i + BATCH))

  const insSummary = db.prepare(
    'insert into partner_facet_counts (audience, kind, filter_key, facet_key, n) values (?, ?, ?, ?, ?)',
  )
  db.transaction(() => {
    for (const [key, n] of summary) {
      const [audience, kind, f, v] = key.split('\t')
      insSummary.run(Number(audience), kind, f, v, n)
    }
  })()
  console.log(`facet summary: ${summary.size.toLocaleString('en')} rows`)
  process.stdout.write('building the browse indexes…\n')
  for (const index of browseIndexes) db.exec(index.sql)
  addProjects(db, now)
  addEvents(db, now)
  addConsortia(db, now)
  process.stdout.write('optimising the FTS index and statistics…\n')
  db.exec("insert into partner_search_text (partner_search_text) values ('optimize')")
  db.exec('analyze')
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  console.log(
    `${scale}: ${members.toLocaleString('en')} members, ${institutions.toLocaleString('en')} institutions → ${out} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  )
}

await (process.argv.includes('--projects-only')
  ? addOnly(path.resolve(arg('db', out)), addProjects, 'projects')
  : process.argv.includes('--events-only')
    ? addOnly(path.resolve(arg('db', out)), addEvents, 'events')
    : process.argv.includes('--consortia-only')
      ? addOnly(path.resolve(arg('db', out)), addConsortia, 'consortia, outcomes and networks')
      : main())
