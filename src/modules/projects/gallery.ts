import type { Static } from 'typebox'
import { LOCALES, type Locale } from '../../config.ts'
import type { Db } from '../../db/database.ts'
import type { LabelLevel, ProjectScope } from '../../db/schema.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { NotFound } from '../../platform/errors.ts'
import { type StoredFile, storageKey } from '../../platform/files.ts'
import { authorize, can } from '../../platform/policy.ts'
import { queryTerms, textScore } from '../partners/fold.ts'
import { loadProjectAccess } from './access.ts'
import { galleryTag, VERSION_KEY } from './gallery-index.ts'
import { isListed } from './gallery-policy.ts'
import * as q from './gallery-queries.ts'
import {
  GALLERY_MAX_PAGE,
  GALLERY_PAGE_SIZE,
  type GalleryCard,
  type GalleryQuery,
  type GalleryResponse,
  type ProjectPublicView,
} from './gallery-schemas.ts'

export type GalleryParams = Static<typeof GalleryQuery>
export type GalleryResult = Static<typeof GalleryResponse>
export type ProjectPublic = Static<typeof ProjectPublicView>
type Card = Static<typeof GalleryCard>

/** Text searches read at most this many matches of the text (most recently indexed first on SQLite), 20 pages: the
 * relevance of a common word ranks these, not every project that has it. */
export const TEXT_CAP = 400
/** Several filters: the others are checked on at most this many of the rarest filter's rows, newest first. */
export const SCAN_WINDOW = 1000
/** Facet counts over a filtered set are counted from its matches when there are at most this many. */
export const FACET_CAP = 500
const FACET_LIMIT = 12

type Localised = { az: string | null; en: string | null; ru: string | null }

/** The text in the reader's language, else the first language the team wrote it in; with the language it is in. */
export function inLanguage(text: Localised, locale: Locale): { text: string; lang: Locale } | null {
  for (const lang of [locale, ...LOCALES]) {
    const value = text[lang]
    if (value) return { text: value, lang }
  }
  return null
}

/** The filters of a gallery query as index tags. */
function filterTags(params: GalleryParams): string[] {
  const tags: string[] = []
  if (params.subject) tags.push(galleryTag.subject(params.subject))
  if (params.age) tags.push(galleryTag.age(params.age))
  if (params.country) tags.push(galleryTag.country(params.country))
  if (params.region) tags.push(galleryTag.region(params.region))
  if (params.year) tags.push(galleryTag.year(params.year))
  if (params.label) tags.push(galleryTag.label(params.label))
  if (params.scope) tags.push(galleryTag.scope(params.scope))
  return tags
}

const PREFIXES = {
  subject: 's:',
  age: 'a:',
  country: 'c:',
  region: 'r:',
  year: 'y:',
  label: 'l:',
  scope: 'p:',
} as const

function facetsFrom(counts: Map<string, number> | null): GalleryResult['facets'] {
  const list = (prefix: string) =>
    counts
      ? [...counts]
          .filter(([k, n]) => k.startsWith(prefix) && n > 0)
          .map(([k, n]) => ({ value: k.slice(prefix.length), count: n }))
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
          .slice(0, FACET_LIMIT)
      : []
  return {
    subject: list(PREFIXES.subject),
    age: list(PREFIXES.age),
    country: list(PREFIXES.country),
    region: list(PREFIXES.region),
    year: list(PREFIXES.year),
    label: list(PREFIXES.label),
    scope: list(PREFIXES.scope),
  }
}

interface Found {
  docs: number[]
  total: number
  totalExact: boolean
  /** How many results the pages can reach (the matches read); the total may be larger. */
  reachable: number
  counts: Map<string, number> | null
}

/**
 * Without text: one index walked newest first and stopped. One filter or none: the page is read directly and the
 * total and facet counts come from the summary. Several: the rarest filter drives (the summary knows which) and
 * the others are checked on its newest SCAN_WINDOW rows only, so a sparse combination never walks a whole country;
 * when the driver has more rows, the results come from that window (two filters still have their exact total in
 * the summary, more only a lower bound).
 */
async function browse(db: Db, tags: string[], from: number): Promise<Found> {
  if (tags.length <= 1) {
    const counts = await q.countsFor(db, tags[0] ?? '')
    const docs = await q.browse(db, tags, GALLERY_PAGE_SIZE, from)
    const total = counts.get('') ?? 0
    return { docs, total, totalExact: true, reachable: total, counts }
  }
  const sizes = await q.keyCounts(db, tags)
  const ordered = [...tags].sort((a, b) => (sizes.get(a) ?? 0) - (sizes.get(b) ?? 0))
  const windowed = (sizes.get(ordered[0] ?? '') ?? 0) > SCAN_WINDOW
  const matches = await q.browse(db, ordered, SCAN_WINDOW, 0, SCAN_WINDOW)
  const docs = matches.slice(from, from + GALLERY_PAGE_SIZE)
  if (!windowed) {
    const counts = matches.length <= FACET_CAP ? await q.tagCounts(db, matches) : null
    return { docs, total: matches.length, totalExact: true, reachable: matches.length, counts }
  }
  const [a = '', b = ''] = ordered
  return ordered.length === 2
    ? { docs, total: await q.pairCount(db, a, b), totalExact: true, reachable: matches.length, counts: null }
    : { docs, total: matches.length, totalExact: false, reachable: matches.length, counts: null }
}

/** With text: the text's matches (bounded) carrying every filter, ordered here by relevance or date. */
async function searchText(
  db: Db,
  terms: string[],
  tags: string[],
  sort: 'relevance' | 'recent',
  from: number,
): Promise<Found> {
  const { rows, capped } = await q.textMatches(db, terms, tags, TEXT_CAP)
  const time = (v: string | Date) => new Date(v).getTime()
  const ranked = rows.map((r) => ({
    doc: r.doc,
    at: time(r.sort_at),
    score: textScore(terms, r.search_text),
  }))
  ranked.sort((x, y) => (sort === 'relevance' ? y.score - x.score : 0) || y.at - x.at || y.doc - x.doc)
  const all = ranked.map((r) => r.doc)
  return {
    docs: all.slice(from, from + GALLERY_PAGE_SIZE),
    total: all.length,
    totalExact: !capped,
    reachable: all.length,
    counts: all.length <= FACET_CAP ? await q.tagCounts(db, all) : null,
  }
}

/** Results kept per database for the index version they were computed at (the same for every reader). */
const RESULT_CACHE_SIZE = 2000
const resultCache = new WeakMap<Db, Map<string, { version: number; result: Promise<GalleryResult> }>>()

/**
 * The public gallery: approved projects whose team shows them, filtered, searched and paged. The index version
 * comes from ctx.db; the search reads through `readDb` (reader threads on a SQLite file, which see every committed
 * write), so the event loop serves other requests while a search is computed.
 */
export async function search(
  ctx: ServiceContext,
  params: GalleryParams,
  locale: Locale,
  readDb: Db = ctx.db,
): Promise<GalleryResult> {
  authorize(ctx.actor, 'gallery.view', undefined)
  const version = await q.pairCount(ctx.db, VERSION_KEY, '')
  const cache = resultCache.get(ctx.db) ?? new Map()
  resultCache.set(ctx.db, cache)
  const key = JSON.stringify([locale, params])
  const hit = cache.get(key)
  if (hit?.version === version) return hit.result
  const result = computeSearch(readDb, params, locale)
  // Oldest out first: a Map keeps insertion order.
  if (cache.size >= RESULT_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '')
  cache.set(key, { version, result })
  result.catch(() => cache.delete(key))
  return result
}

async function computeSearch(db: Db, params: GalleryParams, locale: Locale): Promise<GalleryResult> {
  const terms = queryTerms(params.q)
  const tags = filterTags(params)
  const sort = terms.length > 0 ? (params.sort ?? 'relevance') : 'recent'
  const page = params.page ?? 1
  const from = (page - 1) * GALLERY_PAGE_SIZE
  const found =
    terms.length > 0 ? await searchText(db, terms, tags, sort, from) : await browse(db, tags, from)
  const cards = await q.cardsByDocs(db, found.docs)
  const cardTags = await q.tagsOf(
    db,
    cards.map((c) => Number(c.doc)),
  )
  const values = (doc: number, prefix: string) =>
    (cardTags.get(doc) ?? []).filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length))
  return {
    total: found.total,
    totalExact: found.totalExact,
    page,
    pageSize: GALLERY_PAGE_SIZE,
    pages: Math.min(
      GALLERY_MAX_PAGE,
      Math.max(1, Math.ceil(Math.min(found.total, found.reachable) / GALLERY_PAGE_SIZE)),
    ),
    sort,
    facetsCounted: found.counts !== null,
    facets: facetsFrom(found.counts),
    results: cards.map((c): Card => {
      const doc = Number(c.doc)
      const title = inLanguage({ az: c.title_az, en: c.title_en, ru: c.title_ru }, locale)
      const summary = inLanguage({ az: c.summary_az, en: c.summary_en, ru: c.summary_ru }, locale)
      return {
        id: c.project_id,
        url: `/projects/${c.project_id}`,
        title: title?.text ?? '',
        lang: title?.lang ?? locale,
        summary: summary?.text ?? '',
        summaryLang: summary?.lang ?? locale,
        scope: c.scope,
        year: Number(c.year),
        ageFrom: c.age_from === null ? null : Number(c.age_from),
        ageTo: c.age_to === null ? null : Number(c.age_to),
        subjects: values(doc, PREFIXES.subject),
        countries: values(doc, PREFIXES.country).sort(),
        labels: values(doc, PREFIXES.label).filter(
          (l): l is LabelLevel => l === 'national' || l === 'european',
        ),
        approvedAt: new Date(c.sort_at).toISOString(),
      }
    }),
  }
}

/** A link to a public page, titled in the reader's language (an institution's page lists them). */
export interface TitledLink {
  url: string
  title: string
  lang: Locale
}

/** The gallery's projects that an institution's people take part in, newest first: what its public page lists. */
export async function galleryProjectsOf(
  db: Db,
  institutionId: string,
  locale: Locale,
  limit = 20,
): Promise<TitledLink[]> {
  const rows = await q.galleryProjectsOfInstitution(db, institutionId, limit)
  return rows.map((r) => {
    const title = inLanguage({ az: r.title_az, en: r.title_en, ru: r.title_ru }, locale)
    return { url: `/projects/${r.project_id}`, title: title?.text ?? '', lang: title?.lang ?? locale }
  })
}

// ---------------------------------------------------------------- one project

/** Loads the project as the reader may see it: "not found" unless listed, or the reader is its team or a coordinator. */
async function readable(ctx: ServiceContext, projectId: string) {
  const access = await loadProjectAccess(ctx.db, projectId, ctx.actor)
  if (!access) throw new NotFound()
  authorize(ctx.actor, 'gallery.read_project', access, { hide: true })
  return access
}

export interface ProjectPageData {
  project: ProjectPublic
  /** Where the reader may follow the project behind the public page (its team and the coordinators). */
  links: { status: boolean; workspace: boolean }
}

export async function projectPage(
  ctx: ServiceContext,
  projectId: string,
  locale: Locale,
): Promise<ProjectPageData> {
  const access = await readable(ctx, projectId)
  const project = await q.projectForPage(ctx.db, projectId)
  if (!project) throw new NotFound()
  const [subjects, members, labels, pages, files] = await Promise.all([
    q.subjectsOf(ctx.db, projectId),
    q.partnersOf(ctx.db, projectId),
    q.labelsOf(ctx.db, projectId),
    q.publicPagesOf(ctx.db, projectId),
    q.publicFilesOf(ctx.db, projectId),
  ])
  // One entry per institution, founders' first (members come in invitation order, founders invited first).
  const partners = new Map<string, ProjectPublic['partners'][number]>()
  for (const m of members) {
    if (!m.institution_id || !m.institution_slug || !m.institution_name || !m.country) continue
    const entry = partners.get(m.institution_id) ?? {
      institution: {
        id: m.institution_id,
        slug: m.institution_slug,
        name: m.institution_name,
        country: m.country,
      },
      members: [],
    }
    partners.set(m.institution_id, entry)
    const visible = can(ctx.actor, 'profile.view', {
      ownerId: m.person_id,
      visibility: m.visibility ?? 'members',
      searchable: m.kind === 'adult' && m.validated_at !== null,
    })
    if (visible && (m.role === 'founder' || m.role === 'teacher')) {
      entry.members.push({ id: m.person_id, name: m.name, role: m.role })
    }
  }
  const model = project.model_az
    ? ({ az: project.model_az, en: project.model_en, ru: project.model_ru }[locale] ?? project.model_az)
    : null
  const links = {
    status: can(ctx.actor, 'projects.view_status', access),
    workspace: can(ctx.actor, 'workspace.read', access),
  }
  return {
    links,
    project: {
      id: project.id,
      url: `/projects/${project.id}`,
      public: isListed(access),
      scope: project.scope as ProjectScope,
      title: { az: project.title_az, en: project.title_en, ru: project.title_ru },
      summary: { az: project.summary_az, en: project.summary_en, ru: project.summary_ru },
      subjects: subjects.map((s) => ({
        code: s.code,
        name: { az: s.name_az, en: s.name_en, ru: s.name_ru }[locale],
      })),
      ageFrom: project.age_from,
      ageTo: project.age_to,
      languages: parseLanguages(project.languages),
      startDate: project.start_date,
      endDate: project.end_date,
      learningModel: model,
      activities: project.activities,
      expectedResults: project.expected_results,
      approvedAt: project.approved_at ? new Date(project.approved_at).toISOString() : null,
      partners: [...partners.values()],
      labels: labels.map((l) => ({
        level: l.level,
        country: l.country,
        awardedAt: new Date(l.awarded_at).toISOString(),
      })),
      pages: pages.map((p) => ({
        id: p.id,
        title: p.title,
        url: `/projects/${projectId}/public/pages/${p.id}`,
      })),
      files: files.map((f) => ({
        id: f.id,
        title: f.title,
        mediaType: f.media_type,
        size: Number(f.size),
        url: `/projects/${projectId}/public/files/${f.id}`,
      })),
    },
  }
}

function parseLanguages(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

/** A page the team made public (a teacher approved it), of a project the reader may see, with the project's title. */
export async function readPublicPage(ctx: ServiceContext, projectId: string, pageId: string, locale: Locale) {
  await readable(ctx, projectId)
  const [page, project] = await Promise.all([
    q.publicPage(ctx.db, projectId, pageId),
    q.projectForPage(ctx.db, projectId),
  ])
  if (!page || !project) throw new NotFound()
  const title = inLanguage({ az: project.title_az, en: project.title_en, ru: project.title_ru }, locale)
  // The sanitiser allows images only from the workspace's own file route (members only); readers of the public
  // page get them from the public route, which serves the images of public pages.
  const body_html = page.body_html.replaceAll(
    `/projects/${projectId}/workspace/files/`,
    `/projects/${projectId}/public/files/`,
  )
  return {
    page: { ...page, body_html },
    project: { id: projectId, title: title?.text ?? ctx.t('gallery.untitled') },
  }
}

/** A material the team made public: where it is stored and how it may be sent (see sendStoredFile). */
export async function readPublicFile(
  ctx: ServiceContext,
  projectId: string,
  fileId: string,
): Promise<StoredFile> {
  await readable(ctx, projectId)
  const file = await q.publicFile(ctx.db, projectId, fileId)
  if (!file) throw new NotFound()
  return {
    key: storageKey('projects', file.stored_name),
    mediaType: file.media_type,
    downloadName: file.original_name,
  }
}

// ---------------------------------------------------------------- counters

export interface ProjectCounters {
  /** Approved projects. */
  total: number
  /** Approved, workspace open, and today between their start and end dates. */
  active: number
  /** Approved projects holding at least one quality label. */
  withLabels: number
  /** Approved projects by the year of their approval, newest year first. */
  byYear: Array<{ year: number; count: number }>
}

export function projectCounters(db: Db, timeZone: string): Promise<ProjectCounters> {
  // Today in the installation's time zone, as the YYYY-MM-DD the project dates are written in.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date())
  return q.projectCounts(db, today)
}

/** How long the home page reuses the project figures: counting 300,000 projects takes about a second. */
export const COUNTERS_TTL_MS = 60_000
const countersCache = new WeakMap<Db, { at: number; value: Promise<ProjectCounters> }>()

/**
 * The figures as the home page shows them: counted from the data at most once a minute per database (concurrent
 * requests share one count), so a home page never waits for a count of every project.
 */
export function recentProjectCounters(db: Db, timeZone: string, now = Date.now()): Promise<ProjectCounters> {
  const cached = countersCache.get(db)
  if (cached && now - cached.at < COUNTERS_TTL_MS) return cached.value
  const value = projectCounters(db, timeZone)
  countersCache.set(db, { at: now, value })
  // A failed count is not kept: the next request tries again.
  value.catch(() => countersCache.delete(db))
  return value
}

/** The years the listed projects were approved in, newest first (from the gallery's summary). */
export async function galleryYears(db: Db): Promise<number[]> {
  const counts = await q.countsFor(db, '')
  return [...counts.keys()]
    .filter((k) => k.startsWith(PREFIXES.year))
    .map((k) => Number(k.slice(PREFIXES.year.length)))
    .sort((a, b) => b - a)
}
