import type { App } from '../../app.ts'
import { serviceContext } from '../../platform/context.ts'
import { sendPage } from '../../web/render.tsx'
import './policy.ts'
import { InstitutionListQuery, InstitutionPage } from './schemas.ts'
import * as institutions from './service.ts'
import { InstitutionListView } from './views/list.tsx'

export function register(app: App): void {
  app.get(
    '/api/v1/institutions',
    {
      config: { access: 'institutions.list' },
      schema: {
        tags: ['institutions'],
        summary: 'The institutions registry, filtered and paged',
        querystring: InstitutionListQuery,
        response: { 200: InstitutionPage },
      },
    },
    async (req) => institutions.listInstitutions(serviceContext(req), req.query),
  )

  app.get(
    '/institutions',
    { config: { access: 'institutions.list' }, schema: { querystring: InstitutionListQuery } },
    async (req, reply) => {
      const page = await institutions.listInstitutions(serviceContext(req), req.query)
      return sendPage(req, reply, req.t('institutions.title'), (ctx) => (
        <InstitutionListView ctx={ctx} query={req.query} page={page} />
      ))
    },
  )
}
