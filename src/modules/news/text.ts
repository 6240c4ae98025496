import { LOCALES, type Locale } from '../../config.ts'

export type Localised = { az: string | null; en: string | null; ru: string | null }

/**
 * The order languages are tried in when a text is missing in the reader's: theirs, then the installation's
 * default language (KORPU_DEFAULT_LOCALE), then the others in the order of LOCALES.
 */
export function fallbackOrder(locale: Locale, defaultLocale: Locale): Locale[] {
  return [...new Set<Locale>([locale, defaultLocale, ...LOCALES])]
}

/** The language to show a text in: the first in the fallback order that has one (null if none has). */
export function chooseLanguage(text: Localised, locale: Locale, defaultLocale: Locale): Locale | null {
  return fallbackOrder(locale, defaultLocale).find((lang) => Boolean(text[lang])) ?? null
}

/** XML text and attribute escaping (feeds, sitemap). */
export function xml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)
}
