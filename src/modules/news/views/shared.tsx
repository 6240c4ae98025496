import type { ArticleStatus } from '../../../db/schema.ts'
import { formatDate, formatDateTime } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import type { ArticleRow } from '../queries.ts'
import { articleUrl, shownIn } from '../service.ts'

/** Where an article stands, in words: "Scheduled for …" for a published one whose moment has not come. */
export function statusText(
  ctx: ViewContext,
  row: { status: ArticleStatus; publish_at: string | null },
  now: string,
) {
  if (row.status === 'published' && row.publish_at && row.publish_at > now)
    return ctx.t('news.status.scheduled', { at: formatDateTime(ctx.locale, row.publish_at, ctx.timeZone) })
  return ctx.t(`news.status.${row.status}`)
}

/** One article in a list: its title (in the language shown, marked with lang when it falls back), date and lead. */
export function ArticleCard(props: {
  ctx: ViewContext
  row: ArticleRow
  tags: string[]
  defaultLocale: ViewContext['locale']
}) {
  const { ctx, row } = props
  const shown = shownIn(row, ctx.locale, props.defaultLocale)
  const lang = shown.fellBack ? shown.lang : undefined
  return (
    <li class="card">
      <h3 lang={lang}>
        <a href={articleUrl(row.slug)}>{shown.title}</a>
      </h3>
      {row.publish_at && (
        <p class="meta">
          <time datetime={row.publish_at}>{formatDate(ctx.locale, row.publish_at, ctx.timeZone)}</time>
        </p>
      )}
      {shown.lead && <p lang={lang}>{shown.lead}</p>}
      {props.tags.length > 0 && (
        <ul class="tags">
          {props.tags.map((tag) => (
            <li>
              <a href={`/news?tag=${encodeURIComponent(tag)}`}>{tag}</a>
            </li>
          ))}
        </ul>
      )}
    </li>
  )
}
