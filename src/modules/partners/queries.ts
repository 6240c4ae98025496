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

/** Writes one entity's row, its tags and (on SQLite) its FTS row; the caller's transaction makes it atomic. */
export async function upsertDoc(db: Queryable, values: SearchDoc, tags: readonly string[]): Promise<void> {
  const existing = await db
    .selectFrom('partner_search')
    .select('doc')
    .where('entity_id', '=', values.entity_id)
    .executeTakeFirst()
  let doc: number
  if (existing) {
    doc = Number(existing.doc)
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
  if (!isPostgres(db)) {
    await sql`delete from partner_search_fts where rowid = ${doc}`.execute(db)
    await sql`insert into partner_search_fts (rowid, search_text) values (${doc}, ${values.search_text})`.execute(
      db,
    )
  }
  await bumpVersion(db)
}

export async function removeDoc(db: Queryable, entityId: string): Promise<void> {
  const existing = await db
    .selectFrom('partner_search')
    .select('doc')
    .where('entity_id', '=', entityId)
    .executeTakeFirst()
  if (!existing) return
  const doc = Number(existing.doc)
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
