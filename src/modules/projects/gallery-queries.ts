import { sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import { ftsMatch, tsQuery } from '../partners/fold.ts'
import { isPostgres } from '../partners/queries.ts'

/**
 * SQL of the gallery: pages walk one index newest first and stop (migration 0012); text searches read a bounded
 * number of matches; facet counts come from project_gallery_counts or from a bounded set of matches.
 */

/** project_gallery_counts for one filter key ('' = none): every facet key and how many listed rows carry it. */
export async function countsFor(db: Queryable, filterKey: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('project_gallery_counts')
    .select(['facet_key', 'n'])
    .where('filter_key', '=', filterKey)
    .where('n', '>', 0)
    .execute()
  return new Map(rows.map((r) => [r.facet_key, Number(r.n)]))
}

/** How many listed rows carry each of the keys. */
export async function keyCounts(db: Queryable, keys: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('project_gallery_counts')
    .select(['facet_key', 'n'])
    .where('filter_key', '=', '')
    .where('facet_key', 'in', [...keys])
    .execute()
  return new Map(rows.map((r) => [r.facet_key, Number(r.n)]))
}

/** How many listed rows carry both keys ('' for either = no filter). */
export async function pairCount(db: Queryable, filterKey: string, facetKey: string): Promise<number> {
  const row = await db
    .selectFrom('project_gallery_counts')
    .select('n')
    .where('filter_key', '=', filterKey)
    .where('facet_key', '=', facetKey)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** The other tags, each checked on the primary key (tag, doc) of the row found by the driver. */
function alsoTagged(alias: string, tags: readonly string[]) {
  return sql.join(
    tags.map(
      (tag) =>
        sql`and exists (select 1 from project_gallery_tags x where x.tag = ${tag} and x.doc = ${sql.ref(`${alias}.doc`)})`,
    ),
    sql` `,
  )
}

/**
 * Docs carrying every tag, newest first. The first tag drives (the caller puts the rarest first): its index
 * (tag, sort_at, doc) is walked backwards and the walk stops after `limit` matches, or after the driver's newest
 * `window` rows when a window is given.
 */
export async function browse(
  db: Queryable,
  tags: readonly string[],
  limit: number,
  offset = 0,
  window?: number,
): Promise<number[]> {
  const [driver, ...rest] = tags
  const driverRows =
    window === undefined
      ? sql`project_gallery_tags`
      : sql`(select doc, sort_at from project_gallery_tags where tag = ${driver}
          order by sort_at desc, doc desc limit ${window})`
  const result =
    driver === undefined
      ? await sql<{ doc: number }>`select g.doc from project_gallery g
          order by g.sort_at desc, g.doc desc limit ${limit} offset ${offset}`.execute(db)
      : await sql<{ doc: number }>`select t.doc from ${driverRows} t
          where ${window === undefined ? sql`t.tag = ${driver}` : sql`1 = 1`} ${alsoTagged('t', rest)}
          order by t.sort_at desc, t.doc desc limit ${limit} offset ${offset}`.execute(db)
  return result.rows.map((r) => Number(r.doc))
}

export interface TextMatch {
  doc: number
  sort_at: string | Date
  search_text: string
}

/**
 * Rows whose folded text has every term (the last as a word start) and that carry every tag: at most `cap` of the
 * text's matches are read, most recently indexed first on SQLite. `capped` says whether matches were left unread.
 */
export async function textMatches(
  db: Queryable,
  terms: readonly string[],
  tags: readonly string[],
  cap: number,
): Promise<{ rows: TextMatch[]; capped: boolean }> {
  if (isPostgres(db)) {
    const result = await sql<TextMatch>`select g.doc, g.sort_at, g.search_text from project_gallery g
      where g.search_vector @@ to_tsquery('simple', ${tsQuery(terms)}) ${alsoTagged('g', tags)}
      limit ${cap + 1}`.execute(db)
    return {
      rows: result.rows.slice(0, cap).map((r) => ({ ...r, doc: Number(r.doc) })),
      capped: result.rows.length > cap,
    }
  }
  // FTS5 streams rowids newest first and the LIMIT stops it; prefixes of 2-6 characters read one doclist.
  const found = await sql<{ doc: number }>`select rowid as doc from project_gallery_text
    where project_gallery_text match ${ftsMatch(terms)} order by rowid desc limit ${cap + 1}`.execute(db)
  const docs = found.rows.slice(0, cap).map((r) => Number(r.doc))
  const rows: TextMatch[] = []
  for (let i = 0; i < docs.length; i += 1000) {
    const chunk = docs.slice(i, i + 1000)
    const result = await sql<TextMatch>`select g.doc, g.sort_at, g.search_text from project_gallery g
      where g.doc in (${sql.join(chunk)}) ${alsoTagged('g', tags)}`.execute(db)
    rows.push(...result.rows.map((r) => ({ ...r, doc: Number(r.doc) })))
  }
  return { rows, capped: found.rows.length > cap }
}

/** How many of the given docs carry each tag, counted by the database (one row per tag comes back). */
export async function tagCounts(db: Queryable, docs: readonly number[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (let i = 0; i < docs.length; i += 1000) {
    const rows = await db
      .selectFrom('project_gallery_tags')
      .select((eb) => ['tag', eb.fn.countAll<number>().as('n')])
      .where('doc', 'in', docs.slice(i, i + 1000))
      .groupBy('tag')
      .execute()
    for (const r of rows) counts.set(r.tag, (counts.get(r.tag) ?? 0) + Number(r.n))
  }
  return counts
}

/** The tags of the given docs, by doc. */
export async function tagsOf(db: Queryable, docs: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>()
  for (let i = 0; i < docs.length; i += 1000) {
    const chunk = docs.slice(i, i + 1000)
    const rows = await db
      .selectFrom('project_gallery_tags')
      .select(['doc', 'tag'])
      .where('doc', 'in', chunk)
      .execute()
    for (const r of rows) {
      const doc = Number(r.doc)
      out.set(doc, [...(out.get(doc) ?? []), r.tag])
    }
  }
  return out
}

/** What a result card shows, for the given docs, in the given order. */
export async function cardsByDocs(db: Queryable, docs: readonly number[]) {
  if (docs.length === 0) return []
  const rows = await db
    .selectFrom('project_gallery as g')
    .innerJoin('projects as p', 'p.id', 'g.project_id')
    .select([
      'g.doc',
      'g.project_id',
      'g.scope',
      'g.year',
      'g.age_from',
      'g.age_to',
      'g.sort_at',
      'p.title_az',
      'p.title_en',
      'p.title_ru',
      'p.summary_az',
      'p.summary_en',
      'p.summary_ru',
    ])
    .where('g.doc', 'in', [...docs])
    .execute()
  const byDoc = new Map(rows.map((r) => [Number(r.doc), r]))
  return docs.map((d) => byDoc.get(d)).filter((r) => r !== undefined)
}

// ---------------------------------------------------------------- one project's public page

export function projectForPage(db: Queryable, projectId: string) {
  return db
    .selectFrom('projects as p')
    .leftJoin('learning_models as lm', 'lm.id', 'p.learning_model_id')
    .select([
      'p.id',
      'p.scope',
      'p.title_az',
      'p.title_en',
      'p.title_ru',
      'p.summary_az',
      'p.summary_en',
      'p.summary_ru',
      'p.age_from',
      'p.age_to',
      'p.languages',
      'p.start_date',
      'p.end_date',
      'p.activities',
      'p.expected_results',
      'p.approved_at',
      'lm.name_az as model_az',
      'lm.name_en as model_en',
      'lm.name_ru as model_ru',
    ])
    .where('p.id', '=', projectId)
    .executeTakeFirst()
}

export function subjectsOf(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_subjects as ps')
    .innerJoin('subjects as s', 's.id', 'ps.subject_id')
    .select(['s.code', 's.name_az', 's.name_en', 's.name_ru'])
    .where('ps.project_id', '=', projectId)
    .orderBy('s.position')
    .execute()
}

/** Founders and partner teachers who accepted, with their institution and what decides whether they are shown. */
export function partnersOf(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_members as m')
    .innerJoin('people as pe', 'pe.id', 'm.person_id')
    .leftJoin('institutions as i', 'i.id', 'm.institution_id')
    .leftJoin('profiles as pr', 'pr.person_id', 'm.person_id')
    .select([
      'm.person_id',
      'm.role',
      'pe.name',
      'pe.kind',
      'pe.validated_at',
      'pr.visibility',
      'i.id as institution_id',
      'i.slug as institution_slug',
      'i.name as institution_name',
      'i.country',
    ])
    .where('m.project_id', '=', projectId)
    .where('m.status', '=', 'active')
    .where('m.role', 'in', ['founder', 'teacher'])
    .orderBy('m.invited_at')
    .execute()
}

export function labelsOf(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_labels')
    .select(['level', 'country', 'awarded_at'])
    .where('project_id', '=', projectId)
    .orderBy('awarded_at')
    .execute()
}

export function publicPagesOf(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_pages')
    .select(['id', 'title'])
    .where('project_id', '=', projectId)
    .where('public_since', 'is not', null)
    .orderBy('position')
    .orderBy('created_at')
    .execute()
}

export function publicFilesOf(db: Queryable, projectId: string) {
  return db
    .selectFrom('project_files')
    .select(['id', 'title', 'media_type', 'size'])
    .where('project_id', '=', projectId)
    .where('public_since', 'is not', null)
    .orderBy('created_at')
    .execute()
}

export function publicPage(db: Queryable, projectId: string, pageId: string) {
  return db
    .selectFrom('project_pages')
    .select(['id', 'title', 'body_html', 'updated_at'])
    .where('id', '=', pageId)
    .where('project_id', '=', projectId)
    .where('public_since', 'is not', null)
    .executeTakeFirst()
}

/** A material the team made public, or an image of a page the team made public (it goes out with the page). */
export function publicFile(db: Queryable, projectId: string, fileId: string) {
  return db
    .selectFrom('project_files as f')
    .select(['f.id', 'f.title', 'f.original_name', 'f.stored_name', 'f.media_type'])
    .where('f.id', '=', fileId)
    .where('f.project_id', '=', projectId)
    .where((eb) =>
      eb.or([
        eb('f.public_since', 'is not', null),
        eb.exists(
          eb
            .selectFrom('project_pages as p')
            .select('p.id')
            .whereRef('p.id', '=', 'f.page_id')
            .where('p.public_since', 'is not', null),
        ),
      ]),
    )
    .executeTakeFirst()
}

// ---------------------------------------------------------------- counters

/**
 * The home page's project figures, counted from projects (not from the gallery index: a project counts once
 * approved, whether or not its team shows it in the gallery).
 */
export async function projectCounts(db: Queryable, today: string) {
  const year = isPostgres(db)
    ? sql<number>`cast(extract(year from approved_at at time zone 'UTC') as integer)`
    : sql<number>`cast(substr(approved_at, 1, 4) as integer)`
  const [totals, years, labelled] = await Promise.all([
    db
      .selectFrom('projects')
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn
          .count<number>(
            eb
              .case()
              .when(
                eb.and([
                  eb('workspace_state', '=', 'open'),
                  eb('start_date', '<=', today),
                  eb('end_date', '>=', today),
                ]),
              )
              .then(1)
              .end(),
          )
          .as('active'),
      ])
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('projects')
      .select((eb) => [year.as('year'), eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'approved')
      .groupBy(year)
      .orderBy(year, 'desc')
      .execute(),
    db
      .selectFrom('projects as p')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('p.status', '=', 'approved')
      .where((eb) =>
        eb.exists(eb.selectFrom('project_labels as l').select('l.id').whereRef('l.project_id', '=', 'p.id')),
      )
      .executeTakeFirstOrThrow(),
  ])
  return {
    total: Number(totals.total),
    active: Number(totals.active),
    withLabels: Number(labelled.n),
    byYear: years.map((r) => ({ year: Number(r.year), count: Number(r.n) })),
  }
}

/** Gallery projects that people of an institution take part in, newest first. */
export function galleryProjectsOfInstitution(db: Queryable, institutionId: string, limit: number) {
  return db
    .selectFrom('project_gallery as g')
    .innerJoin('projects as p', 'p.id', 'g.project_id')
    .select(['g.project_id', 'p.title_az', 'p.title_en', 'p.title_ru'])
    .where('g.project_id', 'in', (eb) =>
      eb
        .selectFrom('project_members')
        .select('project_id')
        .where('institution_id', '=', institutionId)
        .where('status', '=', 'active'),
    )
    .orderBy('g.sort_at', 'desc')
    .orderBy('g.doc', 'desc')
    .limit(limit)
    .execute()
}
