import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { ID_PATTERN } from '../../db/ids.ts'
import { serviceContext } from '../../platform/context.ts'
import type { FormState } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import './policy.ts'
import { auditLog, changeCoordinatorRole, coordinatorsPage, setCoordinatorRegions } from './service.ts'
import { AuditLogView } from './views/audit.tsx'
import { COORDINATOR_NOTICES, CoordinatorsView } from './views/coordinators.tsx'

const RoleBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  action: Type.Enum(['grant', 'revoke']),
})
const RegionsBody = Type.Object({
  // A form sends one value as a string and several as an array; no value at all means every region.
  regions: Type.Optional(
    Type.Union([
      Type.Array(Type.String({ maxLength: 10 }), { maxItems: 200 }),
      Type.String({ maxLength: 10 }),
    ]),
  ),
})
const PersonParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) })

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

  async function coordinatorsView(req: FastifyRequest) {
    const page = await coordinatorsPage(serviceContext(req), req.locale)
    return (
      ctx: Parameters<typeof CoordinatorsView>[0]['ctx'],
      extra: { notice?: (typeof COORDINATOR_NOTICES)[number]; form?: FormState & { personId?: string } } = {},
    ) => <CoordinatorsView ctx={ctx} coordinators={page.coordinators} groups={page.groups} {...extra} />
  }

  app.get(
    '/admin/coordinators',
    {
      config: { access: 'admin.coordinators.manage' },
      schema: { querystring: Type.Object({ done: Type.Optional(Type.Enum([...COORDINATOR_NOTICES])) }) },
    },
    async (req, reply) => {
      const view = await coordinatorsView(req)
      return sendPage(req, reply, req.t('admin.coordinators.title'), (ctx) =>
        view(ctx, { notice: req.query.done }),
      )
    },
  )

  app.post(
    '/admin/coordinators/role',
    { config: { access: 'admin.coordinators.manage' } },
    async (req, reply: FastifyReply) => {
      const ctx = serviceContext(req)
      const view = await coordinatorsView(req)
      return handleForm(req, reply, {
        schema: RoleBody,
        title: req.t('admin.coordinators.title'),
        view: (viewCtx, form) => view(viewCtx, { form }),
        run: async (input) => {
          await changeCoordinatorRole(ctx, input.email, input.action)
          return reply.redirect(`/admin/coordinators?done=${input.action}`, 303)
        },
      })
    },
  )

  app.post(
    '/admin/coordinators/:id/regions',
    { config: { access: 'admin.coordinators.manage' }, schema: { params: PersonParams } },
    async (req, reply) => {
      const ctx = serviceContext(req)
      const view = await coordinatorsView(req)
      return handleForm(req, reply, {
        schema: RegionsBody,
        title: req.t('admin.coordinators.title'),
        view: (viewCtx, form) => view(viewCtx, { form: { ...form, personId: req.params.id } }),
        run: async (input) => {
          const regions =
            input.regions === undefined ? [] : Array.isArray(input.regions) ? input.regions : [input.regions]
          await setCoordinatorRegions(ctx, req.params.id, regions)
          return reply.redirect('/admin/coordinators?done=regions', 303)
        },
      })
    },
  )
}
