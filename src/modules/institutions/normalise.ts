/**
 * The key under which two spellings of one institution's name meet: accents and case folded, Azerbaijani
 * letters mapped to their Latin base (ı → i, ə → e), punctuation and repeated spaces gone. Migration 0003 holds
 * a frozen copy of this rule to backfill existing rows; change both only with a migration that recomputes keys.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/ə/g, 'e')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 300)
}

/** A readable ASCII slug for public URLs (uniqueness is the caller's job). */
export function slugify(name: string): string {
  const slug = nameKey(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 140)
    .replace(/-+$/, '')
  return slug || 'institution'
}

/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab / carriage return before one) as a formula:
 * an exported file must never carry one, so such a cell gets a leading apostrophe (OWASP "CSV injection").
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}
