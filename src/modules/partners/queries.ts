import { PostgresAdapter, type RawBuilder, sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type { PartnerSearchTable } from '../../db/schema.ts'
import { ftsMatch, textScore, tsQuery } from './fold.ts'

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
    // Tag rows carry the row's facets and date, so a search driven by a tag reads one index (migration 0007).
    const sortAt = values.sort_at as unknown
    const rows = [...new Set(tags)].map(
      (t) =>
        sql`(${doc}, ${t}, ${values.audience}, ${values.kind}, ${values.country}, ${values.region}, ${values.institution_type}, ${values.looking}, ${sortAt})`,
    )
    await sql`insert into partner_search_tags (doc, tag, audience, kind, country, region, institution_type, looking, sort_at)
      values ${sql.join(rows)}`.execute(db)
  }
  addToDelta(delta, values.audience, values.kind, docKeys(values, tags), 1)
  await applyDelta(db, delta)
  if (!isPostgres(db)) {
    await sql`delete from partner_search_text where rowid = ${doc}`.execute(db)
    await sql`insert into partner_search_text (rowid, search_text) values (${doc}, ${values.search_text})`.execute(
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
  if (!isPostgres(db)) await sql`delete from partner_search_text where rowid = ${doc}`.execute(db)
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

/** The single-valued facet columns that every browse index (migration 0007) carries after its leading key. */
export type DriverColumn = 'country' | 'region' | 'institution_type' | 'looking'

/**
 * The filter a search is driven by: the rows carrying it are read newest first from one index that starts with it
 * (migration 0007), the other filters are checked on the way. The application picks the filter with the fewest
 * rows (from the summary table), so the same filter drives on SQLite and PostgreSQL.
 */
export type Driver =
  | { by: 'tag'; tag: string }
  | { by: 'column'; column: DriverColumn; value: string | number }
  | { by: 'all' }

/** The filter's summary-table keys as drivers. */
function driversOf(f: SearchFilter): Array<{ key: string; driver: Driver }> {
  return [
    ...(f.country ? [{ key: `c:${f.country}`, driver: col('country', f.country) }] : []),
    ...(f.region ? [{ key: `r:${f.region}`, driver: col('region', f.region) }] : []),
    ...(f.type ? [{ key: `t:${f.type}`, driver: col('institution_type', f.type) }] : []),
    ...(f.looking ? [{ key: 'looking', driver: col('looking', 1) }] : []),
    ...[...new Set(f.tags)].map((t) => ({ key: t, driver: { by: 'tag', tag: t } as Driver })),
  ]
}
const col = (column: DriverColumn, value: string | number): Driver => ({ by: 'column', column, value })

/** The driver with the fewest rows, given how many visible rows carry each key (absent: none). */
export function chooseDriver(f: SearchFilter, keyCounts: ReadonlyMap<string, number>): Driver {
  let best: { n: number; driver: Driver } | undefined
  for (const { key, driver } of driversOf(f)) {
    const n = keyCounts.get(key) ?? 0
    if (!best || n < best.n) best = { n, driver }
  }
  return best?.driver ?? { by: 'all' }
}

const BROWSE_INDEX: Record<DriverColumn, string> = {
  country: 'partner_search_country_browse_idx',
  region: 'partner_search_region_browse_idx',
  institution_type: 'partner_search_type_browse_idx',
  looking: 'partner_search_looking_browse_idx',
}

/** `from` and the leading-key condition of a driver, as table alias d. SQLite is told the index to walk. */
function driverSource(db: Queryable, d: Driver): { from: RawBuilder<unknown>; key: RawBuilder<unknown> } {
  const pg = isPostgres(db)
  const indexed = (name: string) => (pg ? sql`` : sql.raw(` indexed by ${name}`))
  if (d.by === 'tag') {
    return {
      from: sql`partner_search_tags d${indexed('partner_search_tags_browse_idx')}`,
      key: sql`d.tag = ${d.tag}`,
    }
  }
  if (d.by === 'column') {
    return {
      from: sql`partner_search d${indexed(BROWSE_INDEX[d.column])}`,
      key: sql`${sql.ref(`d.${d.column}`)} = ${d.value}`,
    }
  }
  return { from: sql`partner_search d${indexed('partner_search_all_browse_idx')}`, key: sql`1 = 1` }
}

/**
 * The facet filters as SQL over a table aliased `alias` that has the facet columns (partner_search, or the tag table
 * since migration 0007); tags other than `skipTag` are checked by one primary-key probe each. No text condition.
 */
function facetWhere(f: SearchFilter, alias: string, skipTag?: string): RawBuilder<unknown> {
  const c = (column: string) => sql.ref(`${alias}.${column}`)
  const parts: RawBuilder<unknown>[] = [sql`${c('audience')} in (${sql.join([...f.audiences])})`]
  if (f.kind) parts.push(sql`${c('kind')} = ${f.kind}`)
  if (f.country) parts.push(sql`${c('country')} = ${f.country}`)
  if (f.region) parts.push(sql`${c('region')} = ${f.region}`)
  if (f.type) parts.push(sql`${c('institution_type')} = ${f.type}`)
  if (f.looking) parts.push(sql`${c('looking')} = 1`)
  for (const t of new Set(f.tags)) {
    if (t === skipTag) continue
    parts.push(sql`exists (select 1 from partner_search_tags x where x.tag = ${t} and x.doc = ${c('doc')})`)
  }
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

/**
 * One page of a search without text, newest first (ties broken by doc for stable pages): the driver's index is
 * walked newest first and the walk stops after offset + limit matches, or after its newest `walkCap` rows: a page of
 * a selective combination beyond them comes back short or empty rather than walking the whole driver.
 */
export async function searchPage(
  db: Queryable,
  f: SearchFilter,
  driver: Driver,
  limit: number,
  offset: number,
  walkCap: number,
): Promise<SearchRow[]> {
  const { from, key } = driverSource(db, driver)
  const skip = driver.by === 'tag' ? driver.tag : undefined
  const page = await sql<{
    doc: number | string
  }>`select d.doc from (select d.doc, d.sort_at, d.audience, d.kind, d.country, d.region, d.institution_type, d.looking
      from ${from} where ${key} order by d.sort_at desc, d.doc desc limit ${walkCap}) d
    where ${facetWhere(f, 'd', skip)}
    order by d.sort_at desc, d.doc desc limit ${limit} offset ${offset}`.execute(db)
  return rowsByDocs(
    db,
    page.rows.map((r) => Number(r.doc)),
  )
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
  /** Text relevance, higher is better (textScore, the same on SQLite and PostgreSQL); 0 without text. */
  score: number
}

export interface Sample {
  /** Matches in scan order: newest first (no text) or most recently indexed first (text). */
  rows: SampleRow[]
  /** Whether the scan stopped at its window (scanCap rows of the driver) before reaching the end of the driver. */
  windowed: boolean
}

/**
 * At most `limit` matches of the filter, found by walking one index and stopping: bounded, so it never scans the
 * world. Without text the driver's rows are read newest first, and only the newest `scanCap` of them (its visible
 * rows newer than the (scanCap + 1)-th newest): the matches come out in page order. With text the matches of
 * the text are read most recently indexed first (highest doc), only the `scanCap` highest; each carries its
 * relevance. `windowed` says whether rows beyond the window were left unread (so the matches may be incomplete).
 */
export async function sampleDocs(
  db: Queryable,
  f: SearchFilter,
  driver: Driver,
  limit: number,
  scanCap: number,
): Promise<Sample> {
  const pg = isPostgres(db)
  if (f.terms.length > 0) {
    // The folded text comes along to be scored here (textScore) and is not kept: no bm25 / ts_rank, whose cost
    // grows with every match of a common word (bm25 reads the whole doclist of each term for its IDF).
    const columns = sql.raw(
      's.doc, s.kind, s.country, s.region, s.institution_type, s.looking, s.sort_at, s.search_text',
    )
    type TextRow = Omit<SampleRow, 'doc' | 'score'> & { doc: number | string; search_text: string }
    const scored = (rows: TextRow[]): SampleRow[] =>
      rows.map(({ search_text, ...r }) => ({
        ...r,
        doc: Number(r.doc),
        looking: Number(r.looking),
        score: textScore(f.terms, search_text),
      }))
    if (pg) {
      const query = sql`to_tsquery('simple', ${tsQuery(f.terms)})`
      const bound = await sql<{ doc: number | string }>`select s.doc from partner_search s
        where s.search_vector @@ ${query} order by s.doc desc limit 1 offset ${scanCap}`.execute(db)
      const from = bound.rows[0] ? Number(bound.rows[0].doc) : undefined
      const result = await sql<TextRow>`select ${columns} from partner_search s
        where s.search_vector @@ ${query} and ${facetWhere(f, 's')}
        ${from === undefined ? sql`` : sql`and s.doc > ${from}`}
        order by s.doc desc limit ${limit}`.execute(db)
      return { rows: scored(result.rows), windowed: from !== undefined }
    }
    // FTS5 streams matching rowids newest first and the LIMIT stops it; a prefix of 2 to 6 characters is one
    // doclist of the prefix index (migration 0008). The filters are checked on a narrow index by doc (0009), and
    // the text is read for the matches only.
    const match = ftsMatch(f.terms)
    const bound = await sql<{ doc: number }>`select rowid as doc from partner_search_text
      where partner_search_text match ${match} order by rowid desc limit 1 offset ${scanCap}`.execute(db)
    const from = bound.rows[0] ? Number(bound.rows[0].doc) : undefined
    const result = await sql<Omit<TextRow, 'search_text'>>`select ${sql.raw(
      's.doc, s.kind, s.country, s.region, s.institution_type, s.looking, s.sort_at',
    )} from partner_search_text
        join partner_search s indexed by partner_search_doc_facets_idx on s.doc = partner_search_text.rowid
        where partner_search_text match ${match} and ${facetWhere(f, 's')}
        ${from === undefined ? sql`` : sql`and partner_search_text.rowid > ${from}`}
        order by partner_search_text.rowid desc limit ${limit}`.execute(db)
    const texts = new Map<number, string>()
    for (let i = 0; i < result.rows.length; i += 1000) {
      const docs = result.rows.slice(i, i + 1000).map((r) => Number(r.doc))
      const chunk = await sql<{
        doc: number
        search_text: string
      }>`select doc, search_text from partner_search
        where doc in (${sql.join(docs)})`.execute(db)
      for (const r of chunk.rows) texts.set(Number(r.doc), r.search_text)
    }
    return {
      rows: scored(result.rows.map((r) => ({ ...r, search_text: texts.get(Number(r.doc)) ?? '' }))),
      windowed: from !== undefined,
    }
  }
  const { from, key } = driverSource(db, driver)
  const visible = sql`d.audience in (${sql.join([...f.audiences])})${f.kind ? sql` and d.kind = ${f.kind}` : sql``}`
  const bound = await sql<{
    sort_at: string | Date
  }>`select d.sort_at from ${from} where ${key} and ${visible}
    order by d.sort_at desc, d.doc desc limit 1 offset ${scanCap}`.execute(db)
  const since = bound.rows[0]?.sort_at
  const skip = driver.by === 'tag' ? driver.tag : undefined
  const result =
    await sql<SampleRow>`select d.doc, d.kind, d.country, d.region, d.institution_type, d.looking,
      d.sort_at, 0 as score from ${from} where ${key} and ${facetWhere(f, 'd', skip)}
      ${since === undefined ? sql`` : sql`and d.sort_at > ${since}`}
      order by d.sort_at desc, d.doc desc limit ${limit}`.execute(db)
  const rows = result.rows.map((r) => ({ ...r, doc: Number(r.doc), looking: Number(r.looking), score: 0 }))
  return { rows, windowed: since !== undefined }
}

/** How many of the given docs carry each tag: counted by the database, so only one row per tag comes back. */
export async function tagCounts(
  db: Queryable,
  docs: readonly number[],
): Promise<Array<{ tag: string; count: number }>> {
  const out: Array<{ tag: string; count: number }> = []
  for (let i = 0; i < docs.length; i += 1000) {
    const chunk = docs.slice(i, i + 1000)
    const rows = await db
      .selectFrom('partner_search_tags')
      .select((eb) => ['tag', eb.fn.countAll<number | string>().as('n')])
      .where('doc', 'in', chunk)
      .groupBy('tag')
      .execute()
    for (const r of rows) out.push({ tag: r.tag, count: Number(r.n) })
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
