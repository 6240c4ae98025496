import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { serviceContext } from '../../platform/context.ts'
import { sendPage } from '../../web/render.tsx'
import './policy.ts'
import { auditLog } from './service.ts'
import { AuditLogView } from './views/audit.tsx'

export function register(app: App): void {
  app.get(
    '/admin/audit',
    {
      config: { access: 'admin.audit.view' },
      schema: { querystring: Type.Object({ before: Type.Optional(Type.String({ maxLength: 100 })) }) },
    },
    async (req, reply) => {
      const page = await auditLog(serviceContext(req), req.query.before)
      return sendPage(req, reply, req.t('admin.audit_title'), (ctx) => (
        <AuditLogView ctx={ctx} entries={page.entries} next={page.next} />
      ))
    },
  )
}
