import { sanitizeRichText } from '../../platform/rich-text.ts'

export { ALLOWED_TAGS } from '../../platform/rich-text.ts'

const ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

/** A workspace page's rich text, cleaned with images allowed only from this project's own workspace files. */
export function sanitizePage(html: string, projectId: string): string {
  return sanitizeRichText(html, new RegExp(`^/projects/${projectId}/workspace/files/${ID}$`))
}
