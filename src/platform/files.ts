import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import type { FastifyReply } from 'fastify'
import { newId } from '../db/ids.ts'

/**
 * Uploaded files: stored under generated names (a person's file name never reaches the disk or a path), typed
 * from their first bytes rather than from what the browser claimed, and served so that no upload can run as a
 * page of this site.
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

/** Where an area's (e.g. "applications", "projects") stored file lives. */
export function storedPath(filesDir: string, area: string, storedName: string): string {
  return path.join(filesDir, area, path.basename(storedName))
}

/** Writes the bytes under a new generated name in the area's folder; returns the name and the full path. */
export async function storeFile(
  filesDir: string,
  area: string,
  bytes: Buffer,
): Promise<{ storedName: string; path: string }> {
  const storedName = `${newId()}-${randomBytes(8).toString('hex')}`
  const file = storedPath(filesDir, area, storedName)
  await fsp.mkdir(path.dirname(file), { recursive: true })
  await fsp.writeFile(file, bytes, { flag: 'wx' })
  return { storedName, path: file }
}

/** A file name safe for Content-Disposition: ASCII fallback plus the UTF-8 original (RFC 6266 / 5987). */
function dispositionName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\/]/g, '_') || 'download'
  return `filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

export interface StoredFile {
  path: string
  mediaType: string
  /** The name the browser saves it under; the extension of its real type is added when missing. */
  downloadName: string
}

/**
 * Sends a stored file. Only images and PDF may be shown inline, and only when asked; everything else is an
 * attachment. nosniff and a sandboxing CSP keep even a mislabelled file from running as a page of this site.
 */
export function sendStoredFile(
  reply: FastifyReply,
  file: StoredFile,
  options: { inline?: boolean; cache?: 'private' | 'public' } = {},
): FastifyReply {
  const inline = options.inline === true && INLINE_SAFE.has(file.mediaType)
  const extension = EXTENSION[file.mediaType]
  const name =
    extension && !file.downloadName.toLowerCase().endsWith(`.${extension}`)
      ? `${file.downloadName}.${extension}`
      : file.downloadName
  return reply
    .type(INLINE_SAFE.has(file.mediaType) ? file.mediaType : 'application/octet-stream')
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; ${dispositionName(name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', options.cache === 'public' ? 'public, max-age=3600' : 'private, no-store')
    .send(fs.createReadStream(file.path))
}
