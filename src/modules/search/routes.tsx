import type { App } from '../../app.ts'
import type { FieldErrors } from '../../platform/errors.ts'
import { sendPage } from '../../web/render.tsx'
import './policy.ts'
import { ApiQuery, MAX_QUERY, PageQuery, SearchResponse } from './schemas.ts'
import { search } from './service.ts'
import { SearchPage } from './views/search.tsx'

export function register(app: App): void {
  const { db } = app.deps

  app.get(
    '/api/v1/search',
    {
      config: { access: 'search.use' },
      schema: {
        tags: ['search'],
        summary:
          'Site search across news, pages, projects, institutions, events, consortia, outcomes, networks and resources, grouped by type; finds only what the caller may read (members-only resources need a member’s session), never drafts',
        querystring: ApiQuery,
        response: { 200: SearchResponse },
      },
    },
    async (req) => {
      const result = await search(db, req.actor, req.query.q, { locale: req.locale, type: req.query.type })
      return { query: result.query, groups: result.groups, capped: result.capped }
    },
  )

  app.get(
    '/search',
    { config: { access: 'search.use' }, schema: { querystring: PageQuery } },
    async (req, reply) => {
      const query = req.query.q ?? ''
      const values = { q: query }
      if (query.length > MAX_QUERY) {
        const errors: FieldErrors = { q: { key: 'search.errors.too_long', values: { max: MAX_QUERY } } }
        return sendPage(
          req,
          reply,
          `${req.t('forms.error_prefix')} ${req.t('search.title')}`,
          (ctx) => <SearchPage ctx={ctx} form={{ values, errors }} result={null} />,
          400,
        )
      }
      const result = query.trim()
        ? await search(db, req.actor, query, { locale: req.locale, type: req.query.type })
        : null
      return sendPage(req, reply, req.t('search.title'), (ctx) => (
        <SearchPage ctx={ctx} form={{ values, errors: {} }} result={result} />
      ))
    },
  )
}
