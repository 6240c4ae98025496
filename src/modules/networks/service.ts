import path from 'node:path'
import type { Locale } from '../../config.ts'
import type { Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { DocumentVisibility, NetworksTable } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, type FieldErrors, Invalid, NotFound } from '../../platform/errors.ts'
import { removeStoredFile, sniffMediaType, storageKey, storeFile } from '../../platform/files.ts'
import { authorize, can } from '../../platform/policy.ts'
import * as eventQueries from '../events/queries.ts'
import { inLanguage, titleOf } from '../events/service.ts'
import { countryCode } from '../institutions/geo.ts'
import { nameKey, slugify } from '../institutions/normalise.ts'
import { notify } from '../notifications/service.ts'
import { acceptedMediaType, CHECKED_BY_BYTES } from '../workspace/uploads.ts'
import { loadNetworkAccess, type NetworkAccess } from './access.ts'
import './policy.ts'
import { refreshSearch } from '../search/service.ts'
import * as q from './queries.ts'
import type {
  CentreInput,
  DocumentInput,
  GroupInput,
  MemberInput,
  NetworkCreateApiInput,
  NetworkInput,
  OfficerInput,
} from './schemas.ts'

/** Where network documents and working-group materials are stored under the files directory. */
export const FILES_AREA = 'networks'

export interface Upload {
  bytes: Buffer
  fileName: string
  mediaType: string
}

export const networkUrl = (slug: string) => `/networks/${slug}`
export const groupUrl = (slug: string, groupId: string) => `/networks/${slug}/groups/${groupId}`
export const documentUrl = (slug: string, documentId: string) => `/networks/${slug}/documents/${documentId}`

type Localised = { az: string | null; en: string | null; ru: string | null }
const texts = (row: Record<string, unknown>, field: string): Localised => ({
  az: (row[`${field}_az`] as string | null) ?? null,
  en: (row[`${field}_en`] as string | null) ?? null,
  ru: (row[`${field}_ru`] as string | null) ?? null,
})

/** The network's name in the reader's language, else in the first language it was written in. */
export function nameOf(row: Pick<NetworksTable, 'name_az' | 'name_en' | 'name_ru'>, locale: Locale) {
  return inLanguage(texts(row, 'name'), locale) ?? { text: '', lang: locale }
}

/** The networks an institution is an active member of: what its public page lists. */
export async function networksOf(db: Queryable, institutionId: string, locale: Locale, limit = 20) {
  const rows = await q.networksOfInstitution(db, institutionId, limit)
  return rows.map((row) => {
    const name = nameOf(row, locale)
    return { url: networkUrl(row.slug), title: name.text || (row.acronym ?? row.slug), lang: name.lang }
  })
}

const today = () => new Date().toISOString().slice(0, 10)
const emptyToNull = (value: string | undefined) => (value?.trim() ? value.trim() : null)

// ---- Loading with access

async function networkFor(ctx: ServiceContext, slug: string) {
  const row = await q.networkBySlug(ctx.db, slug)
  if (!row) throw new NotFound()
  const access = (await loadNetworkAccess(ctx.db, row.id, ctx.actor)) as NetworkAccess
  return { row, access }
}

/** The network, refused unless the actor may manage it. */
async function managed(ctx: ServiceContext, slug: string) {
  const loaded = await networkFor(ctx, slug)
  authorize(ctx.actor, 'networks.manage', loaded.access)
  return loaded
}

async function changed(
  trx: Queryable,
  ctx: ServiceContext,
  networkId: string,
  action: string,
  details: Record<string, string> = {},
) {
  await q.updateNetwork(trx, networkId, { updated_at: new Date().toISOString() })
  await audit(trx, {
    actorId: ctx.actor.person?.id ?? null,
    action,
    subjectType: 'network',
    subjectId: networkId,
    details,
  })
}

// ---- Reading

export type NetworkCard = Awaited<ReturnType<typeof listNetworks>>[number]

export async function listNetworks(ctx: ServiceContext, locale: Locale) {
  const rows = await q.listNetworks(ctx.db)
  return rows.map((r) => ({
    slug: r.slug,
    kind: r.kind,
    name: nameOf(r, locale),
    names: texts(r, 'name'),
    acronym: r.acronym,
    foundedOn: r.founded_on,
    members: Number(r.members),
    countries: Number(r.countries),
    url: networkUrl(r.slug),
  }))
}

function countriesOf(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

/** Who may do what on the network page, so the page offers only what will work. */
export interface NetworkAbilities {
  manage: boolean
  inNetwork: boolean
  /** Institutions the actor administers that are not yet members (they may ask to join). */
  canJoin: boolean
}

/** The network page: everything public, plus what the actor may see as a member or officer. */
export async function networkPage(ctx: ServiceContext, slug: string, locale: Locale) {
  const { row, access } = await networkFor(ctx, slug)
  const [members, officers, centres, documents, events, outcomes, groups, consortium] = await Promise.all([
    q.membersOf(ctx.db, row.id),
    q.officersOf(ctx.db, row.id),
    q.centresOf(ctx.db, row.id),
    q.documentsOf(ctx.db, row.id, null),
    q.eventsOf(ctx.db, row.id),
    q.outcomesOf(ctx.db, row.id),
    q.groupsOf(ctx.db, row.id),
    row.founded_by_consortium_id ? q.consortiumById(ctx.db, row.founded_by_consortium_id) : undefined,
  ])
  const active = members.filter((m) => m.status === 'active')
  const byCountry = new Map<string, q.MemberRow[]>()
  for (const m of active) byCountry.set(m.country, [...(byCountry.get(m.country) ?? []), m])
  const day = today()
  const inNetwork = can(ctx.actor, 'networks.group.view', { network: access, groupId: '' })
  const administered = ctx.actor.person ? await q.administeredInstitutions(ctx.db, ctx.actor.person.id) : []
  const joined = new Set(
    members.filter((m) => m.status !== 'declined' && m.status !== 'left').map((m) => m.institution_id),
  )
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    name: nameOf(row, locale),
    names: texts(row, 'name'),
    acronym: row.acronym,
    mission: inLanguage(texts(row, 'mission'), locale),
    missions: texts(row, 'mission'),
    foundedOn: row.founded_on,
    website: row.website,
    foundedBy: consortium
      ? { slug: consortium.slug, title: consortium.acronym ?? titleOf(consortium, locale).text }
      : null,
    counters: {
      members: active.length,
      universities: active.filter((m) => m.institution_type === 'university').length,
      countries: byCountry.size,
    },
    membersByCountry: [...byCountry.entries()]
      .map(([country, list]) => ({ country, members: list }))
      .sort((a, b) => b.members.length - a.members.length || a.country.localeCompare(b.country)),
    officers: officers.filter((o) => o.term_start <= day && (o.term_end === null || o.term_end >= day)),
    centres: centres.map((c) => ({
      ...c,
      name: inLanguage(texts(c, 'name'), locale),
      countries: countriesOf(c.countries),
    })),
    documents: documents.filter((d) =>
      can(ctx.actor, 'networks.document.read', { network: access, visibility: d.visibility, groupId: null }),
    ),
    events: events.map((e) => ({ slug: e.slug, title: titleOf(e, locale), startsAt: e.starts_at })),
    outcomes: outcomes.map((o) => ({ slug: o.slug, title: titleOf(o, locale) })),
    groups: inNetwork ? groups : [],
    abilities: {
      manage: can(ctx.actor, 'networks.manage', access),
      inNetwork,
      canJoin: administered.some((i) => !joined.has(i.id)),
    } satisfies NetworkAbilities,
  }
}
export type NetworkPage = Awaited<ReturnType<typeof networkPage>>

/** Public materials of the working groups (shown on the public page as the network's library). */
export async function publicMaterials(ctx: ServiceContext, networkId: string) {
  return (await q.publicDocumentsOf(ctx.db, networkId)).filter((d) => d.working_group_id !== null)
}

/** The management page: the network with every member row (requests, invitations), all officers and the groups. */
export async function managePage(ctx: ServiceContext, slug: string, locale: Locale) {
  const { row } = await managed(ctx, slug)
  const [page, members, officers] = await Promise.all([
    networkPage(ctx, slug, locale),
    q.membersOf(ctx.db, row.id),
    q.officersOf(ctx.db, row.id),
  ])
  return { ...page, allMembers: members, allOfficers: officers, groups: await q.groupsOf(ctx.db, row.id) }
}
export type ManagePage = Awaited<ReturnType<typeof managePage>>

// ---- Creating and editing

function checkDates(fields: Record<string, string | null>): void {
  // The schema checks the form of dates; a founding day still to come is a typing slip.
  const founded = fields.founded_on
  if (founded && founded > today()) throw new Invalid({ founded_on: { key: 'networks.errors.future_date' } })
}

async function networkColumns(db: Queryable, input: NetworkInput) {
  const names = {
    name_az: emptyToNull(input.name_az),
    name_en: emptyToNull(input.name_en),
    name_ru: emptyToNull(input.name_ru),
  }
  if (!names.name_az && !names.name_en && !names.name_ru) {
    throw new Invalid({ name_en: { key: 'networks.errors.name_required' } })
  }
  const founded_on = emptyToNull(input.founded_on)
  checkDates({ founded_on })
  let founded_by_consortium_id: string | null = null
  if (input.founded_by) {
    const consortium = await q.consortiumBySlug(db, input.founded_by)
    if (!consortium) throw new Invalid({ founded_by: { key: 'networks.errors.consortium_unknown' } })
    founded_by_consortium_id = consortium.id
  }
  return {
    kind: input.kind,
    ...names,
    acronym: emptyToNull(input.acronym),
    mission_az: emptyToNull(input.mission_az),
    mission_en: emptyToNull(input.mission_en),
    mission_ru: emptyToNull(input.mission_ru),
    founded_on,
    founded_by_consortium_id,
    website: emptyToNull(input.website),
  }
}

/** Addresses under /networks that are pages of their own, never a network's slug. */
const RESERVED_SLUGS = new Set(['new'])

async function freeSlug(db: Queryable, name: string, id: string): Promise<string> {
  const base = slugify(name).slice(0, 120).replace(/-+$/, '')
  const start = base === 'institution' ? 'network' : base
  if (!RESERVED_SLUGS.has(start) && !(await q.slugTaken(db, start))) return start
  return `${start}-${id.slice(-8)}`
}

/** An institution of the registry by its address or exact (folded) name; a field error names the problem. */
async function institutionFor(db: Queryable, wanted: string, field: string) {
  const value = wanted.trim()
  const found = await eventQueries.institutionsNamed(db, value.toLowerCase(), nameKey(value))
  const match =
    found.find((i) => i.slug === value.toLowerCase()) ?? (found.length === 1 ? found[0] : undefined)
  if (!match) {
    throw new Invalid({
      [field]: {
        key:
          found.length > 1 ? 'networks.errors.institution_ambiguous' : 'networks.errors.institution_unknown',
        values: { slugs: found.map((i) => i.slug).join(', ') },
      },
    })
  }
  return match
}

/** A new network set up by a coordinator, with its first members (the API sends them along). Returns its slug. */
export async function createNetwork(ctx: ServiceContext, input: NetworkCreateApiInput): Promise<string> {
  authorize(ctx.actor, 'networks.create', undefined)
  const columns = await networkColumns(ctx.db, input)
  // Each member once: a second row for the same institution is refused at the row that repeats it.
  const members: Array<{
    id: string
    category: MemberInput['category']
    since: string | null
  }> = []
  const errors: FieldErrors = {}
  for (const [index, entry] of (input.members ?? []).entries()) {
    try {
      const institution = await institutionFor(ctx.db, entry.institution, `members/${index}/institution`)
      if (members.some((m) => m.id === institution.id)) {
        errors[`members/${index}/institution`] = { key: 'networks.errors.member_twice' }
      } else {
        members.push({ id: institution.id, category: entry.category, since: emptyToNull(entry.member_since) })
      }
    } catch (error) {
      if (!(error instanceof Invalid)) throw error
      Object.assign(errors, error.fields)
    }
  }
  if (Object.keys(errors).length > 0) throw new Invalid(errors)
  const id = newId()
  const now = new Date().toISOString()
  const slug = await freeSlug(ctx.db, columns.name_en ?? columns.name_az ?? columns.name_ru ?? 'network', id)
  await ctx.db.transaction().execute(async (trx) => {
    await q.insertNetwork(trx, {
      id,
      slug,
      ...columns,
      created_by: ctx.actor.person?.id ?? null,
      created_at: now,
      updated_at: now,
    })
    for (const m of members) {
      await q.insertMember(trx, {
        id: newId(),
        network_id: id,
        institution_id: m.id,
        category: m.category,
        status: 'active',
        member_since: m.since ?? columns.founded_on ?? today(),
        member_until: null,
        message: null,
        requested_by: null,
        decided_by: ctx.actor.person?.id ?? null,
        created_at: now,
        decided_at: now,
      })
    }
    await refreshSearch(trx, 'network', id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'networks.create',
      subjectType: 'network',
      subjectId: id,
      details: { members: String(members.length) },
    })
  })
  return slug
}

export async function editFormValues(ctx: ServiceContext, slug: string) {
  const { row } = await managed(ctx, slug)
  const consortium = row.founded_by_consortium_id
    ? await q.consortiumById(ctx.db, row.founded_by_consortium_id)
    : undefined
  return {
    kind: row.kind,
    name_az: row.name_az ?? '',
    name_en: row.name_en ?? '',
    name_ru: row.name_ru ?? '',
    acronym: row.acronym ?? '',
    mission_az: row.mission_az ?? '',
    mission_en: row.mission_en ?? '',
    mission_ru: row.mission_ru ?? '',
    founded_on: row.founded_on ?? '',
    founded_by: consortium?.slug ?? '',
    website: row.website ?? '',
  }
}

export async function updateNetwork(ctx: ServiceContext, slug: string, input: NetworkInput): Promise<void> {
  const { row } = await managed(ctx, slug)
  const columns = await networkColumns(ctx.db, input)
  await ctx.db.transaction().execute(async (trx) => {
    await q.updateNetwork(trx, row.id, columns)
    await refreshSearch(trx, 'network', row.id)
    await changed(trx, ctx, row.id, 'networks.update')
  })
}

// ---- Members: invitations, requests, decisions

/** Officers invite an institution (it answers) or record one that already belongs (active at once). */
export async function addMember(ctx: ServiceContext, slug: string, input: MemberInput): Promise<void> {
  const { row } = await managed(ctx, slug)
  const institution = await institutionFor(ctx.db, input.institution, 'institution')
  const existing = await q.memberByInstitution(ctx.db, row.id, institution.id)
  if (
    existing &&
    (existing.status === 'active' || existing.status === 'invited' || existing.status === 'requested')
  ) {
    throw new Conflict(
      { key: 'networks.errors.member_twice' },
      { institution: { key: 'networks.errors.member_twice' } },
    )
  }
  const now = new Date().toISOString()
  const status = input.mode === 'add' ? 'active' : 'invited'
  const values = {
    category: input.category,
    status,
    member_since: status === 'active' ? (emptyToNull(input.member_since) ?? today()) : null,
    member_until: null,
    message: null,
    requested_by: ctx.actor.person?.id ?? null,
    decided_by: status === 'active' ? (ctx.actor.person?.id ?? null) : null,
    decided_at: status === 'active' ? now : null,
  } as const
  await ctx.db.transaction().execute(async (trx) => {
    // A declined or former member is asked again on the same row: one row per institution and network.
    if (existing) await q.updateMember(trx, existing.id, { ...values, created_at: now })
    else
      await q.insertMember(trx, {
        id: newId(),
        network_id: row.id,
        institution_id: institution.id,
        created_at: now,
        ...values,
      })
    await changed(trx, ctx, row.id, status === 'active' ? 'networks.member_add' : 'networks.member_invite', {
      institution: institution.id,
    })
    if (status === 'invited') {
      for (const personId of await q.adminsOf(trx, institution.id)) {
        await notify(trx, ctx.config, {
          personId,
          kind: 'networks.invitation',
          title: {
            key: 'networks.notify.invited_title',
            values: { network: nameOf(row, ctx.config.defaultLocale).text },
          },
          body: { key: 'networks.notify.invited_body', values: { institution: institution.name } },
          link: `${networkUrl(row.slug)}/join`,
        })
      }
    }
  })
}

/** What the join page offers: the actor's administered institutions with their standing in the network. */
export async function joinPage(ctx: ServiceContext, slug: string, locale: Locale) {
  const { row } = await networkFor(ctx, slug)
  const person = ctx.actor.person
  const institutions = person ? await q.administeredInstitutions(ctx.db, person.id) : []
  const members = await q.membersOf(ctx.db, row.id)
  return {
    slug: row.slug,
    name: nameOf(row, locale),
    institutions: institutions.map((i) => ({
      ...i,
      member: members.find((m) => m.institution_id === i.id) ?? null,
    })),
  }
}
export type JoinPage = Awaited<ReturnType<typeof joinPage>>

async function represented(ctx: ServiceContext, access: NetworkAccess, institutionId: string) {
  const person = ctx.actor.person
  const administered = person ? await q.administeredInstitutions(ctx.db, person.id) : []
  authorize(ctx.actor, 'networks.represent', {
    network: access,
    institutionAdmin: administered.some((i) => i.id === institutionId),
  })
}

/** An institution's administrator asks for it to join; the officers decide. */
export async function requestMembership(
  ctx: ServiceContext,
  slug: string,
  institutionId: string,
  message: string | undefined,
): Promise<void> {
  const { row, access } = await networkFor(ctx, slug)
  await represented(ctx, access, institutionId)
  const existing = await q.memberByInstitution(ctx.db, row.id, institutionId)
  if (existing && existing.status !== 'declined' && existing.status !== 'left') {
    throw new Conflict(
      { key: 'networks.errors.already_asked' },
      { institution: { key: 'networks.errors.already_asked' } },
    )
  }
  const now = new Date().toISOString()
  const values = {
    category: 'member',
    status: 'requested',
    member_since: null,
    member_until: null,
    message: emptyToNull(message),
    requested_by: ctx.actor.person?.id ?? null,
    decided_by: null,
    decided_at: null,
    created_at: now,
  } as const
  await ctx.db.transaction().execute(async (trx) => {
    if (existing) await q.updateMember(trx, existing.id, values)
    else
      await q.insertMember(trx, { id: newId(), network_id: row.id, institution_id: institutionId, ...values })
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'networks.member_request',
      subjectType: 'network',
      subjectId: row.id,
      details: { institution: institutionId },
    })
    const day = today()
    for (const officer of await q.officersOf(trx, row.id)) {
      if (officer.term_start > day || (officer.term_end !== null && officer.term_end < day)) continue
      await notify(trx, ctx.config, {
        personId: officer.person_id,
        kind: 'networks.request',
        title: {
          key: 'networks.notify.request_title',
          values: { network: nameOf(row, ctx.config.defaultLocale).text },
        },
        body: { key: 'networks.notify.request_body' },
        link: `${networkUrl(row.slug)}/manage#members`,
      })
    }
  })
}

/** The invited institution's administrator accepts the invitation. */
export async function acceptInvitation(ctx: ServiceContext, slug: string, memberId: string): Promise<void> {
  const { row, access } = await networkFor(ctx, slug)
  const member = await q.memberById(ctx.db, row.id, memberId)
  if (member?.status !== 'invited') throw new NotFound()
  await represented(ctx, access, member.institution_id)
  const now = new Date().toISOString()
  await ctx.db.transaction().execute(async (trx) => {
    await q.updateMember(trx, member.id, {
      status: 'active',
      member_since: today(),
      decided_by: ctx.actor.person?.id ?? null,
      decided_at: now,
    })
    await changed(trx, ctx, row.id, 'networks.member_accept', { institution: member.institution_id })
  })
}

/** Officers approve or decline a request, or end an active membership (member until today). */
export async function decideMember(
  ctx: ServiceContext,
  slug: string,
  memberId: string,
  decision: 'approve' | 'decline' | 'end',
): Promise<void> {
  const { row } = await managed(ctx, slug)
  const member = await q.memberById(ctx.db, row.id, memberId)
  if (!member) throw new NotFound()
  const allowed = decision === 'end' ? member.status === 'active' : member.status === 'requested'
  if (!allowed) throw new Conflict({ key: 'networks.errors.not_pending' })
  const now = new Date().toISOString()
  const change =
    decision === 'approve'
      ? { status: 'active' as const, member_since: today() }
      : decision === 'decline'
        ? { status: 'declined' as const }
        : { status: 'left' as const, member_until: today() }
  await ctx.db.transaction().execute(async (trx) => {
    await q.updateMember(trx, member.id, {
      ...change,
      decided_by: ctx.actor.person?.id ?? null,
      decided_at: now,
    })
    await changed(trx, ctx, row.id, `networks.member_${decision}`, { institution: member.institution_id })
    if (decision !== 'end' && member.requested_by) {
      await notify(trx, ctx.config, {
        personId: member.requested_by,
        kind: 'networks.decision',
        title: {
          key: `networks.notify.${decision}_title`,
          values: { network: nameOf(row, ctx.config.defaultLocale).text },
        },
        body: { key: `networks.notify.${decision}_body` },
        link: networkUrl(row.slug),
      })
    }
  })
}

// ---- Officers and centres

/** A validated adult named by email: only they may hold an office or join a working group. */
async function validatedPerson(db: Queryable, email: string) {
  const person = await eventQueries.personByEmail(db, email)
  if (person?.kind !== 'adult' || !person.validated_at) {
    throw new Invalid({ email: { key: 'networks.errors.person_unknown' } })
  }
  return person
}

export async function addOfficer(ctx: ServiceContext, slug: string, input: OfficerInput): Promise<void> {
  const { row } = await managed(ctx, slug)
  const termEnd = emptyToNull(input.term_end)
  if (termEnd && termEnd < input.term_start)
    throw new Invalid({ term_end: { key: 'networks.errors.term_end_before_start' } })
  const person = await validatedPerson(ctx.db, input.email)
  await ctx.db.transaction().execute(async (trx) => {
    await q.insertOfficer(trx, {
      id: newId(),
      network_id: row.id,
      person_id: person.id,
      role: input.role,
      term_start: input.term_start,
      term_end: termEnd,
    })
    await changed(trx, ctx, row.id, 'networks.officer_add', { person: person.id, role: input.role })
  })
}

/** Ends an officer's term today (a term already over stays as it was). */
export async function endTerm(ctx: ServiceContext, slug: string, officerId: string): Promise<void> {
  const { row } = await managed(ctx, slug)
  await ctx.db.transaction().execute(async (trx) => {
    const result = await q.endTerm(trx, row.id, officerId, today())
    if (Number(result.numUpdatedRows) === 0) throw new Conflict({ key: 'networks.errors.term_over' })
    await changed(trx, ctx, row.id, 'networks.officer_end', { officer: officerId })
  })
}

export async function addCentre(ctx: ServiceContext, slug: string, input: CentreInput): Promise<void> {
  const { row } = await managed(ctx, slug)
  const institution = await institutionFor(ctx.db, input.institution, 'institution')
  const codes = (input.countries ?? '').split(/[\s,;]+/).filter(Boolean)
  const countries: string[] = []
  for (const code of codes) {
    const known = countryCode(code)
    if (!known) throw new Invalid({ countries: { key: 'networks.errors.country_unknown', values: { code } } })
    if (!countries.includes(known)) countries.push(known)
  }
  const names = {
    name_az: emptyToNull(input.name_az),
    name_en: emptyToNull(input.name_en),
    name_ru: emptyToNull(input.name_ru),
  }
  if (!names.name_az && !names.name_en && !names.name_ru)
    throw new Invalid({ name_en: { key: 'networks.errors.name_required' } })
  await ctx.db.transaction().execute(async (trx) => {
    await q.insertCentre(trx, {
      id: newId(),
      network_id: row.id,
      institution_id: institution.id,
      ...names,
      countries: JSON.stringify(countries),
    })
    await changed(trx, ctx, row.id, 'networks.centre_add', { institution: institution.id })
  })
}

// ---- Documents and materials

/** A file or a link, checked like the workspace's materials (type by name, agreement with the declared and real type). */
async function storeDocument(
  ctx: ServiceContext,
  networkId: string,
  groupId: string | null,
  input: DocumentInput,
  file: Upload | null,
  allowed: readonly DocumentVisibility[],
): Promise<string> {
  if (!allowed.includes(input.visibility))
    throw new Invalid({ visibility: { key: 'networks.errors.visibility' } })
  const url = emptyToNull(input.url)
  const hasFile = file !== null && file.bytes.length > 0
  if (hasFile === (url !== null)) throw new Invalid({ file: { key: 'networks.errors.file_or_link' } })
  const id = newId()
  const base = {
    id,
    network_id: networkId,
    working_group_id: groupId,
    kind: groupId ? ('material' as const) : (input.kind ?? 'document'),
    title: input.title.trim(),
    visibility: input.visibility,
    uploaded_by: ctx.actor.person?.id ?? null,
    created_at: new Date().toISOString(),
  }
  if (!hasFile || !file) {
    await q.insertDocument(ctx.db, {
      ...base,
      url,
      stored_name: null,
      original_name: null,
      media_type: null,
      size: null,
    })
    return id
  }
  const mediaType = acceptedMediaType(file.fileName, file.mediaType)
  const disguised =
    mediaType !== null && CHECKED_BY_BYTES.has(mediaType) && sniffMediaType(file.bytes) !== mediaType
  if (!mediaType || disguised) throw new Invalid({ file: { key: 'networks.errors.forbidden_type' } })
  const stored = await storeFile(ctx.storage, FILES_AREA, file.bytes)
  try {
    await q.insertDocument(ctx.db, {
      ...base,
      url: null,
      stored_name: stored.storedName,
      original_name: path.basename(file.fileName.replaceAll('\\', '/')).slice(-255),
      media_type: mediaType,
      size: stored.size,
    })
  } catch (error) {
    await removeStoredFile(ctx.storage, stored.key)
    throw error
  }
  return id
}

export async function addDocument(
  ctx: ServiceContext,
  slug: string,
  input: DocumentInput,
  file: Upload | null,
): Promise<string> {
  const { row } = await managed(ctx, slug)
  const id = await storeDocument(ctx, row.id, null, input, file, ['network', 'public'])
  await audit(ctx.db, {
    actorId: ctx.actor.person?.id ?? null,
    action: 'networks.document_add',
    subjectType: 'network',
    subjectId: row.id,
    details: { document: id },
  })
  return id
}

/** A stored document or material, for those its visibility admits; others are told it does not exist. */
export async function documentForDownload(ctx: ServiceContext, slug: string, documentId: string) {
  const { row, access } = await networkFor(ctx, slug)
  const doc = await q.documentById(ctx.db, row.id, documentId)
  if (!doc) throw new NotFound()
  authorize(
    ctx.actor,
    'networks.document.read',
    { network: access, visibility: doc.visibility, groupId: doc.working_group_id },
    { hide: true },
  )
  if (!doc.stored_name || !doc.media_type) throw new NotFound()
  return {
    key: storageKey(FILES_AREA, doc.stored_name),
    mediaType: doc.media_type,
    downloadName: doc.original_name ?? doc.title,
  }
}

// ---- Working groups

export async function createGroup(ctx: ServiceContext, slug: string, input: GroupInput): Promise<string> {
  const { row } = await managed(ctx, slug)
  const id = newId()
  await ctx.db.transaction().execute(async (trx) => {
    await q.insertGroup(trx, {
      id,
      network_id: row.id,
      name: input.name.trim(),
      description: emptyToNull(input.description),
      created_by: ctx.actor.person?.id ?? null,
      created_at: new Date().toISOString(),
    })
    await changed(trx, ctx, row.id, 'networks.group_create', { group: id })
  })
  return id
}

/** A working group, refused unless the actor may take the given part in it (404 for those outside). */
async function groupFor(
  ctx: ServiceContext,
  slug: string,
  groupId: string,
  action: 'networks.group.view' | 'networks.group.participate' | 'networks.group.lead',
) {
  const { row, access } = await networkFor(ctx, slug)
  const group = await q.groupById(ctx.db, row.id, groupId)
  if (!group) throw new NotFound()
  const resource = { network: access, groupId }
  // Those outside the network do not learn what its groups are; members outside a group are told they may not.
  authorize(ctx.actor, 'networks.group.view', resource, { hide: true })
  authorize(ctx.actor, action, resource)
  return { row, access, group, resource }
}

export async function groupPage(ctx: ServiceContext, slug: string, groupId: string, locale: Locale) {
  const { row, access, group, resource } = await groupFor(ctx, slug, groupId, 'networks.group.view')
  const participate = can(ctx.actor, 'networks.group.participate', resource)
  const [members, materials, decisions, meetings, threads] = await Promise.all([
    q.groupMembers(ctx.db, group.id),
    q.documentsOf(ctx.db, row.id, group.id),
    q.decisionsOf(ctx.db, group.id),
    q.meetingsOf(ctx.db, group.id),
    participate ? q.threadsOf(ctx.db, group.id) : Promise.resolve([]),
  ])
  return {
    network: { slug: row.slug, name: nameOf(row, locale) },
    group,
    members,
    materials: materials.filter((d) =>
      can(ctx.actor, 'networks.document.read', {
        network: access,
        visibility: d.visibility,
        groupId: group.id,
      }),
    ),
    decisions,
    meetings: meetings.map((m) => ({ slug: m.slug, title: titleOf(m, locale), startsAt: m.starts_at })),
    threads,
    abilities: { participate, lead: can(ctx.actor, 'networks.group.lead', resource) },
  }
}
export type GroupPage = Awaited<ReturnType<typeof groupPage>>

export async function addGroupMember(
  ctx: ServiceContext,
  slug: string,
  groupId: string,
  email: string,
  role: 'lead' | 'member',
): Promise<void> {
  const { row, group } = await groupFor(ctx, slug, groupId, 'networks.group.lead')
  const person = await validatedPerson(ctx.db, email)
  // Working groups are of the network: their members belong to it (or run it).
  const access = await loadNetworkAccess(ctx.db, row.id, {
    person: { id: person.id, name: person.name, email, kind: 'adult', locale: null },
    roles: new Set(),
  })
  if (!access?.memberStaff && !access?.officer)
    throw new Invalid({ email: { key: 'networks.errors.not_in_network' } })
  await ctx.db.transaction().execute(async (trx) => {
    await q.upsertGroupMember(trx, group.id, person.id, role)
    await changed(trx, ctx, row.id, 'networks.group_member', { group: group.id, person: person.id, role })
    await notify(trx, ctx.config, {
      personId: person.id,
      kind: 'networks.group_member',
      title: { key: 'networks.notify.group_title', values: { group: group.name } },
      body: {
        key: 'networks.notify.group_body',
        values: { network: nameOf(row, ctx.config.defaultLocale).text },
      },
      link: groupUrl(row.slug, group.id),
    })
  })
}

export async function addMaterial(
  ctx: ServiceContext,
  slug: string,
  groupId: string,
  input: DocumentInput,
  file: Upload | null,
): Promise<string> {
  const { row, group } = await groupFor(ctx, slug, groupId, 'networks.group.participate')
  return storeDocument(ctx, row.id, group.id, input, file, ['group', 'network', 'public'])
}

export async function startThread(
  ctx: ServiceContext,
  slug: string,
  groupId: string,
  title: string,
  body: string,
): Promise<string> {
  const { row, group } = await groupFor(ctx, slug, groupId, 'networks.group.participate')
  const id = newId()
  await ctx.db.transaction().execute(async (trx) => {
    const authorId = ctx.actor.person?.id ?? null
    await q.insertThread(trx, { id, groupId: group.id, title: title.trim(), authorId, body })
    await tellGroup(trx, ctx, row.slug, group, { id, title: title.trim() })
  })
  return id
}

/** A new message in a working group: its other members are told on the site and by email. */
async function tellGroup(
  trx: Queryable,
  ctx: ServiceContext,
  slug: string,
  group: { id: string; name: string },
  thread: { id: string; title: string },
): Promise<void> {
  for (const member of await q.groupMembers(trx, group.id)) {
    if (member.person_id === ctx.actor.person?.id) continue
    await notify(trx, ctx.config, {
      personId: member.person_id,
      kind: 'networks.group_message',
      title: { key: 'networks.notify.message_title', values: { group: group.name } },
      body: {
        key: 'networks.notify.message_body',
        values: { thread: thread.title, author: ctx.actor.person?.name ?? '' },
      },
      link: `${groupUrl(slug, group.id)}/threads/${thread.id}`,
    })
  }
}

export async function threadPage(
  ctx: ServiceContext,
  slug: string,
  groupId: string,
  threadId: string,
  locale: Locale,
) {
  const { row, group } = await groupFor(ctx, slug, groupId, 'networks.group.participate')
  const thread = await q.threadById(ctx.db, group.id, threadId)
  if (!thread) throw new NotFound()
  return {
    network: { slug: row.slug, name: nameOf(row, locale) },
    group,
    thread,
    posts: await q.postsOf(ctx.db, thread.id),
  }
}
export type ThreadPage = Awaited<ReturnType<typeof threadPage>>

export async function reply(
  ctx: ServiceContext,
  slug: string,
  groupId: string,
  threadId: string,
  body: string,
): Promise<void> {
  const { row, group } = await groupFor(ctx, slug, groupId, 'networks.group.participate')
  const thread = await q.threadById(ctx.db, group.id, threadId)
  if (!thread) throw new NotFound()
  await ctx.db.transaction().execute(async (trx) => {
    await q.insertPost(trx, thread.id, ctx.actor.person?.id ?? null, body)
    await tellGroup(trx, ctx, row.slug, group, thread)
  })
}

export async function recordDecision(
  ctx: ServiceContext,
  slug: string,
  groupId: string,
  decidedOn: string,
  text: string,
): Promise<void> {
  const { row, group } = await groupFor(ctx, slug, groupId, 'networks.group.lead')
  if (decidedOn > today()) throw new Invalid({ decided_on: { key: 'networks.errors.future_date' } })
  await ctx.db.transaction().execute(async (trx) => {
    await q.insertDecision(trx, {
      id: newId(),
      working_group_id: group.id,
      decided_on: decidedOn,
      text: text.trim(),
      recorded_by: ctx.actor.person?.id ?? null,
      created_at: new Date().toISOString(),
    })
    await changed(trx, ctx, row.id, 'networks.group_decision', { group: group.id })
  })
}

export async function linkMeeting(
  ctx: ServiceContext,
  slug: string,
  groupId: string,
  eventSlug: string,
): Promise<void> {
  const { row, group } = await groupFor(ctx, slug, groupId, 'networks.group.lead')
  const event = await q.eventBySlug(ctx.db, eventSlug)
  if (!event) throw new Invalid({ event: { key: 'networks.errors.event_unknown' } })
  await ctx.db.transaction().execute(async (trx) => {
    await q.insertMeeting(trx, group.id, event.id)
    await changed(trx, ctx, row.id, 'networks.group_meeting', { group: group.id, event: event.id })
  })
}
