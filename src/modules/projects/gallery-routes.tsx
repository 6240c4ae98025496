import { renderToString } from 'preact-render-to-string'
import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { ID_PATTERN } from '../../db/ids.ts'
import { serviceContext } from '../../platform/context.ts'
import { sendStoredFile } from '../../platform/files.ts'
import { sendPage, viewContext } from '../../web/render.tsx'
import { labelsForProjects } from '../labels/badges.tsx'
import { dropEmptyFilters } from '../partners/routes.tsx'
import { listSubjects } from '../subjects/service.ts'
import * as gallery from './gallery.ts'
import './gallery-policy.ts'
import { NewsAbout, newsAbout } from '../news/views/about.tsx'
import { GalleryQuery, GalleryResponse, ProjectPublicView } from './gallery-schemas.ts'
import { GalleryPage, GalleryResults, type GalleryViewData } from './views/gallery/list.tsx'
import { ProjectPublicPage, PublicPageView } from './views/gallery/project.tsx'

const idParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) })
const pageParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN }),
  pageId: Type.String({ pattern: ID_PATTERN }),
})
const fileParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN }),
  fileId: Type.String({ pattern: ID_PATTERN }),
})

export function register(app: App): void {
  app.get(
    '/api/v1/projects',
    {
      config: { access: 'gallery.view' },
      preValidation: dropEmptyFilters,
      schema: {
        tags: ['projects'],
        summary:
          'The public project gallery: approved projects their teams show, with filters and facet counts',
        querystring: GalleryQuery,
        response: { 200: GalleryResponse },
      },
    },
    async (req) => gallery.search(serviceContext(req), req.query, req.locale, app.deps.readDb),
  )

  app.get(
    '/api/v1/projects/:id',
    {
      config: { access: 'gallery.view' },
      schema: {
        tags: ['projects'],
        summary:
          "A project's public description, partners, labels and the pages and materials its team made public; not found unless it is in the gallery (its team and coordinators also see it before)",
        params: idParams,
        response: { 200: ProjectPublicView },
      },
    },
    async (req) => (await gallery.projectPage(serviceContext(req), req.params.id, req.locale)).project,
  )

  app.get(
    '/projects',
    {
      config: { access: 'gallery.view' },
      preValidation: dropEmptyFilters,
      schema: { querystring: GalleryQuery },
    },
    async (req, reply) => {
      const ctx = serviceContext(req)
      const [result, subjects, years] = await Promise.all([
        gallery.search(ctx, req.query, req.locale, app.deps.readDb),
        listSubjects(app.deps.db),
        gallery.galleryYears(app.deps.db),
      ])
      const labels = await labelsForProjects(
        app.deps.db,
        result.results.map((r) => r.id),
      )
      const data: GalleryViewData = { params: req.query, result, subjects, labels, years }
      reply.header('vary', 'HX-Request')
      // htmx asks for the results only (its swap target); the full page otherwise, so the URL works on its own.
      if (req.headers['hx-request'] === 'true') {
        return reply
          .type('text/html; charset=utf-8')
          .send(renderToString(<GalleryResults ctx={viewContext(req, reply)} data={data} />))
      }
      return sendPage(req, reply, req.t('gallery.title'), (view) => <GalleryPage ctx={view} data={data} />)
    },
  )

  app.get(
    '/projects/:id',
    { config: { access: 'gallery.view' }, schema: { params: idParams } },
    async (req, reply) => {
      const data = await gallery.projectPage(serviceContext(req), req.params.id, req.locale)
      const title = gallery.inLanguage(data.project.title, req.locale)?.text ?? req.t('gallery.untitled')
      const { db, config } = app.deps
      const news = await newsAbout(db, 'project', data.project.id, req.locale, config.defaultLocale)
      return sendPage(req, reply, title, (ctx) => (
        <>
          <ProjectPublicPage ctx={ctx} data={data} baseUrl={config.baseUrl} />
          <NewsAbout ctx={ctx} data={news} addressKey={data.project.id} />
        </>
      ))
    },
  )

  app.get(
    '/projects/:id/public/pages/:pageId',
    { config: { access: 'gallery.view' }, schema: { params: pageParams } },
    async (req, reply) => {
      const { project, page } = await gallery.readPublicPage(
        serviceContext(req),
        req.params.id,
        req.params.pageId,
        req.locale,
      )
      return sendPage(req, reply, page.title, (ctx) => (
        <PublicPageView ctx={ctx} project={project} page={page} />
      ))
    },
  )

  app.get(
    '/projects/:id/public/files/:fileId',
    { config: { access: 'gallery.view' }, schema: { params: fileParams } },
    async (req, reply) => {
      const file = await gallery.readPublicFile(serviceContext(req), req.params.id, req.params.fileId)
      // Images and PDF open in the browser; anything else downloads (sendStoredFile decides by the stored type).
      return sendStoredFile(reply, file, { inline: true })
    },
  )
}
