import type { Locale } from '../../config.ts'
import type { Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { OutcomeType } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { type FieldErrors, Invalid, NotFound } from '../../platform/errors.ts'
import {
  removeStoredFile,
  type StoredFile,
  sniffMediaType,
  storageKey,
  storeFile,
} from '../../platform/files.ts'
import { authorize, can } from '../../platform/policy.ts'
import { loadConsortiumAccess } from '../consortia/access.ts'
import { slugify } from '../institutions/normalise.ts'
import { inLanguage } from '../projects/gallery.ts'
import { refreshSearch, removeDocument } from '../search/service.ts'
import { acceptedMediaType, CHECKED_BY_BYTES } from '../workspace/uploads.ts'
import { forgetCounts } from './catalogue.ts'
import type { OutcomeAccess } from './policy.ts'
import './policy.ts'
import * as q from './queries.ts'
import type { OutcomeInput, OutcomeViewData, ParticipantInput } from './schemas.ts'

export const FILES_AREA = 'outcomes'
export const outcomeUrl = (slug: string) => `/outcomes/${slug}`

type OutcomeRow = NonNullable<Awaited<ReturnType<typeof q.findBySlug>>>
type Localised = { az: string | null; en: string | null; ru: string | null }

/** The title in the reader's language, else the first one written, with the language it is in. */
export function titleOf(
  row: { title_az: string | null; title_en: string | null; title_ru: string | null },
  locale: Locale,
) {
  return (
    inLanguage({ az: row.title_az, en: row.title_en, ru: row.title_ru }, locale) ?? { text: '', lang: locale }
  )
}

/** The fields each type keeps besides the common ones (titles, descriptions, category, subjects, project). */
const TYPE_FIELDS: Record<OutcomeType, ReadonlyArray<keyof OutcomeInput>> = {
  e_learning_module: ['language', 'level', 'ects', 'delivery_mode', 'url', 'licence'],
  joint_degree: ['degree', 'degree_status', 'language', 'level', 'url'],
  laboratory: ['url'],
  report: ['language', 'url', 'licence'],
  publication: ['language', 'url', 'licence'],
  established_body: ['network_id', 'url'],
  other: ['language', 'url', 'licence'],
}

/** Whether a type keeps a field, so forms show only what the chosen type uses. */
export const typeKeeps = (type: OutcomeType, field: keyof OutcomeInput) => TYPE_FIELDS[type].includes(field)

/** Types that may carry an uploaded file: a module's package, a report's or publication's text. */
export const TAKES_FILE: ReadonlySet<OutcomeType> = new Set([
  'e_learning_module',
  'report',
  'publication',
  'other',
])

/**
 * What an uploaded package may be: a SCORM or other zip, PDF, and office documents and slides. The workspace's
 * allow-list decides by name and declared type; these are the ones an outcome accepts.
 */
const PACKAGE_TYPES = new Set([
  'application/zip',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.presentation',
])
/** Zip and the formats built on it start with a zip entry's signature; anything else claiming them is refused. */
const ZIP_BASED = new Set([...PACKAGE_TYPES].filter((t) => t !== 'application/pdf'))
const isZip = (bytes: Buffer) => bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
export const PACKAGE_EXTENSIONS = ['zip', 'pdf', 'docx', 'pptx', 'odt', 'odp']

export interface Upload {
  bytes: Buffer
  fileName: string
  mediaType: string
}

// ---------------------------------------------------------------- access

async function accessFor(
  ctx: ServiceContext,
  ownerInstitutionId: string,
  consortiumId: string | null,
): Promise<OutcomeAccess> {
  const person = ctx.actor.person
  const [ownerStaff, consortium] = await Promise.all([
    person ? q.isStaffOf(ctx.db, person.id, ownerInstitutionId) : false,
    consortiumId ? loadConsortiumAccess(ctx.db, consortiumId, ctx.actor) : null,
  ])
  return { ownerStaff, consortium }
}

/** The outcome behind a slug, for someone who may change it; "not found" for everyone else (no leak). */
async function editable(ctx: ServiceContext, slug: string): Promise<OutcomeRow> {
  const row = await q.findBySlug(ctx.db, slug)
  if (!row) throw new NotFound()
  authorize(ctx.actor, 'outcomes.edit', await accessFor(ctx, row.owner_institution_id, row.consortium_id), {
    hide: true,
  })
  return row
}

// ---------------------------------------------------------------- recording and changing

interface Checked {
  columns: q.OutcomeColumns
  subjectIds: string[]
}

/** Checks what the form names (owner, project, subjects, network) against the data; field errors otherwise. */
async function checkInput(db: Queryable, input: OutcomeInput): Promise<Checked> {
  const errors: FieldErrors = {}
  const trim = (v: string | undefined) => (v?.trim() ? v.trim() : null)
  const titles = {
    title_az: trim(input.title_az),
    title_en: trim(input.title_en),
    title_ru: trim(input.title_ru),
  }
  if (!titles.title_az && !titles.title_en && !titles.title_ru)
    errors.title_az = { key: 'outcomes.errors.title_required' }
  const owner = await q.institutionById(db, input.owner_institution_id)
  if (!owner) errors.owner_institution_id = { key: 'validation.choice' }
  const consortiumId = input.consortium_id ?? null
  if (consortiumId) {
    const partners = await q.consortiumPartners(db, consortiumId)
    if (partners.length === 0 && !(await q.consortiumById(db, consortiumId)))
      errors.consortium_id = { key: 'validation.choice' }
    else if (owner && !partners.some((p) => p.id === owner.id))
      errors.owner_institution_id = { key: 'outcomes.errors.owner_not_partner' }
  }
  const codes = [...new Set(input.subjects ?? [])]
  const subjects = await q.subjectsByCode(db, codes)
  if (subjects.length !== codes.length) errors.subjects = { key: 'validation.choice' }
  const keeps = (field: keyof OutcomeInput) => typeKeeps(input.type, field)
  const networkId = keeps('network_id') ? (input.network_id ?? null) : null
  if (networkId && !(await q.networkById(db, networkId))) errors.network_id = { key: 'validation.choice' }
  if (Object.keys(errors).length > 0 || !owner) throw new Invalid(errors)
  const kept = <K extends keyof OutcomeInput>(field: K): NonNullable<OutcomeInput[K]> | null =>
    keeps(field) ? (input[field] ?? null) : null
  return {
    subjectIds: subjects.map((s) => s.id),
    columns: {
      type: input.type,
      category: trim(input.category),
      consortium_id: consortiumId,
      owner_institution_id: owner.id,
      country: owner.country,
      ...titles,
      description_az: trim(input.description_az),
      description_en: trim(input.description_en),
      description_ru: trim(input.description_ru),
      language: kept('language'),
      level: kept('level'),
      ects: kept('ects'),
      delivery_mode: kept('delivery_mode'),
      url: kept('url'),
      licence: kept('licence'),
      degree: trim(kept('degree') ?? undefined),
      degree_status: kept('degree_status'),
      network_id: networkId,
    },
  }
}

/** Addresses under /outcomes that are pages of their own, never an outcome's slug. */
const RESERVED_SLUGS = new Set(['new'])

async function freeSlug(db: Queryable, title: string, id: string): Promise<string> {
  const base = slugify(title).slice(0, 120).replace(/-+$/, '')
  // slugify answers "institution" for a title with no Latin letters or digits (a Russian-only title).
  const start = base === 'institution' ? 'outcome' : base
  if (!RESERVED_SLUGS.has(start) && !(await q.slugTaken(db, start))) return start
  return `${start}-${id.slice(-8)}`
}

/** Records an outcome for its owner institution (and the consortium that produced it). Returns its slug. */
export async function createOutcome(ctx: ServiceContext, input: OutcomeInput): Promise<string> {
  const { columns, subjectIds } = await checkInput(ctx.db, input)
  authorize(
    ctx.actor,
    'outcomes.edit',
    await accessFor(ctx, columns.owner_institution_id, columns.consortium_id),
  )
  const id = newId()
  const now = new Date().toISOString()
  const title = columns.title_en ?? columns.title_az ?? columns.title_ru ?? 'outcome'
  const slug = await ctx.db.transaction().execute(async (trx) => {
    const slug = await freeSlug(trx, title, id)
    await trx
      .insertInto('outcomes')
      .values({
        id,
        slug,
        ...columns,
        file_stored_name: null,
        file_original_name: null,
        file_media_type: null,
        file_size: null,
        created_by: ctx.actor.person?.id ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await q.setSubjects(trx, id, subjectIds)
    await refreshSearch(trx, 'outcome', id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'outcome.create',
      subjectType: 'outcome',
      subjectId: id,
      details: { type: columns.type, consortium: columns.consortium_id },
    })
    return slug
  })
  forgetCounts(ctx.db)
  return slug
}

/** Changes an outcome. Moving it to another owner or project needs the right to record it there too. */
export async function updateOutcome(ctx: ServiceContext, slug: string, input: OutcomeInput): Promise<void> {
  const row = await editable(ctx, slug)
  const { columns, subjectIds } = await checkInput(ctx.db, input)
  if (
    columns.owner_institution_id !== row.owner_institution_id ||
    columns.consortium_id !== row.consortium_id
  )
    authorize(
      ctx.actor,
      'outcomes.edit',
      await accessFor(ctx, columns.owner_institution_id, columns.consortium_id),
    )
  // A file only some types take is dropped with the type that took it.
  const dropFile = row.file_stored_name !== null && !TAKES_FILE.has(columns.type)
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('outcomes')
      .set({
        ...columns,
        ...(dropFile
          ? { file_stored_name: null, file_original_name: null, file_media_type: null, file_size: null }
          : {}),
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', row.id)
      .execute()
    await q.setSubjects(trx, row.id, subjectIds)
    await refreshSearch(trx, 'outcome', row.id)
  })
  if (dropFile && row.file_stored_name) await removeStored(ctx, row.file_stored_name)
  forgetCounts(ctx.db)
}

export async function deleteOutcome(ctx: ServiceContext, slug: string): Promise<void> {
  const row = await editable(ctx, slug)
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('outcomes').where('id', '=', row.id).execute()
    await removeDocument(trx, 'outcome', row.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'outcome.delete',
      subjectType: 'outcome',
      subjectId: row.id,
      details: { type: row.type, consortium: row.consortium_id },
    })
  })
  if (row.file_stored_name) await removeStored(ctx, row.file_stored_name)
  forgetCounts(ctx.db)
}

function removeStored(ctx: ServiceContext, storedName: string): Promise<void> {
  return removeStoredFile(ctx.storage, storageKey(FILES_AREA, storedName))
}

/** The form's values for an outcome, as the edit form shows them. */
export async function editFormValues(ctx: ServiceContext, slug: string): Promise<Record<string, unknown>> {
  const row = await editable(ctx, slug)
  const subjects = await q.subjectsOf(ctx.db, row.id)
  const values: Record<string, unknown> = { subjects: subjects.map((s) => s.code) }
  for (const [key, value] of Object.entries(row)) {
    if (value !== null && !key.startsWith('file_') && typeof value !== 'object') values[key] = String(value)
  }
  return values
}

/** Uploads (or replaces) the outcome's package: an allowed type whose bytes agree with it. */
export async function uploadPackage(ctx: ServiceContext, slug: string, upload: Upload | null): Promise<void> {
  const row = await editable(ctx, slug)
  if (!TAKES_FILE.has(row.type)) throw new Invalid({ file: { key: 'outcomes.errors.no_file_for_type' } })
  if (!upload || upload.bytes.length === 0)
    throw new Invalid({ file: { key: 'outcomes.errors.file_required' } })
  const declared = acceptedMediaType(upload.fileName, upload.mediaType)
  const agrees =
    declared !== null &&
    PACKAGE_TYPES.has(declared) &&
    (!CHECKED_BY_BYTES.has(declared) || sniffMediaType(upload.bytes) === declared) &&
    (!ZIP_BASED.has(declared) || isZip(upload.bytes))
  if (!declared || !agrees) throw new Invalid({ file: { key: 'outcomes.errors.file_type' } })
  const stored = await storeFile(ctx.storage, FILES_AREA, upload.bytes)
  try {
    await ctx.db
      .updateTable('outcomes')
      .set({
        file_stored_name: stored.storedName,
        file_original_name: upload.fileName.slice(0, 255) || 'package',
        file_media_type: declared,
        file_size: stored.size,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', row.id)
      .execute()
  } catch (error) {
    await removeStoredFile(ctx.storage, stored.key)
    throw error
  }
  if (row.file_stored_name) await removeStored(ctx, row.file_stored_name)
}

export async function removePackage(ctx: ServiceContext, slug: string): Promise<void> {
  const row = await editable(ctx, slug)
  if (!row.file_stored_name) return
  await ctx.db
    .updateTable('outcomes')
    .set({ file_stored_name: null, file_original_name: null, file_media_type: null, file_size: null })
    .where('id', '=', row.id)
    .execute()
  await removeStored(ctx, row.file_stored_name)
}

/** The uploaded package, for anyone (outcomes are public). */
export async function packageFile(ctx: ServiceContext, slug: string): Promise<StoredFile> {
  authorize(ctx.actor, 'outcomes.view', undefined)
  const row = await q.findBySlug(ctx.db, slug)
  if (!row?.file_stored_name || !row.file_media_type) throw new NotFound()
  return {
    key: storageKey(FILES_AREA, row.file_stored_name),
    mediaType: row.file_media_type,
    downloadName: row.file_original_name ?? 'package',
  }
}

/** Adds a participating institution (or changes its readiness): one row per institution. */
export async function setParticipant(
  ctx: ServiceContext,
  slug: string,
  input: ParticipantInput,
): Promise<void> {
  const row = await editable(ctx, slug)
  if (
    input.institution_id === row.owner_institution_id ||
    !(await q.institutionById(ctx.db, input.institution_id))
  )
    throw new Invalid({ institution_id: { key: 'validation.choice' } })
  const values = { readiness: input.readiness, note: input.note?.trim() || null }
  await ctx.db
    .insertInto('outcome_institutions')
    .values({ outcome_id: row.id, institution_id: input.institution_id, ...values })
    .onConflict((oc) => oc.columns(['outcome_id', 'institution_id']).doUpdateSet(values))
    .execute()
}

export async function removeParticipant(
  ctx: ServiceContext,
  slug: string,
  institutionId: string,
): Promise<void> {
  const row = await editable(ctx, slug)
  await ctx.db
    .deleteFrom('outcome_institutions')
    .where('outcome_id', '=', row.id)
    .where('institution_id', '=', institutionId)
    .execute()
}

// ---------------------------------------------------------------- what the forms offer

export interface FormOptions {
  /** Institutions the actor may record an outcome for (with the project, its partners the actor may use). */
  owners: Array<{ id: string; name: string; country: string }>
  project: { id: string; slug: string; title: string } | null
  networks: Array<{ id: string; name: string }>
  /** Institutions that may take part (a joint degree's partners): the project's partners, or the owners. */
  participants: Array<{ id: string; name: string; country: string }>
}

/**
 * The owners offered: with a project, its partners (all of them to its managers and coordinators, the actor's own
 * otherwise); without, the institutions the actor works for.
 */
export async function formOptions(
  ctx: ServiceContext,
  locale: Locale,
  projectRef: { slug?: string; id?: string | null },
): Promise<FormOptions> {
  authorize(ctx.actor, 'outcomes.manage', undefined)
  const person = ctx.actor.person
  const project = projectRef.id
    ? await q.consortiumById(ctx.db, projectRef.id)
    : projectRef.slug
      ? await q.consortiumBySlug(ctx.db, projectRef.slug)
      : undefined
  if (projectRef.slug && !project) throw new NotFound()
  const own = person ? await q.staffInstitutions(ctx.db, person.id) : []
  const networks = (await q.networkOptions(ctx.db)).map((n) => ({
    id: n.id,
    name: inLanguage({ az: n.name_az, en: n.name_en, ru: n.name_ru }, locale)?.text ?? n.acronym ?? n.id,
  }))
  if (!project) return { owners: own, project: null, networks, participants: own }
  const [partners, access] = await Promise.all([
    q.consortiumPartners(ctx.db, project.id),
    loadConsortiumAccess(ctx.db, project.id, ctx.actor),
  ])
  const all = access !== null && can(ctx.actor, 'outcomes.edit', { ownerStaff: false, consortium: access })
  return {
    owners: all ? partners : partners.filter((p) => own.some((o) => o.id === p.id)),
    project: {
      id: project.id,
      slug: project.slug,
      title: titleOf(project, locale).text || (project.acronym ?? project.slug),
    },
    networks,
    participants: partners,
  }
}

// ---------------------------------------------------------------- one outcome

export interface OutcomePageData {
  outcome: OutcomeViewData
  /** Whether the reader may change it (the edit links and forms show). */
  canEdit: boolean
  /** Where a participating institution may be chosen from (when the reader may edit). */
  participantOptions: Array<{ id: string; name: string; country: string }>
}

export async function outcomePage(
  ctx: ServiceContext,
  slug: string,
  locale: Locale,
): Promise<OutcomePageData> {
  authorize(ctx.actor, 'outcomes.view', undefined)
  const row = await q.findBySlug(ctx.db, slug)
  if (!row) throw new NotFound()
  const [owner, project, subjects, participants, network, access] = await Promise.all([
    q.institutionById(ctx.db, row.owner_institution_id),
    row.consortium_id ? q.consortiumById(ctx.db, row.consortium_id) : undefined,
    q.subjectsOf(ctx.db, row.id),
    q.participantsOf(ctx.db, row.id),
    row.network_id ? q.networkById(ctx.db, row.network_id) : undefined,
    ctx.actor.person ? accessFor(ctx, row.owner_institution_id, row.consortium_id) : null,
  ])
  if (!owner) throw new NotFound()
  const canEdit = access !== null && can(ctx.actor, 'outcomes.edit', access)
  const options = canEdit
    ? row.consortium_id
      ? await q.consortiumPartners(ctx.db, row.consortium_id)
      : ctx.actor.person
        ? await q.staffInstitutions(ctx.db, ctx.actor.person.id)
        : []
    : []
  const localised = (prefix: 'title' | 'description'): Localised => ({
    az: row[`${prefix}_az`],
    en: row[`${prefix}_en`],
    ru: row[`${prefix}_ru`],
  })
  return {
    canEdit,
    participantOptions: options.filter((o) => o.id !== row.owner_institution_id),
    outcome: {
      slug: row.slug,
      url: outcomeUrl(row.slug),
      type: row.type,
      category: row.category,
      title: localised('title'),
      description: localised('description'),
      owner: { id: owner.id, slug: owner.slug, name: owner.name, country: owner.country },
      project: project
        ? { slug: project.slug, title: titleOf(project, locale).text, acronym: project.acronym }
        : null,
      subjects: subjects.map((s) => ({
        code: s.code,
        name: { az: s.name_az, en: s.name_en, ru: s.name_ru }[locale],
      })),
      language: row.language,
      level: row.level,
      ects: row.ects === null ? null : Number(row.ects),
      deliveryMode: row.delivery_mode,
      link: row.url,
      package:
        row.file_stored_name && row.file_media_type
          ? {
              url: `${outcomeUrl(row.slug)}/package`,
              name: row.file_original_name ?? 'package',
              mediaType: row.file_media_type,
              size: Number(row.file_size ?? 0),
            }
          : null,
      licence: row.licence,
      degree: row.degree,
      degreeStatus: row.degree_status,
      network: network
        ? {
            slug: network.slug,
            name:
              inLanguage({ az: network.name_az, en: network.name_en, ru: network.name_ru }, locale)?.text ??
              network.slug,
          }
        : null,
      participants: participants.map((p) => ({
        institution: { id: p.id, slug: p.slug, name: p.name, country: p.country },
        readiness: p.readiness,
        note: p.note,
      })),
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    },
  }
}
