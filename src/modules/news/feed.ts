import type { Locale } from '../../config.ts'
import { plainText } from '../../platform/rich-text.ts'
import type { ArticleRow } from './queries.ts'
import { articleUrl, shownIn } from './service.ts'
import { xml } from './text.ts'

/**
 * An Atom feed (RFC 4287) of live articles in one language: each entry in the reader's language or, where it was
 * not written in it, the next language that has it (the entry says which with xml:lang).
 */
export function atomFeed(options: {
  baseUrl: string
  locale: Locale
  defaultLocale: Locale
  title: string
  selfPath: string
  tag?: string
  rows: ArticleRow[]
}): string {
  const { baseUrl, locale } = options
  const updated = options.rows[0]?.updated_at ?? '1970-01-01T00:00:00.000Z'
  const entries = options.rows.map((row) => {
    const shown = shownIn(row, locale, options.defaultLocale)
    const url = `${baseUrl}${articleUrl(row.slug)}`
    const summary = shown.lead ?? (shown.body ? plainText(shown.body).slice(0, 400) : '')
    return [
      `<entry xml:lang="${shown.lang}">`,
      `<id>${xml(url)}</id>`,
      `<title>${xml(shown.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `<published>${xml(row.publish_at ?? row.created_at)}</published>`,
      `<updated>${xml(row.updated_at)}</updated>`,
      summary ? `<summary>${xml(summary)}</summary>` : '',
      shown.body ? `<content type="html">${xml(shown.body)}</content>` : '',
      '</entry>',
    ].join('')
  })
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">`,
    `<id>${xml(`${baseUrl}${options.selfPath}`)}</id>`,
    `<title>${xml(options.tag ? `${options.title}: ${options.tag}` : options.title)}</title>`,
    `<updated>${xml(updated)}</updated>`,
    `<author><name>${xml(options.title)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${xml(`${baseUrl}${options.selfPath}`)}"/>`,
    `<link rel="alternate" type="text/html" href="${xml(`${baseUrl}/news${options.tag ? `?tag=${encodeURIComponent(options.tag)}` : ''}`)}"/>`,
    ...entries,
    '</feed>',
  ].join('\n')
}

/** sitemap.xml (sitemaps.org 0.9) of every public page's address. */
export function sitemapXml(
  baseUrl: string,
  entries: Array<{ path: string; updated: string | null }>,
): string {
  const fixed = ['/', '/news', '/projects', '/events', '/partners', '/outcomes']
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...fixed.map((path) => `<url><loc>${xml(`${baseUrl}${path}`)}</loc></url>`),
    ...entries.map(
      (e) =>
        `<url><loc>${xml(`${baseUrl}${e.path}`)}</loc>${e.updated ? `<lastmod>${xml(e.updated.slice(0, 10))}</lastmod>` : ''}</url>`,
    ),
    '</urlset>',
  ].join('\n')
}
