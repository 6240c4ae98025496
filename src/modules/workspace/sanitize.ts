import sanitizeHtml from 'sanitize-html'

const ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

/** The tags a page may contain; the editor's hint lists them. */
export const ALLOWED_TAGS = [
  'p',
  'br',
  'h2',
  'h3',
  'h4',
  'strong',
  'em',
  'ul',
  'ol',
  'li',
  'a',
  'blockquote',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'caption',
] as const

/**
 * Cleans a page's rich text before it is stored (never only on output): an allow-list of tags, links to http(s)
 * and mailto only and always rel="noopener nofollow", images only from this project's own workspace files (no
 * outside tracking pixels, no data: URLs). Scripts, event attributes and javascript: URLs do not survive.
 */
export function sanitizePage(html: string, projectId: string): string {
  const ownImage = new RegExp(`^/projects/${projectId}/workspace/files/${ID}$`)
  return sanitizeHtml(html, {
    allowedTags: [...ALLOWED_TAGS],
    allowedAttributes: {
      a: ['href', 'rel'],
      img: ['src', 'alt'],
      th: ['colspan', 'rowspan', 'scope'],
      td: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    // Removed together with their content: text inside these is code or markup, never prose.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'svg', 'math'],
    exclusiveFilter: (frame) => frame.tag === 'img' && !ownImage.test(frame.attribs.src ?? ''),
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener nofollow' }),
    },
  }).trim()
}
