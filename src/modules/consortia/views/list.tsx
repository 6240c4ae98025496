import { formatNumber } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryOptions } from '../../institutions/geo.ts'
import { CONSORTIUM_STATUSES, FLAGS, LIST_MAX_PAGE, type ListFilter } from '../schemas.ts'
import type { listPage } from '../service.ts'
import { titleIn } from '../service.ts'
import { countriesOf, period } from './shared.tsx'

type Result = Awaited<ReturnType<typeof listPage>>

/** The list's address with the filters kept (shareable), changed by `changes`. */
function listUrl(filter: ListFilter, changes: Partial<ListFilter>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...filter, ...changes })) {
    if (value !== undefined && value !== '' && !(key === 'page' && value === 1))
      params.set(key, String(value))
  }
  const query = params.toString()
  return query ? `/consortia?${query}` : '/consortia'
}

export function ListView(props: {
  ctx: ViewContext
  filter: ListFilter
  result: Result
  canCreate: boolean
  canImport: boolean
}) {
  const { ctx, filter, result } = props
  const { t, locale } = ctx
  return (
    <section>
      <h1>{t('consortia.title')}</h1>
      <p>{t('consortia.intro')}</p>
      {(props.canCreate || props.canImport) && (
        <ul class="plain-links">
          {props.canCreate && (
            <li>
              <a class="button" href="/consortia/new">
                {t('consortia.new')}
              </a>
            </li>
          )}
          {props.canImport && (
            <li>
              <a href="/consortia/import">{t('consortia.import.title')}</a>
            </li>
          )}
        </ul>
      )}
      <form method="get" action="/consortia" class="filters">
        <div class="field">
          <label for="filter-q">{t('consortia.filter.q')}</label>
          <input id="filter-q" name="q" type="search" value={filter.q ?? ''} maxLength={100} />
        </div>
        <div class="field">
          <label for="filter-status">{t('consortia.fields.status')}</label>
          <select id="filter-status" name="status">
            <option value="">{t('consortia.filter.any')}</option>
            {CONSORTIUM_STATUSES.map((s) => (
              <option value={s} selected={filter.status === s}>
                {t(`consortia.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-country">{t('consortia.filter.country')}</label>
          <select id="filter-country" name="country">
            <option value="">{t('consortia.filter.any')}</option>
            {countryOptions(locale).map((c) => (
              <option value={c.code} selected={filter.country === c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-flag">{t('consortia.filter.flag')}</label>
          <select id="filter-flag" name="flag">
            <option value="">{t('consortia.filter.any')}</option>
            {FLAGS.map((f) => (
              <option value={f} selected={filter.flag === f}>
                {t(`consortia.flags.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          {t('consortia.filter.submit')}
        </button>
      </form>
      <h2 class="result-count">
        {t('consortia.count', { count: result.total, n: formatNumber(locale, result.total) })}
      </h2>
      {result.items.length === 0 && <p>{t('consortia.no_results')}</p>}
      <ol class="results">
        {result.items.map(({ row, partners }) => (
          <li class="card">
            <h3>
              <a href={`/consortia/${row.slug}`}>
                {row.acronym ? `${row.acronym} — ` : ''}
                {titleIn(row, locale)}
              </a>
            </h3>
            <p>
              {[row.programme, row.action_type].filter(Boolean).join(' · ')}
              {' · '}
              {t(`consortia.status.${row.status}`)}
            </p>
            {(row.start_date || row.end_date) && <p>{period(ctx, row.start_date, row.end_date)}</p>}
            {partners.length > 0 && (
              <p>
                {t('consortia.partner_count', { count: partners.length })}: {countriesOf(ctx, partners)}
              </p>
            )}
            {(row.good_practice === 1 || row.success_story === 1) && (
              <p>
                {row.good_practice === 1 && <span class="badge">{t('consortia.flags.good_practice')}</span>}{' '}
                {row.success_story === 1 && <span class="badge">{t('consortia.flags.success_story')}</span>}
              </p>
            )}
          </li>
        ))}
      </ol>
      {(result.page > 1 || result.page < result.pages) && (
        <nav aria-label={t('consortia.pagination')}>
          <ul class="pagination">
            {result.page > 1 && (
              <li>
                <a href={listUrl(filter, { page: result.page - 1 })} rel="prev">
                  {t('consortia.previous')}
                </a>
              </li>
            )}
            <li>{t('consortia.page_n', { page: result.page, pages: result.pages })}</li>
            {result.page < result.pages && result.page < LIST_MAX_PAGE && (
              <li>
                <a href={listUrl(filter, { page: result.page + 1 })} rel="next">
                  {t('consortia.next')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </section>
  )
}
