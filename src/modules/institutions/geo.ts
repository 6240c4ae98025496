import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import countries, { type LocaleData } from 'i18n-iso-countries'
import type { Locale } from '../../config.ts'
import { collator } from '../../platform/i18n.ts'

/*
 * Countries come from the maintained `i18n-iso-countries` package (names in az / en / ru); subdivisions of the
 * installation's country from the ISO 3166-2 files shipped in data/ (Debian iso-codes for the az and ru names,
 * countrystatecity for the English ones; licences beside them). Nothing here is typed out by hand.
 */

const require = createRequire(import.meta.url)
for (const locale of ['az', 'en', 'ru'] as const) {
  countries.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`) as LocaleData)
}

/** ISO 3166-1 alpha-2 for a code given as alpha-2 or alpha-3 (any case); undefined when no such country. */
export function countryCode(value: string): string | undefined {
  const code = value.trim().toUpperCase()
  if (/^[A-Z]{2}$/.test(code)) return countries.isValid(code) ? code : undefined
  if (/^[A-Z]{3}$/.test(code)) return countries.alpha3ToAlpha2(code)
  return undefined
}

export function countryName(code: string, locale: Locale): string {
  return countries.getName(code, locale) ?? countries.getName(code, 'en') ?? code
}

/** Every country, sorted by its name in the given language (for select boxes). */
const sortedCountries = new Map<Locale, ReadonlyArray<{ code: string; name: string }>>()

/** Every country by its name in the language, sorted once per language (a select on many pages lists them). */
export function countryOptions(locale: Locale): ReadonlyArray<{ code: string; name: string }> {
  let list = sortedCountries.get(locale)
  if (!list) {
    const order = collator(locale)
    list = Object.entries(countries.getNames(locale))
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => order.compare(a.name, b.name))
    sortedCountries.set(locale, list)
  }
  return list
}

export interface Subdivision {
  code: string
  names: Record<Locale, string>
  /** Cities with the status of a subdivision (Bakı, Gəncə…), told apart from the rayon of the same name. */
  municipality: boolean
  parent: string | null
}

const dataDir = path.resolve(import.meta.dirname, 'data')

function readCsv(file: string): Array<Record<string, string>> {
  return parse(fs.readFileSync(path.join(dataDir, file), 'utf8'), { columns: true, skip_empty_lines: true })
}

/** Subdivisions per country; only the shipped countries have any (today Azerbaijan). */
const SUBDIVISIONS: ReadonlyMap<string, readonly Subdivision[]> = (() => {
  const english = new Map(readCsv('az_subdivisions_csc.csv').map((r) => [r.iso3166_2 ?? '', r.name_en ?? '']))
  const list = readCsv('az_subdivisions_iso3166-2_isocodes.csv').map((r): Subdivision => {
    const code = r.code ?? ''
    const az = r.name_az ?? code
    return {
      code,
      names: { az, en: english.get(code) || az, ru: r.name_ru || az },
      municipality: r.type === 'Municipality',
      parent: r.parent_code || null,
    }
  })
  return new Map([['AZ', list]])
})()

export function subdivisionsOf(country: string): readonly Subdivision[] {
  return SUBDIVISIONS.get(country) ?? []
}

export function findSubdivision(code: string): Subdivision | undefined {
  return subdivisionsOf(code.slice(0, 2)).find((s) => s.code === code)
}

/**
 * The subdivision's name in a language; a city and the rayon around it share a name (Lənkəran, Şəki, Yevlax),
 * so a municipality carries the translated `citySuffix` when its name is not unique.
 */
export function subdivisionName(code: string, locale: Locale, citySuffix: string): string {
  const subdivision = findSubdivision(code)
  if (!subdivision) return code
  const name = subdivision.names[locale]
  const shared = subdivisionsOf(code.slice(0, 2)).some((s) => s.code !== code && s.names[locale] === name)
  return shared && subdivision.municipality ? `${name} (${citySuffix})` : name
}

/**
 * Finds a subdivision code from what an imported file says: the code itself (AZ-GA), or an unambiguous name in
 * any of the three languages (Gəncə, Ganja, Гянджа).
 */
export function resolveSubdivision(country: string, value: string): string | undefined {
  const wanted = value.trim()
  if (!wanted) return undefined
  const list = subdivisionsOf(country)
  const upper = wanted.toUpperCase()
  const byCode = list.find((s) => s.code === upper)
  if (byCode) return byCode.code
  const lower = wanted.toLocaleLowerCase()
  const matches = list.filter((s) => Object.values(s.names).some((n) => n.toLocaleLowerCase() === lower))
  // A city and its rayon share a name: the city is what an address usually means.
  const city = matches.find((s) => s.municipality)
  return city?.code ?? (matches.length === 1 ? matches[0]?.code : undefined)
}
