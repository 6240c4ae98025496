import type { Locale } from '../../../config.ts'
import type { Queryable } from '../../../db/database.ts'
import { formatDate } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import { liveAbout } from '../queries.ts'
import type { EntityType } from '../schemas.ts'
import { articleUrl, shownIn } from '../service.ts'

const SHOWN = 5

/** The latest public news about one thing, for its page (institution, project, consortium, network, event). */
export async function newsAbout(
  db: Queryable,
  type: EntityType,
  id: string,
  locale: Locale,
  defaultLocale: Locale,
) {
  const rows = await liveAbout(db, new Date().toISOString(), type, id, SHOWN)
  return {
    about: `${type}:${id}`,
    items: rows.map((row) => ({ row, shown: shownIn(row, locale, defaultLocale) })),
  }
}
export type NewsAboutData = Awaited<ReturnType<typeof newsAbout>>

/**
 * A "News" section listing `newsAbout`'s articles, nothing at all when there are none. `addressKey` is what the
 * thing's page address uses: its slug, or a project's id.
 */
export function NewsAbout(props: { ctx: ViewContext; data: NewsAboutData; addressKey: string }) {
  const { ctx, data } = props
  if (data.items.length === 0) return null
  const type = data.about.split(':')[0]
  return (
    <section class="news-about">
      <h2>{ctx.t('news.about_heading')}</h2>
      <ul>
        {data.items.map(({ row, shown }) => (
          <li>
            <a href={articleUrl(row.slug)} lang={shown.fellBack ? shown.lang : undefined}>
              {shown.title}
            </a>
            {row.publish_at && (
              <>
                {' '}
                <time datetime={row.publish_at}>{formatDate(ctx.locale, row.publish_at, ctx.timeZone)}</time>
              </>
            )}
          </li>
        ))}
      </ul>
      <p>
        <a href={`/news?about=${type}:${props.addressKey}`}>{ctx.t('news.more_news')}</a>
      </p>
    </section>
  )
}
