import type { Static } from 'typebox'
import { formatNumber } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName, subdivisionName } from '../geo.ts'
import type { InstitutionListQuery, InstitutionPage } from '../schemas.ts'

type Facet = Static<typeof InstitutionPage>['facets']['type'][number]

/** A select whose options carry their counts; the chosen value stays listed even when it counts nothing. */
function FacetSelect(props: {
  ctx: ViewContext
  id: string
  name: string
  label: string
  any: string
  facets: Facet[]
  selected: string | undefined
  selectedLabel: (value: string) => string
}) {
  const { ctx, facets, selected } = props
  const options =
    selected && !facets.some((f) => f.value === selected)
      ? [...facets, { value: selected, label: props.selectedLabel(selected), count: 0 }]
      : facets
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        <option value="">{props.any}</option>
        {options.map((facet) => (
          <option value={facet.value} selected={selected === facet.value}>
            {`${facet.label} (${formatNumber(ctx.locale, facet.count)})`}
          </option>
        ))}
      </select>
    </div>
  )
}

export function InstitutionListView(props: {
  ctx: ViewContext
  query: Static<typeof InstitutionListQuery>
  page: Static<typeof InstitutionPage>
  country: string
  economicRegions: Array<{ code: string; name_az: string; name_en: string; name_ru: string }>
}) {
  const { ctx, query, page } = props
  const { t } = ctx
  const citySuffix = t('institutions.city_suffix')
  const nextParams = new URLSearchParams()
  for (const key of ['q', 'country', 'region', 'economic_region', 'type'] as const) {
    const value = query[key]
    if (value) nextParams.set(key, value)
  }
  if (page.next) nextParams.set('after', page.next)
  const canImport = ctx.actor.roles.has('coordinator')
  return (
    <section>
      <h1>{t('institutions.title')}</h1>
      <search>
        <form method="get" action="/institutions" class="filters">
          <div class="field">
            <label for="filter-q">{t('institutions.search_label')}</label>
            <input id="filter-q" name="q" type="search" value={query.q ?? ''} maxLength={200} />
          </div>
          <FacetSelect
            ctx={ctx}
            id="filter-type"
            name="type"
            label={t('institutions.type')}
            any={t('institutions.any_type')}
            facets={page.facets.type}
            selected={query.type}
            selectedLabel={(v) => t(`institution_types.${v}`)}
          />
          <FacetSelect
            ctx={ctx}
            id="filter-country"
            name="country"
            label={t('institutions.country')}
            any={t('institutions.any_country')}
            facets={page.facets.country}
            selected={query.country?.toUpperCase()}
            selectedLabel={(v) => countryName(v, ctx.locale)}
          />
          <FacetSelect
            ctx={ctx}
            id="filter-region"
            name="region"
            label={t('institutions.region')}
            any={t('institutions.any_region')}
            facets={page.facets.region}
            selected={query.region?.toUpperCase()}
            selectedLabel={(v) => subdivisionName(v, ctx.locale, citySuffix)}
          />
          {props.economicRegions.length > 0 && (
            <div class="field">
              <label for="filter-economic-region">{t('institutions.economic_region')}</label>
              <select id="filter-economic-region" name="economic_region">
                <option value="">{t('institutions.any_region')}</option>
                {props.economicRegions.map((group) => (
                  <option value={group.code} selected={query.economic_region === group.code}>
                    {group[`name_${ctx.locale}`]}
                  </option>
                ))}
              </select>
            </div>
          )}
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
              <th scope="col">{t('institutions.region')}</th>
              <th scope="col">{t('institutions.city')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((item) => (
              <tr>
                <td>
                  <a href={`/institutions/${item.slug}`}>{item.name}</a>
                </td>
                <td>{t(`institution_types.${item.type}`)}</td>
                <td>{countryName(item.country, ctx.locale)}</td>
                <td>{item.region ? subdivisionName(item.region, ctx.locale, citySuffix) : ''}</td>
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
      <p>
        {t('institutions.download')}{' '}
        <a href={`/api/v1/institutions.csv${exportQuery(query)}`} download>
          CSV
        </a>
        {' · '}
        <a href={`/api/v1/institutions.json${exportQuery(query)}`} download>
          JSON
        </a>
        {canImport && (
          <>
            {' · '}
            <a href="/institutions/import">{t('institutions.import.title')}</a>
          </>
        )}
      </p>
    </section>
  )
}

function exportQuery(query: Static<typeof InstitutionListQuery>): string {
  const params = new URLSearchParams()
  if (query.country) params.set('country', query.country)
  if (query.type) params.set('type', query.type)
  const text = params.toString()
  return text ? `?${text}` : ''
}
