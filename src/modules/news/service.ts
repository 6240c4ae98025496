import { LOCALES, type Locale } from '../../config.ts'
import type { Db, Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { ArticlesTable } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { type FieldErrors, Invalid, NotFound } from '../../platform/errors.ts'
import { storageKey } from '../../platform/files.ts'
import { translator } from '../../platform/i18n.ts'
import { authorize, can } from '../../platform/policy.ts'
import { plainText, sanitizeRichText } from '../../platform/rich-text.ts'
import { zonedToUtc } from '../events/calendar.ts'
import { slugify } from '../institutions/normalise.ts'
import { refreshSearch } from '../search/service.ts'
import { COVER_WIDTHS, coverVariants, FILES_AREA, removeCover, storeCover } from './cover.ts'
import type { ArticleAccess } from './policy.ts'
import './policy.ts'
import * as q from './queries.ts'
import {
  type ArticleInput,
  ENTITY_TYPES,
  type EntityType,
  type ListParams,
  type PageInput,
  TAG_PATTERN,
} from './schemas.ts'
import { chooseLanguage, type Localised } from './text.ts'

export const PAGE_SIZE = 20
/** Slugs that are addresses of the news section itself. */
const RESERVED = new Set(['feed', 'new'])
const MAX_TAGS = 20
const MAX_LINKS = 30
/** Images in articles and pages: only this site's own news covers (no outside tracking pixels). */
const OWN_IMAGE = /^\/news\/[a-z0-9][a-z0-9-]{0,159}\/cover\/\d{3,4}$/

export const articleUrl = (slug: string) => `/news/${slug}`

const now = () => new Date().toISOString()

export function accessOf(row: Pick<ArticlesTable, 'status' | 'publish_at'>, at = now()): ArticleAccess {
  return {
    status: row.status,
    live: row.status === 'published' && row.publish_at !== null && row.publish_at <= at,
  }
}

function localised(row: object, field: string): Localised {
  const r = row as Record<string, string | null | undefined>
  return { az: r[`${field}_az`] ?? null, en: r[`${field}_en`] ?? null, ru: r[`${field}_ru`] ?? null }
}

// ---------------------------------------------------------------- input

/** Comma-separated tags as a list: trimmed, lower-case, each once. */
export function parseTags(text: string | undefined): string[] {
  const tags = [
    ...new Set(
      (text ?? '')
        .split(',')
        .map((t) => t.trim().toLocaleLowerCase('en').replace(/\s+/g, '-'))
        .filter(Boolean),
    ),
  ]
  const pattern = new RegExp(TAG_PATTERN, 'u')
  const bad = tags.find((t) => !pattern.test(t))
  if (bad) throw new Invalid({ tags: { key: 'news.errors.bad_tag', values: { tag: bad.slice(0, 70) } } })
  if (tags.length > MAX_TAGS)
    throw new Invalid({ tags: { key: 'news.errors.too_many_tags', values: { count: MAX_TAGS } } })
  return tags
}

const LINK_PREFIX: Record<string, EntityType> = {
  institutions: 'institution',
  projects: 'project',
  consortia: 'consortium',
  networks: 'network',
  events: 'event',
}

/**
 * The pages an article is about, one address per line (a path like /events/ganja-2026 or the full URL of this
 * site), as entity references. An address that is not the page of an existing thing is refused by name.
 */
export async function resolveLinks(db: Queryable, text: string | undefined) {
  const lines = [
    ...new Set(
      (text ?? '')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ]
  if (lines.length > MAX_LINKS)
    throw new Invalid({ links: { key: 'news.errors.too_many_links', values: { count: MAX_LINKS } } })
  const links: Array<{ entity_type: EntityType; entity_id: string }> = []
  for (const line of lines) {
    let path = line
    try {
      path = new URL(line, 'http://local').pathname
    } catch {}
    const match = /^\/(institutions|projects|consortia|networks|events)\/([a-z0-9][a-z0-9-]{0,159})\/?$/.exec(
      path,
    )
    const type = match ? LINK_PREFIX[match[1] ?? ''] : undefined
    const id = type && match ? await q.entityIdByKey(db, type, match[2] ?? '') : undefined
    if (!type || !id)
      throw new Invalid({ links: { key: 'news.errors.unknown_link', values: { link: line.slice(0, 200) } } })
    if (!links.some((l) => l.entity_type === type && l.entity_id === id))
      links.push({ entity_type: type, entity_id: id })
  }
  return links
}

/** The article's texts with its rich text cleaned, and one title required. */
function articleTexts(input: ArticleInput) {
  if (!LOCALES.some((l) => input[`title_${l}`]?.trim()))
    throw new Invalid(
      Object.fromEntries(LOCALES.map((l) => [`title_${l}`, { key: 'news.errors.one_title' }])) as FieldErrors,
    )
  const texts: Record<string, string | null> = {}
  for (const l of LOCALES) {
    texts[`title_${l}`] = input[`title_${l}`]?.trim() || null
    texts[`lead_${l}`] = input[`lead_${l}`]?.trim() || null
    const body = input[`body_${l}`]
    texts[`body_${l}`] = body ? sanitizeRichText(body, OWN_IMAGE) || null : null
    texts[`cover_alt_${l}`] = input[`cover_alt_${l}`]?.trim() || null
  }
  return texts as Pick<ArticlesTable, `${'title' | 'lead' | 'body' | 'cover_alt'}_${Locale}`>
}

async function uniqueSlug(db: Queryable, wanted: string): Promise<string> {
  const base = wanted.slice(0, 150)
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`
    if (!RESERVED.has(slug) && !(await q.slugTaken(db, slug))) return slug
  }
}

/** What a revision keeps: every text, the tags and the links as typed. */
function snapshot(row: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const kept: Record<string, unknown> = { ...extra }
  for (const field of ['title', 'lead', 'body', 'cover_alt'])
    for (const l of LOCALES) if (`${field}_${l}` in row) kept[`${field}_${l}`] = row[`${field}_${l}`]
  return JSON.stringify(kept)
}

// ---------------------------------------------------------------- writing

export interface CoverUpload {
  bytes: Buffer
}

/** Creates a draft (the author is the actor); returns its slug. */
export async function createArticle(
  ctx: ServiceContext,
  input: ArticleInput,
  cover: CoverUpload | null,
): Promise<string> {
  authorize(ctx.actor, 'news.write', undefined)
  const texts = articleTexts(input)
  const tags = parseTags(input.tags)
  const links = await resolveLinks(ctx.db, input.links)
  const variants = cover ? await storeCover(ctx.storage, cover.bytes) : {}
  const firstTitle = LOCALES.map((l) => texts[`title_${l}`]).find(Boolean) ?? 'article'
  const created = ctx.db.transaction().execute(async (trx) => {
    const slug = await uniqueSlug(trx, input.slug ?? slugify(firstTitle))
    const id = newId()
    const at = now()
    await q.insertArticle(trx, {
      id,
      slug,
      status: 'draft',
      ...texts,
      cover_variants: JSON.stringify(variants),
      author_id: ctx.actor.person?.id ?? null,
      publish_at: null,
      published_at: null,
      published_by: null,
      created_at: at,
      updated_at: at,
    })
    await q.replaceTags(trx, id, tags)
    await q.replaceLinks(trx, id, links)
    await q.insertRevision(trx, {
      id: newId(),
      subject_type: 'article',
      subject_id: id,
      editor_id: ctx.actor.person?.id ?? null,
      at,
      snapshot: snapshot(texts, { tags: input.tags ?? '', links: input.links ?? '' }),
    })
    // The site search finds an article only once it is published (the search decides from the row).
    await refreshSearch(trx, 'article', id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'news.create',
      subjectType: 'article',
      subjectId: id,
    })
    return slug
  })
  return created.catch(async (error: unknown) => {
    await removeCover(ctx.storage, variants)
    throw error
  })
}

/** The article for someone of the newsroom who may change it; "not found" for anyone who may not read it. */
async function editable(ctx: ServiceContext, slug: string): Promise<q.ArticleRow> {
  const row = await q.findArticle(ctx.db, slug)
  if (!row) throw new NotFound()
  const access = accessOf(row)
  authorize(ctx.actor, 'news.read', access, { hide: true })
  authorize(ctx.actor, 'news.edit', access)
  return row
}

export async function updateArticle(
  ctx: ServiceContext,
  slug: string,
  input: ArticleInput,
  cover: CoverUpload | null,
): Promise<void> {
  const row = await editable(ctx, slug)
  const texts = articleTexts(input)
  const tags = parseTags(input.tags)
  const links = await resolveLinks(ctx.db, input.links)
  const variants = cover ? await storeCover(ctx.storage, cover.bytes) : null
  const updated = ctx.db.transaction().execute(async (trx) => {
    const at = now()
    await q.updateArticle(trx, row.id, {
      ...texts,
      ...(variants ? { cover_variants: JSON.stringify(variants) } : {}),
      updated_at: at,
    })
    await q.replaceTags(trx, row.id, tags)
    await q.replaceLinks(trx, row.id, links)
    await q.insertRevision(trx, {
      id: newId(),
      subject_type: 'article',
      subject_id: row.id,
      editor_id: ctx.actor.person?.id ?? null,
      at,
      snapshot: snapshot(texts, { tags: input.tags ?? '', links: input.links ?? '' }),
    })
    await refreshSearch(trx, 'article', row.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'news.update',
      subjectType: 'article',
      subjectId: row.id,
    })
  })
  await updated.catch(async (error: unknown) => {
    if (variants) await removeCover(ctx.storage, variants)
    throw error
  })
  // The previous cover's widths are no longer shown anywhere.
  if (variants) await removeCover(ctx.storage, coverVariants(row.cover_variants))
}

/** A form's local date and time (no zone: the installation's) or an ISO timestamp, as UTC ISO. */
function momentOf(value: string, timeZone: string): string {
  const local = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value)
  const date = local ? zonedToUtc(local[1] ?? '', local[2] ?? '', timeZone) : new Date(value)
  if (Number.isNaN(date.getTime())) throw new Invalid({ publish_at: { key: 'validation.format_date_time' } })
  return date.toISOString()
}

export type Transition = 'submit' | 'publish' | 'return' | 'archive'

/**
 * Moves an article along its workflow: a writer submits a draft for review; a coordinator publishes (now or at
 * `publishAt`), returns it to draft, or archives it (no longer public; kept with its history).
 */
export async function transition(
  ctx: ServiceContext,
  slug: string,
  step: Transition,
  publishAt?: string,
): Promise<void> {
  const row = await q.findArticle(ctx.db, slug)
  if (!row) throw new NotFound()
  authorize(ctx.actor, 'news.read', accessOf(row), { hide: true })
  const at = now()
  let values: Partial<Pick<ArticlesTable, 'status' | 'publish_at' | 'published_at' | 'published_by'>>
  if (step === 'submit') {
    authorize(ctx.actor, 'news.edit', accessOf(row))
    if (row.status !== 'draft') throw new Invalid({ form: { key: 'news.errors.not_draft' } })
    values = { status: 'in_review' }
  } else {
    authorize(ctx.actor, 'news.publish', undefined)
    if (step === 'publish') {
      const when = publishAt ? momentOf(publishAt, ctx.config.timeZone) : at
      values = {
        status: 'published',
        publish_at: when,
        published_at: at,
        published_by: ctx.actor.person?.id ?? null,
      }
    } else if (step === 'return') {
      values = { status: 'draft', publish_at: null }
    } else {
      values = { status: 'archived' }
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await q.updateArticle(trx, row.id, { ...values, updated_at: at })
    await refreshSearch(trx, 'article', row.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: `news.${step}`,
      subjectType: 'article',
      subjectId: row.id,
      details: { publish_at: values.publish_at ?? null },
    })
  })
}

/** The form's values for an article: its texts, tags and links as they were typed. */
export async function editFormValues(ctx: ServiceContext, slug: string): Promise<Record<string, string>> {
  const row = await editable(ctx, slug)
  const [tags, links] = await Promise.all([q.tagsOf(ctx.db, [row.id]), q.linksOf(ctx.db, row.id)])
  const values: Record<string, string> = {
    slug: row.slug,
    tags: (tags.get(row.id) ?? []).join(', '),
    links: links.map((l) => entityPath(l)).join('\n'),
  }
  for (const field of ['title', 'lead', 'body', 'cover_alt'] as const)
    for (const l of LOCALES) values[`${field}_${l}`] = row[`${field}_${l}`] ?? ''
  return values
}

const ENTITY_PATH: Record<EntityType, string> = {
  institution: '/institutions',
  project: '/projects',
  consortium: '/consortia',
  network: '/networks',
  event: '/events',
}

/** The address of the page of a thing an article is about (a project's public page goes by its id). */
export const entityPath = (e: { type: EntityType; id: string; slug: string }) =>
  `${ENTITY_PATH[e.type]}/${e.type === 'project' ? e.id : e.slug}`

// ---------------------------------------------------------------- reading

export interface Shown {
  /** The language the article is shown in; differs from the reader's when it falls back. */
  lang: Locale
  fellBack: boolean
  title: string
  lead: string | null
  body: string | null
  coverAlt: string
}

/** One language version of an article for a reader: title, lead, body and alt text together, never mixed. */
export function shownIn(row: q.ArticleRow, locale: Locale, defaultLocale: Locale): Shown {
  const lang = chooseLanguage(localised(row, 'title'), locale, defaultLocale) ?? locale
  return {
    lang,
    fellBack: lang !== locale,
    title: row[`title_${lang}`] ?? '',
    lead: row[`lead_${lang}`],
    body: row[`body_${lang}`],
    coverAlt: row[`cover_alt_${lang}`] ?? '',
  }
}

export function coverOf(row: q.ArticleRow) {
  const variants = coverVariants(row.cover_variants)
  const widths = COVER_WIDTHS.filter((w) => variants[String(w)])
  if (widths.length === 0) return null
  return {
    src: `${articleUrl(row.slug)}/cover/${widths[Math.min(1, widths.length - 1)]}`,
    srcset: widths.map((w) => `${articleUrl(row.slug)}/cover/${w} ${w}w`).join(', '),
  }
}

export async function articlePage(ctx: ServiceContext, slug: string, locale: Locale) {
  const row = await q.findArticle(ctx.db, slug)
  if (!row) throw new NotFound()
  const access = accessOf(row)
  authorize(ctx.actor, 'news.read', access, { hide: true })
  const [tags, links, author] = await Promise.all([
    q.tagsOf(ctx.db, [row.id]),
    q.linksOf(ctx.db, row.id),
    q.authorName(ctx.db, row.author_id),
  ])
  return {
    row,
    access,
    shown: shownIn(row, locale, ctx.config.defaultLocale),
    tags: tags.get(row.id) ?? [],
    links: links.map((l) => ({
      ...l,
      url: entityPath(l),
      name: l.names[chooseLanguage(l.names, locale, ctx.config.defaultLocale) ?? locale] ?? l.slug,
    })),
    author,
    cover: coverOf(row),
    canEdit: can(ctx.actor, 'news.edit', access),
    canPublish: can(ctx.actor, 'news.publish', undefined),
  }
}
export type ArticlePageData = Awaited<ReturnType<typeof articlePage>>

/** The API's view of an article: every language as written. */
export function articleJson(data: ArticlePageData) {
  const { row } = data
  const cover = data.cover
  return {
    slug: row.slug,
    url: articleUrl(row.slug),
    status: row.status,
    title: localised(row, 'title'),
    lead: localised(row, 'lead'),
    body: localised(row, 'body'),
    tags: data.tags,
    published_at: row.publish_at,
    cover: cover ? { ...cover, alt: localised(row, 'cover_alt') } : null,
    author: data.author,
    links: data.links.map((l) => ({ type: l.type, slug: l.slug, url: l.url })),
  }
}

/** The stored cover at one width, for anyone who may read the article. */
export async function coverFile(ctx: ServiceContext, slug: string, width: number) {
  const row = await q.findArticle(ctx.db, slug)
  const stored = row ? coverVariants(row.cover_variants)[String(width)] : undefined
  if (!row || !stored) throw new NotFound()
  const access = accessOf(row)
  authorize(ctx.actor, 'news.read', access, { hide: true })
  const file = {
    key: storageKey(FILES_AREA, stored),
    mediaType: 'image/webp',
    downloadName: `${row.slug}-${width}.webp`,
  }
  return { file, live: access.live }
}

export async function listNews(ctx: ServiceContext, params: ListParams) {
  const at = now()
  let about: { type: EntityType; id: string } | undefined
  if (params.about) {
    const [type, slug] = params.about.split(':') as [EntityType, string]
    const id = ENTITY_TYPES.includes(type) ? await q.entityIdByKey(ctx.db, type, slug) : undefined
    // An unknown thing has no news: an empty list, as for any filter nothing matches.
    about = { type, id: id ?? '' }
  }
  const page = params.page ?? 1
  const between: [string, string] | undefined = params.year
    ? [`${params.year}-01-01T00:00:00.000Z`, `${params.year + 1}-01-01T00:00:00.000Z`]
    : undefined
  const [{ rows, total }, years, tags] = await Promise.all([
    q.listLive(ctx.db, at, {
      tag: params.tag,
      about,
      between,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
    q.liveYears(ctx.db, at),
    q.liveTags(ctx.db, at),
  ])
  const tagMap = await q.tagsOf(
    ctx.db,
    rows.map((r) => r.id),
  )
  return { rows, total, page, years, tags, tagsOf: (id: string) => tagMap.get(id) ?? [] }
}
export type NewsList = Awaited<ReturnType<typeof listNews>>

export function summaryJson(row: q.ArticleRow, tags: string[]) {
  return {
    slug: row.slug,
    url: articleUrl(row.slug),
    title: localised(row, 'title'),
    lead: localised(row, 'lead'),
    tags,
    published_at: row.publish_at,
  }
}

/** Everything in the newsroom: articles in every state, and the static pages. */
export async function newsroom(ctx: ServiceContext) {
  authorize(ctx.actor, 'news.write', undefined)
  const [articles, pages] = await Promise.all([q.listAll(ctx.db), q.allPages(ctx.db)])
  return { articles, pages, at: now() }
}

/** An article's or page's saved versions, newest first, for the newsroom. */
export async function revisions(ctx: ServiceContext, type: 'article' | 'page', slug: string) {
  authorize(ctx.actor, 'news.write', undefined)
  const subject = type === 'article' ? await q.findArticle(ctx.db, slug) : await q.findPage(ctx.db, slug)
  if (!subject) throw new NotFound()
  const list = await q.revisionsOf(ctx.db, type, subject.id)
  return list.map((r) => ({
    id: r.id,
    at: r.at,
    editor: r.editor,
    texts: JSON.parse(r.snapshot) as Record<string, string | null>,
  }))
}

// ---------------------------------------------------------------- feeds and sitemap

export async function feedEntries(ctx: ServiceContext, tag?: string) {
  const { rows } = await q.listLive(ctx.db, now(), { tag, limit: 50, offset: 0 })
  return rows
}

export { plainText }

export async function sitemap(db: Db) {
  return q.sitemapEntries(db, now())
}

// ---------------------------------------------------------------- static pages

/** The pages every installation has; created empty of nothing: with a first text, on start, when missing. */
export const STATIC_PAGES = ['about', 'how-to-join', 'contact'] as const

export async function page(ctx: ServiceContext, slug: string) {
  const row = await q.findPage(ctx.db, slug)
  if (!row) throw new NotFound()
  return row
}

export async function updatePage(ctx: ServiceContext, slug: string, input: PageInput): Promise<void> {
  authorize(ctx.actor, 'news.write', undefined)
  const row = await q.findPage(ctx.db, slug)
  if (!row) throw new NotFound()
  if (!LOCALES.some((l) => input[`title_${l}`]?.trim()))
    throw new Invalid(
      Object.fromEntries(LOCALES.map((l) => [`title_${l}`, { key: 'news.errors.one_title' }])) as FieldErrors,
    )
  const texts: Record<string, string | null> = {}
  for (const l of LOCALES) {
    texts[`title_${l}`] = input[`title_${l}`]?.trim() || null
    const body = input[`body_${l}`]
    texts[`body_${l}`] = body ? sanitizeRichText(body, OWN_IMAGE) || null : null
  }
  await ctx.db.transaction().execute(async (trx) => {
    const at = now()
    await trx
      .updateTable('pages')
      .set({ ...texts, updated_by: ctx.actor.person?.id ?? null, updated_at: at })
      .where('id', '=', row.id)
      .execute()
    await q.insertRevision(trx, {
      id: newId(),
      subject_type: 'page',
      subject_id: row.id,
      editor_id: ctx.actor.person?.id ?? null,
      at,
      snapshot: snapshot(texts),
    })
    await refreshSearch(trx, 'page', row.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'pages.update',
      subjectType: 'page',
      subjectId: row.id,
    })
  })
}

/**
 * Creates the static pages that are missing, with a first text in every language for editors to rewrite. Run on
 * every start (cheap: three lookups), so a new installation has them and an edited page is never overwritten.
 */
export async function ensureStaticPages(db: Queryable): Promise<void> {
  for (const slug of STATIC_PAGES) {
    if (await q.findPage(db, slug)) continue
    const texts: Record<string, string> = {}
    for (const l of LOCALES) {
      const t = translator(l)
      texts[`title_${l}`] = t(`news.static.${slug}.title`)
      texts[`body_${l}`] = sanitizeRichText(t(`news.static.${slug}.body`), OWN_IMAGE)
    }
    const at = now()
    await db
      .insertInto('pages')
      .values({ id: newId(), slug, ...texts, updated_by: null, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute()
  }
}
