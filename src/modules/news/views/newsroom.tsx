import type { PagesTable } from '../../../db/schema.ts'
import { formatDateTime } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import type { ArticleRow } from '../queries.ts'
import { articleUrl, shownIn } from '../service.ts'
import { statusText } from './shared.tsx'

export function NewsroomView(props: {
  ctx: ViewContext
  articles: ArticleRow[]
  pages: PagesTable[]
  at: string
  defaultLocale: ViewContext['locale']
}) {
  const { ctx } = props
  const { t, locale } = ctx
  return (
    <section>
      <h1>{t('news.newsroom')}</h1>
      <p>{t('news.newsroom_intro')}</p>
      <p>
        <a href="/newsroom/new" class="button">
          {t('news.new')}
        </a>
      </p>
      <h2>{t('news.articles')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('news.article_title')}</th>
            <th scope="col">{t('news.status_label')}</th>
            <th scope="col">{t('news.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {props.articles.map((row) => {
            const shown = shownIn(row, locale, props.defaultLocale)
            return (
              <tr>
                <td lang={shown.fellBack ? shown.lang : undefined}>
                  <a href={articleUrl(row.slug)}>{shown.title}</a>
                </td>
                <td>{statusText(ctx, row, props.at)}</td>
                <td>{formatDateTime(locale, row.updated_at, ctx.timeZone)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <h2>{t('news.pages')}</h2>
      <ul>
        {props.pages.map((page) => (
          <li>
            <a href={`/pages/${page.slug}`}>{page[`title_${locale}`] ?? page.slug}</a> ·{' '}
            <a href={`/pages/${page.slug}/edit`}>{t('news.edit_page')}</a> ·{' '}
            <a href={`/pages/${page.slug}/revisions`}>{t('news.revisions')}</a>
          </li>
        ))}
      </ul>
    </section>
  )
}

export interface RevisionItem {
  id: string
  at: string
  editor: string | null
  texts: Record<string, string | null>
}

/** The saved versions of an article or page, newest first; one opened shows its texts in every language. */
export function RevisionsView(props: {
  ctx: ViewContext
  base: string
  subject: { url: string; title: string }
  revisions: RevisionItem[]
  open?: RevisionItem
}) {
  const { ctx, open } = props
  const { t, locale } = ctx
  if (open) {
    return (
      <section>
        <p class="breadcrumbs">
          <a href={`${props.base}/revisions`}>{t('news.back_to_revisions')}</a>
        </p>
        <h1>{t('news.revision', { at: formatDateTime(locale, open.at, ctx.timeZone) })}</h1>
        {open.editor && <p>{t('news.revision_by', { name: open.editor })}</p>}
        {(['az', 'en', 'ru'] as const).map((l) =>
          open.texts[`title_${l}`] ? (
            <section lang={l}>
              <h2>{open.texts[`title_${l}`]}</h2>
              {open.texts[`lead_${l}`] && <p class="lead">{open.texts[`lead_${l}`]}</p>}
              {/* Stored sanitised (src/platform/rich-text.ts). */}
              {open.texts[`body_${l}`] && (
                <div class="rich-text" dangerouslySetInnerHTML={{ __html: open.texts[`body_${l}`] ?? '' }} />
              )}
            </section>
          ) : null,
        )}
        {typeof open.texts.tags === 'string' && open.texts.tags && (
          <p>
            {t('news.tags')}: {open.texts.tags}
          </p>
        )}
        {typeof open.texts.links === 'string' && open.texts.links && (
          <>
            <h2>{t('news.fields.links')}</h2>
            <pre>{open.texts.links}</pre>
          </>
        )}
      </section>
    )
  }
  return (
    <section>
      <p class="breadcrumbs">
        <a href={props.subject.url}>{props.subject.title}</a>
      </p>
      <h1>{t('news.revisions')}</h1>
      {props.revisions.length === 0 ? (
        <p>{t('news.no_revisions')}</p>
      ) : (
        <ol>
          {props.revisions.map((r) => (
            <li>
              <a href={`${props.base}/revisions/${r.id}`}>
                {t('news.revision', { at: formatDateTime(locale, r.at, ctx.timeZone) })}
              </a>
              {r.editor && <> {t('news.revision_by', { name: r.editor })}</>}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
