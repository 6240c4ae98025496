import sanitizeHtml from 'sanitize-html'

/** The tags rich text may contain (workspace pages, news, static pages); editors' hints list them. */
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
 * Cleans rich text before it is stored (never only on output): an allow-list of tags, links to http(s) and mailto
 * only and always rel="noopener nofollow", images only from addresses `ownImage` accepts (this site's own files:
 * no outside tracking pixels, no data: URLs). Scripts, event attributes and javascript: URLs do not survive.
 */
export function sanitizeRichText(html: string, ownImage: RegExp): string {
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

/** The text of sanitised rich text without its markup (feeds' summaries, search, meta descriptions). */
export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim()
}
