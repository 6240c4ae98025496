import { randomBytes } from 'node:crypto'
import { text } from 'node:stream/consumers'
import type { FastifyReply } from 'fastify'
import sharp from 'sharp'
import { newId } from '../db/ids.ts'
import { Invalid, NotFound } from './errors.ts'
import type { Storage, StoredObject } from './storage.ts'

/**
 * Uploaded files: stored under generated names (a person's file name never reaches the disk or a storage key),
 * typed from their first bytes rather than from what the browser claimed, images re-encoded, and served so that
 * no upload can run as a page of this site. The one entry point modules use; where the bytes live is the
 * installation's Storage (src/platform/storage.ts).
 */

/** Media types a browser may show inline: they cannot carry script. Everything else is a download. */
const INLINE_SAFE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'])

const EXTENSION: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
}

/** The media type of an upload from its first bytes; anything unrecognised is served as a plain download. */
export function sniffMediaType(bytes: Buffer): string {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png'
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  const head = bytes.subarray(0, 6).toString('latin1')
  if (head === 'GIF87a' || head === 'GIF89a') return 'image/gif'
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp'
  return 'application/octet-stream'
}

export function isImage(mediaType: string): boolean {
  return mediaType.startsWith('image/') && INLINE_SAFE.has(mediaType)
}

/** The storage key of an area's (e.g. "applications", "projects") stored file: `area/generated-name`. */
export function storageKey(area: string, storedName: string): string {
  return `${area}/${storedName}`
}

/** The largest image (in pixels) taken; beyond it decoding alone could exhaust memory (a "decompression bomb"). */
const MAX_IMAGE_PIXELS = 40_000_000

/**
 * Decodes and encodes an uploaded image again in its own format: what survives is the picture, not whatever the
 * file also carried (EXIF with GPS position and camera serial, comments, trailing data, a polyglot's script).
 * The EXIF orientation is applied first so photos stay upright once it is gone. Animated GIF and WebP keep their
 * frames. A file that does not decode is refused on the named form field.
 */
export async function reencodeImage(bytes: Buffer, mediaType: string, field: string): Promise<Buffer> {
  try {
    const animated = mediaType === 'image/gif' || mediaType === 'image/webp'
    const image = sharp(bytes, {
      animated,
      autoOrient: true,
      failOn: 'error',
      limitInputPixels: MAX_IMAGE_PIXELS,
    })
    // sharp writes no metadata unless asked (withMetadata/keepExif): none is asked here.
    if (mediaType === 'image/png') return await image.png().toBuffer()
    if (mediaType === 'image/jpeg') return await image.jpeg({ quality: 90 }).toBuffer()
    if (mediaType === 'image/gif') return await image.gif().toBuffer()
    return await image.webp({ quality: 90 }).toBuffer()
  } catch {
    throw new Invalid({ [field]: { key: 'validation.image_unreadable' } })
  }
}

export interface StoreResult {
  storedName: string
  key: string
  /** Decided from the bytes. */
  mediaType: string
  /** Of the bytes stored (an image's differ from the upload's once re-encoded). */
  size: number
}

/**
 * Stores an upload under a new generated name in the area (the person's file name is never part of it). Images,
 * judged by their bytes, are re-encoded first (see reencodeImage); `field` names the form field an unreadable
 * image is reported on. `produced` marks bytes the portal made itself (resized covers), stored as they are.
 */
export async function storeFile(
  storage: Storage,
  area: string,
  bytes: Buffer,
  options: { field?: string; produced?: boolean } = {},
): Promise<StoreResult> {
  const mediaType = sniffMediaType(bytes)
  const content =
    isImage(mediaType) && !options.produced
      ? await reencodeImage(bytes, mediaType, options.field ?? 'file')
      : bytes
  const storedName = `${newId()}-${randomBytes(8).toString('hex')}`
  const key = storageKey(area, storedName)
  await storage.put(key, content, mediaType)
  return { storedName, key, mediaType, size: content.length }
}

/**
 * Removes a stored file: after a change that dropped it committed, or when the change that would have used it
 * failed. Best effort: a file left behind costs some space, while failing a committed change would mislead.
 */
export async function removeStoredFile(storage: Storage, key: string): Promise<void> {
  await storage.delete(key).catch(() => undefined)
}

/** A file name safe for Content-Disposition: ASCII fallback plus the UTF-8 original (RFC 6266 / 5987). */
function dispositionName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\/]/g, '_') || 'download'
  return `filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

export interface StoredFile {
  /** Its storage key (see storageKey). */
  key: string
  /** As recorded at upload; when the record keeps none, the type the storage has for it. */
  mediaType?: string
  /** The name the browser saves it under; the extension of its real type is added when missing. */
  downloadName: string
}

/** A stored file as a stream with its size and type; NotFound when it is gone from the storage. */
export async function openStoredFile(storage: Storage, key: string): Promise<StoredObject> {
  const object = await storage.get(key)
  if (!object) throw new NotFound()
  return object
}

/**
 * Sends a stored file as a stream from the installation's storage (404 when it is gone). Only images and PDF may
 * be shown inline, and only when asked; everything else is an attachment. nosniff and a sandboxing CSP keep even a
 * mislabelled file from running as a page of this site.
 */
export async function sendStoredFile(
  reply: FastifyReply,
  file: StoredFile,
  options: { inline?: boolean; cache?: 'private' | 'public' } = {},
): Promise<FastifyReply> {
  const object = await openStoredFile(reply.server.deps.storage, file.key)
  const mediaType = file.mediaType ?? object.mediaType
  const inline = options.inline === true && INLINE_SAFE.has(mediaType)
  const extension = EXTENSION[mediaType]
  const name =
    extension && !file.downloadName.toLowerCase().endsWith(`.${extension}`)
      ? `${file.downloadName}.${extension}`
      : file.downloadName
  return reply
    .type(INLINE_SAFE.has(mediaType) ? mediaType : 'application/octet-stream')
    .header('content-length', object.size)
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; ${dispositionName(name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', options.cache === 'public' ? 'public, max-age=3600' : 'private, no-store')
    .send(object.body)
}

/** Keeps a small document the portal made (e.g. an import report for its follow-up page) where every process sees it. */
export async function storeJson(storage: Storage, key: string, value: unknown): Promise<void> {
  await storage.put(key, Buffer.from(JSON.stringify(value), 'utf8'), 'application/json')
}

/** A document kept with storeJson (the caller names what it kept there), or null when it is gone. */
export async function readStoredJson<T>(storage: Storage, key: string): Promise<T | null> {
  const object = await storage.get(key)
  return object ? (JSON.parse(await text(object.body)) as T) : null
}
