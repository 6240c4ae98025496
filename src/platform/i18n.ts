import fs from 'node:fs'
import path from 'node:path'
import i18next, { type TFunction } from 'i18next'
import { LOCALES, type Locale } from '../config.ts'
import type { Message } from './errors.ts'

export type { TFunction }

const localesDir = path.resolve(import.meta.dirname, '../../locales')
const modulesDir = path.resolve(import.meta.dirname, '../modules')

type Messages = { [key: string]: string | Messages }

/**
 * A module keeps its own messages beside its code, in `src/modules/<module>/locales/<name>.<locale>.json`, so a
 * newcomer finds them with the module; they are merged over the shared `locales/<locale>.json`.
 */
export function loadMessages(locale: Locale): Messages {
  const messages: Messages = JSON.parse(fs.readFileSync(path.join(localesDir, `${locale}.json`), 'utf8'))
  for (const module of fs.readdirSync(modulesDir).sort()) {
    const dir = path.join(modulesDir, module, 'locales')
    if (!fs.existsSync(dir)) continue
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith(`.${locale}.json`)) continue
      mergeInto(messages, JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), `${module}/${file}`)
    }
  }
  return messages
}

function mergeInto(target: Messages, source: Messages, origin: string, prefix = ''): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key]
    if (typeof value === 'object' && typeof existing === 'object') {
      mergeInto(existing, value, origin, `${prefix}${key}.`)
    } else if (existing !== undefined) {
      throw new Error(`message "${prefix}${key}" from ${origin} is already defined`)
    } else {
      target[key] = value
    }
  }
}

const i18n = i18next.createInstance()
await i18n.init({
  resources: Object.fromEntries(LOCALES.map((locale) => [locale, { translation: loadMessages(locale) }])),
  lng: 'az',
  fallbackLng: ['en', 'az'],
  supportedLngs: [...LOCALES],
  // JSX escapes on render; escaping here too would double-escape.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
})

const translators = new Map<Locale, TFunction>()

export function translator(locale: Locale): TFunction {
  let t = translators.get(locale)
  if (!t) {
    t = remembering(i18n.getFixedT(locale))
    translators.set(locale, t)
  }
  return t
}

/** Keys remembered per language: the messages' keys, and the names built from data (countries, kinds…). */
const REMEMBERED_KEYS = 20_000

/**
 * A translator that answers a key asked without values from memory. A page asks for a few hundred messages, and
 * i18next resolves each one anew (key path, fallback languages, nesting, interpolation): a sixth of the CPU of a
 * search page. The messages are fixed at start-up, so such a key always gives the same text. The memory is
 * bounded: a key made from anything unchecked cannot grow it without end.
 */
function remembering(t: TFunction): TFunction {
  const texts = new Map<string, string>()
  const call = t as unknown as (key: unknown, options?: unknown) => unknown
  const remembered = (key: unknown, options?: unknown): unknown => {
    if (typeof key !== 'string' || !withoutValues(options)) return call(key, options)
    let text = texts.get(key)
    if (text === undefined) {
      const value = call(key)
      if (typeof value !== 'string') return value
      text = value
      if (texts.size < REMEMBERED_KEYS) texts.set(key, text)
    }
    return text
  }
  // The fixed translator's own properties (its language, namespace) come along.
  return Object.assign(remembered, t) as unknown as TFunction
}

function withoutValues(options: unknown): boolean {
  if (options === undefined) return true
  if (typeof options !== 'object' || options === null) return false
  for (const _ in options) return false
  return true
}

export function translate(t: TFunction, message: Message): string {
  return t(message.key, message.values ?? {})
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/** Picks the best supported language from an Accept-Language header, honouring q-values. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 }
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q)
  for (const { tag } of ranked) {
    const base = tag.split('-')[0]
    if (isLocale(base)) return base
  }
  return undefined
}

const intlLocale: Record<Locale, string> = { az: 'az-Latn-AZ', en: 'en-GB', ru: 'ru-RU' }

/**
 * Intl formatters built once per language and options: constructing one costs up to a millisecond, and a page of
 * results formats dozens of numbers and dates. The options are part of the key, so keep them literal objects.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.Collator>()

function formatter<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.Collator>(
  kind: string,
  locale: Locale,
  options: object,
  create: (tag: string) => F,
): F {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`
  let value = formatters.get(key) as F | undefined
  if (!value) {
    value = create(intlLocale[locale])
    formatters.set(key, value)
  }
  return value
}

/** A date formatter for a language, zone and style (the zone goes in `options.timeZone`). */
export function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return formatter('date', locale, options, (tag) => new Intl.DateTimeFormat(tag, options))
}

export function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return formatter('number', locale, options, (tag) => new Intl.NumberFormat(tag, options))
}

const languageNames = new Map<string, string>()

/** A language's name in the reader's language ("English"), from its ISO 639-1 code; each looked up once. */
export function languageName(code: string, locale: Locale): string {
  const key = `${locale}:${code}`
  let name = languageNames.get(key)
  if (name === undefined) {
    name = new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code
    // Codes come from forms and imports too: a bounded map, however many odd ones arrive.
    if (languageNames.size >= 2000) languageNames.clear()
    languageNames.set(key, name)
  }
  return name
}

export function collator(locale: Locale): Intl.Collator {
  return formatter('collator', locale, {}, (tag) => new Intl.Collator(tag))
}

export function formatDate(locale: Locale, iso: string, timeZone: string): string {
  return dateFormat(locale, { dateStyle: 'long', timeZone }).format(new Date(iso))
}

export function formatDateTime(locale: Locale, iso: string, timeZone: string): string {
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso))
}

export function formatNumber(locale: Locale, value: number): string {
  return numberFormat(locale).format(value)
}
