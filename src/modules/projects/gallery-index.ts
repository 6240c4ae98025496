import { sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import type { ProjectScope } from '../../db/schema.ts'
import { ageBandsFor } from '../partners/facets.ts'
import { foldText } from '../partners/fold.ts'
import { isPostgres } from '../partners/queries.ts'
import { refreshSearch } from '../search/service.ts'

/**
 * The gallery index (migration 0012): one row per listed project with its filter values as tags. Helpers that
 * change anything the gallery shows or filters on (approval, opting in or out, members and their institutions,
 * subjects, labels, deletion) call refreshGalleryEntry in the same transaction.
 */

/** Tag prefixes of project_gallery_tags. */
export const galleryTag = {
  scope: (scope: string) => `p:${scope}`,
  year: (year: number | string) => `y:${year}`,
  age: (band: string) => `a:${band}`,
  subject: (code: string) => `s:${code}`,
  country: (code: string) => `c:${code}`,
  region: (code: string) => `r:${code}`,
  label: (level: string) => `l:${level}`,
}

export interface GalleryDoc {
  project_id: string
  scope: ProjectScope
  year: number
  age_from: number | null
  age_to: number | null
  search_text: string
  sort_at: string
}

/** What the gallery row of a project should be, or null when the project is not listed (or does not exist). */
export async function galleryDocFor(
  db: Queryable,
  projectId: string,
): Promise<{ doc: GalleryDoc; tags: string[] } | null> {
  const project = await db
    .selectFrom('projects')
    .select([
      'id',
      'scope',
      'status',
      'in_gallery_since',
      'approved_at',
      'age_from',
      'age_to',
      'title_az',
      'title_en',
      'title_ru',
      'summary_az',
      'summary_en',
      'summary_ru',
    ])
    .where('id', '=', projectId)
    .executeTakeFirst()
  if (project?.status !== 'approved' || !project.in_gallery_since || !project.approved_at) return null
  const approvedAt = new Date(project.approved_at).toISOString()
  const year = Number(approvedAt.slice(0, 4))
  const subjects = await db
    .selectFrom('project_subjects as ps')
    .innerJoin('subjects as s', 's.id', 'ps.subject_id')
    .select('s.code')
    .where('ps.project_id', '=', projectId)
    .execute()
  // Partners are the institutions of the founders and teachers who accepted.
  const places = await db
    .selectFrom('project_members as m')
    .innerJoin('institutions as i', 'i.id', 'm.institution_id')
    .select(['i.country', 'i.region'])
    .where('m.project_id', '=', projectId)
    .where('m.status', '=', 'active')
    .where('m.role', 'in', ['founder', 'teacher'])
    .execute()
  const labels = await db
    .selectFrom('project_labels')
    .select('level')
    .where('project_id', '=', projectId)
    .execute()
  const tags = new Set<string>([galleryTag.scope(project.scope), galleryTag.year(year)])
  for (const band of ageBandsFor(project.age_from, project.age_to)) tags.add(galleryTag.age(band))
  for (const s of subjects) tags.add(galleryTag.subject(s.code))
  for (const p of places) {
    if (p.country) tags.add(galleryTag.country(p.country))
    if (p.region) tags.add(galleryTag.region(p.region))
  }
  for (const l of labels) tags.add(galleryTag.label(l.level))
  const text = [
    project.title_az,
    project.title_en,
    project.title_ru,
    project.summary_az,
    project.summary_en,
    project.summary_ru,
  ]
    .filter((t): t is string => Boolean(t))
    .join(' ')
  return {
    doc: {
      project_id: project.id,
      scope: project.scope,
      year,
      age_from: project.age_from,
      age_to: project.age_to,
      search_text: foldText(text),
      sort_at: approvedAt,
    },
    tags: [...tags],
  }
}

/** Brings the project's gallery row, tags, text and facet counts up to date (removes them when it is not listed). */
/**
 * Refreshes the gallery rows of every project that people of an institution take part in: the institution's country
 * and region are facets of those rows (after an edit that moves it, or a merge that brings members over).
 */
export async function refreshGalleryEntriesOfInstitution(
  db: Queryable,
  institutionId: string,
): Promise<number> {
  const projects = await db
    .selectFrom('project_members')
    .select('project_id')
    .distinct()
    .where('institution_id', '=', institutionId)
    .execute()
  for (const { project_id } of projects) await refreshGalleryEntry(db, project_id)
  return projects.length
}

export async function refreshGalleryEntry(db: Queryable, projectId: string): Promise<void> {
  const wanted = await galleryDocFor(db, projectId)
  const existing = await db
    .selectFrom('project_gallery')
    .select('doc')
    .where('project_id', '=', projectId)
    .executeTakeFirst()
  const delta = new Map<string, number>()
  let doc: number | undefined = existing ? Number(existing.doc) : undefined
  if (doc !== undefined) {
    const old = await db.selectFrom('project_gallery_tags').select('tag').where('doc', '=', doc).execute()
    addToDelta(
      delta,
      old.map((t) => t.tag),
      -1,
    )
    await db.deleteFrom('project_gallery_tags').where('doc', '=', doc).execute()
    if (!isPostgres(db)) await sql`delete from project_gallery_text where rowid = ${doc}`.execute(db)
  }
  if (!wanted) {
    if (doc !== undefined) await db.deleteFrom('project_gallery').where('doc', '=', doc).execute()
  } else {
    if (doc !== undefined) {
      await db.updateTable('project_gallery').set(wanted.doc).where('doc', '=', doc).execute()
    } else {
      const row = await db
        .insertInto('project_gallery')
        .values(wanted.doc)
        .returning('doc')
        .executeTakeFirstOrThrow()
      doc = Number(row.doc)
    }
    const rowDoc = doc
    await db
      .insertInto('project_gallery_tags')
      .values(wanted.tags.map((tag) => ({ doc: rowDoc, tag, sort_at: wanted.doc.sort_at })))
      .execute()
    if (!isPostgres(db)) {
      await sql`insert into project_gallery_text (rowid, search_text) values (${rowDoc}, ${wanted.doc.search_text})`.execute(
        db,
      )
    }
    addToDelta(delta, wanted.tags, 1)
  }
  delta.set(`${VERSION_KEY}\n`, 1)
  await applyDelta(db, delta)
  // The site search lists a project exactly while the gallery does.
  await refreshSearch(db, 'project', projectId)
}

/**
 * A row of project_gallery_counts that every refresh increments: cached gallery results are valid while it stays
 * the same. Its filter key is no tag, so no count or facet ever includes it.
 */
export const VERSION_KEY = '#version'

/** One row's share of project_gallery_counts: every (filter, facet) pair of its keys, '' standing for none. */
export function addToDelta(delta: Map<string, number>, tags: readonly string[], by: number): void {
  const keys = ['', ...tags]
  for (const f of keys) {
    for (const v of keys) {
      const key = `${f}\n${v}`
      delta.set(key, (delta.get(key) ?? 0) + by)
    }
  }
}

export async function applyDelta(db: Queryable, delta: Map<string, number>): Promise<void> {
  const rows = [...delta].filter(([, n]) => n !== 0)
  for (let i = 0; i < rows.length; i += 500) {
    const values = sql.join(
      rows.slice(i, i + 500).map(([key, n]) => {
        const [filter, facet] = key.split('\n')
        return sql`(${filter}, ${facet}, ${n})`
      }),
    )
    await sql`insert into project_gallery_counts (filter_key, facet_key, n) values ${values}
      on conflict (filter_key, facet_key) do update set n = project_gallery_counts.n + excluded.n`.execute(db)
  }
}
