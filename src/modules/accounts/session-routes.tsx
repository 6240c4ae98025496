import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type App, sessionCookieName } from '../../app.ts'
import type { Config } from '../../config.ts'
import { serviceContext } from '../../platform/context.ts'
import { Unauthenticated } from '../../platform/errors.ts'
import {
  actorForSession,
  createSession,
  describeDevice,
  endOtherSessions,
  endSessionByHandle,
  listSessions,
} from '../../platform/sessions.ts'
import { emptyForm } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import { endSession, STRICT_LIMIT, safeNext, setSessionCookie } from './routes.tsx'
import { SignInBody } from './schemas.ts'
import * as secondFactor from './second-factor.ts'
import { MessageView } from './views/forms.tsx'
import {
  EnrolView,
  RecoveryCodesView,
  SecondFactorStatusView,
  SignInCodeView,
} from './views/second-factor.tsx'
import { SessionsView } from './views/sessions.tsx'

const CHALLENGE_MAX_AGE_SECONDS = 5 * 60

/** The pending sign-in's cookie: like the session's, `__Host-` prefixed behind https. */
function challengeCookieName(config: Config): string {
  return config.secureCookies ? '__Host-korpu_sign_in' : 'korpu_sign_in'
}

function clearChallengeCookie(req: FastifyRequest, reply: FastifyReply): void {
  const { config } = req.server.deps
  reply.clearCookie(challengeCookieName(config), { path: '/', secure: config.secureCookies })
}

const enrolmentUrl = (next: string) => `/profile/second-factor?next=${encodeURIComponent(next)}`

/** Starts the session after every factor was checked; a person whose role needs a second factor is sent to enrol. */
async function startSession(
  req: FastifyRequest,
  reply: FastifyReply,
  personId: string,
  device: string | null,
): Promise<string> {
  const token = await createSession(req.server.deps.db, personId, { device })
  setSessionCookie(req, reply, token)
  return token
}

/**
 * After a correct password on the sign-in form: with a second factor, a short-lived pending state (no session, no
 * rights) and the code page; without one, the session, and enrolment first for coordinators and administrators.
 */
export async function continueSignIn(
  req: FastifyRequest,
  reply: FastifyReply,
  personId: string,
  next: string,
): Promise<FastifyReply> {
  const { db, config } = req.server.deps
  const device = describeDevice(req.headers['user-agent'])
  if (await secondFactor.hasSecondFactor(db, personId)) {
    reply.setCookie(challengeCookieName(config), await secondFactor.startChallenge(db, personId, device), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      maxAge: CHALLENGE_MAX_AGE_SECONDS,
    })
    return reply.redirect(`/sign-in/code?next=${encodeURIComponent(next)}`, 303)
  }
  const actor = await actorForSession(db, await startSession(req, reply, personId, device))
  return reply.redirect(actor?.withheldRoles?.size ? enrolmentUrl(next) : next, 303)
}

/** The API signs in in one step: the code (or a recovery code) comes with the password when one is enrolled. */
export const ApiSignInBody = Type.Object({
  ...SignInBody.properties,
  code: Type.Optional(
    Type.String({ maxLength: 20, description: 'Code from the authenticator app, or a recovery code' }),
  ),
})

/** The API's sign-in after a correct password; returns the new session's cookie value. */
export async function continueApiSignIn(
  req: FastifyRequest,
  reply: FastifyReply,
  personId: string,
  code: string | undefined,
): Promise<string> {
  const { db, config } = req.server.deps
  if (await secondFactor.hasSecondFactor(db, personId))
    await secondFactor.requireCode(db, config, personId, code)
  return startSession(req, reply, personId, describeDevice(req.headers['user-agent']))
}

const nextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) })
const CodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) })

export function register(app: App): void {
  const currentToken = (req: FastifyRequest) => req.cookies[sessionCookieName(app.deps.config)] ?? ''
  const personId = (req: FastifyRequest) => {
    if (!req.actor.person) throw new Unauthenticated()
    return req.actor.person.id
  }

  // ---- One's own sessions
  app.get(
    '/profile/sessions',
    {
      config: { access: 'account.sessions' },
      schema: { querystring: Type.Object({ ended: Type.Optional(Type.String({ maxLength: 10 })) }) },
    },
    async (req, reply) => {
      const sessions = await listSessions(app.deps.db, personId(req), currentToken(req))
      const notice = req.query.ended ? req.t('sessions.ended') : undefined
      reply.header('cache-control', 'no-store')
      return sendPage(req, reply, req.t('sessions.title'), (ctx) => (
        <SessionsView ctx={ctx} sessions={sessions} notice={notice} />
      ))
    },
  )

  app.post(
    '/profile/sessions/:handle/end',
    {
      config: { access: 'account.sessions' },
      schema: { params: Type.Object({ handle: Type.String({ pattern: '^[0-9a-f]{32}$' }) }) },
    },
    async (req, reply) => {
      await endSessionByHandle(app.deps.db, personId(req), req.params.handle)
      return reply.redirect('/profile/sessions?ended=1', 303)
    },
  )

  app.post('/profile/sessions/end-others', { config: { access: 'account.sessions' } }, async (req, reply) => {
    await endOtherSessions(app.deps.db, personId(req), currentToken(req))
    return reply.redirect('/profile/sessions?ended=others', 303)
  })

  // ---- Second factor: enrolment
  const title = (req: FastifyRequest) => req.t('second_factor.title')
  const required = (req: FastifyRequest) => (req.actor.withheldRoles?.size ?? 0) > 0

  app.get(
    '/profile/second-factor',
    { config: { access: 'account.second_factor' }, schema: { querystring: nextQuery } },
    async (req, reply) => {
      // The page shows a secret: it is never kept by a cache.
      reply.header('cache-control', 'no-store')
      const status = await secondFactor.secondFactorStatus(serviceContext(req))
      if (status.enrolledAt) {
        return sendPage(req, reply, title(req), (ctx) => <SecondFactorStatusView ctx={ctx} status={status} />)
      }
      const enrolment = await secondFactor.startEnrolment(serviceContext(req))
      const next = safeNext(req.query.next)
      return sendPage(req, reply, title(req), (ctx) => (
        <EnrolView ctx={ctx} form={emptyForm} enrolment={enrolment} next={next} required={required(req)} />
      ))
    },
  )

  app.post(
    '/profile/second-factor',
    { config: { access: 'account.second_factor', ...STRICT_LIMIT }, schema: { querystring: nextQuery } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store')
      const next = safeNext(req.query.next)
      const enrolment = await secondFactor.startEnrolment(serviceContext(req))
      const wasRequired = required(req)
      return handleForm(req, reply, {
        schema: CodeBody,
        title: title(req),
        view: (ctx, form) => (
          <EnrolView ctx={ctx} form={form} enrolment={enrolment} next={next} required={wasRequired} />
        ),
        run: async (input) => {
          const codes = await secondFactor.confirmEnrolment(serviceContext(req), input.code)
          // A privilege change: the session goes on under a new id (the other sessions end on their next use).
          const id = personId(req)
          await endSession(req, reply)
          const token = await startSession(req, reply, id, describeDevice(req.headers['user-agent']))
          req.actor = (await actorForSession(app.deps.db, token)) ?? req.actor
          return sendPage(req, reply, req.t('second_factor.enrolled_title'), (ctx) => (
            <RecoveryCodesView ctx={ctx} codes={codes} next={next} />
          ))
        },
      })
    },
  )

  // ---- Second factor: the code after the password
  app.get(
    '/sign-in/code',
    { config: { access: 'account.sign_in_code' }, schema: { querystring: nextQuery } },
    async (req, reply) => {
      const next = safeNext(req.query.next)
      const token = req.cookies[challengeCookieName(app.deps.config)]
      if (!token || !(await secondFactor.challengeIsOpen(app.deps.db, token))) {
        return sendPage(req, reply, req.t('second_factor.sign_in_title'), (ctx) => (
          <MessageView
            ctx={ctx}
            title={ctx.t('second_factor.sign_in_title')}
            body={ctx.t('second_factor.challenge_closed')}
            link={{
              href: `/sign-in?next=${encodeURIComponent(next)}`,
              label: ctx.t('second_factor.start_again'),
            }}
          />
        ))
      }
      return sendPage(req, reply, req.t('second_factor.sign_in_title'), (ctx) => (
        <SignInCodeView ctx={ctx} form={emptyForm} next={next} />
      ))
    },
  )

  app.post(
    '/sign-in/code',
    { config: { access: 'account.sign_in_code', ...STRICT_LIMIT }, schema: { querystring: nextQuery } },
    (req, reply) => {
      const next = safeNext(req.query.next)
      return handleForm(req, reply, {
        schema: CodeBody,
        title: req.t('second_factor.sign_in_title'),
        view: (ctx, form) => <SignInCodeView ctx={ctx} form={form} next={next} />,
        run: async (input) => {
          const token = req.cookies[challengeCookieName(app.deps.config)] ?? ''
          const { db, config } = app.deps
          let signedIn: { personId: string; device: string | null }
          try {
            signedIn = await secondFactor.answerChallenge(db, config, token, input.code)
          } catch (error) {
            if (error instanceof secondFactor.ChallengeClosed) clearChallengeCookie(req, reply)
            throw error
          }
          clearChallengeCookie(req, reply)
          await endSession(req, reply)
          await startSession(req, reply, signedIn.personId, signedIn.device)
          return reply.redirect(next, 303)
        },
      })
    },
  )
}
