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

/** A seeded generator, so that two runs ask the same questions. */
function seeded(start: number): () => number {
  let seed = start
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
    return seed / 2_147_483_648
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

export const benchQuery = { seeded, next }

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

export const galleryQuery = { seeded, next: nextGallery }
