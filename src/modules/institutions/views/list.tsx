import type { Static } from 'typebox'
import { formatNumber } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import { INSTITUTION_TYPES, type InstitutionListQuery, type InstitutionPage } from '../schemas.ts'

export function InstitutionListView(props: {
  ctx: ViewContext
  query: Static<typeof InstitutionListQuery>
  page: Static<typeof InstitutionPage>
}) {
  const { ctx, query, page } = props
  const { t } = ctx
  const regionNames = new Intl.DisplayNames([ctx.locale], { type: 'region' })
  const nextParams = new URLSearchParams()
  if (query.q) nextParams.set('q', query.q)
  if (query.country) nextParams.set('country', query.country)
  if (query.type) nextParams.set('type', query.type)
  if (page.next) nextParams.set('after', page.next)
  return (
    <section>
      <h1>{t('institutions.title')}</h1>
      <search>
        <form method="get" action="/institutions" class="filters">
          <div class="field">
            <label for="filter-q">{t('institutions.search_label')}</label>
            <input id="filter-q" name="q" type="search" value={query.q ?? ''} maxLength={200} />
          </div>
          <div class="field">
            <label for="filter-type">{t('institutions.type')}</label>
            <select id="filter-type" name="type">
              <option value="">{t('institutions.any_type')}</option>
              {INSTITUTION_TYPES.map((type) => (
                <option value={type} selected={query.type === type}>
                  {t(`institution_types.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button">
            {t('institutions.search_submit')}
          </button>
        </form>
      </search>
      <p role="status">
        {t('institutions.count', { count: page.total, formatted: formatNumber(ctx.locale, page.total) })}
      </p>
      {page.items.length === 0 ? (
        <p>{t('institutions.none')}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">{t('institutions.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('institutions.name')}</th>
              <th scope="col">{t('institutions.type')}</th>
              <th scope="col">{t('institutions.country')}</th>
              <th scope="col">{t('institutions.city')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((item) => (
              <tr>
                <td>
                  {item.website ? (
                    <a href={item.website} rel="noopener nofollow">
                      {item.name}
                    </a>
                  ) : (
                    item.name
                  )}
                </td>
                <td>{t(`institution_types.${item.type}`)}</td>
                <td>{regionNames.of(item.country) ?? item.country}</td>
                <td>{item.city ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.next && (
        <p>
          <a href={`/institutions?${nextParams.toString()}`} rel="next">
            {t('pagination.next')}
          </a>
        </p>
      )}
    </section>
  )
}
