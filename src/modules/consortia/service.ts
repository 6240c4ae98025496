import type { Locale } from '../../config.ts'
import type { Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { ConsortiumPartnerRole } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, type FieldErrors, Invalid, NotFound } from '../../platform/errors.ts'
import { authorize, can } from '../../platform/policy.ts'
import { slugify } from '../institutions/normalise.ts'
import { listInstitutions } from '../institutions/queries.ts'
import { type ConsortiumAccess, loadConsortiumAccess } from './access.ts'
import './policy.ts'
import { refreshSearch } from '../search/service.ts'
import * as q from './queries.ts'
import {
  type ConsortiumInput,
  type DeliverableInput,
  LIST_PAGE_SIZE,
  type ListFilter,
  type PartnerInput,
  TARGET_GROUPS,
  type WorkPackageInput,
} from './schemas.ts'

type ConsortiumRow = NonNullable<Awaited<ReturnType<typeof q.findBySlug>>>

/** The title in the reader's language, else the first one recorded. */
export function titleIn(
  row: { title_az: string | null; title_en: string | null; title_ru: string | null; acronym?: string | null },
  locale: Locale,
): string {
  return row[`title_${locale}`] ?? row.title_en ?? row.title_az ?? row.title_ru ?? row.acronym ?? ''
}

/** The consortium projects an institution is a partner of, newest first: what its public page lists. */
export async function consortiaOf(db: Queryable, institutionId: string, locale: Locale, limit = 20) {
  const rows = await q.consortiaOfInstitution(db, institutionId, limit)
  return rows.map((row) => ({ url: `/consortia/${row.slug}`, title: row.acronym ?? titleIn(row, locale) }))
}

/** A stored JSON list of codes (target groups), tolerant of a hand-edited row. */
export function codesOf(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown
    return Array.isArray(value) ? value.map(String) : []
  } catch {
    return []
  }
}

/**
 * A grant as typed ("800 000", "112527.93", "1 250,5", "240000.0 EUR") in minor units. Negative and unreadable amounts are told
 * apart, so the person knows what to fix; at most 12 digits before the decimal sign keep it exact as a number.
 */
export function parseGrant(text: string): { minor: number } | { error: 'grant_negative' | 'grant_format' } {
  // The funder's lists write some amounts with their currency ("240000.0 EUR").
  const compact = text.replace(/[\s\u00a0\u202f']/g, '').replace(/^(€|EUR)|(€|EUR)$/i, '')
  if (/^-/.test(compact)) return { error: 'grant_negative' }
  const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(compact)
  if (!match) return { error: 'grant_format' }
  return { minor: Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) }
}

/** Minor units as a decimal string ("800000.00"), for the API and forms. */
export function grantAmount(minor: number): string {
  return `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`
}

/** A date range whose end precedes its start is refused on the end field. */
function checkDates(errors: FieldErrors, start: string | undefined, end: string | undefined): void {
  if (start && end && end < start) errors.end_date = { key: 'consortia.errors.end_before_start' }
}

/** The record's columns from the form, or Invalid with every field's problem at once. */
export function consortiumColumns(input: ConsortiumInput): q.ConsortiumColumns {
  const errors: FieldErrors = {}
  if (!input.title_az && !input.title_en && !input.title_ru)
    errors.title_en = { key: 'consortia.errors.title_required' }
  checkDates(errors, input.start_date, input.end_date)
  let grantMinor: number | null = null
  if (input.grant) {
    const grant = parseGrant(input.grant)
    if ('error' in grant) errors.grant = { key: `consortia.errors.${grant.error}` }
    else grantMinor = grant.minor
  }
  if (Object.keys(errors).length > 0) throw new Invalid(errors)
  const groups = input.target_groups === undefined ? [] : [input.target_groups].flat()
  return {
    reference: input.reference?.trim() || null,
    acronym: input.acronym?.trim() || null,
    title_az: input.title_az?.trim() || null,
    title_en: input.title_en?.trim() || null,
    title_ru: input.title_ru?.trim() || null,
    programme: input.programme.trim(),
    key_action: input.key_action?.trim() || null,
    action_type: input.action_type?.trim() || null,
    funder: input.funder?.trim() || null,
    call_year: input.call_year ? Number(input.call_year) : null,
    coordinator_contact_name: input.coordinator_contact_name?.trim() || null,
    coordinator_contact_email: input.coordinator_contact_email?.trim() || null,
    target_groups: JSON.stringify(TARGET_GROUPS.filter((g) => groups.includes(g))),
    start_date: input.start_date ?? null,
    end_date: input.end_date ?? null,
    grant_minor: grantMinor,
    currency: grantMinor === null ? null : (input.currency ?? 'EUR'),
    status: input.status,
    summary_az: input.summary_az?.trim() || null,
    summary_en: input.summary_en?.trim() || null,
    summary_ru: input.summary_ru?.trim() || null,
    website: input.website ?? null,
    results_url: input.results_url ?? null,
  }
}

/** Addresses under /consortia that are pages of their own, never a consortium's slug. */
const RESERVED_SLUGS = new Set(['new', 'import'])

export async function freeSlug(db: Queryable, title: string, id: string): Promise<string> {
  const base = slugify(title).slice(0, 120).replace(/-+$/, '')
  // slugify answers "institution" for a title with no Latin letters or digits (a Russian-only title).
  const start = base === 'institution' ? 'consortium' : base
  if (!RESERVED_SLUGS.has(start) && !(await q.slugTaken(db, start))) return start
  return `${start}-${id.slice(-8)}`
}

/** A reference recorded on another consortium is refused on its field (imports match on it). */
async function checkReference(db: Queryable, reference: string | null, ownId: string | null): Promise<void> {
  if (!reference) return
  const holder = await q.findByReference(db, reference)
  if (holder && holder.id !== ownId)
    throw new Conflict(
      { key: 'consortia.errors.reference_taken' },
      {
        reference: { key: 'consortia.errors.reference_taken' },
      },
    )
}

/** Inserts a checked record with its coordinating institution (if any); the caller audits. */
export async function insertConsortium(
  db: Queryable,
  columns: q.ConsortiumColumns,
  meta: {
    coordinatorId: string | null
    createdBy: string | null
    flags?: { good_practice: number; success_story: number }
  },
): Promise<{ id: string; slug: string }> {
  const id = newId()
  const now = new Date().toISOString()
  const slug = await freeSlug(
    db,
    columns.acronym ?? columns.title_en ?? columns.title_az ?? columns.title_ru ?? '',
    id,
  )
  await db
    .insertInto('consortia')
    .values({
      id,
      slug,
      ...columns,
      ...meta.flags,
      created_by: meta.createdBy,
      created_at: now,
      updated_at: now,
    })
    .execute()
  if (meta.coordinatorId)
    await q.insertPartner(db, {
      id: newId(),
      consortiumId: id,
      institutionId: meta.coordinatorId,
      role: 'coordinator',
    })
  await refreshSearch(db, 'consortium', id)
  return { id, slug }
}

/** A staff member records their institution's consortium; a national coordinator may name any institution. */
export async function createConsortium(ctx: ServiceContext, input: ConsortiumInput): Promise<string> {
  authorize(ctx.actor, 'consortia.create', undefined)
  const person = ctx.actor.person
  if (!person) throw new NotFound()
  const columns = consortiumColumns(input)
  const isCoordinator = ctx.actor.roles.has('coordinator')
  if (input.coordinator) {
    const own = await q.ownInstitutions(ctx.db, person.id)
    const known = await q.findInstitution(ctx.db, input.coordinator)
    if (!known || known.merged_into || (!isCoordinator && !own.some((i) => i.id === input.coordinator)))
      throw new Invalid({ coordinator: { key: 'consortia.errors.coordinator_not_yours' } })
  } else if (!isCoordinator) throw new Invalid({ coordinator: { key: 'validation.required' } })
  return ctx.db.transaction().execute(async (trx) => {
    await checkReference(trx, columns.reference, null)
    const created = await insertConsortium(trx, columns, {
      coordinatorId: input.coordinator ?? null,
      createdBy: person.id,
    })
    await audit(trx, {
      actorId: person.id,
      action: 'consortium.create',
      subjectType: 'consortium',
      subjectId: created.id,
    })
    return created.slug
  })
}

/** The consortium and what the actor may do with it; NotFound when there is none. */
export async function consortiumFor(
  ctx: ServiceContext,
  slug: string,
): Promise<{ row: ConsortiumRow; access: ConsortiumAccess }> {
  const row = await q.findBySlug(ctx.db, slug)
  if (!row) throw new NotFound()
  const access = await loadConsortiumAccess(ctx.db, row.id, ctx.actor)
  if (!access) throw new NotFound()
  return { row, access }
}

async function editable(ctx: ServiceContext, slug: string) {
  const found = await consortiumFor(ctx, slug)
  authorize(ctx.actor, 'consortia.edit', found.access)
  return found
}

/** The edit form's values: the record as typed. */
export function formValuesOf(row: ConsortiumRow): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {}
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string' || typeof value === 'number') values[key] = String(value)
  }
  values.target_groups = codesOf(row.target_groups)
  values.grant = row.grant_minor === null ? '' : grantAmount(row.grant_minor)
  values.call_year = row.call_year === null ? '' : String(row.call_year)
  return values
}

export async function updateConsortium(
  ctx: ServiceContext,
  slug: string,
  input: ConsortiumInput,
): Promise<void> {
  const { row } = await editable(ctx, slug)
  const columns = consortiumColumns(input)
  await ctx.db.transaction().execute(async (trx) => {
    await checkReference(trx, columns.reference, row.id)
    await trx
      .updateTable('consortia')
      .set({ ...columns, updated_at: new Date().toISOString() })
      .where('id', '=', row.id)
      .execute()
    await refreshSearch(trx, 'consortium', row.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'consortium.update',
      subjectType: 'consortium',
      subjectId: row.id,
    })
  })
}

export async function setFlags(
  ctx: ServiceContext,
  slug: string,
  flags: { good_practice: boolean; success_story: boolean },
): Promise<void> {
  authorize(ctx.actor, 'consortia.flag', undefined)
  const { row } = await consortiumFor(ctx, slug)
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('consortia')
      .set({ good_practice: flags.good_practice ? 1 : 0, success_story: flags.success_story ? 1 : 0 })
      .where('id', '=', row.id)
      .execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'consortium.flags',
      subjectType: 'consortium',
      subjectId: row.id,
      details: flags,
    })
  })
}

// ---- Partners

/** Registry institutions matching the search, for the partners page (merged records left out). */
export async function partnerCandidates(ctx: ServiceContext, slug: string, query: string) {
  await editable(ctx, slug)
  if (!query.trim()) return []
  const rows = await listInstitutions(ctx.db, { q: query.trim() }, null, 20)
  return rows.slice(0, 20)
}

/** Checks a partner against those already listed: each institution once, and one coordinator. */
export function partnerProblems(
  listed: ReadonlyArray<{ institution_id: string; role: ConsortiumPartnerRole }>,
  candidate: { institutionId: string; role: ConsortiumPartnerRole },
): FieldErrors {
  if (listed.some((p) => p.institution_id === candidate.institutionId))
    return { institution: { key: 'consortia.errors.partner_twice' } }
  if (candidate.role === 'coordinator' && listed.some((p) => p.role === 'coordinator'))
    return { role: { key: 'consortia.errors.second_coordinator' } }
  return {}
}

export async function addPartner(ctx: ServiceContext, slug: string, input: PartnerInput): Promise<void> {
  const { row } = await editable(ctx, slug)
  const institution = await q.findInstitution(ctx.db, input.institution)
  if (!institution || institution.merged_into)
    throw new Invalid({ institution: { key: 'consortia.errors.unknown_institution' } })
  await ctx.db.transaction().execute(async (trx) => {
    const listed = await q.partnersOf(trx, [row.id])
    const problems = partnerProblems(listed, { institutionId: institution.id, role: input.role })
    if (Object.keys(problems).length > 0)
      throw new Conflict(Object.values(problems)[0] ?? { key: 'errors.invalid' }, problems)
    await q.insertPartner(trx, {
      id: newId(),
      consortiumId: row.id,
      institutionId: institution.id,
      role: input.role,
    })
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'consortium.partner.add',
      subjectType: 'consortium',
      subjectId: row.id,
      details: { institution: institution.id, role: input.role },
    })
  })
}

export async function removePartner(ctx: ServiceContext, slug: string, partnerId: string): Promise<void> {
  const { row } = await editable(ctx, slug)
  await ctx.db.transaction().execute(async (trx) => {
    const partner = await trx
      .selectFrom('consortium_partners')
      .select(['id', 'institution_id'])
      .where('id', '=', partnerId)
      .where('consortium_id', '=', row.id)
      .executeTakeFirst()
    if (!partner) throw new NotFound()
    // A work package it led keeps its history but no longer names a lead outside the consortium.
    await trx
      .updateTable('work_packages')
      .set({ lead_institution_id: null })
      .where('consortium_id', '=', row.id)
      .where('lead_institution_id', '=', partner.institution_id)
      .execute()
    await trx.deleteFrom('consortium_partners').where('id', '=', partner.id).execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'consortium.partner.remove',
      subjectType: 'consortium',
      subjectId: row.id,
      details: { institution: partner.institution_id },
    })
  })
}

// ---- Work packages and deliverables

async function checkWorkPackage(
  db: Queryable,
  consortiumId: string,
  input: WorkPackageInput,
  ownId: string | null,
): Promise<void> {
  const errors: FieldErrors = {}
  checkDates(errors, input.start_date, input.end_date)
  if (input.lead) {
    const partners = await q.partnersOf(db, [consortiumId])
    if (!partners.some((p) => p.institution_id === input.lead))
      errors.lead = { key: 'consortia.errors.lead_not_partner' }
  }
  const clash = await db
    .selectFrom('work_packages')
    .select('id')
    .where('consortium_id', '=', consortiumId)
    .where('number', '=', Number(input.number))
    .executeTakeFirst()
  if (clash && clash.id !== ownId) errors.number = { key: 'consortia.errors.number_taken' }
  if (Object.keys(errors).length > 0) throw new Invalid(errors)
}

export async function addWorkPackage(
  ctx: ServiceContext,
  slug: string,
  input: WorkPackageInput,
): Promise<string> {
  const { row } = await editable(ctx, slug)
  const id = newId()
  await ctx.db.transaction().execute(async (trx) => {
    await checkWorkPackage(trx, row.id, input, null)
    await trx
      .insertInto('work_packages')
      .values({
        id,
        consortium_id: row.id,
        number: Number(input.number),
        title: input.title.trim(),
        description: input.description?.trim() || null,
        lead_institution_id: input.lead ?? null,
        start_date: input.start_date ?? null,
        end_date: input.end_date ?? null,
      })
      .execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'consortium.work_package.add',
      subjectType: 'consortium',
      subjectId: row.id,
      details: { work_package: id },
    })
  })
  return id
}

/** A work package with the right to change it checked: its lead partner's staff, or the consortium's managers. */
export async function workPackageFor(ctx: ServiceContext, slug: string, id: string) {
  const { row, access } = await consortiumFor(ctx, slug)
  const workPackage = await q.findWorkPackage(ctx.db, row.id, id)
  if (!workPackage) throw new NotFound()
  authorize(ctx.actor, 'consortia.work_package.edit', {
    consortium: access,
    leadInstitutionId: workPackage.lead_institution_id,
  })
  const [partners, deliverables] = await Promise.all([
    q.partnersOf(ctx.db, [row.id]),
    q.deliverablesOf(ctx.db, row.id),
  ])
  return {
    row,
    workPackage,
    partners,
    deliverables: deliverables.filter((d) => d.work_package_id === id),
    /** Choosing the lead is the managers' decision: a lead partner cannot hand its package on. */
    canChangeLead: can(ctx.actor, 'consortia.edit', access),
  }
}

export async function updateWorkPackage(
  ctx: ServiceContext,
  slug: string,
  id: string,
  input: WorkPackageInput,
): Promise<void> {
  const { row, workPackage, canChangeLead } = await workPackageFor(ctx, slug, id)
  const lead = input.lead ?? null
  if (lead !== workPackage.lead_institution_id && !canChangeLead)
    throw new Invalid({ lead: { key: 'consortia.errors.lead_change' } })
  await ctx.db.transaction().execute(async (trx) => {
    await checkWorkPackage(trx, row.id, input, id)
    await trx
      .updateTable('work_packages')
      .set({
        number: Number(input.number),
        title: input.title.trim(),
        description: input.description?.trim() || null,
        lead_institution_id: lead,
        start_date: input.start_date ?? null,
        end_date: input.end_date ?? null,
      })
      .where('id', '=', id)
      .execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'consortium.work_package.update',
      subjectType: 'consortium',
      subjectId: row.id,
      details: { work_package: id },
    })
  })
}

export async function deleteWorkPackage(ctx: ServiceContext, slug: string, id: string): Promise<void> {
  const { row } = await editable(ctx, slug)
  const workPackage = await q.findWorkPackage(ctx.db, row.id, id)
  if (!workPackage) throw new NotFound()
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('work_packages').where('id', '=', id).execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'consortium.work_package.delete',
      subjectType: 'consortium',
      subjectId: row.id,
      details: { work_package: id, number: workPackage.number },
    })
  })
}

export async function addDeliverable(
  ctx: ServiceContext,
  slug: string,
  workPackageId: string,
  input: DeliverableInput,
): Promise<void> {
  const { row, deliverables } = await workPackageFor(ctx, slug, workPackageId)
  const code = input.code.trim()
  if (deliverables.some((d) => d.code.toLowerCase() === code.toLowerCase()))
    throw new Invalid({ code: { key: 'consortia.errors.code_taken' } })
  await ctx.db.transaction().execute(async (trx) => {
    const id = newId()
    await trx
      .insertInto('deliverables')
      .values({
        id,
        work_package_id: workPackageId,
        code,
        title: input.title.trim(),
        due_date: input.due_date ?? null,
        status: input.status,
        delivered_on: input.status === 'delivered' ? today() : null,
      })
      .execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'consortium.deliverable.add',
      subjectType: 'consortium',
      subjectId: row.id,
      details: { work_package: workPackageId, deliverable: id },
    })
  })
}

const today = () => new Date().toISOString().slice(0, 10)

/** A deliverable with the right to change it checked (as its work package's). */
export async function deliverableFor(ctx: ServiceContext, slug: string, deliverableId: string) {
  const { row, access } = await consortiumFor(ctx, slug)
  const deliverable = await q.findDeliverable(ctx.db, row.id, deliverableId)
  if (!deliverable) throw new NotFound()
  authorize(ctx.actor, 'consortia.work_package.edit', {
    consortium: access,
    leadInstitutionId: deliverable.lead_institution_id,
  })
  return { row, deliverable, workPackageId: deliverable.work_package_id }
}

/** Moves a deliverable on; delivering it records the day (today unless given). */
export async function setDeliverableStatus(
  ctx: ServiceContext,
  slug: string,
  deliverableId: string,
  input: { status: DeliverableInput['status']; delivered_on?: string },
): Promise<void> {
  const { row, deliverable } = await deliverableFor(ctx, slug, deliverableId)
  await ctx.db.transaction().execute(async (trx) => {
    await q.updateDeliverableStatus(
      trx,
      deliverable.id,
      input.status,
      input.status === 'delivered' ? (input.delivered_on ?? today()) : null,
    )
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'consortium.deliverable.status',
      subjectType: 'consortium',
      subjectId: row.id,
      details: { deliverable: deliverable.id, status: input.status },
    })
  })
}

// ---- Meetings

export async function meetingOptions(ctx: ServiceContext, slug: string) {
  const { row } = await editable(ctx, slug)
  return q.linkableEvents(ctx.db, row, 200)
}

export async function linkMeeting(
  ctx: ServiceContext,
  slug: string,
  input: { event: string; kind: 'kick_off' | 'steering' | 'closing' | 'other' },
): Promise<void> {
  const { row } = await editable(ctx, slug)
  const event = await q.findEvent(ctx.db, input.event)
  if (event?.status !== 'published') throw new Invalid({ event: { key: 'consortia.errors.unknown_event' } })
  await ctx.db.transaction().execute(async (trx) => {
    const linked = await trx
      .selectFrom('consortium_meetings')
      .select('event_id')
      .where('consortium_id', '=', row.id)
      .where('event_id', '=', event.id)
      .executeTakeFirst()
    if (linked)
      throw new Conflict(
        { key: 'consortia.errors.meeting_twice' },
        { event: { key: 'consortia.errors.meeting_twice' } },
      )
    await trx
      .insertInto('consortium_meetings')
      .values({ consortium_id: row.id, event_id: event.id, kind: input.kind })
      .execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'consortium.meeting.link',
      subjectType: 'consortium',
      subjectId: row.id,
      details: { event: event.id, kind: input.kind },
    })
  })
}

export async function unlinkMeeting(ctx: ServiceContext, slug: string, eventId: string): Promise<void> {
  const { row } = await editable(ctx, slug)
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('consortium_meetings')
      .where('consortium_id', '=', row.id)
      .where('event_id', '=', eventId)
      .executeTakeFirst()
    if (Number(result.numDeletedRows) === 0) throw new NotFound()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'consortium.meeting.unlink',
      subjectType: 'consortium',
      subjectId: row.id,
      details: { event: eventId },
    })
  })
}

// ---- Reading

export interface ConsortiumDetail {
  row: ConsortiumRow
  partners: Awaited<ReturnType<typeof q.partnersOf>>
  workPackages: Array<
    Awaited<ReturnType<typeof q.workPackagesOf>>[number] & {
      deliverables: Awaited<ReturnType<typeof q.deliverablesOf>>
      canEdit: boolean
    }
  >
  meetings: Awaited<ReturnType<typeof q.meetingsOf>>
  canEdit: boolean
  canFlag: boolean
}

/** Everything the consortium's page and the API show, with what the actor may change. */
export async function consortiumDetail(ctx: ServiceContext, slug: string): Promise<ConsortiumDetail> {
  const { row, access } = await consortiumFor(ctx, slug)
  const [partners, workPackages, deliverables, meetings] = await Promise.all([
    q.partnersOf(ctx.db, [row.id]),
    q.workPackagesOf(ctx.db, row.id),
    q.deliverablesOf(ctx.db, row.id),
    q.meetingsOf(ctx.db, row.id),
  ])
  return {
    row,
    partners,
    workPackages: workPackages.map((wp) => ({
      ...wp,
      deliverables: deliverables.filter((d) => d.work_package_id === wp.id),
      canEdit: can(ctx.actor, 'consortia.work_package.edit', {
        consortium: access,
        leadInstitutionId: wp.lead_institution_id,
      }),
    })),
    // Only published events appear on the public page; a meeting whose event was cancelled stays recorded.
    meetings: meetings.filter((m) => m.status === 'published'),
    canEdit: can(ctx.actor, 'consortia.edit', access),
    canFlag: can(ctx.actor, 'consortia.flag', undefined),
  }
}

/** One page of the public list with each consortium's partners (for their countries). */
export async function listPage(ctx: ServiceContext, filter: ListFilter) {
  const page = filter.page ?? 1
  const [rows, total] = await Promise.all([
    q.listConsortia(ctx.db, filter, (page - 1) * LIST_PAGE_SIZE, LIST_PAGE_SIZE),
    q.countConsortia(ctx.db, filter),
  ])
  const partners = await q.partnersOf(
    ctx.db,
    rows.map((r) => r.id),
  )
  return {
    page,
    total,
    pages: Math.max(1, Math.ceil(total / LIST_PAGE_SIZE)),
    items: rows.map((row) => ({ row, partners: partners.filter((p) => p.consortium_id === row.id) })),
  }
}

/** The institutions a person may name as coordinator when creating a consortium. */
export function ownInstitutions(ctx: ServiceContext) {
  return ctx.actor.person ? q.ownInstitutions(ctx.db, ctx.actor.person.id) : Promise.resolve([])
}

// ---- The API's shapes

export function apiSummary(row: ConsortiumRow) {
  return {
    slug: row.slug,
    reference: row.reference,
    acronym: row.acronym,
    title: { az: row.title_az, en: row.title_en, ru: row.title_ru },
    programme: row.programme,
    key_action: row.key_action,
    action_type: row.action_type,
    status: row.status,
    start_date: row.start_date,
    end_date: row.end_date,
    grant:
      row.grant_minor === null
        ? null
        : { amount: grantAmount(row.grant_minor), currency: row.currency ?? 'EUR' },
    good_practice: row.good_practice === 1,
    success_story: row.success_story === 1,
  }
}

export function apiView(detail: ConsortiumDetail) {
  const { row } = detail
  return {
    ...apiSummary(row),
    funder: row.funder,
    call_year: row.call_year,
    summary: { az: row.summary_az, en: row.summary_en, ru: row.summary_ru },
    target_groups: codesOf(row.target_groups),
    website: row.website,
    results_url: row.results_url,
    coordinator_contact: row.coordinator_contact_name,
    partners: detail.partners.map((p) => ({
      institution: { slug: p.slug, name: p.name, country: p.country },
      role: p.role,
      erasmus_pic: p.erasmus_pic,
    })),
    work_packages: detail.workPackages.map((wp) => ({
      number: wp.number,
      title: wp.title,
      description: wp.description,
      lead: wp.lead_slug && wp.lead_name ? { slug: wp.lead_slug, name: wp.lead_name } : null,
      start_date: wp.start_date,
      end_date: wp.end_date,
      deliverables: wp.deliverables.map((d) => ({
        code: d.code,
        title: d.title,
        due_date: d.due_date,
        status: d.status,
        delivered_on: d.delivered_on,
      })),
    })),
    meetings: detail.meetings.map((m) => ({ kind: m.kind, event: m.slug })),
  }
}
