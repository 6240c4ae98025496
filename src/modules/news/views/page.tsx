import type { PagesTable } from '../../../db/schema.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import { chooseLanguage } from '../text.ts'

/** A static page in the reader's language, else the next one written (saying so, and marked with lang). */
export function StaticPageView(props: {
  ctx: ViewContext
  page: PagesTable
  defaultLocale: ViewContext['locale']
  canEdit: boolean
  saved: boolean
}) {
  const { ctx, page } = props
  const { t, locale } = ctx
  const lang =
    chooseLanguage(
      { az: page.title_az, en: page.title_en, ru: page.title_ru },
      locale,
      props.defaultLocale,
    ) ?? locale
  const fellBack = lang !== locale
  return (
    <article>
      {props.saved && <p class="notice notice-success">{t('news.page_saved')}</p>}
      {fellBack && (
        <p class="notice notice-info">
          {t('news.fallback', {
            wanted: t(`news.in_language.${locale}`),
            shown: t(`news.in_language.${lang}`),
          })}
        </p>
      )}
      <h1 lang={fellBack ? lang : undefined}>{page[`title_${lang}`]}</h1>
      {/* Stored sanitised (src/platform/rich-text.ts). */}
      <div
        class="rich-text"
        lang={fellBack ? lang : undefined}
        dangerouslySetInnerHTML={{ __html: page[`body_${lang}`] ?? '' }}
      />
      {props.canEdit && (
        <p>
          <a href={`/pages/${page.slug}/edit`}>{t('news.edit_page')}</a> ·{' '}
          <a href={`/pages/${page.slug}/revisions`}>{t('news.revisions')}</a>
        </p>
      )}
    </article>
  )
}

export function pageTitle(
  page: PagesTable,
  locale: ViewContext['locale'],
  defaultLocale: ViewContext['locale'],
) {
  const lang =
    chooseLanguage({ az: page.title_az, en: page.title_en, ru: page.title_ru }, locale, defaultLocale) ??
    locale
  return page[`title_${lang}`] ?? page.slug
}
