/**
 * Search text folding, done by the application so that SQLite FTS5 and PostgreSQL's 'simple' configuration see
 * exactly the same tokens: lower case, no diacritics, Azerbaijani letters mapped to the Latin letters people type
 * on a keyboard without them (ə → a, as in "Mammadova"; ı and İ → i), punctuation turned into spaces.
 */
const SPECIAL: Record<string, string> = { ə: 'a', Ə: 'a', ı: 'i', İ: 'i', ß: 'ss', ё: 'е', Ё: 'е' }
const SPECIAL_RE = /[əƏıİßёЁ]/g

export function foldText(text: string): string {
  return text
    .replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/** At most this many words of a query are used; the rest is ignored rather than refused. */
const MAX_TERMS = 8
const MAX_TERM_LENGTH = 40

/**
 * The words of a query, folded like the indexed text. Only letters and digits survive, so nothing a person
 * types (quotes, *, NEAR(, OR, SQL) can reach either engine's query syntax.
 */
export function queryTerms(query: string | undefined): string[] {
  if (!query) return []
  return foldText(query)
    .split(' ')
    .filter(Boolean)
    .slice(0, MAX_TERMS)
    .map((term) => term.slice(0, MAX_TERM_LENGTH))
}

/** FTS5 MATCH expression: every word must occur; the last one may be the start of a word (typing in progress). */
export function ftsMatch(terms: readonly string[]): string {
  return terms.map((term, i) => `"${term}"${i === terms.length - 1 ? '*' : ''}`).join(' ')
}

/** PostgreSQL to_tsquery('simple', …) expression with the same meaning as ftsMatch. */
export function tsQuery(terms: readonly string[]): string {
  return terms.map((term, i) => `${term}${i === terms.length - 1 ? ':*' : ''}`).join(' & ')
}

/** Words of an average indexed text (name, institution, city, subjects): the length at which a text is not penalised. */
const AVERAGE_WORDS = 12

/**
 * Relevance of a matching folded text to the query's terms, higher is better, computed by the application so that
 * SQLite and PostgreSQL rank alike: for each term, its occurrences in the text (the last term as the start of a word,
 * as in ftsMatch), saturating like BM25 (k1 = 1.2, b = 0.75) so that a short text naming the term beats a long one
 * mentioning it. No inverse document frequency: every candidate contains every term, so it would only weigh one
 * term's repetitions against another's.
 */
export function textScore(terms: readonly string[], folded: string): number {
  const words = folded.split(' ').filter(Boolean)
  const norm = 1.2 * (0.25 + (0.75 * words.length) / AVERAGE_WORDS)
  let score = 0
  terms.forEach((term, i) => {
    const prefix = i === terms.length - 1
    let tf = 0
    for (const w of words) if (prefix ? w.startsWith(term) : w === term) tf++
    score += tf / (tf + norm)
  })
  return score
}
