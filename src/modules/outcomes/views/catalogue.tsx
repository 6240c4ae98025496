import { formatNumber, languageName } from '../../../platform/i18n.ts'
import { SelectField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName, countryOptions } from '../../institutions/geo.ts'
import { type Subject, subjectName } from '../../subjects/service.ts'
import type { CatalogueResult } from '../catalogue.ts'
import { type CatalogueParams, OUTCOME_LANGUAGES, OUTCOME_TYPES } from '../schemas.ts'

/** The catalogue URL of these filters with some changed; empty values and page 1 are left out so URLs stay short. */
export function catalogueUrl(
  params: CatalogueParams,
  change: Partial<Record<keyof CatalogueParams, string | number | undefined>> = {},
): string {
  const merged: Record<string, string> = {}
  for (const [key, value] of Object.entries({ ...params, ...change })) {
    if (value !== undefined && value !== '' && !(key === 'page' && value === 1)) merged[key] = String(value)
  }
  const qs = new URLSearchParams(merged).toString()
  return qs ? `/outcomes?${qs}` : '/outcomes'
}

export interface CatalogueViewData {
  params: CatalogueParams
  result: CatalogueResult
  subjects: Subject[]
}

/** The results and counts: the part htmx swaps when a filter changes; the same URL works without script. */
export function CatalogueResults(props: { ctx: ViewContext; data: CatalogueViewData }) {
  const { ctx } = props
  const { params, result } = props.data
  const { t, locale } = ctx
  const subjectNames = new Map(props.data.subjects.map((s) => [s.code, subjectName(s, locale)]))
  const facetList = (name: keyof CatalogueResult['facets'], label: (v: string) => string) => {
    const values = result.facets[name]
    return (
      values.length > 0 && (
        <div class="facet">
          <h3>{t(`outcomes.filter_${name}`)}</h3>
          <ul>
            {values.map((v) => (
              <li>
                <a href={catalogueUrl(params, { [name]: v.value, page: undefined })}>{label(v.value)}</a>{' '}
                <span class="count">({formatNumber(locale, v.count)})</span>
              </li>
            ))}
          </ul>
        </div>
      )
    )
  }
  return (
    <div id="results" aria-live="polite">
      <h2 class="result-count">
        {t('outcomes.result_count', { count: result.total, formatted: formatNumber(locale, result.total) })}
      </h2>
      {(result.institution || result.project) && (
        <ul class="chosen-filters">
          {result.institution && (
            <li>
              {t('outcomes.filter_institution')}: {result.institution.name}{' '}
              <a href={catalogueUrl(params, { institution: undefined, page: undefined })}>
                {t('outcomes.remove_filter')}
              </a>
            </li>
          )}
          {result.project && (
            <li>
              {t('outcomes.filter_project')}: {result.project.name}{' '}
              <a href={catalogueUrl(params, { project: undefined, page: undefined })}>
                {t('outcomes.remove_filter')}
              </a>
            </li>
          )}
        </ul>
      )}
      <div class="facets">
        {facetList('type', (v) => t(`outcomes.type_${v}`))}
        {facetList('subject', (v) => subjectNames.get(v) ?? v)}
        {facetList('language', (v) => languageName(v, locale))}
        {facetList('country', (v) => countryName(v, locale))}
      </div>
      {result.results.length === 0 && <p>{t('outcomes.no_results')}</p>}
      <ol class="results">
        {result.results.map((r) => (
          <li class="card">
            <h3 lang={r.lang}>
              <a href={r.url}>{r.title}</a>
            </h3>
            <p>
              {t(`outcomes.type_${r.type}`)}
              {r.language && ` · ${languageName(r.language, locale)}`}
              {r.level && ` · ${t(`outcomes.level_${r.level}`)}`}
              {r.ects !== null && ` · ${t('outcomes.ects_n', { n: formatNumber(locale, r.ects) })}`}
              {r.deliveryMode && ` · ${t(`outcomes.delivery_${r.deliveryMode}`)}`}
            </p>
            <p>
              <a href={`/institutions/${r.owner.slug}`}>{r.owner.name}</a> · {countryName(r.country, locale)}
              {r.project && (
                <>
                  {' · '}
                  <a href={`/consortia/${r.project.slug}`}>{r.project.name}</a>
                </>
              )}
            </p>
          </li>
        ))}
      </ol>
      {result.pages > 1 && (
        <nav aria-label={t('outcomes.pagination')}>
          <ul class="pagination">
            {result.page > 1 && (
              <li>
                <a href={catalogueUrl(params, { page: result.page - 1 })} rel="prev">
                  {t('outcomes.previous')}
                </a>
              </li>
            )}
            <li>{t('outcomes.page_of', { page: result.page, pages: result.pages })}</li>
            {result.page < result.pages && (
              <li>
                <a href={catalogueUrl(params, { page: result.page + 1 })} rel="next">
                  {t('outcomes.next')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </div>
  )
}

export function CataloguePage(props: { ctx: ViewContext; data: CatalogueViewData; canRecord: boolean }) {
  const { ctx } = props
  const { params } = props.data
  const { t, locale } = ctx
  const form = { values: params as Record<string, unknown>, errors: {} }
  const any = ['', t('outcomes.any')] as const
  return (
    <section>
      <h1>{t('outcomes.catalogue')}</h1>
      <p>{t('outcomes.intro')}</p>
      {props.canRecord && (
        <p>
          <a href="/outcomes/new" class="button">
            {t('outcomes.new')}
          </a>
        </p>
      )}
      <form
        method="get"
        action="/outcomes"
        class="search-filters"
        hx-get="/outcomes"
        hx-target="#results"
        hx-swap="outerHTML"
        hx-trigger="change, submit"
        hx-push-url="true"
      >
        {params.institution && <input type="hidden" name="institution" value={params.institution} />}
        {params.project && <input type="hidden" name="project" value={params.project} />}
        <SelectField
          ctx={ctx}
          form={form}
          idPrefix="filter"
          name="type"
          label={t('outcomes.filter_type')}
          options={[any, ...OUTCOME_TYPES.map((v) => [v, t(`outcomes.type_${v}`)] as const)]}
        />
        <SelectField
          ctx={ctx}
          form={form}
          idPrefix="filter"
          name="subject"
          label={t('outcomes.filter_subject')}
          options={[any, ...props.data.subjects.map((s) => [s.code, subjectName(s, locale)] as const)]}
        />
        <SelectField
          ctx={ctx}
          form={form}
          idPrefix="filter"
          name="language"
          label={t('outcomes.filter_language')}
          options={[any, ...OUTCOME_LANGUAGES.map((v) => [v, languageName(v, locale)] as const)]}
        />
        <SelectField
          ctx={ctx}
          form={form}
          idPrefix="filter"
          name="country"
          label={t('outcomes.filter_country')}
          options={[any, ...countryOptions(locale).map((c) => [c.code, c.name] as const)]}
        />
        <button type="submit" class="button">
          {t('outcomes.search')}
        </button>
      </form>
      <CatalogueResults ctx={ctx} data={props.data} />
    </section>
  )
}
