import type { Locale } from '../../../config.ts'
import { formatDate } from '../../../platform/i18n.ts'
import { plainText } from '../../../platform/rich-text.ts'
import { CsrfField, Notice } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import { jsonForScript } from '../../institutions/views/page.tsx'
import { type ArticlePageData, articleUrl } from '../service.ts'
import { statusText } from './shared.tsx'

export const NOTICES = ['created', 'saved', 'submit', 'publish', 'return', 'archive'] as const
export type ArticleNotice = (typeof NOTICES)[number]

/** schema.org NewsArticle, for search engines and readers' tools. */
function newsArticle(data: ArticlePageData, baseUrl: string) {
  const { row, shown } = data
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: shown.title,
    description: shown.lead ?? undefined,
    inLanguage: shown.lang,
    url: `${baseUrl}${articleUrl(row.slug)}`,
    datePublished: row.publish_at ?? undefined,
    dateModified: row.updated_at,
    author: data.author ? { '@type': 'Person', name: data.author } : undefined,
    image: data.cover ? `${baseUrl}${data.cover.src}` : undefined,
    keywords: data.tags.length > 0 ? data.tags.join(', ') : undefined,
  }
}

/** Open Graph tags for link previews on social sites and messengers. */
export function ArticleHead(props: { data: ArticlePageData; baseUrl: string; locale: Locale }) {
  const { data, baseUrl } = props
  const { shown } = data
  const description = shown.lead ?? (shown.body ? plainText(shown.body).slice(0, 200) : '')
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:title" content={shown.title} />
      {description && <meta property="og:description" content={description} />}
      {description && <meta name="description" content={description} />}
      <meta property="og:url" content={`${baseUrl}${articleUrl(data.row.slug)}`} />
      <meta property="og:locale" content={shown.lang} />
      {data.cover && <meta property="og:image" content={`${baseUrl}${data.cover.src}`} />}
      {data.cover && shown.coverAlt && <meta property="og:image:alt" content={shown.coverAlt} />}
      {data.row.publish_at && <meta property="article:published_time" content={data.row.publish_at} />}
      {data.tags.map((tag) => (
        <meta property="article:tag" content={tag} />
      ))}
      <link rel="canonical" href={`${baseUrl}${articleUrl(data.row.slug)}`} />
    </>
  )
}

export function ArticleView(props: {
  ctx: ViewContext
  data: ArticlePageData
  baseUrl: string
  notice?: ArticleNotice
  now: string
}) {
  const { ctx, data, baseUrl } = props
  const { t, locale } = ctx
  const { row, shown } = data
  const url = `${baseUrl}${articleUrl(row.slug)}`
  const lang = shown.fellBack ? shown.lang : undefined
  return (
    <article>
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{ __html: jsonForScript(newsArticle(data, baseUrl)) }}
      />
      <p class="breadcrumbs">
        <a href="/news">{t('news.title')}</a>
      </p>
      {props.notice && <Notice kind="success">{t(`news.notices.${props.notice}`)}</Notice>}
      {!data.access.live && (
        <p class="notice notice-info">
          {t('news.status_label')}: {statusText(ctx, row, props.now)}
        </p>
      )}
      {shown.fellBack && (
        <p class="notice notice-info">
          {t('news.fallback', {
            wanted: t(`news.in_language.${locale}`),
            shown: t(`news.in_language.${shown.lang}`),
          })}
        </p>
      )}
      <h1 lang={lang}>{shown.title}</h1>
      <p class="meta">
        {row.publish_at && data.access.live && (
          <>
            {t('news.published')}{' '}
            <time datetime={row.publish_at}>{formatDate(locale, row.publish_at, ctx.timeZone)}</time>
          </>
        )}
        {data.author && <> · {t('news.by', { name: data.author })}</>}
      </p>
      {data.cover && (
        <img
          class="cover"
          src={data.cover.src}
          srcset={data.cover.srcset}
          sizes="(max-width: 60rem) 100vw, 60rem"
          alt={shown.coverAlt}
          lang={lang}
        />
      )}
      {shown.lead && (
        <p class="lead" lang={lang}>
          {shown.lead}
        </p>
      )}
      {/* Sanitised on the server when saved (src/platform/rich-text.ts). */}
      {shown.body && <div class="rich-text" lang={lang} dangerouslySetInnerHTML={{ __html: shown.body }} />}
      {data.links.length > 0 && (
        <section>
          <h2>{t('news.about')}</h2>
          <ul>
            {data.links.map((l) => (
              <li>
                <a href={l.url}>{l.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.tags.length > 0 && (
        <section>
          <h2>{t('news.tags')}</h2>
          <ul class="tags">
            {data.tags.map((tag) => (
              <li>
                <a href={`/news?tag=${encodeURIComponent(tag)}`}>{tag}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.access.live && (
        <section>
          <h2>{t('news.share')}</h2>
          {/* Plain links: no third-party script or button loads until the reader chooses to share. */}
          <ul class="share-links">
            <li>
              <a href={`mailto:?subject=${encodeURIComponent(shown.title)}&body=${encodeURIComponent(url)}`}>
                {t('news.share_email')}
              </a>
            </li>
            <li>
              <a
                href={`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`}
                rel="noopener"
              >
                Facebook
              </a>
            </li>
            <li>
              <a
                href={`https://x.com/intent/post?url=${encodeURIComponent(url)}&text=${encodeURIComponent(shown.title)}`}
                rel="noopener"
              >
                X
              </a>
            </li>
            <li>
              <a
                href={`https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(url)}`}
                rel="noopener"
              >
                LinkedIn
              </a>
            </li>
            <li>
              <a
                href={`https://t.me/share/url?url=${encodeURIComponent(url)}&text=${encodeURIComponent(shown.title)}`}
                rel="noopener"
              >
                Telegram
              </a>
            </li>
          </ul>
        </section>
      )}
      {(data.canEdit || data.canPublish) && <Workflow ctx={ctx} data={data} />}
    </article>
  )
}

/** The newsroom's panel on the article: edit, history, and the workflow steps the actor may take. */
function Workflow(props: { ctx: ViewContext; data: ArticlePageData }) {
  const { ctx, data } = props
  const { t } = ctx
  const { row } = data
  const base = `/newsroom/${row.slug}`
  const step = (name: 'submit' | 'return' | 'archive') => (
    <form method="post" action={`${base}/${name}`} class="inline-form">
      <CsrfField ctx={ctx} />
      <button type="submit" class="button button-secondary">
        {t(`news.${name}`)}
      </button>
    </form>
  )
  return (
    <section class="panel">
      <h2>{t('news.workflow')}</h2>
      <ul>
        {data.canEdit && (
          <li>
            <a href={`${base}/edit`}>{t('news.edit')}</a>
          </li>
        )}
        <li>
          <a href={`${base}/revisions`}>{t('news.revisions')}</a>
        </li>
      </ul>
      {row.status === 'draft' && data.canEdit && step('submit')}
      {data.canPublish && row.status !== 'archived' && (
        <form method="post" action={`${base}/publish`}>
          <CsrfField ctx={ctx} />
          <div class="field">
            <label for="field-publish_at">{t('news.fields.publish_at')}</label>
            <p class="hint" id="field-publish_at-hint">
              {t('news.fields.publish_at_hint')}
            </p>
            <input
              type="datetime-local"
              id="field-publish_at"
              name="publish_at"
              aria-describedby="field-publish_at-hint"
            />
          </div>
          <button type="submit" class="button">
            {t('news.publish')}
          </button>
        </form>
      )}
      {data.canPublish && row.status !== 'draft' && step('return')}
      {data.canPublish && row.status !== 'archived' && step('archive')}
    </section>
  )
}
