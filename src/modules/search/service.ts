import type { Locale } from '../../config.ts'
import type { Db, Queryable } from '../../db/database.ts'
import type { Actor } from '../../platform/policy.ts'
import { foldText, queryTerms, textScore } from '../partners/fold.ts'
import { inLanguage } from '../projects/gallery.ts'
import { audiencesFor } from './audience.ts'
import * as q from './queries.ts'
import { loadDocuments, SEARCH_TYPES, type SearchDocument, type SearchType, type Texts } from './sources.ts'

export { SEARCH_TYPES, type SearchType } from './sources.ts'

/** Each language's title is cut to this length so that the three fit the index's title column together. */
const TITLE_PART = 150
const cut = (text: string | null) =>
  text && text.length > TITLE_PART ? `${text.slice(0, TITLE_PART - 1)}…` : (text ?? null)

/**
 * Writes (or rewrites) a thing's row: its titles in every language, its page, who may read it, and the folded
 * text of everything it says, which both databases' text indexes read.
 */
export async function indexDocument(db: Queryable, doc: SearchDocument): Promise<void> {
  const title: Texts = { az: cut(doc.title.az), en: cut(doc.title.en), ru: cut(doc.title.ru) }
  await q.upsertDocument(
    db,
    {
      entity_type: doc.type,
      entity_id: doc.id,
      audience: doc.audience,
      title: JSON.stringify(title),
      url: doc.url,
      search_text: foldText(doc.texts.filter((t): t is string => Boolean(t)).join(' ')),
      visible_from: doc.visibleFrom ?? null,
    },
    new Date().toISOString(),
  )
}

export function removeDocument(db: Queryable, type: SearchType, id: string): Promise<void> {
  return q.deleteDocument(db, type, id)
}

/**
 * What a module calls after changing one of its things: the row is read back from the module's table and
 * indexed if it may be found (published, in the gallery…), removed otherwise, so no write path decides that twice.
 */
export async function refreshSearch(db: Queryable, type: SearchType, id: string): Promise<void> {
  const [doc] = await loadDocuments(db, type, { ids: [id], limit: 1 })
  if (doc) await indexDocument(db, doc)
  else await removeDocument(db, type, id)
}

const REBUILD_PAGE = 500

/** Rebuilds every row from the modules' tables (`korpu search rebuild`, and at start when the index is empty). */
export async function rebuildSearch(db: Db): Promise<Record<SearchType, number>> {
  const counts = Object.fromEntries(SEARCH_TYPES.map((t) => [t, 0])) as Record<SearchType, number>
  // One transaction: searches meanwhile see the old rows, never a half-built index.
  await db.transaction().execute(async (trx) => {
    await q.deleteAll(trx)
    for (const type of SEARCH_TYPES) {
      let after: string | undefined
      for (;;) {
        const docs = await loadDocuments(trx, type, { after, limit: REBUILD_PAGE })
        for (const doc of docs) await indexDocument(trx, doc)
        counts[type] += docs.length
        if (docs.length < REBUILD_PAGE) break
        after = docs[docs.length - 1]?.id
      }
    }
  })
  return counts
}

export async function isIndexEmpty(db: Queryable): Promise<boolean> {
  return (await q.documentCount(db)) === 0
}

// ---------------------------------------------------------------- searching

/** At most this many matching rows are ranked; a query matching more shows the best of the newest. */
const CANDIDATES = 2000
/** Hits shown per type on the grouped page; one type alone shows up to MAX_ONE_TYPE. */
export const PER_GROUP = 5
export const MAX_ONE_TYPE = 50

export interface SearchHit {
  type: SearchType
  id: string
  title: string
  /** The title's language, for the lang attribute when it differs from the page's. */
  lang: Locale
  url: string
}

export interface SearchGroup {
  type: SearchType
  total: number
  hits: SearchHit[]
}

export interface SearchResult {
  query: string
  /** The words searched for, folded; empty when the query held none. */
  terms: string[]
  groups: SearchGroup[]
  /** The type asked for alone, if any. */
  type: SearchType | null
  /** Whether there were more candidates than were ranked. */
  capped: boolean
}

function parseTitle(json: string, locale: Locale): { text: string; lang: Locale } {
  try {
    const title = JSON.parse(json) as Texts
    return inLanguage(title, locale) ?? { text: '', lang: locale }
  } catch {
    return { text: json, lang: locale }
  }
}

/**
 * The things an actor may read whose text holds every word of the query, grouped by type in SEARCH_TYPES order,
 * best first within a group. Rows for audiences the actor may not read are never selected.
 */
export async function search(
  db: Queryable,
  actor: Actor,
  query: string,
  options: { locale: Locale; type?: SearchType },
): Promise<SearchResult> {
  const terms = queryTerms(query)
  const type = options.type ?? null
  if (terms.length === 0) return { query, terms, groups: [], type, capped: false }
  const rows = await q.matchingDocuments(db, terms, audiencesFor(actor), new Date().toISOString(), CANDIDATES)
  const ranked = rows
    .map((row) => ({ row, score: textScore(terms, row.search_text) }))
    .sort((a, b) => b.score - a.score)
  const groups: SearchGroup[] = []
  for (const t of SEARCH_TYPES) {
    if (type && t !== type) continue
    const ofType = ranked.filter((r) => r.row.entity_type === t)
    if (ofType.length === 0) continue
    groups.push({
      type: t,
      total: ofType.length,
      hits: ofType.slice(0, type ? MAX_ONE_TYPE : PER_GROUP).map(({ row }) => {
        const title = parseTitle(row.title, options.locale)
        return { type: t, id: row.entity_id, title: title.text, lang: title.lang, url: row.url }
      }),
    })
  }
  return { query, terms, groups, type, capped: rows.length >= CANDIDATES }
}
