import type { FastifyReply, FastifyRequest } from 'fastify'
import type { App } from '../../app.ts'
import { serviceContext } from '../../platform/context.ts'
import { emptyForm, type FormState } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import { endSession, STRICT_LIMIT, setSessionCookie } from '../accounts/routes.tsx'
import './policy.ts'
import { AddPupilBody, CodeBody, DeletedQuery, ProjectParams, PupilParams } from './schemas.ts'
import * as pupils from './service.ts'
import { CodeCardView, DeletePupilView, PupilsView } from './views/pupils.tsx'
import { PupilSignInView } from './views/sign-in.tsx'

export const PUPIL_SIGN_IN_PATH = '/sign-in/pupil'

/** A page with a code on it must not be kept by a browser's or a proxy's cache: it is shown once. */
function sendCard(req: FastifyRequest, reply: FastifyReply, issued: pupils.IssuedCode): FastifyReply {
  const signInUrl = `${req.server.deps.config.baseUrl}${PUPIL_SIGN_IN_PATH}`
  reply.header('cache-control', 'no-store')
  return sendPage(req, reply, req.t('pupils.card_title', { name: issued.pupil.name }), (ctx) => (
    <CodeCardView ctx={ctx} issued={issued} signInUrl={signInUrl} />
  ))
}

export function register(app: App): void {
  // ---- Teachers: the project's pupils
  const listTitle = (req: FastifyRequest) => req.t('pupils.title')

  app.get(
    '/projects/:id/pupils',
    { config: { access: 'pupils.enter' }, schema: { params: ProjectParams, querystring: DeletedQuery } },
    async (req, reply) => {
      const overview = await pupils.pupilsOverview(serviceContext(req), req.params.id, req.locale)
      return sendPage(req, reply, listTitle(req), (ctx) => (
        <PupilsView ctx={ctx} overview={overview} form={emptyForm} deleted={Boolean(req.query.deleted)} />
      ))
    },
  )

  app.post(
    '/projects/:id/pupils',
    { config: { access: 'pupils.enter' }, schema: { params: ProjectParams } },
    async (req, reply) => {
      const overview = await pupils.pupilsOverview(serviceContext(req), req.params.id, req.locale)
      return handleForm(req, reply, {
        schema: AddPupilBody,
        title: listTitle(req),
        view: (ctx, form: FormState) => <PupilsView ctx={ctx} overview={overview} form={form} />,
        run: async (input) =>
          sendCard(
            req,
            reply,
            await pupils.addPupil(serviceContext(req), req.params.id, input.pseudonym, req.locale),
          ),
      })
    },
  )

  app.post(
    '/projects/:id/pupils/:pupilId/code',
    { config: { access: 'pupils.enter' }, schema: { params: PupilParams } },
    async (req, reply) =>
      sendCard(
        req,
        reply,
        await pupils.issueNewCode(serviceContext(req), req.params.id, req.params.pupilId, req.locale),
      ),
  )

  app.get(
    '/projects/:id/pupils/:pupilId/delete',
    { config: { access: 'pupils.enter' }, schema: { params: PupilParams } },
    async (req, reply) => {
      const target = await pupils.pupilToDelete(
        serviceContext(req),
        req.params.id,
        req.params.pupilId,
        req.locale,
      )
      return sendPage(req, reply, req.t('pupils.delete_title', { name: target.pupil.name }), (ctx) => (
        <DeletePupilView ctx={ctx} project={target.project} pupil={target.pupil} />
      ))
    },
  )

  app.post(
    '/projects/:id/pupils/:pupilId/delete',
    { config: { access: 'pupils.enter' }, schema: { params: PupilParams } },
    async (req, reply) => {
      await pupils.deletePupil(serviceContext(req), req.params.id, req.params.pupilId)
      return reply.redirect(`/projects/${req.params.id}/pupils?deleted=1`, 303)
    },
  )

  // ---- Pupils: signing in with the code, and the way back to their project
  app.get(PUPIL_SIGN_IN_PATH, { config: { access: 'pupils.sign_in' } }, async (req, reply) => {
    if (req.actor.person?.kind === 'pupil') return reply.redirect('/my-project', 303)
    return sendPage(req, reply, req.t('pupils.sign_in_title'), (ctx) => (
      <PupilSignInView ctx={ctx} form={emptyForm} />
    ))
  })

  app.post(PUPIL_SIGN_IN_PATH, { config: { access: 'pupils.sign_in', ...STRICT_LIMIT } }, (req, reply) =>
    handleForm(req, reply, {
      schema: CodeBody,
      title: req.t('pupils.sign_in_title'),
      view: (ctx, form) => <PupilSignInView ctx={ctx} form={form} />,
      run: async (input) => {
        const result = await pupils.signInWithCode(serviceContext(req), input.code, req.ip)
        // Whoever was signed in on this (perhaps shared classroom) browser is signed out first.
        await endSession(req, reply)
        setSessionCookie(req, reply, result.sessionToken)
        return reply.redirect(pupils.workspacePath(result.projectId), 303)
      },
    }),
  )

  app.get('/my-project', { config: { access: 'pupils.own_project' } }, async (req, reply) =>
    reply.redirect(pupils.workspacePath(await pupils.ownProject(serviceContext(req))), 303),
  )
}
