import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { serviceContext } from '../../platform/context.ts'
import { authorize } from '../../platform/policy.ts'
import { emptyForm } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import './policy.ts'
import { SubjectBody, SubjectUpdateBody, SubjectView } from './schemas.ts'
import * as subjects from './service.ts'
import { SubjectsAdminView } from './views/admin.tsx'

const codeParams = Type.Object({ code: Type.String({ pattern: '^[a-z0-9-]{2,64}$' }) })

export function register(app: App): void {
  app.get(
    '/api/v1/subjects',
    {
      config: { access: 'subjects.list' },
      schema: {
        tags: ['subjects'],
        summary: 'School subjects and VET specialities currently offered',
        response: { 200: Type.Array(SubjectView) },
      },
    },
    async (req) =>
      (await subjects.listSubjects(app.deps.db)).map((s) => ({
        code: s.code,
        kind: s.kind,
        name: subjects.subjectName(s, req.locale),
        names: { az: s.name_az, en: s.name_en, ru: s.name_ru },
      })),
  )

  const adminPage = async (req: Parameters<typeof serviceContext>[0]) => {
    authorize(req.actor, 'subjects.manage', undefined)
    return subjects.listSubjects(app.deps.db, { includeRetired: true })
  }

  app.get(
    '/admin/subjects',
    {
      config: { access: 'subjects.manage' },
      schema: { querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) }) },
    },
    async (req, reply) => {
      const list = await adminPage(req)
      return sendPage(req, reply, req.t('subjects.admin_title'), (ctx) => (
        <SubjectsAdminView
          ctx={ctx}
          subjects={list}
          form={{ values: { kind: 'school' }, errors: {} }}
          saved={Boolean(req.query.saved)}
        />
      ))
    },
  )

  app.post('/admin/subjects', { config: { access: 'subjects.manage' } }, async (req, reply) => {
    const list = await adminPage(req)
    return handleForm(req, reply, {
      schema: SubjectBody,
      title: req.t('subjects.admin_title'),
      view: (ctx, form) => <SubjectsAdminView ctx={ctx} subjects={list} form={form} />,
      run: async (input) => {
        await subjects.createSubject(serviceContext(req), input)
        return reply.redirect('/admin/subjects?saved=1', 303)
      },
    })
  })

  app.post(
    '/admin/subjects/:code',
    { config: { access: 'subjects.manage' }, schema: { params: codeParams } },
    async (req, reply) => {
      const list = await adminPage(req)
      return handleForm(req, reply, {
        schema: SubjectUpdateBody,
        title: req.t('subjects.admin_title'),
        view: (ctx, form) => (
          <SubjectsAdminView
            ctx={ctx}
            subjects={list}
            form={{ values: emptyForm.values, errors: form.errors }}
          />
        ),
        run: async (input) => {
          await subjects.updateSubject(serviceContext(req), req.params.code, input)
          return reply.redirect('/admin/subjects?saved=1', 303)
        },
      })
    },
  )
}
