import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { LOCALES } from '../../config.ts'
import { serviceContext } from '../../platform/context.ts'
import { sendStoredFile } from '../../platform/files.ts'
import { handleError } from '../../platform/http.tsx'
import { translator } from '../../platform/i18n.ts'
import { can } from '../../platform/policy.ts'
import { validate } from '../../platform/validation.ts'
import type { FormState } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage, viewContext } from '../../web/render.tsx'
import type { ViewContext } from '../../web/view-context.ts'
import { addEventPanel } from '../events/panels.ts'
import { dropEmptyFilters } from '../partners/routes.tsx'
import { withoutEmpty } from '../projects/routes.tsx'
import { isTooLarge, keepFileNames, typedBeforeFailure, uploadIn } from '../workspace/routes.tsx'
import { COVER_WIDTHS, MAX_COVER_BYTES } from './cover.ts'
import { atomFeed, sitemapXml } from './feed.ts'
import './policy.ts'
import {
  ArticleBody,
  ArticleView as ArticleJson,
  ListQuery,
  ListResponse,
  LocaleParams,
  PageBody,
  PublishBody,
  RevisionParams,
  SlugParams,
  TagFeedParams,
} from './schemas.ts'
import * as news from './service.ts'
import { NewsAbout, newsAbout } from './views/about.tsx'
import { ArticleHead, ArticleView, NOTICES } from './views/article.tsx'
import { ArticleFormView, PageFormView } from './views/form.tsx'
import { NewsListView } from './views/list.tsx'
import { NewsroomView, RevisionsView } from './views/newsroom.tsx'
import { pageTitle, StaticPageView } from './views/page.tsx'

const NoticeQuery = Type.Object({ done: Type.Optional(Type.Union(NOTICES.map((n) => Type.Literal(n)))) })
const SavedQuery = Type.Object({ saved: Type.Optional(Type.Literal('1')) })
const CoverParams = Type.Object({
  slug: SlugParams.properties.slug,
  width: Type.Union(COVER_WIDTHS.map((w) => Type.Literal(w))),
})

// An event's page lists the news about it, below its outcome (the events core draws panels from its parts).
addEventPanel('outcome', 'news', async (req, reply, page) => {
  const { db, config } = req.server.deps
  const data = await newsAbout(db, 'event', page.id, req.locale, config.defaultLocale)
  return <NewsAbout ctx={viewContext(req, reply)} data={data} addressKey={page.event.slug} />
})

export function register(app: App): void {
  const { config } = app.deps
  const ctxOf = (req: FastifyRequest) => serviceContext(req)
  const defaultLocale = config.defaultLocale

  // ---- Public: list, articles, feeds, sitemap and the API

  app.get(
    '/api/v1/news',
    {
      config: { access: 'news.view' },
      preValidation: dropEmptyFilters,
      schema: {
        tags: ['news'],
        summary:
          'Published news, newest first, filtered by tag, by what it is about (e.g. event:<slug>) or by year',
        querystring: ListQuery,
        response: { 200: ListResponse },
      },
    },
    async (req) => {
      const list = await news.listNews(ctxOf(req), req.query)
      return {
        items: list.rows.map((row) => news.summaryJson(row, list.tagsOf(row.id))),
        total: list.total,
        page: list.page,
      }
    },
  )

  app.get(
    '/api/v1/news/:slug',
    {
      config: { access: 'news.view' },
      schema: {
        tags: ['news'],
        summary: 'One article in every language it was written in (drafts only for editors and coordinators)',
        params: SlugParams,
        response: { 200: ArticleJson },
      },
    },
    async (req) => news.articleJson(await news.articlePage(ctxOf(req), req.params.slug, req.locale)),
  )

  app.get(
    '/news',
    { config: { access: 'news.view' }, preValidation: dropEmptyFilters, schema: { querystring: ListQuery } },
    async (req, reply) => {
      const list = await news.listNews(ctxOf(req), req.query)
      const feed = `/news/feed/${req.locale}`
      return sendPage(
        req,
        reply,
        req.t('news.title'),
        (ctx) => (
          <NewsListView
            ctx={ctx}
            params={req.query}
            list={list}
            defaultLocale={defaultLocale}
            canWrite={can(req.actor, 'news.write', undefined)}
          />
        ),
        200,
        <link rel="alternate" type="application/atom+xml" title={req.t('news.feed')} href={feed} />,
      )
    },
  )

  const sendFeed = async (
    req: FastifyRequest,
    reply: FastifyReply,
    locale: (typeof LOCALES)[number],
    tag?: string,
  ) => {
    const rows = await news.feedEntries(ctxOf(req), tag)
    const selfPath = tag ? `/news/feed/${locale}/${encodeURIComponent(tag)}` : `/news/feed/${locale}`
    const body = atomFeed({
      baseUrl: config.baseUrl,
      locale,
      defaultLocale,
      title: translator(locale)('news.feed_title'),
      selfPath,
      tag,
      rows,
    })
    return reply
      .type('application/atom+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(body)
  }

  app.get(
    '/news/feed/:locale',
    { config: { access: 'news.view' }, schema: { params: LocaleParams } },
    async (req, reply) => sendFeed(req, reply, req.params.locale),
  )

  app.get(
    '/news/feed/:locale/:tag',
    { config: { access: 'news.view' }, schema: { params: TagFeedParams } },
    async (req, reply) => sendFeed(req, reply, req.params.locale, req.params.tag),
  )

  app.get('/sitemap.xml', { config: { access: 'news.view' } }, async (_req, reply) =>
    reply
      .type('application/xml; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(sitemapXml(config.baseUrl, await news.sitemap(app.deps.db))),
  )

  app.get(
    '/news/:slug',
    { config: { access: 'news.view' }, schema: { params: SlugParams, querystring: NoticeQuery } },
    async (req, reply) => {
      const data = await news.articlePage(ctxOf(req), req.params.slug, req.locale)
      return sendPage(
        req,
        reply,
        data.shown.title,
        (ctx) => (
          <ArticleView
            ctx={ctx}
            data={data}
            baseUrl={config.baseUrl}
            notice={req.query.done}
            now={new Date().toISOString()}
          />
        ),
        200,
        <ArticleHead data={data} baseUrl={config.baseUrl} locale={req.locale} />,
      )
    },
  )

  app.get(
    '/news/:slug/cover/:width',
    { config: { access: 'news.view' }, schema: { params: CoverParams } },
    async (req, reply) => {
      const { file, live } = await news.coverFile(ctxOf(req), req.params.slug, req.params.width)
      // Public covers are cached; a draft's only privately.
      return sendStoredFile(reply, file, { inline: true, cache: live ? 'public' : 'private' })
    },
  )

  // ---- The newsroom

  app.get('/newsroom', { config: { access: 'news.write' } }, async (req, reply) => {
    const data = await news.newsroom(ctxOf(req))
    return sendPage(req, reply, req.t('news.newsroom'), (ctx) => (
      <NewsroomView
        ctx={ctx}
        articles={data.articles}
        pages={data.pages}
        at={data.at}
        defaultLocale={defaultLocale}
      />
    ))
  })

  const multipart = {
    access: 'news.write' as const,
    multipartOptions: { limits: { files: 1, fileSize: MAX_COVER_BYTES, fields: 30, parts: 31 } },
  }
  /** An oversized cover stops the parser: 413, and the form comes back with what was typed. */
  const tooLarge =
    (
      title: (req: FastifyRequest) => string,
      view: (
        req: FastifyRequest,
      ) => (ctx: ViewContext, form: FormState) => ReturnType<typeof ArticleFormView>,
    ) =>
    async (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      if (!isTooLarge(error)) return handleError(error, req, reply)
      const form = {
        values: typedBeforeFailure(req.body),
        errors: {
          file: {
            key: 'news.errors.cover_too_large',
            values: { size: `${MAX_COVER_BYTES / 1024 / 1024} MB` },
          },
        },
      }
      return sendPage(
        req,
        reply,
        `${req.t('forms.error_prefix')} ${title(req)}`,
        (ctx) => view(req)(ctx, form),
        413,
      )
    }

  const newView = () => (ctx: ViewContext, form: FormState) => <ArticleFormView ctx={ctx} form={form} />
  app.get('/newsroom/new', { config: { access: 'news.write' } }, async (req, reply) =>
    sendPage(req, reply, req.t('news.new'), (ctx) => newView()(ctx, { values: {}, errors: {} })),
  )
  app.post(
    '/newsroom/new',
    {
      config: multipart,
      onRequest: keepFileNames,
      errorHandler: tooLarge((req) => req.t('news.new'), newView),
    },
    async (req, reply) => {
      const cover = uploadIn(req.body)
      req.body = withoutEmpty(req.body)
      return handleForm(req, reply, {
        schema: ArticleBody,
        title: req.t('news.new'),
        view: newView(),
        run: async (input) => {
          const slug = await news.createArticle(
            ctxOf(req),
            input,
            cover && cover.bytes.length > 0 ? cover : null,
          )
          return reply.redirect(`/news/${slug}?done=created`, 303)
        },
      })
    },
  )

  type SlugRequest = FastifyRequest<{ Params: { slug: string } }>
  const editView = (req: FastifyRequest) => (ctx: ViewContext, form: FormState) => (
    <ArticleFormView ctx={ctx} form={form} slug={(req as SlugRequest).params.slug} />
  )
  app.get(
    '/newsroom/:slug/edit',
    { config: { access: 'news.write' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const values = await news.editFormValues(ctxOf(req), req.params.slug)
      return sendPage(req, reply, req.t('news.edit'), (ctx) => editView(req)(ctx, { values, errors: {} }))
    },
  )
  app.post(
    '/newsroom/:slug/edit',
    {
      config: multipart,
      schema: { params: SlugParams },
      onRequest: keepFileNames,
      errorHandler: tooLarge((req) => req.t('news.edit'), editView),
    },
    async (req, reply) => {
      // Checked before the form is drawn again, so that no one learns of an article they may not change.
      await news.editFormValues(ctxOf(req), req.params.slug)
      const cover = uploadIn(req.body)
      req.body = withoutEmpty(req.body)
      return handleForm(req, reply, {
        schema: ArticleBody,
        title: req.t('news.edit'),
        view: editView(req),
        run: async (input) => {
          await news.updateArticle(
            ctxOf(req),
            req.params.slug,
            input,
            cover && cover.bytes.length > 0 ? cover : null,
          )
          return reply.redirect(`/news/${req.params.slug}?done=saved`, 303)
        },
      })
    },
  )

  for (const step of ['submit', 'return', 'archive'] as const) {
    app.post(
      `/newsroom/:slug/${step}`,
      {
        config: { access: step === 'submit' ? 'news.write' : 'news.publish' },
        schema: { params: SlugParams },
      },
      async (req, reply) => {
        await news.transition(ctxOf(req), req.params.slug, step)
        return reply.redirect(`/news/${req.params.slug}?done=${step}`, 303)
      },
    )
  }

  app.post(
    '/newsroom/:slug/publish',
    { config: { access: 'news.publish' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const body = withoutEmpty(req.body)
      await news.transition(ctxOf(req), req.params.slug, 'publish', validate(PublishBody, body).publish_at)
      return reply.redirect(`/news/${req.params.slug}?done=publish`, 303)
    },
  )

  const revisionsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    type: 'article' | 'page',
    slug: string,
    id?: string,
  ) => {
    const list = await news.revisions(ctxOf(req), type, slug)
    const open = id ? list.find((r) => r.id === id) : undefined
    if (id && !open)
      return handleError(Object.assign(new Error('not found'), { statusCode: 404 }), req, reply)
    const subject =
      type === 'article'
        ? { url: `/news/${slug}`, title: (await news.articlePage(ctxOf(req), slug, req.locale)).shown.title }
        : {
            url: `/pages/${slug}`,
            title: pageTitle(await news.page(ctxOf(req), slug), req.locale, defaultLocale),
          }
    const base = type === 'article' ? `/newsroom/${slug}` : `/pages/${slug}`
    return sendPage(req, reply, req.t('news.revisions'), (ctx) => (
      <RevisionsView ctx={ctx} base={base} subject={subject} revisions={list} open={open} />
    ))
  }

  app.get(
    '/newsroom/:slug/revisions',
    { config: { access: 'news.write' }, schema: { params: SlugParams } },
    async (req, reply) => revisionsPage(req, reply, 'article', req.params.slug),
  )
  app.get(
    '/newsroom/:slug/revisions/:id',
    { config: { access: 'news.write' }, schema: { params: RevisionParams } },
    async (req, reply) => revisionsPage(req, reply, 'article', req.params.slug, req.params.id),
  )

  // ---- Static pages

  app.get(
    '/pages/:slug',
    { config: { access: 'news.view' }, schema: { params: SlugParams, querystring: SavedQuery } },
    async (req, reply) => {
      const page = await news.page(ctxOf(req), req.params.slug)
      return sendPage(req, reply, pageTitle(page, req.locale, defaultLocale), (ctx) => (
        <StaticPageView
          ctx={ctx}
          page={page}
          defaultLocale={defaultLocale}
          canEdit={can(req.actor, 'news.write', undefined)}
          saved={req.query.saved === '1'}
        />
      ))
    },
  )

  const pageForm = (slug: string) => (ctx: ViewContext, form: FormState) => (
    <PageFormView ctx={ctx} form={form} slug={slug} />
  )
  app.get(
    '/pages/:slug/edit',
    { config: { access: 'news.write' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const page = await news.page(ctxOf(req), req.params.slug)
      const values: Record<string, string> = {}
      for (const l of LOCALES) {
        values[`title_${l}`] = page[`title_${l}`] ?? ''
        values[`body_${l}`] = page[`body_${l}`] ?? ''
      }
      return sendPage(req, reply, req.t('news.edit_page'), (ctx) =>
        pageForm(req.params.slug)(ctx, { values, errors: {} }),
      )
    },
  )
  app.post(
    '/pages/:slug/edit',
    { config: { access: 'news.write' }, schema: { params: SlugParams } },
    async (req, reply) => {
      await news.page(ctxOf(req), req.params.slug)
      req.body = withoutEmpty(req.body)
      return handleForm(req, reply, {
        schema: PageBody,
        title: req.t('news.edit_page'),
        view: pageForm(req.params.slug),
        run: async (input) => {
          await news.updatePage(ctxOf(req), req.params.slug, input)
          return reply.redirect(`/pages/${req.params.slug}?saved=1`, 303)
        },
      })
    },
  )
  app.get(
    '/pages/:slug/revisions',
    { config: { access: 'news.write' }, schema: { params: SlugParams } },
    async (req, reply) => revisionsPage(req, reply, 'page', req.params.slug),
  )
  app.get(
    '/pages/:slug/revisions/:id',
    { config: { access: 'news.write' }, schema: { params: RevisionParams } },
    async (req, reply) => revisionsPage(req, reply, 'page', req.params.slug, req.params.id),
  )
}
