import type { Static } from 'typebox'
import type { Locale } from '../../config.ts'
import type { Db, Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { ProfileVisibility } from '../../db/schema.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Forbidden, NotFound, TooManyRequests } from '../../platform/errors.ts'
import { translator } from '../../platform/i18n.ts'
import { queueMail } from '../../platform/mail.ts'
import { type Actor, authorize, can, hasRole, isAdult } from '../../platform/policy.ts'
import { labelsForMember, type ProjectLabel } from '../labels/badges.tsx'
import { listSubjects } from '../subjects/service.ts'
import { ageBandsFor, tag } from './facets.ts'
import { foldText, queryTerms } from './fold.ts'
import * as q from './queries.ts'
import { type ContactBody, MAX_PAGE, PAGE_SIZE, type SearchQuery, type SearchResponse } from './schemas.ts'

// ---------------------------------------------------------------- keeping the index current

function parseList(json: string | null | undefined): string[] {
  try {
    const value: unknown = JSON.parse(json ?? '[]')
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

/**
 * Brings one person's search row up to date; call it in the same transaction as any change to their name,
 * profile, validation or memberships. Only validated adults whose profile is not hidden are searchable.
 */
export async function reindexPerson(db: Queryable, personId: string): Promise<void> {
  const data = await q.personForIndex(db, personId)
  const visibility: ProfileVisibility = data?.profile?.visibility ?? 'members'
  if (!data || data.person.kind !== 'adult' || !data.person.validated_at || visibility === 'hidden') {
    await q.removeDoc(db, personId)
    return
  }
  const { person, profile, institution } = data
  const subjects = parseList(profile?.subjects)
  const languages = parseList(profile?.languages)
  const subjectNames = (await listSubjects(db as Db))
    .filter((s) => subjects.includes(s.code))
    .flatMap((s) => [s.name_az, s.name_en, s.name_ru])
  const looking = profile?.looking_since ? 1 : 0
  const idea = looking ? (profile?.idea ?? null) : null
  await q.upsertDoc(
    db,
    {
      kind: 'person',
      entity_id: person.id,
      name: person.name,
      audience: visibility === 'public' ? 0 : 1,
      institution_id: institution?.id ?? null,
      institution_name: institution?.name ?? null,
      institution_type: institution?.type ?? null,
      country: institution?.country ?? null,
      region: institution?.region ?? null,
      city: institution?.city ?? null,
      looking,
      idea,
      age_min: profile?.age_min ?? null,
      age_max: profile?.age_max ?? null,
      subjects: JSON.stringify(subjects),
      languages: JSON.stringify(languages),
      search_text: foldText(
        [person.name, institution?.name, institution?.city, ...subjectNames, idea].filter(Boolean).join(' '),
      ),
      sort_at: profile?.updated_at ?? person.validated_at ?? person.created_at,
    },
    [
      ...subjects.map(tag.subject),
      ...languages.map(tag.language),
      ...ageBandsFor(profile?.age_min ?? null, profile?.age_max ?? null).map(tag.age),
    ],
  )
}

type IndexedInstitution = NonNullable<Awaited<ReturnType<typeof q.institutionForIndex>>>

async function writeInstitutionDoc(db: Queryable, institution: IndexedInstitution): Promise<void> {
  const languages = parseList(institution.languages)
  await q.upsertDoc(
    db,
    {
      kind: 'institution',
      entity_id: institution.id,
      name: institution.name,
      audience: 0,
      institution_id: institution.id,
      institution_name: institution.name,
      institution_type: institution.type,
      country: institution.country,
      region: institution.region,
      city: institution.city,
      looking: 0,
      idea: null,
      age_min: null,
      age_max: null,
      subjects: '[]',
      languages: JSON.stringify(languages),
      search_text: foldText([institution.name, institution.city].filter(Boolean).join(' ')),
      sort_at: institution.updated_at,
    },
    languages.map(tag.language),
  )
}

/**
 * Brings an institution's row, and the rows of everyone who belongs to it (they carry its facets), up to date.
 * The institutions module calls this after an edit, import or merge, in the same transaction.
 */
export async function reindexInstitution(db: Queryable, institutionId: string): Promise<void> {
  const institution = await q.institutionForIndex(db, institutionId)
  if (!institution || institution.merged_into) await q.removeDoc(db, institutionId)
  else await writeInstitutionDoc(db, institution)
  for (const personId of await q.memberIdsOf(db, institutionId)) await reindexPerson(db, personId)
}

/** Rebuilds the whole index (after a bulk import, or on an installation that predates it). */
export async function rebuildIndex(db: Db): Promise<{ people: number; institutions: number }> {
  const institutions = await db.selectFrom('institutions').select('id').execute()
  const people = await db.selectFrom('people').select('id').execute()
  await db.transaction().execute(async (trx) => {
    for (const i of institutions) {
      const row = await q.institutionForIndex(trx, i.id)
      if (!row || row.merged_into) await q.removeDoc(trx, i.id)
      else await writeInstitutionDoc(trx, row)
    }
    for (const p of people) await reindexPerson(trx, p.id)
  })
  return { people: people.length, institutions: institutions.length }
}

// ---------------------------------------------------------------- searching

export type SearchParams = Static<typeof SearchQuery>
export type SearchResult = Static<typeof SearchResponse>

const isMember = (actor: Actor) => isAdult(actor) && hasRole(actor, 'member')

/**
 * Facet counts and result pages are cached per (index version, filter): the version row changes with every write
 * to the index, so a cached answer is never stale; the cache is per process and may be lost at any time.
 */
const CACHE_LIMIT = 2000
type Cache = Map<string, { version: number; value: Promise<unknown> }>
/** One cache per database: several apps in one process (the tests) must never answer from each other's data. */
const caches = new WeakMap<Db, Cache>()

function cached<T>(db: Db, key: string, version: number, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(db)
  if (!cache) {
    cache = new Map()
    caches.set(db, cache)
  }
  const hit = cache.get(key)
  if (hit && hit.version === version) return hit.value as Promise<T>
  // The promise is cached, not its value: the same search arriving again while it is computed (a popular query,
  // a shared link) waits for that one computation instead of starting another. A failure is not kept.
  const value = compute()
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key)
  })
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value
    if (oldest !== undefined) cache.delete(oldest)
  }
  cache.set(key, { version, value })
  return value
}

const FACET_LIMIT = 40
/**
 * Filtered sets up to `cap` are counted exactly (all their rows are read, bounded by LIMIT); above it, counts are
 * lower bounds taken from the first `cap` rows found, shown as "1,000+". Unfiltered and single-filter searches
 * are always exact, from the summary table (migration 0006), whatever their size.
 *
 * `scan` bounds the rows a search reads to find its matches: the newest `scan` rows of its most selective filter (or,
 * with text, the `scan` most recently indexed matches of the text). A combination of filters with fewer than `cap`
 * matches among them reports what it found there as lower bounds ("37+"); with text, those are also the candidates
 * that relevance ranks.
 *
 * `walk` bounds a result page beyond the matches read (a selective combination, no text): the driver's newest `walk`
 * rows are walked for it, no more, so such a page comes back short or empty instead of walking the whole driver.
 */
export const countLimits = { cap: 1000, scan: 20_000, walk: 100_000 }

type Facets = SearchResult['facets']
interface Counted {
  facets: Facets
  total: number
  totalExact: boolean
  countsExact: boolean
  /** The matches read (enough for every page), in scan order; absent when the counts came from the summary alone. */
  sample?: q.SampleRow[]
  /** Whether the sample holds every match. */
  complete: boolean
  /** The filter that drove the scan (searches without text). */
  driver: q.Driver
}

const byCount = (a: { value: string; count: number }, b: { value: string; count: number }) =>
  b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)

/** Facet values out of (key, count) pairs: the summary's keys and the sample's keys are the same. */
function facetsFromKeys(kinds: Map<string, number>, keys: Map<string, number>): Facets {
  const list = (prefix: string) =>
    [...keys]
      .filter(([k, n]) => k.startsWith(prefix) && n > 0)
      .map(([k, n]) => ({ value: k.slice(prefix.length), count: n }))
      .sort(byCount)
      .slice(0, FACET_LIMIT)
  const looking = keys.get('looking') ?? 0
  return {
    kind: [...kinds]
      .filter(([, n]) => n > 0)
      .map(([value, count]) => ({ value, count }))
      .sort(byCount),
    country: list('c:'),
    region: list('r:'),
    type: list('t:'),
    looking: looking > 0 ? [{ value: 'yes', count: looking }] : [],
    subject: list('s:'),
    language: list('l:'),
    age: list('a:'),
  }
}

const add = (map: Map<string, number>, key: string, n = 1) => map.set(key, (map.get(key) ?? 0) + n)

/** How many visible rows carry each summary key (for choosing the most selective filter), per index version. */
async function keyCounts(db: Db, filter: q.SearchFilter, version: number): Promise<Map<string, number>> {
  return cached(db, `k${filter.audiences.join()}:${filter.kind ?? ''}`, version, async () => {
    const counts = new Map<string, number>()
    for (const r of await q.summaryCounts(db, filter, '')) add(counts, r.facet, r.count)
    return counts
  })
}

/**
 * Facet counts without grouping over the whole filtered set. No text and at most one facet filter: exact, from the
 * summary table. Otherwise at most cap + 1 matches are read, within the scan window (countLimits): if that is all of
 * them, counts are exact; if not, they are lower bounds (countsExact false), and the total is exact only when the
 * summary knows it (two facet filters, no text: the pair's count), else a lower bound with totalExact false.
 */
async function facetCounts(db: Db, filter: q.SearchFilter, version: number): Promise<Counted> {
  const driver =
    filter.terms.length === 0
      ? q.chooseDriver(filter, await keyCounts(db, filter, version))
      : { by: 'all' as const }
  const single = filter.terms.length === 0 ? q.singleFilterKey(filter) : undefined
  if (single !== undefined) {
    const rows = await q.summaryCounts(db, filter, single)
    const kinds = new Map<string, number>()
    const keys = new Map<string, number>()
    for (const r of rows) {
      if (r.facet === '') add(kinds, r.kind, r.count)
      else add(keys, r.facet, r.count)
    }
    const facets = facetsFromKeys(kinds, keys)
    return { facets, total: sum(facets.kind), totalExact: true, countsExact: true, complete: false, driver }
  }
  const { cap, scan } = countLimits
  // Enough matches for every page (MAX_PAGE of them) even when the counting cap is lower.
  const limit = Math.max(cap, MAX_PAGE * PAGE_SIZE) + 1
  const { rows: sample, windowed } = await q.sampleDocs(db, filter, driver, limit, scan)
  const exact = !windowed && sample.length <= cap
  const counted = sample.slice(0, cap)
  const kinds = new Map<string, number>()
  const keys = new Map<string, number>()
  for (const r of counted) {
    add(kinds, r.kind)
    for (const k of q.docKeys(r, [])) add(keys, k)
  }
  for (const t of await q.tagCounts(
    db,
    counted.map((r) => r.doc),
  ))
    add(keys, t.tag, t.count)
  const facets = facetsFromKeys(kinds, keys)
  const base = { facets, sample, complete: !windowed && sample.length < limit, driver }
  if (exact) return { ...base, total: sample.length, totalExact: true, countsExact: true }
  const pair = filter.terms.length === 0 ? q.filterKeys(filter) : []
  if (pair.length === 2) {
    const [a = '', b = ''] = pair
    const total = sum(await q.summaryCounts(db, filter, a, [b]))
    return { ...base, total, totalExact: true, countsExact: false }
  }
  return { ...base, total: counted.length, totalExact: false, countsExact: false }
}

const sum = (list: ReadonlyArray<{ count: number }>) => list.reduce((n, x) => n + x.count, 0)

/**
 * The one partner search: members and institutions, text and facets, as the searcher may see them. The index
 * version comes from ctx.db (one primary-key read, and a cached answer needs nothing else); the search itself
 * reads through `readDb`, the app's read database (reader threads on a SQLite file), whose readers see every
 * committed write, so an answer is never older than the version it is cached under.
 */
export async function search(
  ctx: ServiceContext,
  params: SearchParams,
  readDb: Db = ctx.db,
): Promise<SearchResult> {
  authorize(ctx.actor, 'partners.search', undefined)
  const terms = queryTerms(params.q)
  const filter: q.SearchFilter = {
    audiences: isMember(ctx.actor) ? [0, 1] : [0],
    kind: params.kind || undefined,
    terms,
    country: params.country || undefined,
    region: params.region || undefined,
    type: params.type || undefined,
    looking: params.looking === 'yes',
    tags: [
      ...(params.subject ? [tag.subject(params.subject)] : []),
      ...(params.language ? [tag.language(params.language)] : []),
      ...(params.age ? [tag.age(params.age)] : []),
    ],
  }
  const sort = params.sort ?? (terms.length > 0 ? 'relevance' : 'recent')
  const page = Math.min(params.page ?? 1, MAX_PAGE)
  const key = JSON.stringify(filter)
  const version = await q.indexVersion(ctx.db)

  const counted = await cached(readDb, `f${key}`, version, () => facetCounts(readDb, filter, version))
  const { facets, total } = counted
  const rows = await cached(readDb, `p${sort}${page}${key}`, version, async () => {
    const from = (page - 1) * PAGE_SIZE
    const time = (v: string | Date) => new Date(v).getTime()
    const sample = counted.sample
    // With text the matches read are the candidates (all of them when the set is small): ordered here by relevance
    // or date, never by ranking every match of a common word.
    if (sample && terms.length > 0) {
      const candidates = [...sample]
      candidates.sort((a, b) =>
        sort === 'relevance'
          ? b.score - a.score || b.doc - a.doc
          : time(b.sort_at) - time(a.sort_at) || b.doc - a.doc,
      )
      return q.rowsByDocs(
        readDb,
        candidates.slice(from, from + PAGE_SIZE).map((r) => r.doc),
      )
    }
    // Without text the sample holds the newest matches in page order: the page is in hand if the sample reaches it.
    if (sample && (counted.complete || sample.length >= from + PAGE_SIZE)) {
      return q.rowsByDocs(
        readDb,
        sample.slice(from, from + PAGE_SIZE).map((r) => r.doc),
      )
    }
    return q.searchPage(readDb, filter, counted.driver, PAGE_SIZE, from, countLimits.walk)
  })
  const canContact = can(ctx.actor, 'partners.contact', undefined)
  return {
    total,
    totalExact: counted.totalExact,
    countsExact: counted.countsExact,
    countCap: countLimits.cap,
    page,
    pageSize: PAGE_SIZE,
    pages: Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / PAGE_SIZE))),
    sort,
    facets,
    results: rows.map((r) => ({
      kind: r.kind,
      id: r.entity_id,
      name: r.name,
      url: r.kind === 'person' ? `/people/${r.entity_id}` : `/institutions/${r.entity_id}`,
      institution:
        r.kind === 'person' && r.institution_id
          ? { id: r.institution_id, name: r.institution_name ?? '', type: r.institution_type }
          : null,
      country: r.country,
      region: r.region,
      city: r.city,
      subjects: parseList(r.subjects),
      languages: parseList(r.languages),
      ageMin: r.age_min === null ? null : Number(r.age_min),
      ageMax: r.age_max === null ? null : Number(r.age_max),
      lookingForPartners: Number(r.looking) === 1,
      idea: r.idea,
      canContact: canContact && r.kind === 'person' && r.entity_id !== ctx.actor.person?.id,
    })),
  }
}

// ---------------------------------------------------------------- one person's page

export interface PersonPage {
  id: string
  name: string
  institution: { id: string; name: string; city: string | null } | null
  subjects: string[]
  languages: string[]
  ageMin: number | null
  ageMax: number | null
  lookingForPartners: boolean
  idea: string | null
  visibility: ProfileVisibility
  isSelf: boolean
  canContact: boolean
  /** Labels of the projects the member takes part in as a founder or teacher, shown as badges. */
  projectLabels: ProjectLabel[]
}

async function profileAccess(db: Db, personId: string) {
  const data = await q.personForIndex(db, personId)
  if (!data) throw new NotFound()
  const visibility: ProfileVisibility = data.profile?.visibility ?? 'members'
  const access = {
    ownerId: data.person.id,
    visibility,
    searchable: data.person.kind === 'adult' && data.person.validated_at !== null,
  }
  return { data, access }
}

/** A member's profile as the viewer may see it; hidden profiles (and pupils) are "not found" to everyone else. */
export async function personPage(ctx: ServiceContext, personId: string): Promise<PersonPage> {
  const { data, access } = await profileAccess(ctx.db, personId)
  authorize(ctx.actor, 'profile.view', access, { hide: true })
  const { person, profile, institution } = data
  const isSelf = ctx.actor.person?.id === person.id
  return {
    id: person.id,
    name: person.name,
    institution: institution ? { id: institution.id, name: institution.name, city: institution.city } : null,
    subjects: parseList(profile?.subjects),
    languages: parseList(profile?.languages),
    ageMin: profile?.age_min ?? null,
    ageMax: profile?.age_max ?? null,
    lookingForPartners: Boolean(profile?.looking_since),
    idea: profile?.looking_since ? (profile.idea ?? null) : null,
    visibility: access.visibility,
    isSelf,
    canContact: !isSelf && access.searchable && can(ctx.actor, 'partners.contact', undefined),
    projectLabels: await labelsForMember(ctx.db, person.id),
  }
}

// ---------------------------------------------------------------- contacting a member

export const CONTACT_LIMIT = 5
const CONTACT_WINDOW_MS = 3600_000

/**
 * Sends a message through the platform: stored for the recipient's inbox and emailed to them in one transaction.
 * The recipient's address is never shown to the sender, and the mail asks them to answer on the site rather than
 * carrying the sender's address. At most CONTACT_LIMIT messages per sender per hour, counted in the database so
 * that every process sees the same count.
 */
export async function contact(
  ctx: ServiceContext,
  recipientId: string,
  input: Static<typeof ContactBody>,
): Promise<void> {
  authorize(ctx.actor, 'partners.contact', undefined)
  const sender = ctx.actor.person
  if (!sender) throw new Forbidden()
  const { data, access } = await profileAccess(ctx.db, recipientId)
  authorize(ctx.actor, 'profile.view', access, { hide: true })
  // Visible to the sender but not reachable: pupils, hidden or unvalidated people, oneself.
  if (!access.searchable || access.visibility === 'hidden' || recipientId === sender.id) {
    throw new Forbidden({ key: 'partners.cannot_contact' })
  }
  const recipient = await ctx.db
    .selectFrom('people')
    .select(['email', 'locale', 'name'])
    .where('id', '=', data.person.id)
    .executeTakeFirstOrThrow()
  const since = new Date(Date.now() - CONTACT_WINDOW_MS).toISOString()
  await ctx.db.transaction().execute(async (trx) => {
    const recent = await trx
      .selectFrom('contact_messages')
      .select('created_at')
      .where('sender_id', '=', sender.id)
      .where('created_at', '>', since)
      .orderBy('created_at', 'asc')
      .execute()
    if (recent.length >= CONTACT_LIMIT) {
      const oldest = Date.parse(recent[0]?.created_at ?? new Date().toISOString())
      const retryAfter = Math.max(1, Math.ceil((oldest + CONTACT_WINDOW_MS - Date.now()) / 1000))
      throw new TooManyRequests(
        { key: 'partners.contact_limit', values: { count: CONTACT_LIMIT } },
        retryAfter,
      )
    }
    await trx
      .insertInto('contact_messages')
      .values({
        id: newId(),
        sender_id: sender.id,
        recipient_id: data.person.id,
        subject: input.subject.trim(),
        body: input.body.trim(),
        created_at: new Date().toISOString(),
        read_at: null,
      })
      .execute()
    const t = recipient.locale ? translator(recipient.locale as Locale) : ctx.t
    await queueMail(trx, {
      to: recipient.email,
      subject: t('partners.mail_subject', { name: sender.name, subject: input.subject.trim() }),
      text: t('partners.mail_body', {
        recipient: recipient.name,
        name: sender.name,
        body: input.body.trim(),
        link: `${ctx.config.baseUrl}/messages`,
        profile: `${ctx.config.baseUrl}/people/${sender.id}`,
      }),
    })
  })
}

export interface InboxMessage {
  id: string
  from: { id: string | null; name: string }
  subject: string
  body: string
  createdAt: string
}

/** Messages received through the platform, newest first; a deleted sender shows as "former member". */
export async function inbox(ctx: ServiceContext): Promise<InboxMessage[]> {
  authorize(ctx.actor, 'messages.view_own', undefined)
  const rows = await ctx.db
    .selectFrom('contact_messages as m')
    .leftJoin('people as p', 'p.id', 'm.sender_id')
    .select(['m.id', 'm.sender_id', 'p.name', 'm.subject', 'm.body', 'm.created_at'])
    .where('m.recipient_id', '=', ctx.actor.person?.id ?? '')
    .orderBy('m.created_at', 'desc')
    .limit(200)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    from: { id: r.sender_id, name: r.name ?? ctx.t('partners.former_member') },
    subject: r.subject,
    body: r.body,
    createdAt: r.created_at,
  }))
}

/** Removes a person from the index before their account is deleted (same transaction). */
export async function forgetPerson(db: Queryable, personId: string): Promise<void> {
  await q.removeDoc(db, personId)
}
