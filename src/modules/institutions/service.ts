import type { Static } from 'typebox'
import type { Locale } from '../../config.ts'
import type { Db, Queryable } from '../../db/database.ts'
import { ID_PATTERN, newId } from '../../db/ids.ts'
import type { ProfileVisibility } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, type FieldErrors, Invalid, NotFound } from '../../platform/errors.ts'
import {
  isImage,
  removeStoredFile,
  type StoredFile,
  sniffMediaType,
  storageKey,
  storeFile,
} from '../../platform/files.ts'
import { authorize, can } from '../../platform/policy.ts'
import { labelsForInstitutions } from '../labels/badges.tsx'
import { notify } from '../notifications/service.ts'
import { reindexInstitution, reindexPerson } from '../partners/service.ts'
import { refreshGalleryEntriesOfInstitution } from '../projects/gallery-index.ts'
import { refreshSearch } from '../search/service.ts'
import { AZ_ECONOMIC_REGIONS } from './data/economic-regions.ts'
import { countryName, subdivisionName } from './geo.ts'
import { nameKey, slugify } from './normalise.ts'
import type { InstitutionAccess } from './policy.ts'
import * as q from './queries.ts'
import type {
  EDUCATION_LEVELS,
  InstitutionBody,
  InstitutionDetail,
  InstitutionListQuery,
  InstitutionPage,
} from './schemas.ts'
import { checkInstitution, IDENTIFIERS, type InstitutionValues } from './values.ts'

function encodeCursor(row: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url')
}

/** Control characters (NUL above all, which PostgreSQL refuses in text) have no place in a search or a cursor. */
const CONTROL_CHARACTER = /\p{Cc}/u
const CONTROL_CHARACTERS = /\p{Cc}/gu
const ID = new RegExp(ID_PATTERN)

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]
    // A cursor is only ever made by encodeCursor from a real row; anything else is a tampered or truncated link.
    if (typeof name === 'string' && typeof id === 'string' && ID.test(id) && !CONTROL_CHARACTER.test(name)) {
      return { name, id }
    }
  } catch {}
  throw new Invalid({ after: { key: 'validation.cursor' } })
}

function filterOf(query: Static<typeof InstitutionListQuery>): q.InstitutionFilter {
  return {
    q: query.q?.replace(CONTROL_CHARACTERS, ' ').trim() || undefined,
    country: query.country?.toUpperCase(),
    region: query.region?.toUpperCase(),
    economicRegion: query.economic_region,
    type: query.type,
  }
}

/** The registry, filtered, one keyset page at a time, with counts per country, region and type. */
export async function listInstitutions(
  ctx: ServiceContext,
  query: Static<typeof InstitutionListQuery>,
  locale: Locale,
): Promise<Static<typeof InstitutionPage>> {
  authorize(ctx.actor, 'institutions.list', undefined)
  const limit = query.limit ?? 20
  const filter = filterOf(query)
  // Each facet counts with the other filters applied but not its own, so every option says what choosing it gives.
  const [rows, total, countries, regions, types] = await Promise.all([
    q.listInstitutions(ctx.db, filter, query.after ? decodeCursor(query.after) : null, limit),
    q.countInstitutions(ctx.db, filter),
    q.facetCounts(
      ctx.db,
      { ...filter, country: undefined, region: undefined, economicRegion: undefined },
      'country',
    ),
    q.facetCounts(ctx.db, { ...filter, country: ctx.config.country, region: undefined }, 'region'),
    q.facetCounts(ctx.db, { ...filter, type: undefined }, 'type'),
  ])
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  const byCount = (a: { count: number; label: string }, b: { count: number; label: string }) =>
    b.count - a.count || a.label.localeCompare(b.label, locale)
  return {
    items,
    total,
    next: rows.length > limit && last ? encodeCursor(last) : null,
    facets: {
      country: countries.map((c) => ({ ...c, label: countryName(c.value, locale) })).sort(byCount),
      region: regions
        .map((r) => ({ ...r, label: subdivisionName(r.value, locale, ctx.t('institutions.city_suffix')) }))
        .sort(byCount),
      type: types.map((t) => ({ ...t, label: ctx.t(`institution_types.${t.value}`) })).sort(byCount),
    },
  }
}

export function countInstitutions(ctx: Pick<ServiceContext, 'db'>): Promise<number> {
  return q.countInstitutions(ctx.db)
}

export function listEconomicRegions(ctx: ServiceContext) {
  return q.listRegionGroups(ctx.db, ctx.config.country)
}

/**
 * Confirmed members of an institution, by name. For now every confirmed, validated adult member is listed;
 * profile visibility (public / members / hidden) refines this in the profiles module, which should wrap or
 * replace this one function rather than query memberships itself.
 */
export async function listInstitutionMembers(
  ctx: Pick<ServiceContext, 'db' | 'actor'>,
  institutionId: string,
  options: { limit?: number } = {},
): Promise<Array<{ id: string; name: string }>> {
  // The list respects each person's profile visibility: the public sees public profiles, validated members
  // also those shown to members; hidden profiles are never listed.
  const audiences: ProfileVisibility[] = ctx.actor.roles.has('member') ? ['public', 'members'] : ['public']
  return q.confirmedMembers(ctx.db, institutionId, options.limit ?? 200, audiences)
}

function parseList(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

type Row = NonNullable<Awaited<ReturnType<typeof q.findBySlug>>>

function localised(row: Row, locale: Locale): string | null {
  const order: Locale[] = [locale, 'az', 'en', 'ru']
  for (const l of order) {
    const text = row[`description_${l}`]
    if (text) return text
  }
  return null
}

export async function accessOf(db: Queryable, institutionId: string): Promise<InstitutionAccess> {
  return { id: institutionId, adminIds: await q.institutionAdminIds(db, institutionId) }
}

export interface InstitutionAbilities {
  update: boolean
  merge: boolean
  /** May see the "waiting for confirmation" list and decide on it. */
  members: boolean
  /** May ask to be listed here (a validated member who is not yet). */
  request: boolean
  /** The actor's own membership here, if any. */
  membership: 'pending' | 'confirmed' | null
}

export type InstitutionView =
  | { kind: 'moved'; slug: string }
  | {
      kind: 'found'
      detail: Static<typeof InstitutionDetail>
      abilities: InstitutionAbilities
    }

/**
 * One institution for its public page and the API. A merged record answers with the survivor's slug, so that
 * old links and bookmarks follow it.
 */
export async function getInstitution(
  ctx: ServiceContext,
  slug: string,
  locale: Locale,
): Promise<InstitutionView> {
  authorize(ctx.actor, 'institutions.list', undefined)
  const row = await q.findBySlug(ctx.db, slug)
  if (!row) throw new NotFound()
  if (row.merged_into) {
    const survivor = await q.findById(ctx.db, row.merged_into)
    if (!survivor) throw new NotFound()
    return { kind: 'moved', slug: survivor.slug }
  }
  const [economic, members, access, own, schoolLabels] = await Promise.all([
    row.region ? q.economicRegionOf(ctx.db, row.region) : undefined,
    listInstitutionMembers(ctx, row.id),
    ctx.actor.person ? accessOf(ctx.db, row.id) : { id: row.id, adminIds: [] },
    ctx.actor.person ? q.membershipOf(ctx.db, row.id, ctx.actor.person.id) : undefined,
    labelsForInstitutions(ctx.db, [row.id]),
  ])
  return {
    kind: 'found',
    abilities: {
      update: can(ctx.actor, 'institutions.update', access),
      merge: can(ctx.actor, 'institutions.merge', undefined),
      members: can(ctx.actor, 'institutions.members.decide', access),
      request: !own && can(ctx.actor, 'institutions.members.request', undefined),
      membership: own?.status ?? null,
    },
    detail: {
      id: row.id,
      slug: row.slug,
      name: row.name,
      type: row.type,
      country: row.country,
      country_name: countryName(row.country, locale),
      region: row.region,
      region_name: row.region ? subdivisionName(row.region, locale, ctx.t('institutions.city_suffix')) : null,
      economic_region: economic ? { code: economic.code, name: economic[`name_${locale}`] } : null,
      city: row.city,
      website: row.website,
      logo_url: logoUrl(row),
      identifiers: {
        national_id: row.national_id,
        erasmus_pic: row.erasmus_pic,
        erasmus_code: row.erasmus_code,
        oid: row.oid,
      },
      education_levels: parseList(row.education_levels) as Array<(typeof EDUCATION_LEVELS)[number]>,
      languages: parseList(row.languages),
      description: localised(row, locale),
      descriptions: { az: row.description_az, en: row.description_en, ru: row.description_ru },
      members: members.map((m) => ({ id: m.id, name: m.name })),
      school_label_valid_until: schoolLabels.get(row.id)?.validUntil ?? null,
    },
  }
}

/** Loads an institution that is still in the registry and checks that the actor may change it. */
async function editable(ctx: ServiceContext, db: Queryable, slug: string): Promise<Row> {
  authorize(ctx.actor, 'institutions.edit', undefined)
  const row = await q.findBySlug(db, slug)
  if (!row || row.merged_into) throw new NotFound()
  authorize(ctx.actor, 'institutions.update', await accessOf(db, row.id))
  return row
}

/** The edit form's starting values, as the form would send them. */
export async function editFormValues(ctx: ServiceContext, slug: string) {
  const row = await editable(ctx, ctx.db, slug)
  return {
    row,
    values: {
      name: row.name,
      type: row.type,
      country: row.country,
      region: row.region ?? '',
      city: row.city ?? '',
      website: row.website ?? '',
      national_id: row.national_id ?? '',
      erasmus_pic: row.erasmus_pic ?? '',
      erasmus_code: row.erasmus_code ?? '',
      oid: row.oid ?? '',
      education_levels: parseList(row.education_levels),
      languages: parseList(row.languages).join(', '),
      description_az: row.description_az ?? '',
      description_en: row.description_en ?? '',
      description_ru: row.description_ru ?? '',
    },
  }
}

function stored(value: InstitutionValues) {
  return {
    ...value,
    education_levels: JSON.stringify(value.education_levels),
    languages: JSON.stringify(value.languages),
    name_key: nameKey(value.name),
  }
}

async function requireFreeIdentifiers(db: Queryable, value: InstitutionValues, exceptId: string | null) {
  const ids = Object.fromEntries(IDENTIFIERS.map((f) => [f, value[f]]))
  const taken = await q.identifierHolders(db, ids, exceptId)
  if (taken.length > 0) {
    const fields: FieldErrors = Object.fromEntries(
      taken.map((f) => [f, { key: 'institutions.errors.identifier_taken' }]),
    )
    throw new Conflict({ key: 'institutions.errors.identifier_taken' }, fields)
  }
}

/** Saves an institution's fields: its own administrators and coordinators; audited in the same transaction. */
export async function updateInstitution(
  ctx: ServiceContext,
  slug: string,
  input: Static<typeof InstitutionBody>,
): Promise<{ slug: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await editable(ctx, trx, slug)
    const { value, errors } = checkInstitution(input)
    if (Object.keys(errors).length > 0) throw new Invalid(errors)
    await requireFreeIdentifiers(trx, value, row.id)
    const next = stored(value)
    const changed = (Object.keys(next) as Array<keyof typeof next>).filter(
      (field) =>
        field !== 'name_key' &&
        String(next[field] ?? '') !== String((row as Record<string, unknown>)[field] ?? ''),
    )
    await trx
      .updateTable('institutions')
      .set({ ...next, updated_at: new Date().toISOString() })
      .where('id', '=', row.id)
      .execute()
    // Partner search carries the institution's facets on every member's row: they change together.
    await reindexInstitution(trx, row.id)
    await refreshSearch(trx, 'institution', row.id)
    // So do the gallery rows of its people's projects, for where it is.
    if (changed.includes('country') || changed.includes('region'))
      await refreshGalleryEntriesOfInstitution(trx, row.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'institution.update',
      subjectType: 'institution',
      subjectId: row.id,
      details: { fields: changed },
    })
    return { slug: row.slug }
  })
}

/** The logo's address; the stored name is in it, so a new logo is a new URL and the old one may be cached long. */
export function logoUrl(row: { slug: string; logo_path: string | null }): string | null {
  return row.logo_path ? `/institutions/${row.slug}/logo?v=${row.logo_path.slice(-8)}` : null
}

/** A logo may be at most this large; the route's multipart limit stops bigger files before they are buffered. */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024

/**
 * Replaces (bytes) or removes (null) the institution's logo. Only images a browser shows safely are taken,
 * recognised by their bytes; the previous file is removed once the change is committed.
 */
export async function setLogo(
  ctx: ServiceContext,
  slug: string,
  bytes: Buffer | null,
): Promise<{ slug: string }> {
  if (bytes && (bytes.length === 0 || bytes.length > LOGO_MAX_BYTES || !isImage(sniffMediaType(bytes)))) {
    throw new Invalid({
      logo: bytes.length === 0 ? { key: 'institutions.logo.missing' } : { key: 'institutions.logo.type' },
    })
  }
  const stored = bytes ? await storeFile(ctx.storage, 'logos', bytes, { field: 'logo' }) : null
  const previous = await ctx.db
    .transaction()
    .execute(async (trx) => {
      const row = await editable(ctx, trx, slug)
      await trx
        .updateTable('institutions')
        .set({ logo_path: stored?.storedName ?? null, updated_at: new Date().toISOString() })
        .where('id', '=', row.id)
        .execute()
      await audit(trx, {
        actorId: ctx.actor.person?.id ?? null,
        action: stored ? 'institution.logo_set' : 'institution.logo_removed',
        subjectType: 'institution',
        subjectId: row.id,
        details: {},
      })
      return row
    })
    .catch(async (error: unknown) => {
      if (stored) await removeStoredFile(ctx.storage, stored.key)
      throw error
    })
  if (previous.logo_path) await removeStoredFile(ctx.storage, storageKey('logos', previous.logo_path))
  return { slug: previous.slug }
}

/** The stored logo of a listed institution, for its public address (its type is the one the storage keeps). */
export async function logoFile(ctx: ServiceContext, slug: string): Promise<StoredFile> {
  authorize(ctx.actor, 'institutions.list', undefined)
  const row = await q.findBySlug(ctx.db, slug)
  if (!row?.logo_path || row.merged_into) throw new NotFound()
  return { key: storageKey('logos', row.logo_path), downloadName: `logo-${row.slug}` }
}

/** Paths under /institutions/ that are pages of their own, never an institution's slug. */
const RESERVED_SLUGS = new Set(['import'])

/** A slug not yet taken: the name's slug, or the name's slug with a short suffix. */
export async function freeSlug(db: Queryable, name: string): Promise<string> {
  const base = slugify(name)
  if (!RESERVED_SLUGS.has(base) && !(await q.slugExists(db, base))) return base
  for (let i = 2; i < 50; i++) {
    const candidate = `${base}-${i}`
    if (!(await q.slugExists(db, candidate))) return candidate
  }
  return `${base}-${newId().slice(-8)}`
}

/** Inserts a checked institution (import, and other modules that register a proposed institution). */
export async function insertInstitution(
  trx: Queryable,
  value: InstitutionValues,
): Promise<{ id: string; slug: string }> {
  const id = newId()
  const now = new Date().toISOString()
  const slug = await freeSlug(trx, value.name)
  await trx
    .insertInto('institutions')
    .values({ id, slug, ...stored(value), created_at: now, updated_at: now })
    .execute()
  await reindexInstitution(trx, id)
  // Findable in the site search at once, as an institution edited by hand is.
  await refreshSearch(trx, 'institution', id)
  return { id, slug }
}

/** What a join application says about an institution that is not in the registry yet. */
export interface ProposedInstitution {
  name: string
  type: string | null
  country: string | null
  region: string | null
  city: string | null
}

/**
 * Registers a proposed institution (a join application's, when a coordinator approves it; an imported consortium's
 * partner that the registry does not know): the proposal is checked
 * like any institution, and an institution already in the registry under the same normalised name, country and
 * city (the import's rule) is reused instead of duplicated; a merged match answers with the one it was merged
 * into. A region the registry does not know is left out rather than holding the approval up. A new institution
 * gets one audit row ('institution.create'), in the caller's transaction.
 */
export async function registerProposedInstitution(
  trx: Queryable,
  proposal: ProposedInstitution,
  /** `source`: where the proposal came from, recorded in the audit row (e.g. the application's id). */
  meta: { actorId: string | null; source: Record<string, string> },
): Promise<{ id: string; slug: string; created: boolean }> {
  const raw = {
    name: proposal.name,
    type: proposal.type ?? '',
    country: proposal.country ?? '',
    region: proposal.region ?? '',
    city: proposal.city ?? '',
  }
  let checked = checkInstitution(raw)
  if (checked.errors.region) checked = checkInstitution({ ...raw, region: '' })
  const { value, errors } = checked
  if (Object.keys(errors).length > 0) {
    throw new Invalid({
      proposed_institution: {
        key: 'institutions.errors.proposal_invalid',
        values: { fields: Object.keys(errors).join(', ') },
      },
    })
  }
  const match = await q.findDuplicate(trx, {
    nameKey: nameKey(value.name),
    country: value.country,
    city: value.city,
    ids: {},
  })
  if (match) {
    const existing = await q.findById(trx, match.merged_into ?? match.id)
    if (existing && !existing.merged_into) return { id: existing.id, slug: existing.slug, created: false }
  }
  const created = await insertInstitution(trx, value)
  await audit(trx, {
    actorId: meta.actorId,
    action: 'institution.create',
    subjectType: 'institution',
    subjectId: created.id,
    details: meta.source,
  })
  return { ...created, created: true }
}

/**
 * Confirms a person's membership with at least the given role: a pending one becomes confirmed, a missing one is
 * created, an existing admin stays admin (never lowered). Partner search is the caller's to update.
 */
export async function addConfirmedMember(
  trx: Queryable,
  member: { personId: string; institutionId: string; role: 'member' | 'institution_admin' },
): Promise<void> {
  await trx
    .insertInto('memberships')
    .values({
      id: newId(),
      person_id: member.personId,
      institution_id: member.institutionId,
      role: member.role,
      status: 'confirmed',
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) =>
      oc
        .columns(['person_id', 'institution_id'])
        .doUpdateSet(
          member.role === 'institution_admin'
            ? { status: 'confirmed', role: 'institution_admin' }
            : { status: 'confirmed' },
        ),
    )
    .execute()
}

// ---- Membership confirmation by the institution

/** An institution still in the registry (not merged away), or 404. */
async function liveBySlug(db: Queryable, slug: string): Promise<Row> {
  const row = await q.findBySlug(db, slug)
  if (!row || row.merged_into) throw new NotFound()
  return row
}

/**
 * A validated member asks to be listed at an institution: a pending membership (one per person and
 * institution; a second request, or one for an institution they already belong to, is a 409). The institution's
 * admins are told, so that the request does not wait silently.
 */
export async function requestMembership(ctx: ServiceContext, slug: string): Promise<{ slug: string }> {
  authorize(ctx.actor, 'institutions.members.request', undefined)
  const person = ctx.actor.person
  if (!person) throw new NotFound()
  return ctx.db.transaction().execute(async (trx) => {
    const row = await liveBySlug(trx, slug)
    const existing = await q.membershipOf(trx, row.id, person.id)
    const inserted =
      !existing &&
      (await q.insertPendingMembership(trx, { id: newId(), personId: person.id, institutionId: row.id }))
    if (!inserted) {
      throw new Conflict({
        key:
          existing?.status === 'confirmed'
            ? 'institutions.membership.already_member'
            : 'institutions.membership.already_requested',
      })
    }
    for (const adminId of await q.institutionAdminIds(trx, row.id)) {
      await notify(trx, ctx.config, {
        personId: adminId,
        kind: 'membership.requested',
        title: { key: 'notifications.membership.requested.title', values: { institution: row.name } },
        body: {
          key: 'notifications.membership.requested.body',
          values: { name: person.name, institution: row.name },
        },
        link: `/institutions/${row.slug}/members`,
      })
    }
    return { slug: row.slug }
  })
}

export interface MembersOverview {
  institution: { id: string; slug: string; name: string }
  pending: Array<{ id: string; name: string; requested_at: string }>
  members: Array<{ id: string; name: string; role: 'member' | 'institution_admin' }>
}

/** The "waiting for confirmation" list and the confirmed members, for the institution's admins and coordinators. */
export async function membersOverview(ctx: ServiceContext, slug: string): Promise<MembersOverview> {
  authorize(ctx.actor, 'institutions.members.manage', undefined)
  const row = await liveBySlug(ctx.db, slug)
  authorize(ctx.actor, 'institutions.members.decide', await accessOf(ctx.db, row.id))
  const [pending, members] = await Promise.all([
    q.pendingMembers(ctx.db, row.id, 500),
    q.confirmedMembersWithRole(ctx.db, row.id, 500),
  ])
  return { institution: { id: row.id, slug: row.slug, name: row.name }, pending, members }
}

export const MEMBERSHIP_DECISIONS = ['confirm', 'decline', 'make_admin'] as const
export type MembershipDecision = (typeof MEMBERSHIP_DECISIONS)[number]

const DECISION_KIND: Record<MembershipDecision, string> = {
  confirm: 'confirmed',
  decline: 'declined',
  make_admin: 'admin',
}

/**
 * Confirms or declines (removes) a pending membership, or makes a confirmed member a co-admin: the institution's
 * own admins and coordinators. Audit row, notification to the person (in their language) and their partner-search
 * entry change in one transaction; a decision someone else took first is a 409.
 */
export async function decideMembership(
  ctx: ServiceContext,
  slug: string,
  personId: string,
  decision: MembershipDecision,
): Promise<{ slug: string }> {
  authorize(ctx.actor, 'institutions.members.manage', undefined)
  return ctx.db.transaction().execute(async (trx) => {
    const row = await liveBySlug(trx, slug)
    authorize(ctx.actor, 'institutions.members.decide', await accessOf(trx, row.id))
    const person = await q.validatedAdult(trx, personId)
    const membership = person ? await q.membershipOf(trx, row.id, personId) : undefined
    if (!person || !membership) throw new NotFound({ key: 'institutions.membership.not_found' })
    let changed = 0
    if (decision === 'make_admin') {
      if (membership.status !== 'confirmed')
        throw new Conflict({ key: 'institutions.membership.not_confirmed' })
      if (membership.role === 'institution_admin')
        throw new Conflict({ key: 'institutions.membership.already_admin' })
      const result = await trx
        .updateTable('memberships')
        .set({ role: 'institution_admin' })
        .where('id', '=', membership.id)
        .where('status', '=', 'confirmed')
        .where('role', '=', 'member')
        .executeTakeFirst()
      changed = Number(result.numUpdatedRows)
    } else if (decision === 'confirm') {
      const result = await trx
        .updateTable('memberships')
        .set({ status: 'confirmed' })
        .where('id', '=', membership.id)
        .where('status', '=', 'pending')
        .executeTakeFirst()
      changed = Number(result.numUpdatedRows)
    } else {
      const result = await trx
        .deleteFrom('memberships')
        .where('id', '=', membership.id)
        .where('status', '=', 'pending')
        .executeTakeFirst()
      changed = Number(result.numDeletedRows)
    }
    if (changed === 0) throw new Conflict({ key: 'institutions.membership.not_pending' })
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: `membership.${decision}`,
      subjectType: 'institution',
      subjectId: row.id,
      details: { person: personId },
    })
    const kind = DECISION_KIND[decision]
    await notify(trx, ctx.config, {
      personId,
      kind: `membership.${kind}`,
      title: { key: `notifications.membership.${kind}.title`, values: { institution: row.name } },
      body: { key: `notifications.membership.${kind}.body`, values: { institution: row.name } },
      link: `/institutions/${row.slug}`,
    })
    // Partner search shows a member's (confirmed) institution: it changes with the membership.
    await reindexPerson(trx, personId)
    return { slug: row.slug }
  })
}

/**
 * Merges a duplicate into the institution that stays: memberships move (a person already in the survivor keeps
 * one membership, the stronger of the two), identifiers the survivor lacks move too, and the duplicate keeps
 * its slug with merged_into set so that its links redirect. One audit row, in the same transaction.
 */
export async function mergeInstitutions(
  ctx: ServiceContext,
  duplicateSlug: string,
  survivorSlug: string,
): Promise<{ slug: string }> {
  authorize(ctx.actor, 'institutions.merge', undefined)
  return ctx.db.transaction().execute(async (trx) => {
    const duplicate = await q.findBySlug(trx, duplicateSlug)
    if (!duplicate || duplicate.merged_into) throw new NotFound()
    const survivor = await q.findBySlug(trx, survivorSlug.trim())
    if (!survivor || survivor.merged_into) {
      throw new Invalid({ into: { key: 'institutions.errors.merge_target' } })
    }
    if (survivor.id === duplicate.id) throw new Invalid({ into: { key: 'institutions.errors.merge_self' } })

    const moving = await trx
      .selectFrom('memberships')
      .select(['id', 'person_id', 'role', 'status'])
      .where('institution_id', '=', duplicate.id)
      .execute()
    const present = new Map(
      (
        await trx
          .selectFrom('memberships')
          .select(['id', 'person_id', 'role', 'status'])
          .where('institution_id', '=', survivor.id)
          .execute()
      ).map((m) => [m.person_id, m]),
    )
    let moved = 0
    let skipped = 0
    for (const membership of moving) {
      const existing = present.get(membership.person_id)
      if (!existing) {
        await trx
          .updateTable('memberships')
          .set({ institution_id: survivor.id })
          .where('id', '=', membership.id)
          .execute()
        moved++
        continue
      }
      // The person is in both: keep the survivor's membership, raised to what the duplicate's granted.
      const role =
        existing.role === 'institution_admin' || membership.role === 'institution_admin'
          ? 'institution_admin'
          : 'member'
      const status =
        existing.status === 'confirmed' || membership.status === 'confirmed' ? 'confirmed' : 'pending'
      if (role !== existing.role || status !== existing.status) {
        await trx.updateTable('memberships').set({ role, status }).where('id', '=', existing.id).execute()
      }
      await trx.deleteFrom('memberships').where('id', '=', membership.id).execute()
      skipped++
    }

    const identifiers: Record<string, string> = {}
    for (const field of IDENTIFIERS) {
      const value = duplicate[field]
      if (value && !survivor[field]) identifiers[field] = value
    }
    const now = new Date().toISOString()
    // Identifiers are unique: the duplicate gives them up before the survivor takes them.
    await trx
      .updateTable('institutions')
      .set({
        merged_into: survivor.id,
        merged_at: now,
        updated_at: now,
        ...Object.fromEntries(Object.keys(identifiers).map((f) => [f, null])),
      })
      .where('id', '=', duplicate.id)
      .execute()
    if (Object.keys(identifiers).length > 0) {
      await trx
        .updateTable('institutions')
        .set({ ...identifiers, updated_at: now })
        .where('id', '=', survivor.id)
        .execute()
    }
    // Records merged into the duplicate earlier now point straight at the survivor: a redirect is one hop.
    await trx
      .updateTable('institutions')
      .set({ merged_into: survivor.id })
      .where('merged_into', '=', duplicate.id)
      .execute()
    // The duplicate leaves partner search; the members who moved now carry the survivor's facets.
    await reindexInstitution(trx, duplicate.id)
    await reindexInstitution(trx, survivor.id)
    await refreshGalleryEntriesOfInstitution(trx, survivor.id)
    // Only the survivor is found by the site search; the duplicate's page redirects to it.
    await refreshSearch(trx, 'institution', duplicate.id)
    await refreshSearch(trx, 'institution', survivor.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'institution.merge',
      subjectType: 'institution',
      subjectId: duplicate.id,
      details: {
        survivor: survivor.id,
        moved_memberships: moved,
        merged_memberships: skipped,
        identifiers: Object.keys(identifiers),
      },
    })
    return { slug: survivor.slug }
  })
}

/**
 * Loads Azerbaijan's economic regions into region_groups once (demo data and new installations for AZ). An
 * existing group is left alone, so administrators' corrections survive.
 */
export async function ensureEconomicRegions(db: Db | Queryable): Promise<number> {
  let added = 0
  const now = new Date().toISOString()
  for (const [position, region] of AZ_ECONOMIC_REGIONS.entries()) {
    const existing = await db
      .selectFrom('region_groups')
      .select('id')
      .where('code', '=', region.code)
      .executeTakeFirst()
    if (existing) continue
    const id = newId()
    // Several processes starting at once on a new database race here: the one whose row lands adds the members.
    const inserted = await db
      .insertInto('region_groups')
      .values({
        id,
        country: 'AZ',
        code: region.code,
        name_az: region.names.az,
        name_en: region.names.en,
        name_ru: region.names.ru,
        position,
        created_at: now,
      })
      .onConflict((conflict) => conflict.column('code').doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) continue
    await db
      .insertInto('region_group_members')
      .values(region.subdivisions.map((subdivision) => ({ group_id: id, subdivision })))
      .execute()
    added++
  }
  return added
}
