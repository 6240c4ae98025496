import type { Static } from 'typebox'
import type { Locale } from '../../config.ts'
import type { Db } from '../../db/database.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { authorize } from '../../platform/policy.ts'
import { Snapshots } from '../../platform/snapshots.ts'
import { visitorPages } from '../../web/visitor-pages.ts'
import { inLanguage } from '../projects/gallery.ts'
import * as q from './queries.ts'
import {
  CATALOGUE_MAX_PAGE,
  CATALOGUE_PAGE_SIZE,
  type CatalogueParams,
  type CatalogueResponse,
} from './schemas.ts'

export type CatalogueResult = Static<typeof CatalogueResponse>

/**
 * The catalogue's filters and counts work on a compact copy of what they look at (type, language, country, subjects,
 * owner, project), in memory: a bit set per value, one bit per outcome, numbered newest first. Any combination of
 * filters is a few AND operations over 100,000 bits, every facet count a population count, and a page the next set
 * bits; the database then reads the page's twenty cards by primary key. Counting the same in SQL means grouping tens
 * of thousands of rows per request (half a second at 100,000 outcomes).
 *
 * The copy is reloaded at once (the next reader waits) after this process records, changes or deletes an outcome;
 * what other web processes sharing the database change shows within a minute or ten (see `snapshots`).
 */
export const SNAPSHOT_TTL_MS = 60_000
export const FULL_RELOAD_MS = 10 * 60_000
const FACET_LIMIT = 15

interface Snapshot {
  /** Outcome ids by number, newest first. */
  ids: string[]
  words: number
  /** 'type:report', 'language:en', 'country:DE', 'subject:mathematics' → the outcomes carrying it. */
  sets: Map<string, Uint32Array>
  /** How many outcomes each set holds: the counts without a filter. */
  sizes: Map<string, number>
  /** 'owner:<id>', 'project:<id>' → the outcomes' numbers (few each, so lists rather than sets). */
  lists: Map<string, number[]>
  /** The keys of `sets` in a fixed order, and each outcome's keys as positions in it (outcome d's are
   * docKeys[keyStart[d]] up to keyStart[d + 1]): a filtered set is counted by visiting its members. */
  keys: string[]
  keyStart: Uint32Array
  docKeys: Uint32Array
}

/**
 * The catalogue's pages as visitors get them, kept as long as the copy's counts may be (they show them): a
 * filtered page costs a few milliseconds of rendering, the same for every visitor of a language.
 */
export const cataloguePages = visitorPages({ ttlMs: SNAPSHOT_TTL_MS, db: (req) => req.server.deps.db })

/** Makes the next catalogue read in this process wait for a fresh copy, so a change shows at once. */
export function forgetCounts(db: Db): void {
  snapshots.forget(db)
  cataloguePages.clear(db)
}

async function load(db: Db): Promise<Snapshot> {
  const [rows, subjects] = await Promise.all([q.catalogueRows(db), q.catalogueSubjects(db)])
  const words = Math.max(1, Math.ceil(rows.length / 32))
  const sets = new Map<string, Uint32Array>()
  const lists = new Map<string, number[]>()
  const set = (key: string, doc: number) => {
    let bits = sets.get(key)
    if (!bits) {
      bits = new Uint32Array(words)
      sets.set(key, bits)
    }
    bits[doc >>> 5] = (bits[doc >>> 5] ?? 0) | (1 << (doc & 31))
  }
  const list = (key: string, doc: number) => {
    const docs = lists.get(key)
    if (docs) docs.push(doc)
    else lists.set(key, [doc])
  }
  const docOf = new Map<string, number>()
  rows.forEach((r, doc) => {
    docOf.set(r.id, doc)
    set(`type:${r.type}`, doc)
    set(`country:${r.country}`, doc)
    if (r.language) set(`language:${r.language}`, doc)
    list(`owner:${r.owner_institution_id}`, doc)
    if (r.consortium_id) list(`project:${r.consortium_id}`, doc)
  })
  for (const s of subjects) {
    const doc = docOf.get(s.outcome_id)
    if (doc !== undefined) set(`subject:${s.code}`, doc)
  }
  const sizes = new Map([...sets].map(([key, bits]) => [key, countOf(bits, null)]))
  const keys = [...sets.keys()]
  const perDoc: number[][] = rows.map(() => [])
  keys.forEach((key, position) => {
    const bits = sets.get(key) as Uint32Array
    forEachDoc(bits, (doc) => perDoc[doc]?.push(position))
  })
  const keyStart = new Uint32Array(rows.length + 1)
  perDoc.forEach((list, doc) => {
    keyStart[doc + 1] = (keyStart[doc] ?? 0) + list.length
  })
  const docKeys = Uint32Array.from(perDoc.flat())
  return { ids: rows.map((r) => r.id), words, sets, sizes, lists, keys, keyStart, docKeys }
}

/** Calls `visit` with the number of every outcome in a bit set, in order; empty words are skipped whole. */
function forEachDoc(bits: Uint32Array, visit: (doc: number) => void): void {
  for (let word = 0; word < bits.length; word++) {
    let value = bits[word] ?? 0
    while (value !== 0) {
      const low = value & -value
      visit(word * 32 + 31 - Math.clz32(low))
      value ^= low
    }
  }
}

/**
 * The copy per database (src/platform/snapshots.ts): reloaded at once after a change here; another process's additions
 * and deletions show within SNAPSHOT_TTL_MS (the number of outcomes, one index count), other changes within
 * FULL_RELOAD_MS. A load reads every outcome, so it runs as rarely as that allows.
 */
const snapshots = new Snapshots<Snapshot>({
  ttlMs: SNAPSHOT_TTL_MS,
  fullReloadMs: FULL_RELOAD_MS,
  load,
  fingerprint: async (readDb) => String(await q.outcomeCount(readDb)),
})

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

function countOf(bits: Uint32Array, mask: Uint32Array | null): number {
  let n = 0
  for (let i = 0; i < bits.length; i++) n += popcount(mask ? (bits[i] ?? 0) & (mask[i] ?? 0) : (bits[i] ?? 0))
  return n
}

/** The outcomes matching every filter, as a bit set; null: no filter, every outcome. */
function matching(snap: Snapshot, keys: { sets: string[]; lists: string[] }): Uint32Array | null {
  if (keys.sets.length === 0 && keys.lists.length === 0) return null
  const mask = new Uint32Array(snap.words).fill(0xffffffff)
  for (const key of keys.sets) {
    const bits = snap.sets.get(key)
    for (let i = 0; i < mask.length; i++) mask[i] = (mask[i] ?? 0) & (bits?.[i] ?? 0)
  }
  for (const key of keys.lists) {
    const only = new Uint32Array(snap.words)
    for (const doc of snap.lists.get(key) ?? []) only[doc >>> 5] = (only[doc >>> 5] ?? 0) | (1 << (doc & 31))
    for (let i = 0; i < mask.length; i++) mask[i] = (mask[i] ?? 0) & (only[i] ?? 0)
  }
  return mask
}

/** The numbers of the matches from `from` on, at most `limit` of them (numbers run newest first). */
function pageOf(snap: Snapshot, mask: Uint32Array | null, from: number, limit: number): number[] {
  const docs: number[] = []
  let seen = 0
  for (let doc = 0; doc < snap.ids.length && docs.length < limit; doc++) {
    if (mask && (((mask[doc >>> 5] ?? 0) >>> (doc & 31)) & 1) === 0) {
      // A whole empty word is skipped at once.
      if ((doc & 31) === 0 && (mask[doc >>> 5] ?? 0) === 0) doc += 31
      continue
    }
    if (seen++ >= from) docs.push(doc)
  }
  return docs
}

/**
 * How many matches carry each key. Few matches: their keys are visited (a handful each); many: each key's set is
 * counted against the mask (a population count over every word), whichever reads less. No filter: the sizes.
 */
function keyCounts(snap: Snapshot, mask: Uint32Array | null, total: number): Map<string, number> {
  if (!mask) return snap.sizes
  const counts = new Map<string, number>()
  const perDocKeys = snap.docKeys.length / Math.max(1, snap.ids.length)
  if (total * perDocKeys < snap.keys.length * snap.words) {
    const byPosition = new Uint32Array(snap.keys.length)
    const { keyStart, docKeys } = snap
    // forEachDoc inlined: this loop runs for every match of every filtered request.
    for (let word = 0; word < mask.length; word++) {
      let value = mask[word] ?? 0
      while (value !== 0) {
        const low = value & -value
        const doc = word * 32 + 31 - Math.clz32(low)
        value ^= low
        for (let i = keyStart[doc] ?? 0; i < (keyStart[doc + 1] ?? 0); i++) {
          const position = docKeys[i] ?? 0
          byPosition[position] = (byPosition[position] ?? 0) + 1
        }
      }
    }
    snap.keys.forEach((key, position) => {
      counts.set(key, byPosition[position] ?? 0)
    })
    return counts
  }
  for (const [key, bits] of snap.sets) counts.set(key, countOf(bits, mask))
  return counts
}

function facet(counts: Map<string, number>, prefix: string) {
  const values: Array<{ value: string; count: number }> = []
  for (const [key, count] of counts) {
    if (key.startsWith(prefix) && count > 0) values.push({ value: key.slice(prefix.length), count })
  }
  return values.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, FACET_LIMIT)
}

/** A filter naming no existing row: no outcome matches it. */
const NOTHING = '-'

/**
 * The catalogue of outcomes: filtered, counted, newest first, a page at a time. `readDb` loads the copy and reads the
 * page's cards: on a SQLite file the read pool's worker threads (src/db/read-pool.ts), so the event loop serves
 * other requests meanwhile.
 */
export async function catalogue(
  ctx: ServiceContext,
  params: CatalogueParams,
  locale: Locale,
  readDb: Db = ctx.db,
): Promise<CatalogueResult> {
  authorize(ctx.actor, 'outcomes.view', undefined)
  const snap = await snapshots.get(ctx.db, readDb)
  // Answers are kept with the copy they were computed from: a new copy (a change, or the periodic check) starts
  // afresh, so a kept answer is never older than the counts beside it.
  let answers = resultCache.get(snap)
  if (!answers) {
    answers = new Map()
    resultCache.set(snap, answers)
  }
  const key = JSON.stringify([locale, params])
  const kept = answers.get(key)
  if (kept) return kept
  const answer = compute(snap, params, locale, readDb)
  if (answers.size >= RESULT_CACHE_SIZE) answers.delete(answers.keys().next().value ?? '')
  answers.set(key, answer)
  answer.catch(() => answers.delete(key))
  return answer
}

/** Answers kept per copy of the catalogue, oldest out first. */
const RESULT_CACHE_SIZE = 2000
const resultCache = new WeakMap<Snapshot, Map<string, Promise<CatalogueResult>>>()

async function compute(
  snap: Snapshot,
  params: CatalogueParams,
  locale: Locale,
  readDb: Db,
): Promise<CatalogueResult> {
  const [institution, project] = await Promise.all([
    params.institution ? q.institutionBySlug(readDb, params.institution) : undefined,
    params.project ? q.consortiumBySlug(readDb, params.project) : undefined,
  ])
  const sets: string[] = []
  if (params.type) sets.push(`type:${params.type}`)
  if (params.language) sets.push(`language:${params.language}`)
  if (params.country) sets.push(`country:${params.country}`)
  if (params.subject) sets.push(`subject:${params.subject}`)
  // An unknown slug is a filter that matches nothing, as a shared link to a removed project should.
  const lists: string[] = []
  if (params.institution) lists.push(`owner:${institution?.id ?? NOTHING}`)
  if (params.project) lists.push(`project:${project?.id ?? NOTHING}`)
  const mask = matching(snap, { sets, lists })
  const total = mask ? countOf(mask, null) : snap.ids.length
  const counts = keyCounts(snap, mask, total)
  const page = params.page ?? 1
  const docs = pageOf(snap, mask, (page - 1) * CATALOGUE_PAGE_SIZE, CATALOGUE_PAGE_SIZE)
  const rows = await q.cardsByIds(
    readDb,
    docs.map((d) => snap.ids[d] ?? ''),
  )
  return {
    total,
    page,
    pageSize: CATALOGUE_PAGE_SIZE,
    pages: Math.min(CATALOGUE_MAX_PAGE, Math.max(1, Math.ceil(total / CATALOGUE_PAGE_SIZE))),
    institution: institution ? { slug: institution.slug, name: institution.name } : null,
    project: project
      ? {
          slug: project.slug,
          name:
            project.acronym ??
            inLanguage({ az: project.title_az, en: project.title_en, ru: project.title_ru }, locale)?.text ??
            project.slug,
        }
      : null,
    facets: {
      type: facet(counts, 'type:'),
      subject: facet(counts, 'subject:'),
      language: facet(counts, 'language:'),
      country: facet(counts, 'country:'),
    },
    results: rows.map((r) => {
      const title = inLanguage({ az: r.title_az, en: r.title_en, ru: r.title_ru }, locale)
      const projectTitle = inLanguage(
        { az: r.project_title_az, en: r.project_title_en, ru: r.project_title_ru },
        locale,
      )
      return {
        slug: r.slug,
        url: `/outcomes/${r.slug}`,
        type: r.type,
        title: title?.text ?? '',
        lang: title?.lang ?? locale,
        country: r.country,
        language: r.language,
        level: r.level,
        ects: r.ects === null ? null : Number(r.ects),
        deliveryMode: r.delivery_mode,
        owner: { slug: r.owner_slug, name: r.owner_name },
        project: r.project_slug
          ? { slug: r.project_slug, name: r.project_acronym ?? projectTitle?.text ?? r.project_slug }
          : null,
        createdAt: new Date(r.created_at).toISOString(),
      }
    }),
  }
}
