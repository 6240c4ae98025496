import type { Locale } from '../../../config.ts'
import { formatNumber } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName, countryOptions, subdivisionName, subdivisionsOf } from '../../institutions/geo.ts'
import { type Subject, subjectName } from '../../subjects/service.ts'
import { AGE_BANDS, INSTITUTION_TYPES, PROFILE_LANGUAGES } from '../facets.ts'
import type { SearchParams, SearchResult } from '../service.ts'

type Params = SearchParams

function queryString(
  params: Params,
  change: Partial<Record<keyof Params, string | number | undefined>>,
): string {
  const merged: Record<string, string> = {}
  for (const [key, value] of Object.entries({ ...params, ...change })) {
    if (value !== undefined && value !== '' && !(key === 'page' && value === 1)) merged[key] = String(value)
  }
  const qs = new URLSearchParams(merged).toString()
  return qs ? `/partners?${qs}` : '/partners'
}

function Select(props: {
  name: keyof Params
  label: string
  value: string | undefined
  options: ReadonlyArray<readonly [string, string]>
  anyLabel: string
}) {
  return (
    <div class="field">
      <label for={`filter-${props.name}`}>{props.label}</label>
      <select id={`filter-${props.name}`} name={props.name}>
        <option value="">{props.anyLabel}</option>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  )
}

function resultCount(ctx: ViewContext, result: SearchResult): string {
  return ctx.t('partners.result_count', {
    count: result.total,
    // Above the cap the total is a lower bound: "1,000+".
    formatted: `${formatNumber(ctx.locale as Locale, result.total)}${result.totalExact ? '' : '+'}`,
  })
}

/**
 * What htmx receives when a filter changes: the new results, and the count for the page's status region. The
 * region stays in place and only its text changes (an out-of-band innerHTML swap), so a screen reader announces
 * the new count once instead of the whole swapped list.
 */
export function ResultsUpdate(props: Parameters<typeof Results>[0]) {
  return (
    <>
      <Results {...props} />
      <p id="results-status" hx-swap-oob="innerHTML">
        {resultCount(props.ctx, props.result)}
      </p>
    </>
  )
}

/**
 * The results and their facet counts: the part htmx swaps when a filter changes. Without JavaScript the form's
 * submit button loads the same page with the same query string, so URLs are shareable either way.
 */
export function Results(props: {
  ctx: ViewContext
  params: Params
  result: SearchResult
  subjects: Subject[]
}) {
  const { ctx, params, result } = props
  const { t } = ctx
  const locale = ctx.locale as Locale
  const subjectNames = new Map(props.subjects.map((s) => [s.code, subjectName(s, locale)]))
  const facetList = (
    name: keyof Params,
    values: Array<{ value: string; count: number }>,
    label: (v: string) => string,
  ) =>
    values.length > 0 && (
      <div class="facet">
        <h3>{t(`partners.filter_${name}`)}</h3>
        <ul>
          {values.slice(0, 10).map((v) => (
            <li>
              <a href={queryString(params, { [name]: v.value, page: undefined })}>{label(v.value)}</a>{' '}
              <span class="count">
                ({formatNumber(locale, v.count)}
                {result.countsExact ? '' : '+'})
              </span>
            </li>
          ))}
        </ul>
      </div>
    )
  return (
    <div id="results">
      {/* The results' heading: the facet and result headings (h3) sit under it, after the page's h1. */}
      <h2 class="result-count">{resultCount(ctx, result)}</h2>
      <div class="facets">
        {facetList('kind', result.facets.kind, (v) => t(`partners.kind_${v}`))}
        {facetList('type', result.facets.type, (v) => t(`institution_types.${v}`))}
        {facetList('subject', result.facets.subject, (v) => subjectNames.get(v) ?? v)}
        {facetList('language', result.facets.language, (v) => t(`profiles.lang.${v}`))}
        {facetList('age', result.facets.age, (v) => v)}
        {facetList('region', result.facets.region, (v) =>
          subdivisionName(v, locale, t('institutions.city_suffix')),
        )}
      </div>
      <ol class="results">
        {result.results.map((r) => (
          <li class="card">
            <h3>
              <a href={r.url}>{r.name}</a>
            </h3>
            <p>
              {r.kind === 'person'
                ? t('partners.kind_person')
                : t(`institution_types.${r.institution?.type ?? r.kind}`)}
              {r.institution && ` · ${r.institution.name}`}
              {r.city && ` · ${r.city}`}
              {r.country && ` · ${countryName(r.country, locale)}`}
            </p>
            {r.subjects.length > 0 && <p>{r.subjects.map((s) => subjectNames.get(s) ?? s).join(', ')}</p>}
            {r.lookingForPartners && (
              <p>
                <span class="badge badge-ok">{t('partners.looking_badge')}</span> {r.idea}
              </p>
            )}
            {r.canContact && (
              <p>
                <a href={`${r.url}#contact`}>{t('partners.contact_action')}</a>
              </p>
            )}
          </li>
        ))}
      </ol>
      {result.pages > 1 && (
        <nav aria-label={t('partners.pagination')}>
          <ul class="pagination">
            {result.page > 1 && (
              <li>
                <a href={queryString(params, { page: result.page - 1 })} rel="prev">
                  {t('partners.previous')}
                </a>
              </li>
            )}
            <li>{t('partners.page_of', { page: result.page, pages: result.pages })}</li>
            {result.page < result.pages && (
              <li>
                <a href={queryString(params, { page: result.page + 1 })} rel="next">
                  {t('partners.next')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </div>
  )
}

export function SearchPage(props: {
  ctx: ViewContext
  params: Params
  result: SearchResult
  subjects: Subject[]
}) {
  const { ctx, params } = props
  const { t } = ctx
  const locale = ctx.locale as Locale
  const any = t('partners.any')
  return (
    <section>
      <h1>{t('partners.title')}</h1>
      <p>{ctx.actor.roles.has('member') ? t('partners.intro_member') : t('partners.intro_public')}</p>
      <form
        method="get"
        action="/partners"
        class="search-filters"
        hx-get="/partners"
        hx-target="#results"
        hx-swap="outerHTML"
        hx-trigger="change, submit"
        hx-push-url="true"
      >
        <div class="field">
          <label for="filter-q">{t('partners.query')}</label>
          <input type="search" id="filter-q" name="q" value={params.q ?? ''} maxLength={200} />
        </div>
        <Select
          name="kind"
          label={t('partners.filter_kind')}
          value={params.kind}
          anyLabel={any}
          options={[
            ['person', t('partners.kind_person')],
            ['institution', t('partners.kind_institution')],
          ]}
        />
        <Select
          name="country"
          label={t('partners.filter_country')}
          value={params.country}
          anyLabel={any}
          options={countryOptions(locale).map((c) => [c.code, c.name] as const)}
        />
        <Select
          name="region"
          label={t('partners.filter_region')}
          value={params.region}
          anyLabel={any}
          options={subdivisionsOf(params.country || ctx.country).map(
            (s) => [s.code, subdivisionName(s.code, locale, t('institutions.city_suffix'))] as const,
          )}
        />
        <Select
          name="type"
          label={t('partners.filter_type')}
          value={params.type}
          anyLabel={any}
          options={INSTITUTION_TYPES.map((v) => [v, t(`institution_types.${v}`)] as const)}
        />
        <Select
          name="subject"
          label={t('partners.filter_subject')}
          value={params.subject}
          anyLabel={any}
          options={props.subjects.map((s) => [s.code, subjectName(s, locale)] as const)}
        />
        <Select
          name="language"
          label={t('partners.filter_language')}
          value={params.language}
          anyLabel={any}
          options={PROFILE_LANGUAGES.map((v) => [v, t(`profiles.lang.${v}`)] as const)}
        />
        <Select
          name="age"
          label={t('partners.filter_age')}
          value={params.age}
          anyLabel={any}
          options={AGE_BANDS.map((b) => [b.code, b.code] as const)}
        />
        <div class="field checkbox">
          <input
            type="checkbox"
            id="filter-looking"
            name="looking"
            value="yes"
            checked={params.looking === 'yes'}
          />
          <label for="filter-looking">{t('partners.filter_looking')}</label>
        </div>
        <Select
          name="sort"
          label={t('partners.sort')}
          value={params.sort}
          anyLabel={t('partners.sort_default')}
          options={[
            ['relevance', t('partners.sort_relevance')],
            ['recent', t('partners.sort_recent')],
          ]}
        />
        <button type="submit" class="button">
          {t('partners.search')}
        </button>
      </form>
      <p id="results-status" class="visually-hidden" role="status" aria-live="polite" />
      <Results ctx={ctx} params={params} result={props.result} subjects={props.subjects} />
    </section>
  )
}
