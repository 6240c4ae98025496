import type { Static } from 'typebox'
import { LOCALES, type Locale } from '../../config.ts'
import type { Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Invalid, NotFound } from '../../platform/errors.ts'
import {
  removeStoredFile,
  type StoredFile,
  sniffMediaType,
  storageKey,
  storeFile,
} from '../../platform/files.ts'
import { type Actor, authorize } from '../../platform/policy.ts'
import { slugify } from '../institutions/normalise.ts'
import { inLanguage } from '../projects/gallery.ts'
import { audiencesFor } from '../search/audience.ts'
import { refreshSearch } from '../search/service.ts'
import type { Upload } from '../workspace/service.ts'
import { acceptedMediaType, CHECKED_BY_BYTES } from '../workspace/uploads.ts'
import './policy.ts'
import * as q from './queries.ts'
import { MAX_TAGS_TEXT, type ResourceBody, TAG_PATTERN } from './schemas.ts'

export type ResourceInput = Static<typeof ResourceBody>
export const FILES_AREA = 'resources'
const MAX_TAGS = 20

/**
 * What the library accepts: documents, spreadsheets, slides, PDF, archives and images. The workspace's allow-list
 * decides by name and declared type (HTML, SVG, scripts and programs never pass it); these are the library's.
 */
const LIBRARY_TYPES = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/rtf',
  'application/zip',
  'image/png',
  'image/jpeg',
])
export const LIBRARY_EXTENSIONS = [
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'odt',
  'ods',
  'odp',
  'rtf',
  'zip',
  'png',
  'jpg',
]
/** Office Open XML, OpenDocument and zip files start with a zip entry; anything else claiming to be one is refused. */
const ZIP_BASED = new Set([...LIBRARY_TYPES].filter((t) => /zip|openxmlformats|opendocument/.test(t)))
const isZip = (bytes: Buffer) => bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))

const now = () => new Date().toISOString()

export const resourceUrl = (slug: string) => `/resources/${slug}`

/** The media type an upload is kept with, or an Invalid naming the file field. */
function checkedUpload(
  upload: Upload | null,
  maxBytes: number,
): { bytes: Buffer; name: string; type: string } {
  if (!upload || upload.bytes.length === 0)
    throw new Invalid({ file: { key: 'resources.errors.file_required' } })
  if (upload.bytes.length > maxBytes)
    throw new Invalid({
      file: {
        key: 'resources.errors.file_too_large',
        values: { size: `${Math.round(maxBytes / 1024 / 1024)} MB` },
      },
    })
  const declared = acceptedMediaType(upload.fileName, upload.mediaType)
  const agrees =
    declared !== null &&
    LIBRARY_TYPES.has(declared) &&
    (!CHECKED_BY_BYTES.has(declared) || sniffMediaType(upload.bytes) === declared) &&
    (!ZIP_BASED.has(declared) || isZip(upload.bytes))
  if (!declared || !agrees) throw new Invalid({ file: { key: 'resources.errors.file_type' } })
  return { bytes: upload.bytes, name: upload.fileName.slice(0, 255) || 'resource', type: declared }
}

/** Comma-separated tags as typed: trimmed, without repeats, each a short word or phrase. */
export function parseTags(text: string | undefined): string[] {
  if (!text) return []
  if (text.length > MAX_TAGS_TEXT) throw new Invalid({ tags: { key: 'resources.errors.tags' } })
  const tags = [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]
  if (tags.length > MAX_TAGS || tags.some((t) => !TAG_PATTERN.test(t)))
    throw new Invalid({ tags: { key: 'resources.errors.tags' } })
  return tags
}

function checkedFields(input: ResourceInput) {
  const titles = LOCALES.map((l) => input[`title_${l}`]?.trim() ?? '')
  if (titles.every((t) => !t)) throw new Invalid({ title_az: { key: 'resources.errors.title_required' } })
  const audience =
    input.audience === undefined ? [] : Array.isArray(input.audience) ? input.audience : [input.audience]
  const text = (v: string | undefined) => v?.trim() || null
  return {
    kind: input.kind,
    title_az: text(input.title_az),
    title_en: text(input.title_en),
    title_ru: text(input.title_ru),
    description_az: text(input.description_az),
    description_en: text(input.description_en),
    description_ru: text(input.description_ru),
    audience: JSON.stringify([...new Set(audience)]),
    language: input.language ?? null,
    licence: input.licence ?? null,
    visibility: input.visibility,
    tags: parseTags(input.tags),
    firstTitle: titles.find(Boolean) ?? '',
  }
}

async function uniqueSlug(db: Queryable, wanted: string): Promise<string> {
  const base = (wanted || 'resource').slice(0, 150)
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`
    if (slug !== 'new' && !(await q.slugTaken(db, slug))) return slug
  }
}

function removeStored(ctx: ServiceContext, storedName: string): Promise<void> {
  return removeStoredFile(ctx.storage, storageKey(FILES_AREA, storedName))
}

/** Adds a resource with its file; returns its slug. */
export async function createResource(
  ctx: ServiceContext,
  input: ResourceInput,
  upload: Upload | null,
): Promise<string> {
  authorize(ctx.actor, 'resources.manage', undefined)
  const { tags, firstTitle, ...fields } = checkedFields(input)
  const file = checkedUpload(upload, ctx.config.projects.maxUploadBytes)
  const stored = await storeFile(ctx.storage, FILES_AREA, file.bytes)
  const id = newId()
  try {
    const slug = await ctx.db.transaction().execute(async (trx) => {
      const slug = await uniqueSlug(trx, slugify(firstTitle))
      const at = now()
      await trx
        .insertInto('resources')
        .values({
          id,
          slug,
          ...fields,
          stored_name: stored.storedName,
          original_name: file.name,
          media_type: file.type,
          size: stored.size,
          created_by: ctx.actor.person?.id ?? null,
          created_at: at,
          updated_at: at,
        })
        .execute()
      await q.replaceTags(trx, id, tags)
      await refreshSearch(trx, 'resource', id)
      await audit(trx, {
        actorId: ctx.actor.person?.id ?? null,
        action: 'resources.create',
        subjectType: 'resource',
        subjectId: id,
      })
      return slug
    })
    return slug
  } catch (error) {
    await removeStoredFile(ctx.storage, stored.key)
    throw error
  }
}

/** Changes a resource's fields, and its file when a new one is given. */
export async function updateResource(
  ctx: ServiceContext,
  slug: string,
  input: ResourceInput,
  upload: Upload | null,
): Promise<void> {
  authorize(ctx.actor, 'resources.manage', undefined)
  const row = await q.findBySlug(ctx.db, slug)
  if (!row) throw new NotFound()
  const { tags, firstTitle: _, ...fields } = checkedFields(input)
  const file =
    upload && upload.bytes.length > 0 ? checkedUpload(upload, ctx.config.projects.maxUploadBytes) : null
  const stored = file ? await storeFile(ctx.storage, FILES_AREA, file.bytes) : null
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('resources')
        .set({
          ...fields,
          ...(file && stored
            ? {
                stored_name: stored.storedName,
                original_name: file.name,
                media_type: file.type,
                size: stored.size,
              }
            : {}),
          updated_at: now(),
        })
        .where('id', '=', row.id)
        .execute()
      await q.replaceTags(trx, row.id, tags)
      await refreshSearch(trx, 'resource', row.id)
      await audit(trx, {
        actorId: ctx.actor.person?.id ?? null,
        action: 'resources.update',
        subjectType: 'resource',
        subjectId: row.id,
        details: { file: file !== null },
      })
    })
  } catch (error) {
    if (stored) await removeStoredFile(ctx.storage, stored.key)
    throw error
  }
  if (stored) await removeStored(ctx, row.stored_name)
}

export async function deleteResource(ctx: ServiceContext, slug: string): Promise<void> {
  authorize(ctx.actor, 'resources.manage', undefined)
  const row = await q.findBySlug(ctx.db, slug)
  if (!row) throw new NotFound()
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('resources').where('id', '=', row.id).execute()
    await refreshSearch(trx, 'resource', row.id)
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'resources.delete',
      subjectType: 'resource',
      subjectId: row.id,
    })
  })
  await removeStored(ctx, row.stored_name)
}

// ---------------------------------------------------------------- reading

export interface ResourceData {
  slug: string
  kind: q.ResourceRow['kind']
  title: { az: string | null; en: string | null; ru: string | null }
  description: { az: string | null; en: string | null; ru: string | null }
  audience: string[]
  language: string | null
  licence: string | null
  visibility: 'public' | 'members'
  tags: string[]
  file: { name: string; mediaType: string; size: number; url: string }
  downloads: number
  url: string
  updatedAt: string
}

function present(row: q.ResourceRow, tags: string[]): ResourceData {
  const url = resourceUrl(row.slug)
  return {
    slug: row.slug,
    kind: row.kind,
    title: { az: row.title_az, en: row.title_en, ru: row.title_ru },
    description: { az: row.description_az, en: row.description_en, ru: row.description_ru },
    audience: JSON.parse(row.audience) as string[],
    language: row.language,
    licence: row.licence,
    visibility: row.visibility,
    tags,
    file: { name: row.original_name, mediaType: row.media_type, size: row.size, url: `${url}/download` },
    downloads: Number(row.downloads),
    url,
    updatedAt: row.updated_at,
  }
}

/** A text in the reader's language, or the first other language that has it (with that language, for lang=). */
export function localText(
  text: ResourceData['title'],
  locale: Locale,
): { text: string; lang: Locale } | null {
  return inLanguage(text, locale)
}

export async function listLibrary(
  db: Queryable,
  actor: Actor,
  filter: { kind?: string; language?: string; tag?: string },
): Promise<ResourceData[]> {
  const rows = await q.listResources(db, { ...filter, visibilities: audiencesFor(actor) })
  const tags = await q.tagsOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => present(r, tags.get(r.id) ?? []))
}

/** A resource its reader may read; one they may not is not found (nobody learns that a members' resource exists). */
async function readable(ctx: ServiceContext, slug: string): Promise<q.ResourceRow> {
  const row = await q.findBySlug(ctx.db, slug)
  if (!row) throw new NotFound()
  authorize(ctx.actor, 'resources.read', { visibility: row.visibility }, { hide: true })
  return row
}

export async function getResource(ctx: ServiceContext, slug: string): Promise<ResourceData> {
  const row = await readable(ctx, slug)
  const tags = await q.tagsOf(ctx.db, [row.id])
  return present(row, tags.get(row.id) ?? [])
}

/** The file to send, after counting the download. */
export async function downloadResource(ctx: ServiceContext, slug: string): Promise<StoredFile> {
  const row = await readable(ctx, slug)
  await q.countDownload(ctx.db, row.id)
  return {
    key: storageKey(FILES_AREA, row.stored_name),
    mediaType: row.media_type,
    downloadName: row.original_name,
  }
}

/** The edit form's values as stored. */
export async function editFormValues(ctx: ServiceContext, slug: string): Promise<Record<string, unknown>> {
  authorize(ctx.actor, 'resources.manage', undefined)
  const data = await getResource(ctx, slug)
  return {
    kind: data.kind,
    title_az: data.title.az ?? '',
    title_en: data.title.en ?? '',
    title_ru: data.title.ru ?? '',
    description_az: data.description.az ?? '',
    description_en: data.description.en ?? '',
    description_ru: data.description.ru ?? '',
    audience: data.audience,
    language: data.language ?? '',
    licence: data.licence ?? '',
    visibility: data.visibility,
    tags: data.tags.join(', '),
  }
}
