import sharp from 'sharp'
import { Invalid } from '../../platform/errors.ts'
import { isImage, removeStoredFile, sniffMediaType, storageKey, storeFile } from '../../platform/files.ts'
import type { Storage } from '../../platform/storage.ts'

export const FILES_AREA = 'news'
/** The widths a cover is kept at; the page offers them as srcset and the browser takes what fits. */
export const COVER_WIDTHS = [480, 960, 1600] as const
/** Largest cover accepted (before resizing). */
export const MAX_COVER_BYTES = 10 * 1024 * 1024

/**
 * Resizes an uploaded cover to each width (never enlarging) as WebP and stores them. Only real images are taken,
 * judged by their bytes, and re-encoding drops whatever else the file carried (metadata, trailing data).
 */
export async function storeCover(storage: Storage, bytes: Buffer): Promise<Record<string, string>> {
  if (!isImage(sniffMediaType(bytes))) throw new Invalid({ file: { key: 'news.errors.cover_not_image' } })
  const resized: Array<[number, Buffer]> = []
  try {
    for (const width of COVER_WIDTHS) {
      const image = await sharp(bytes, { limitInputPixels: 40_000_000 })
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer()
      resized.push([width, image])
    }
  } catch {
    throw new Invalid({ file: { key: 'news.errors.cover_not_image' } })
  }
  const variants: Record<string, string> = {}
  for (const [width, image] of resized) {
    // Made here by sharp, without the upload's metadata: stored as it is, not encoded once more.
    variants[String(width)] = (await storeFile(storage, FILES_AREA, image, { produced: true })).storedName
  }
  return variants
}

/** Removes a cover's stored widths: the previous cover once a new one is saved, or new ones whose save failed. */
export async function removeCover(storage: Storage, variants: Record<string, string>): Promise<void> {
  await Promise.all(
    Object.values(variants).map((name) => removeStoredFile(storage, storageKey(FILES_AREA, name))),
  )
}

export function coverVariants(json: string): Record<string, string> {
  try {
    const parsed = JSON.parse(json) as unknown
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {}
  } catch {
    return {}
  }
}
