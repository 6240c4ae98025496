import { formatNumber } from '../../../../platform/i18n.ts'
import type { ViewContext } from '../../../../web/view-context.ts'
import { countryName, countryOptions, subdivisionName, subdivisionsOf } from '../../../institutions/geo.ts'
import { LabelBadges, type ProjectLabel } from '../../../labels/badges.tsx'
import { AGE_BANDS } from '../../../partners/facets.ts'
import { type Subject, subjectName } from '../../../subjects/service.ts'
import type { GalleryParams, GalleryResult } from '../../gallery.ts'

type Params = GalleryParams

/** The gallery URL of these filters with some changed; empty values and page 1 are left out so URLs stay short. */
export function galleryUrl(
  params: Params,
  change: Partial<Record<keyof Params, string | number | undefined>> = {},
) {
  const merged: Record<string, string> = {}
  for (const [key, value] of Object.entries({ ...params, ...change })) {
    if (value !== undefined && value !== '' && !(key === 'page' && value === 1)) merged[key] = String(value)
  }
  const qs = new URLSearchParams(merged).toString()
  return qs ? `/projects?${qs}` : '/projects'
}

function Select(props: {
  name: keyof Params
  label: string
  value: string | number | undefined
  options: ReadonlyArray<readonly [string, string]>
  anyLabel: string
}) {
  return (
    <div class="field">
      <label for={`filter-${props.name}`}>{props.label}</label>
      <select id={`filter-${props.name}`} name={props.name}>
        <option value="">{props.anyLabel}</option>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === String(props.value ?? '')}>
            {label}
          </option>
        ))}
      </select>
    </div>
  )
}

export interface GalleryViewData {
  params: Params
  result: GalleryResult
  subjects: Subject[]
  labels: Map<string, ProjectLabel[]>
  /** The years listed projects were approved in, newest first, for the year filter. */
  years: number[]
}

/** The results and facet counts: the part htmx swaps when a filter changes; the same URL works without script. */
export function GalleryResults(props: { ctx: ViewContext; data: GalleryViewData }) {
  const { ctx } = props
  const { params, result } = props.data
  const { t, locale } = ctx
  const subjectNames = new Map(props.data.subjects.map((s) => [s.code, subjectName(s, locale)]))
  const facetList = (name: keyof GalleryResult['facets'], label: (v: string) => string) => {
    const values = result.facets[name]
    return (
      values.length > 0 && (
        <div class="facet">
          <h3>{t(`gallery.filter_${name}`)}</h3>
          <ul>
            {values.map((v) => (
              <li>
                <a href={galleryUrl(params, { [name]: v.value, page: undefined })}>{label(v.value)}</a>{' '}
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
        {t('gallery.result_count', {
          count: result.total,
          formatted: `${formatNumber(locale, result.total)}${result.totalExact ? '' : '+'}`,
        })}
      </h2>
      {result.facetsCounted && (
        <div class="facets">
          {facetList('subject', (v) => subjectNames.get(v) ?? v)}
          {facetList('age', (v) => v)}
          {facetList('country', (v) => countryName(v, locale))}
          {facetList('region', (v) => subdivisionName(v, locale, t('institutions.city_suffix')))}
          {facetList('year', (v) => v)}
          {facetList('label', (v) => t(`gallery.label_${v}`))}
          {facetList('scope', (v) => t(`gallery.scope_${v}`))}
        </div>
      )}
      {result.results.length === 0 && <p>{t('gallery.no_results')}</p>}
      <ol class="results">
        {result.results.map((r) => (
          <li class="card">
            <h3 lang={r.lang}>
              <a href={r.url}>{r.title}</a>
            </h3>
            <p lang={r.summaryLang}>{r.summary.length > 300 ? `${r.summary.slice(0, 300)}…` : r.summary}</p>
            <p>
              {t(`gallery.scope_${r.scope}`)} · {t('gallery.approved_in', { year: r.year })}
              {r.ageFrom !== null &&
                r.ageTo !== null &&
                ` · ${t('gallery.ages', { from: r.ageFrom, to: r.ageTo })}`}
              {r.countries.length > 0 && ` · ${r.countries.map((c) => countryName(c, locale)).join(', ')}`}
            </p>
            {r.subjects.length > 0 && <p>{r.subjects.map((s) => subjectNames.get(s) ?? s).join(', ')}</p>}
            <LabelBadges ctx={ctx} labels={props.data.labels.get(r.id) ?? []} />
          </li>
        ))}
      </ol>
      {result.pages > 1 && (
        <nav aria-label={t('gallery.pagination')}>
          <ul class="pagination">
            {result.page > 1 && (
              <li>
                <a href={galleryUrl(params, { page: result.page - 1 })} rel="prev">
                  {t('gallery.previous')}
                </a>
              </li>
            )}
            <li>{t('gallery.page_of', { page: result.page, pages: result.pages })}</li>
            {result.page < result.pages && (
              <li>
                <a href={galleryUrl(params, { page: result.page + 1 })} rel="next">
                  {t('gallery.next')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </div>
  )
}

export function GalleryPage(props: { ctx: ViewContext; data: GalleryViewData }) {
  const { ctx } = props
  const { params } = props.data
  const { t, locale } = ctx
  const any = t('gallery.any')
  return (
    <section>
      <h1>{t('gallery.title')}</h1>
      <p>{t('gallery.intro')}</p>
      <form
        method="get"
        action="/projects"
        class="search-filters"
        hx-get="/projects"
        hx-target="#results"
        hx-swap="outerHTML"
        hx-trigger="change, submit"
        hx-push-url="true"
      >
        <div class="field">
          <label for="filter-q">{t('gallery.query')}</label>
          <input type="search" id="filter-q" name="q" value={params.q ?? ''} maxLength={200} />
        </div>
        <Select
          name="subject"
          label={t('gallery.filter_subject')}
          value={params.subject}
          anyLabel={any}
          options={props.data.subjects.map((s) => [s.code, subjectName(s, locale)] as const)}
        />
        <Select
          name="age"
          label={t('gallery.filter_age')}
          value={params.age}
          anyLabel={any}
          options={AGE_BANDS.map((b) => [b.code, b.code] as const)}
        />
        <Select
          name="country"
          label={t('gallery.filter_country')}
          value={params.country}
          anyLabel={any}
          options={countryOptions(locale).map((c) => [c.code, c.name] as const)}
        />
        <Select
          name="region"
          label={t('gallery.filter_region')}
          value={params.region}
          anyLabel={any}
          options={subdivisionsOf(params.country || ctx.country).map(
            (s) => [s.code, subdivisionName(s.code, locale, t('institutions.city_suffix'))] as const,
          )}
        />
        <Select
          name="year"
          label={t('gallery.filter_year')}
          value={params.year}
          anyLabel={any}
          options={props.data.years.map((y) => [String(y), String(y)] as const)}
        />
        <Select
          name="label"
          label={t('gallery.filter_label')}
          value={params.label}
          anyLabel={any}
          options={[
            ['national', t('gallery.label_national')],
            ['european', t('gallery.label_european')],
          ]}
        />
        <Select
          name="scope"
          label={t('gallery.filter_scope')}
          value={params.scope}
          anyLabel={any}
          options={[
            ['national', t('gallery.scope_national')],
            ['international', t('gallery.scope_international')],
          ]}
        />
        <Select
          name="sort"
          label={t('gallery.sort')}
          value={params.sort}
          anyLabel={t('gallery.sort_default')}
          options={[
            ['relevance', t('gallery.sort_relevance')],
            ['recent', t('gallery.sort_recent')],
          ]}
        />
        <button type="submit" class="button">
          {t('gallery.search')}
        </button>
      </form>
      <GalleryResults ctx={ctx} data={props.data} />
    </section>
  )
}
