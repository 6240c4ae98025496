import { formatNumber } from '../../../platform/i18n.ts'
import { ErrorSummary, type FormState, TextField } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import type { SearchResult } from '../service.ts'

const searchUrl = (query: string, type?: string) =>
  `/search?${new URLSearchParams(type ? { q: query, type } : { q: query }).toString()}`

/** The search page: the form (with its error, if the query was refused) and the results grouped by type. */
export function SearchPage(props: { ctx: ViewContext; form: FormState; result: SearchResult | null }) {
  const { ctx, form, result } = props
  const { t, locale } = ctx
  const total = result?.groups.reduce((sum, g) => sum + g.total, 0) ?? 0
  return (
    <>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ q: t('search.label') }} />
      <h1>{result?.type ? t(`search.types.${result.type}`) : t('search.title')}</h1>
      <search>
        <form method="get" action="/search" class="search-form">
          <TextField ctx={ctx} form={form} name="q" label={t('search.label')} hint={t('search.hint')} />
          {result?.type && <input type="hidden" name="type" value={result.type} />}
          <button type="submit">{t('search.submit')}</button>
        </form>
      </search>
      {result && result.terms.length === 0 && <p>{t('search.no_words')}</p>}
      {result && result.terms.length > 0 && (
        <section aria-labelledby="search-results">
          <h2 id="search-results">
            {t('search.result_count', { count: total, formatted: formatNumber(locale, total) })}
          </h2>
          {result.type && (
            <p>
              <a href={searchUrl(result.query)}>{t('search.all_types')}</a>
            </p>
          )}
          {result.capped && <p class="hint">{t('search.capped')}</p>}
          {result.groups.map((group) => (
            <section class="search-group" aria-labelledby={`group-${group.type}`}>
              <h3 id={`group-${group.type}`}>
                {t(`search.types.${group.type}`)}{' '}
                <span class="count">({formatNumber(locale, group.total)})</span>
              </h3>
              <ul>
                {group.hits.map((hit) => (
                  <li>
                    <a href={hit.url} lang={hit.lang === locale ? undefined : hit.lang}>
                      {hit.title || hit.url}
                    </a>
                  </li>
                ))}
              </ul>
              {!result.type && group.total > group.hits.length && (
                <p>
                  <a href={searchUrl(result.query, group.type)}>
                    {t('search.show_all', {
                      count: group.total,
                      formatted: formatNumber(locale, group.total),
                      type: t(`search.types.${group.type}`),
                    })}
                  </a>
                </p>
              )}
            </section>
          ))}
        </section>
      )}
    </>
  )
}
