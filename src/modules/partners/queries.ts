import { PostgresAdapter, type RawBuilder, sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type { PartnerSearchTable } from '../../db/schema.ts'
import { ftsMatch, tsQuery } from './fold.ts'

export function isPostgres(db: Queryable): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

// ---------------------------------------------------------------- the index (one row per member / institution)

export type SearchDoc = Omit<PartnerSearchTable, 'doc' | 'looking' | 'subjects' | 'languages'> & {
  looking: number
  subjects: string
  languages: string
}

/** The summary-table keys one index row carries (see migration 0006): its single-valued facets and its tags. */
export function docKeys(
  row: { country: string | null; region: string | null; institution_type: string | null; looking: number },
  tags: Iterable<string>,
): string[] {
  const keys: string[] = []
  if (row.country !== null) keys.push(`c:${row.country}`)
  if (row.region !== null) keys.push(`r:${row.region}`)
  if (row.institution_type !== null) keys.push(`t:${row.institution_type}`)
  if (Number(row.looking) === 1) keys.push('looking')
  for (const t of new Set(tags)) keys.push(t)
  return keys
}

type SummaryDelta = Map<string, number>

/** Adds (delta 1) or takes away (delta -1) one row's contribution: every (filter, facet) pair of its keys and ''. */
function addToDelta(
  delta: SummaryDelta,
  audience: number,
  kind: string,
  keys: readonly string[],
  by: number,
): void {
  const all = ['', ...keys]
  for (const f of all) {
    for (const v of all) {
      const key = JSON.stringify([audience, kind, f, v])
      delta.set(key, (delta.get(key) ?? 0) + by)
    }
  }
}

async function applyDelta(db: Queryable, delta: SummaryDelta): Promise<void> {
  const rows = [...delta]
    .filter(([, n]) => n !== 0)
    .map(([key, n]) => {
      const [audience, kind, filter_key, facet_key] = JSON.parse(key) as [number, string, string, string]
      return { audience, kind, filter_key, facet_key, n }
    })
  for (let i = 0; i < rows.length; i += 500) {
    const values = sql.join(
      rows
        .slice(i, i + 500)
        .map((r) => sql`(${r.audience}, ${r.kind}, ${r.filter_key}, ${r.facet_key}, ${r.n})`),
    )
    await sql`insert into partner_facet_counts (audience, kind, filter_key, facet_key, n) values ${values}
      on conflict (filter_key, audience, kind, facet_key) do update set n = partner_facet_counts.n + excluded.n`.execute(
      db,
    )
  }
}

async function existingDoc(db: Queryable, entityId: string) {
  const row = await db
    .selectFrom('partner_search')
    .select(['doc', 'audience', 'kind', 'country', 'region', 'institution_type', 'looking'])
    .where('entity_id', '=', entityId)
    .executeTakeFirst()
  if (!row) return undefined
  const tags = await db.selectFrom('partner_search_tags').select('tag').where('doc', '=', row.doc).execute()
  return {
    ...row,
    doc: Number(row.doc),
    keys: docKeys(
      row,
      tags.map((t) => t.tag),
    ),
  }
}

/**
 * Writes one entity's row, its tags, (on SQLite) its FTS row and its share of the facet summary; the caller's
 * transaction makes it atomic.
 */
export async function upsertDoc(db: Queryable, values: SearchDoc, tags: readonly string[]): Promise<void> {
  const existing = await existingDoc(db, values.entity_id)
  const delta: SummaryDelta = new Map()
  let doc: number
  if (existing) {
    doc = existing.doc
    addToDelta(delta, Number(existing.audience), existing.kind, existing.keys, -1)
    await db.updateTable('partner_search').set(values).where('doc', '=', doc).execute()
    await db.deleteFrom('partner_search_tags').where('doc', '=', doc).execute()
  } else {
    const row = await db
      .insertInto('partner_search')
      .values(values)
      .returning('doc')
      .executeTakeFirstOrThrow()
    doc = Number(row.doc)
  }
  if (tags.length > 0) {
    await db
      .insertInto('partner_search_tags')
      .values([...new Set(tags)].map((tag) => ({ doc, tag })))
      .execute()
  }
  addToDelta(delta, values.audience, values.kind, docKeys(values, tags), 1)
  await applyDelta(db, delta)
  if (!isPostgres(db)) {
    await sql`delete from partner_search_fts where rowid = ${doc}`.execute(db)
    await sql`insert into partner_search_fts (rowid, search_text) values (${doc}, ${values.search_text})`.execute(
      db,
    )
  }
  await bumpVersion(db)
}

export async function removeDoc(db: Queryable, entityId: string): Promise<void> {
  const existing = await existingDoc(db, entityId)
  if (!existing) return
  const doc = existing.doc
  const delta: SummaryDelta = new Map()
  addToDelta(delta, Number(existing.audience), existing.kind, existing.keys, -1)
  await applyDelta(db, delta)
  await db.deleteFrom('partner_search_tags').where('doc', '=', doc).execute()
  if (!isPostgres(db)) await sql`delete from partner_search_fts where rowid = ${doc}`.execute(db)
  await db.deleteFrom('partner_search').where('doc', '=', doc).execute()
  await bumpVersion(db)
}

async function bumpVersion(db: Queryable): Promise<void> {
  await db
    .updateTable('partner_search_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .execute()
}

export async function indexVersion(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('partner_search_version')
    .select('version')
    .where('id', '=', 1)
    .executeTakeFirst()
  return Number(row?.version ?? 0)
}

/** What the index needs about one person: who they are, their profile, and their main institution. */
export async function personForIndex(db: Queryable, personId: string) {
  const person = await db
    .selectFrom('people')
    .select(['id', 'name', 'kind', 'validated_at', 'created_at'])
    .where('id', '=', personId)
    .executeTakeFirst()
  if (!person) return undefined
  const profile = await db
    .selectFrom('profiles')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst()
  // A confirmed membership first ('confirmed' sorts before 'pending'), then the oldest.
  const institution = await db
    .selectFrom('memberships as m')
    .innerJoin('institutions as i', 'i.id', 'm.institution_id')
    .select(['i.id', 'i.name', 'i.type', 'i.country', 'i.region', 'i.city'])
    .where('m.person_id', '=', personId)
    .orderBy('m.status', 'asc')
    .orderBy('m.created_at', 'asc')
    .limit(1)
    .executeTakeFirst()
  return { person, profile, institution }
}

export function institutionForIndex(db: Queryable, institutionId: string) {
  return db
    .selectFrom('institutions')
    .select(['id', 'name', 'type', 'country', 'region', 'city', 'languages', 'merged_into', 'updated_at'])
    .where('id', '=', institutionId)
    .executeTakeFirst()
}

export async function memberIdsOf(db: Queryable, institutionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('person_id')
    .where('institution_id', '=', institutionId)
    .execute()
  return rows.map((r) => r.person_id)
}

// ---------------------------------------------------------------- searching

export interface SearchFilter {
  /** Audiences the searcher may see: [0] public only, [0, 1] validated members. */
  audiences: readonly number[]
  kind?: 'person' | 'institution'
  terms: readonly string[]
  country?: string
  region?: string
  type?: string
  looking?: boolean
  /** Tags every result must carry (subject, language, age band). */
  tags: readonly string[]
}

function textCondition(db: Queryable, terms: readonly string[]): RawBuilder<unknown> {
  return isPostgres(db)
    ? sql`s.search_vector @@ to_tsquery('simple', ${tsQuery(terms)})`
    : sql`s.doc in (select rowid from partner_search_fts where partner_search_fts match ${ftsMatch(terms)})`
}

/** The filter as SQL over partner_search s; every value is a bound parameter. */
function where(
  db: Queryable,
  f: SearchFilter,
  options: { text: boolean } = { text: true },
): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`s.audience in (${sql.join([...f.audiences])})`]
  if (f.kind) parts.push(sql`s.kind = ${f.kind}`)
  if (f.country) parts.push(sql`s.country = ${f.country}`)
  if (f.region) parts.push(sql`s.region = ${f.region}`)
  if (f.type) parts.push(sql`s.institution_type = ${f.type}`)
  if (f.looking) parts.push(sql`s.looking = 1`)
  for (const t of f.tags) parts.push(sql`s.doc in (select doc from partner_search_tags where tag = ${t})`)
  if (options.text && f.terms.length > 0) parts.push(textCondition(db, f.terms))
  return sql.join(parts, sql` and `)
}

export interface SearchRow {
  doc: number
  kind: 'person' | 'institution'
  entity_id: string
  name: string
  institution_id: string | null
  institution_name: string | null
  institution_type: string | null
  country: string | null
  region: string | null
  city: string | null
  looking: number
  idea: string | null
  age_min: number | null
  age_max: number | null
  subjects: string
  languages: string
  sort_at: string
}

const COLUMNS = sql.raw(
  's.doc, s.kind, s.entity_id, s.name, s.institution_id, s.institution_name, s.institution_type, s.country, s.region, s.city, s.looking, s.idea, s.age_min, s.age_max, s.subjects, s.languages, s.sort_at',
)

/** One page of results, ordered by relevance (text queries) or recency; ties broken by doc for stable pages. */
export async function searchPage(
  db: Queryable,
  f: SearchFilter,
  sort: 'relevance' | 'recent',
  limit: number,
  offset: number,
): Promise<SearchRow[]> {
  const byRelevance = sort === 'relevance' && f.terms.length > 0
  if (!byRelevance) {
    const result = await sql<SearchRow>`select ${COLUMNS} from partner_search s where ${where(db, f)}
      order by s.sort_at desc, s.doc desc limit ${limit} offset ${offset}`.execute(db)
    return result.rows
  }
  if (isPostgres(db)) {
    const query = tsQuery(f.terms)
    const result = await sql<SearchRow>`select ${COLUMNS} from partner_search s where ${where(db, f)}
      order by ts_rank(s.search_vector, to_tsquery('simple', ${query})) desc, s.doc desc
      limit ${limit} offset ${offset}`.execute(db)
    return result.rows
  }
  const result = await sql<SearchRow>`select ${COLUMNS} from partner_search_fts
      join partner_search s on s.doc = partner_search_fts.rowid
      where partner_search_fts match ${ftsMatch(f.terms)} and ${where(db, f, { text: false })}
      order by partner_search_fts.rank, s.doc desc limit ${limit} offset ${offset}`.execute(db)
  return result.rows
}

export type FacetColumn = 'kind' | 'country' | 'region' | 'institution_type' | 'looking'

/** Counts per value of one column over the filtered set: one grouped query. */
export async function countBy(
  db: Queryable,
  f: SearchFilter,
  column: FacetColumn,
  limit: number,
): Promise<Array<{ value: string; count: number }>> {
  const col = sql.ref(`s.${column}`)
  const result = await sql<{ value: string | number | null; count: number | string }>`
    select ${col} as value, count(*) as count from partner_search s where ${where(db, f)} and ${col} is not null
    group by ${col} order by count(*) desc, ${col} limit ${limit}`.execute(db)
  return result.rows.map((r) => ({ value: String(r.value), count: Number(r.count) }))
}

/** Counts per tag (subjects, languages, age bands together) over the filtered set: one grouped query. */
export async function countTags(
  db: Queryable,
  f: SearchFilter,
): Promise<Array<{ value: string; count: number }>> {
  const result = await sql<{ value: string; count: number | string }>`
    select t.tag as value, count(*) as count from partner_search_tags t
    where t.doc in (select s.doc from partner_search s where ${where(db, f)})
    group by t.tag`.execute(db)
  return result.rows.map((r) => ({ value: r.value, count: Number(r.count) }))
}

// ---------------------------------------------------------------- facet counts at scale

/** The one summary-table filter key of a filter with at most one facet filter ('' for none); undefined if more. */
export function singleFilterKey(f: SearchFilter): string | undefined {
  const keys = filterKeys(f)
  return keys.length <= 1 ? (keys[0] ?? '') : undefined
}

/** The summary-table keys of the filter's facet filters (kind and audience are columns of the summary). */
export function filterKeys(f: SearchFilter): string[] {
  return [
    ...(f.country ? [`c:${f.country}`] : []),
    ...(f.region ? [`r:${f.region}`] : []),
    ...(f.type ? [`t:${f.type}`] : []),
    ...(f.looking ? ['looking'] : []),
    ...new Set(f.tags),
  ]
}

/** Exact counts per facet key among rows carrying filterKey, from the summary table: one primary-key range read. */
export async function summaryCounts(
  db: Queryable,
  f: SearchFilter,
  filterKey: string,
  facetKeys?: readonly string[],
): Promise<Array<{ kind: string; facet: string; count: number }>> {
  const result = await sql<{ kind: string; facet: string; n: number | string }>`
    select kind, facet_key as facet, sum(n) as n from partner_facet_counts
    where filter_key = ${filterKey} and audience in (${sql.join([...f.audiences])})
    ${f.kind ? sql`and kind = ${f.kind}` : sql``}
    ${facetKeys ? sql`and facet_key in (${sql.join([...facetKeys])})` : sql``}
    group by kind, facet_key`.execute(db)
  return result.rows
    .map((r) => ({ kind: r.kind, facet: r.facet, count: Number(r.n) }))
    .filter((r) => r.count > 0)
}

export interface SampleRow {
  doc: number
  kind: 'person' | 'institution'
  country: string | null
  region: string | null
  institution_type: string | null
  looking: number
  sort_at: string | Date
}

/**
 * At most `limit` rows of the filtered set (in no particular order): all of it when the set is small, otherwise a
 * subset whose counts are lower bounds. Bounded, so it never scans the world.
 */
export async function sampleDocs(db: Queryable, f: SearchFilter, limit: number): Promise<SampleRow[]> {
  const columns = sql.raw('s.doc, s.kind, s.country, s.region, s.institution_type, s.looking, s.sort_at')
  // On SQLite the text drives: FTS5 streams matching rowids and the LIMIT stops it, instead of materialising every
  // match of a common word for an IN list.
  const result =
    f.terms.length > 0 && !isPostgres(db)
      ? await sql<SampleRow>`select ${columns} from partner_search_fts
          join partner_search s on s.doc = partner_search_fts.rowid
          where partner_search_fts match ${ftsMatch(f.terms)} and ${where(db, f, { text: false })}
          limit ${limit}`.execute(db)
      : await sql<SampleRow>`select ${columns} from partner_search s where ${where(db, f)} limit ${limit}`.execute(
          db,
        )
  return result.rows.map((r) => ({ ...r, doc: Number(r.doc), looking: Number(r.looking) }))
}

export async function tagsOf(
  db: Queryable,
  docs: readonly number[],
): Promise<Array<{ doc: number; tag: string }>> {
  const out: Array<{ doc: number; tag: string }> = []
  for (let i = 0; i < docs.length; i += 1000) {
    const chunk = docs.slice(i, i + 1000)
    if (chunk.length === 0) break
    const rows = await db
      .selectFrom('partner_search_tags')
      .select(['doc', 'tag'])
      .where('doc', 'in', chunk)
      .execute()
    for (const r of rows) out.push({ doc: Number(r.doc), tag: r.tag })
  }
  return out
}

/** Full result rows for the given docs, in the given order. */
export async function rowsByDocs(db: Queryable, docs: readonly number[]): Promise<SearchRow[]> {
  if (docs.length === 0) return []
  const result = await sql<SearchRow>`select ${COLUMNS} from partner_search s
    where s.doc in (${sql.join([...docs])})`.execute(db)
  const byDoc = new Map(result.rows.map((r) => [Number(r.doc), r]))
  return docs.map((d) => byDoc.get(d)).filter((r): r is SearchRow => r !== undefined)
}
