import { formatNumber } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import type { ListParams } from '../schemas.ts'
import { type NewsList, PAGE_SIZE } from '../service.ts'
import { ArticleCard } from './shared.tsx'

function pageLink(params: ListParams, page: number): string {
  const query = new URLSearchParams()
  if (params.tag) query.set('tag', params.tag)
  if (params.about) query.set('about', params.about)
  if (params.year) query.set('year', String(params.year))
  if (page > 1) query.set('page', String(page))
  const text = query.toString()
  return text ? `/news?${text}` : '/news'
}

export function NewsListView(props: {
  ctx: ViewContext
  params: ListParams
  list: NewsList
  defaultLocale: ViewContext['locale']
  canWrite: boolean
}) {
  const { ctx, params, list } = props
  const { t, locale } = ctx
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE))
  const feed = params.tag ? `/news/feed/${locale}/${encodeURIComponent(params.tag)}` : `/news/feed/${locale}`
  return (
    <section>
      <h1>{t('news.title')}</h1>
      <p>{t('news.intro')}</p>
      {props.canWrite && (
        <p>
          <a href="/newsroom">{t('news.newsroom')}</a>
        </p>
      )}
      <form method="get" action="/news" class="search-filters">
        <fieldset>
          <legend>{t('news.filters')}</legend>
          <div class="field">
            <label for="filter-tag">{t('news.tag')}</label>
            <select id="filter-tag" name="tag">
              <option value="">{t('news.any')}</option>
              {list.tags.map((tag) => (
                <option value={tag} selected={tag === params.tag}>
                  {tag}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-year">{t('news.year')}</label>
            <select id="filter-year" name="year">
              <option value="">{t('news.any')}</option>
              {list.years.map((year) => (
                <option value={String(year)} selected={year === params.year}>
                  {String(year)}
                </option>
              ))}
            </select>
          </div>
          {params.about && <input type="hidden" name="about" value={params.about} />}
          <button type="submit" class="button">
            {t('news.apply')}
          </button>
        </fieldset>
      </form>
      <h2 class="result-count">{t('news.count', { count: formatNumber(locale, list.total) })}</h2>
      {list.rows.length === 0 ? (
        <p>{t('news.none')}</p>
      ) : (
        <ol class="results">
          {list.rows.map((row) => (
            <ArticleCard ctx={ctx} row={row} tags={list.tagsOf(row.id)} defaultLocale={props.defaultLocale} />
          ))}
        </ol>
      )}
      {pages > 1 && (
        <nav aria-label={t('news.title')}>
          <ul class="pagination">
            {list.page > 1 && (
              <li>
                <a href={pageLink(params, list.page - 1)} rel="prev">
                  {t('news.previous')}
                </a>
              </li>
            )}
            {list.page < pages && (
              <li>
                <a href={pageLink(params, list.page + 1)} rel="next">
                  {t('news.next')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
      <p>
        <a href={feed} type="application/atom+xml">
          {params.tag ? t('news.feed_tag') : t('news.feed')}
        </a>
      </p>
    </section>
  )
}
