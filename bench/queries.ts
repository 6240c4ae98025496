/** The bench's mix of partner searches (shared by run.ts and explain.ts): text alone, facets alone, or both. */

const WORDS = [
  'school',
  'math',
  'robot',
  'climate',
  'history',
  'mammadova',
  'Məmmədova',
  'univ',
  'ganja',
  'reading',
  'vet',
  'heritage',
  'kowalski',
  'bak',
]
const COUNTRIES = ['AZ', 'DE', 'FR', 'TR', 'PL', 'ES', 'IT', 'UA', 'GE']
const SUBJECTS = ['mathematics', 'physics', 'history', 'english', 'informatics', 'ict-programming', 'biology']
const TYPES = ['school', 'vet_college', 'university']
const AGES = ['6-10', '11-14', '15-18']

/**
 * mulberry32, a seeded generator in 32-bit integers, so that two runs ask the same questions. (A linear congruential
 * generator computed in floats loses its low bits and repeats: its 20,000 "distinct" searches held 913 different ones.)
 */
function seeded32(start: number): () => number {
  let state = start >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** One search, as people combine them. */
function next(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const params = new URLSearchParams()
  const shape = random()
  if (shape < 0.4) params.set('q', pick(WORDS))
  if (shape > 0.2) {
    if (random() < 0.6) params.set('country', pick(COUNTRIES))
    if (random() < 0.4) params.set('subject', pick(SUBJECTS))
    if (random() < 0.3) params.set('type', pick(TYPES))
    if (random() < 0.3) params.set('age', pick(AGES))
    if (random() < 0.3) params.set('looking', 'yes')
    if (random() < 0.2) params.set('language', pick(['en', 'ru', 'de', 'tr']))
  }
  if (random() < 0.2) params.set('page', String(1 + Math.floor(random() * 5)))
  return `/api/v1/partners?${params.toString()}`
}

export const benchQuery = { seeded: seeded32, next }

const GALLERY_WORDS = [
  'water',
  'robot',
  'climate',
  'coding',
  'heritage',
  'reading',
  'town',
  'explorers',
  'iqlim',
  'su',
  'lab',
  'energy',
  'pupils',
  'online',
]
const YEARS = ['2021', '2022', '2023', '2024', '2025', '2026']

/** One gallery search: words, filters (partner country, subject, age band, year, label, scope) or both. */
function nextGallery(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const params = new URLSearchParams()
  const shape = random()
  if (shape < 0.35) params.set('q', pick(GALLERY_WORDS))
  if (shape > 0.2) {
    if (random() < 0.5) params.set('country', pick(COUNTRIES))
    if (random() < 0.4) params.set('subject', pick(SUBJECTS))
    if (random() < 0.3) params.set('age', pick(AGES))
    if (random() < 0.3) params.set('year', pick(YEARS))
    if (random() < 0.15) params.set('label', pick(['national', 'european']))
    if (random() < 0.2) params.set('scope', pick(['national', 'international']))
  }
  if (random() < 0.2) params.set('page', String(1 + Math.floor(random() * 5)))
  return `/api/v1/projects?${params.toString()}`
}

export const galleryQuery = { seeded: seeded32, next: nextGallery }

const EVENT_KINDS = ['seminar', 'training', 'conference', 'online_conference', 'project_meeting', 'webinar']
const EVENT_REGIONS = ['AZ-BA', 'AZ-GA', 'AZ-SM', 'AZ-LA', 'AZ-MI', 'AZ-SA', 'AZ-QBA', 'AZ-NX']
const EVENT_AUDIENCES = ['teachers', 'school_leaders', 'vet_staff', 'lecturers', 'rectors']

/**
 * One look at the events calendar, as visitors use it: the page (list, or a month from two years back to one
 * ahead) or the API, upcoming or past, with filters (kind, format, region, audience) and later pages.
 */
function nextCalendar(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const params = new URLSearchParams()
  const shape = random()
  if (random() < 0.3) params.set('kind', pick(EVENT_KINDS))
  if (random() < 0.15) params.set('format', pick(['on_site', 'online', 'hybrid']))
  if (random() < 0.25) params.set('region', pick(EVENT_REGIONS))
  if (random() < 0.15) params.set('audience', pick(EVENT_AUDIENCES))
  if (shape < 0.2) {
    const month = new Date(Date.UTC(2024, 10 + Math.floor(random() * 36), 1)).toISOString().slice(0, 7)
    params.set('view', 'month')
    params.set('month', month)
    return `/events?${params.toString()}`
  }
  if (random() < 0.3) params.set('when', 'past')
  if (random() < 0.2) params.set('page', String(1 + Math.floor(random() * 5)))
  return `${shape < 0.6 ? '/events' : '/api/v1/events'}?${params.toString()}`
}

export const calendarQuery = { seeded: seeded32, next: nextCalendar }

const OUTCOME_TYPES = ['e_learning_module', 'report', 'publication', 'laboratory', 'joint_degree']
const OUTCOME_LANGUAGES = ['en', 'az', 'ru', 'de', 'fr', 'tr', 'uk', 'pl']

/** Project and institution slugs of the database, for the catalogue's links "all outcomes of this project". */
export interface CatalogueRefs {
  projects: readonly string[]
  institutions: readonly string[]
}

/**
 * One look at the outcomes catalogue: the page or the API, with the filters people combine (type, subject,
 * language, country), or one project's or one institution's outcomes as their pages link to them, and later pages.
 */
function nextCatalogue(random: () => number, refs: CatalogueRefs): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const params = new URLSearchParams()
  const shape = random()
  if (shape < 0.15 && refs.projects.length > 0) params.set('project', pick(refs.projects))
  else if (shape < 0.25 && refs.institutions.length > 0) params.set('institution', pick(refs.institutions))
  if (random() < 0.5) params.set('type', pick(OUTCOME_TYPES))
  if (shape >= 0.25) {
    if (random() < 0.3) params.set('subject', pick(SUBJECTS))
    if (random() < 0.3) params.set('language', pick(OUTCOME_LANGUAGES))
    if (random() < 0.4) params.set('country', pick(COUNTRIES))
  }
  if (random() < 0.2) params.set('page', String(1 + Math.floor(random() * 5)))
  return `${random() < 0.5 ? '/outcomes' : '/api/v1/outcomes'}?${params.toString()}`
}

export const catalogueQuery = { seeded: seeded32, next: nextCatalogue }
