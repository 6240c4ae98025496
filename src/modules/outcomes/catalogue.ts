import type { Static } from 'typebox'
import type { Locale } from '../../config.ts'
import type { Db } from '../../db/database.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { authorize } from '../../platform/policy.ts'
import { inLanguage } from '../projects/gallery.ts'
import * as q from './queries.ts'
import {
  CATALOGUE_MAX_PAGE,
  CATALOGUE_PAGE_SIZE,
  type CatalogueParams,
  type CatalogueResponse,
} from './schemas.ts'

export type CatalogueResult = Static<typeof CatalogueResponse>

interface Counts {
  total: number
  facets: CatalogueResult['facets']
}

/**
 * How long the counts of one combination of filters are reused. Counting groups every match (all 100,000
 * outcomes without a filter), which is what would make a catalogue page slow; the page itself walks an index and
 * stops. This process forgets them at once when it records or changes an outcome; another web process sharing the
 * database shows the new figures within this time.
 */
export const COUNTS_TTL_MS = 60_000
/** Combinations remembered at once; the oldest is forgotten first. */
const COUNTS_KEPT = 2_000
const FACET_LIMIT = 15

const cache = new WeakMap<Db, Map<string, { at: number; value: Promise<Counts> }>>()

/** Forgets the counts after a change, so this process shows the new figures on the next page. */
export function forgetCounts(db: Db): void {
  cache.delete(db)
}

const ranked = (values: Array<{ value: string; count: number }>) =>
  values
    .filter((v) => v.count > 0)
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, FACET_LIMIT)

async function countNow(db: Db, filter: q.CatalogueFilter): Promise<Counts> {
  const [total, type, language, country, subject] = await Promise.all([
    q.catalogueTotal(db, filter),
    q.facetOf(db, filter, 'type'),
    q.facetOf(db, filter, 'language'),
    q.facetOf(db, filter, 'country'),
    q.subjectFacet(db, filter),
  ])
  return {
    total,
    facets: {
      type: ranked(type),
      language: ranked(language),
      country: ranked(country),
      subject: ranked(subject),
    },
  }
}

/** The counts of one combination of filters: counted by the database at most once per COUNTS_TTL_MS (shared by concurrent requests). */
function countsFor(db: Db, filter: q.CatalogueFilter, now = Date.now()): Promise<Counts> {
  let byKey = cache.get(db)
  if (!byKey) {
    byKey = new Map()
    cache.set(db, byKey)
  }
  const key = JSON.stringify(filter)
  const cached = byKey.get(key)
  if (cached && now - cached.at < COUNTS_TTL_MS) return cached.value
  const value = countNow(db, filter)
  byKey.delete(key)
  byKey.set(key, { at: now, value })
  if (byKey.size > COUNTS_KEPT) {
    const oldest = byKey.keys().next().value
    if (oldest !== undefined) byKey.delete(oldest)
  }
  // A failed count is not kept: the next request tries again.
  const kept = byKey
  value.catch(() => kept.delete(key))
  return value
}

/** A filter naming no existing row: no outcome matches it. */
const NOTHING = '-'

/** The catalogue of outcomes: filtered, counted, newest first, a page at a time. */
export async function catalogue(
  ctx: ServiceContext,
  params: CatalogueParams,
  locale: Locale,
): Promise<CatalogueResult> {
  authorize(ctx.actor, 'outcomes.view', undefined)
  const [institution, project, subject] = await Promise.all([
    params.institution ? q.institutionBySlug(ctx.db, params.institution) : undefined,
    params.project ? q.consortiumBySlug(ctx.db, params.project) : undefined,
    params.subject
      ? ctx.db.selectFrom('subjects').select('id').where('code', '=', params.subject).executeTakeFirst()
      : undefined,
  ])
  // An unknown slug or code is a filter that matches nothing, as a shared link to a removed project should.
  const filter: q.CatalogueFilter = {
    type: params.type,
    language: params.language,
    country: params.country,
    subjectId: params.subject ? (subject?.id ?? NOTHING) : undefined,
    institutionId: params.institution ? (institution?.id ?? NOTHING) : undefined,
    consortiumId: params.project ? (project?.id ?? NOTHING) : undefined,
  }
  for (const key of Object.keys(filter) as Array<keyof q.CatalogueFilter>) {
    if (filter[key] === undefined) delete filter[key]
  }
  const page = params.page ?? 1
  const [rows, counts] = await Promise.all([
    q.cataloguePage(ctx.db, filter, CATALOGUE_PAGE_SIZE, (page - 1) * CATALOGUE_PAGE_SIZE),
    countsFor(ctx.db, filter),
  ])
  return {
    total: counts.total,
    page,
    pageSize: CATALOGUE_PAGE_SIZE,
    pages: Math.min(CATALOGUE_MAX_PAGE, Math.max(1, Math.ceil(counts.total / CATALOGUE_PAGE_SIZE))),
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
    facets: counts.facets,
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
