import type { InstitutionType } from '../../db/schema.ts'
import type { FieldErrors } from '../../platform/errors.ts'
import { countryCode, resolveSubdivision, subdivisionsOf } from './geo.ts'
import { EDUCATION_LEVELS, INSTITUTION_TYPES } from './schemas.ts'

/** What a person or a file may say about an institution, before it is checked. */
export type RawInstitution = Partial<Record<string, string | readonly string[] | undefined>>

/** An institution's fields, checked and in stored form. */
export interface InstitutionValues {
  name: string
  type: InstitutionType
  country: string
  region: string | null
  city: string | null
  website: string | null
  national_id: string | null
  erasmus_pic: string | null
  erasmus_code: string | null
  oid: string | null
  education_levels: string[]
  languages: string[]
  description_az: string | null
  description_en: string | null
  description_ru: string | null
}

export const IDENTIFIERS = ['national_id', 'erasmus_pic', 'erasmus_code', 'oid'] as const

const CONTROL = /\p{Cc}/gu
const LIMITS = {
  name: 300,
  city: 120,
  website: 500,
  national_id: 64,
  erasmus_code: 32,
  description_az: 1000,
  description_en: 1000,
  description_ru: 1000,
} as const

function text(raw: RawInstitution, field: string): string {
  const value = raw[field]
  const first = typeof value === 'string' ? value : (value?.[0] ?? '')
  // Control characters (NUL above all, which PostgreSQL refuses) become spaces; runs of spaces become one.
  return first.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim()
}

function list(raw: RawInstitution, field: string): string[] {
  const value = raw[field]
  const parts = typeof value === 'string' ? [value] : [...(value ?? [])]
  return [
    ...new Set(
      parts
        .flatMap((p) => p.split(/[\s,;|]+/))
        .map((p) => p.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]
}

/** A web address people can follow: http(s) only (never javascript: or data:), a dotted host name. */
export function normaliseWebsite(value: string): string | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`
  try {
    const url = new URL(withScheme)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    if (!/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(url.hostname) || url.username || url.password)
      return null
    return url.toString()
  } catch {
    return null
  }
}

/**
 * Checks and normalises an institution's fields, the same way for the edit form, the API and each row of an
 * import. `defaultType` fills a missing type (an import of universities need not say so on every line).
 */
export function checkInstitution(
  raw: RawInstitution,
  options: { defaultType?: InstitutionType } = {},
): { value: InstitutionValues; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const get = (field: keyof typeof LIMITS | 'region' | 'erasmus_pic' | 'oid' | 'country' | 'type') => {
    const value = text(raw, field)
    const limit = (LIMITS as Record<string, number>)[field]
    if (limit !== undefined && value.length > limit) {
      errors[field] = { key: 'validation.max_length', values: { count: limit } }
    }
    return value
  }

  const name = get('name')
  if (!name) errors.name = { key: 'validation.required' }

  const typeText = get('type').toLowerCase()
  const type = (typeText || options.defaultType || '') as InstitutionType
  if (!INSTITUTION_TYPES.includes(type)) {
    errors.type = typeText ? { key: 'validation.choice' } : { key: 'validation.required' }
  }

  const countryText = get('country')
  const country = countryText ? countryCode(countryText) : undefined
  if (!countryText) errors.country = { key: 'validation.required' }
  else if (!country)
    errors.country = {
      key: 'institutions.errors.unknown_country',
      values: { value: countryText.slice(0, 20) },
    }

  let region: string | null = null
  const regionText = get('region')
  if (regionText && country) {
    if (subdivisionsOf(country).length > 0) {
      region = resolveSubdivision(country, regionText) ?? null
    } else if (new RegExp(`^${country}-[A-Z0-9]{1,3}$`).test(regionText.toUpperCase())) {
      // No subdivision list for this country: keep a well-formed ISO 3166-2 code as given.
      region = regionText.toUpperCase()
    }
    if (!region)
      errors.region = {
        key: 'institutions.errors.unknown_region',
        values: { value: regionText.slice(0, 40) },
      }
  }

  const websiteText = get('website')
  const website = websiteText ? normaliseWebsite(websiteText) : null
  if (websiteText && !website && !errors.website) errors.website = { key: 'institutions.errors.bad_url' }

  const pic = get('erasmus_pic').replace(/\s/g, '')
  if (pic && !/^\d{9}$/.test(pic)) errors.erasmus_pic = { key: 'institutions.errors.pic' }
  const oid = get('oid').toUpperCase()
  if (oid && !/^E\d{8}$/.test(oid)) errors.oid = { key: 'institutions.errors.oid' }
  const erasmusCode = get('erasmus_code').toUpperCase()
  if (erasmusCode && !/^[A-Z0-9][A-Z0-9 .-]{2,31}$/.test(erasmusCode))
    errors.erasmus_code = { key: 'validation.pattern' }

  const levels = list(raw, 'education_levels')
  if (levels.some((l) => !(EDUCATION_LEVELS as readonly string[]).includes(l)))
    errors.education_levels = { key: 'validation.choice' }
  const languages = list(raw, 'languages')
  if (languages.length > 20 || languages.some((l) => !/^[a-z]{2}$/.test(l)))
    errors.languages = { key: 'institutions.errors.languages' }

  const value: InstitutionValues = {
    name,
    type,
    country: country ?? countryText.toUpperCase(),
    region,
    city: get('city') || null,
    website,
    national_id: get('national_id') || null,
    erasmus_pic: pic || null,
    erasmus_code: erasmusCode || null,
    oid: oid || null,
    education_levels: levels,
    languages,
    description_az: get('description_az') || null,
    description_en: get('description_en') || null,
    description_ru: get('description_ru') || null,
  }
  return { value, errors }
}
