import sharp from 'sharp'
import { Invalid } from '../../platform/errors.ts'
import { isImage, sniffMediaType, storeFile } from '../../platform/files.ts'

export const FILES_AREA = 'news'
/** The widths a cover is kept at; the page offers them as srcset and the browser takes what fits. */
export const COVER_WIDTHS = [480, 960, 1600] as const
/** Largest cover accepted (before resizing). */
export const MAX_COVER_BYTES = 10 * 1024 * 1024

/**
 * Resizes an uploaded cover to each width (never enlarging) as WebP and stores them. Only real images are taken,
 * judged by their bytes, and re-encoding drops whatever else the file carried (metadata, trailing data).
 */
export async function storeCover(filesDir: string, bytes: Buffer): Promise<Record<string, string>> {
  if (!isImage(sniffMediaType(bytes))) throw new Invalid({ file: { key: 'news.errors.cover_not_image' } })
  const variants: Record<string, string> = {}
  try {
    for (const width of COVER_WIDTHS) {
      const resized = await sharp(bytes, { limitInputPixels: 40_000_000 })
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer()
      variants[String(width)] = (await storeFile(filesDir, FILES_AREA, resized)).storedName
    }
  } catch {
    throw new Invalid({ file: { key: 'news.errors.cover_not_image' } })
  }
  return variants
}

export function coverVariants(json: string): Record<string, string> {
  try {
    const parsed = JSON.parse(json) as unknown
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {}
  } catch {
    return {}
  }
}
