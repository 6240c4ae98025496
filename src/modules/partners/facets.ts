import type { InstitutionType } from '../../db/schema.ts'

/** Pupils' age bands: a profile's age range is tagged with every band it overlaps, so one band is one filter. */
export const AGE_BANDS = [
  { code: '3-5', min: 3, max: 5 },
  { code: '6-10', min: 6, max: 10 },
  { code: '11-14', min: 11, max: 14 },
  { code: '15-18', min: 15, max: 18 },
  { code: '19+', min: 19, max: 200 },
] as const
export type AgeBand = (typeof AGE_BANDS)[number]['code']

export function ageBandsFor(min: number | null, max: number | null): AgeBand[] {
  if (min === null && max === null) return []
  const lo = min ?? 0
  const hi = max ?? 200
  return AGE_BANDS.filter((band) => band.min <= hi && band.max >= lo).map((band) => band.code)
}

export const INSTITUTION_TYPES: readonly InstitutionType[] = [
  'school',
  'vet_college',
  'university',
  'academy',
  'ministry_agency',
  'ngo',
  'company',
  'other',
]

/** Languages a profile may list (ISO 639-1): the installation's languages and those of its usual partners. */
export const PROFILE_LANGUAGES = [
  'az',
  'en',
  'ru',
  'tr',
  'de',
  'fr',
  'es',
  'it',
  'ka',
  'uk',
  'pl',
  'ar',
  'fa',
  'zh',
] as const

/** Tag prefixes of partner_search_tags: subject, language, age band. */
export const tag = {
  subject: (code: string) => `s:${code}`,
  language: (code: string) => `l:${code}`,
  age: (code: string) => `a:${code}`,
}
