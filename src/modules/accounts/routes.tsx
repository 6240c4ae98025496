import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type App, LANGUAGE_COOKIE, sessionCookieName } from '../../app.ts'
import { serviceContext } from '../../platform/context.ts'
import { VISITOR } from '../../platform/policy.ts'
import { actorForSession, destroySession, SESSION_MAX_AGE_SECONDS } from '../../platform/sessions.ts'
import { emptyForm } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import './policy.ts'
import { listSubjects } from '../subjects/service.ts'
import { deleteOwnAccount, exportPersonalData } from './personal-data.ts'
import { patchFromForm, saveProfile } from './profile.ts'
import {
  ChangePasswordBody,
  EmailBody,
  PersonView,
  ProfileFormBody,
  ProfilePatchBody,
  RegisterBody,
  RegistrationView,
  ResetPasswordBody,
  SessionView,
  SignInBody,
} from './schemas.ts'
import * as accounts from './service.ts'
import { DeleteAccountView } from './views/delete-account.tsx'
import {
  ChangePasswordView,
  EmailRequestView,
  MessageView,
  ProfileView,
  RegisterView,
  ResetPasswordView,
  SignInView,
} from './views/forms.tsx'
import { profileFormValues } from './views/profile-fields.tsx'

/** Sign-in, registration and recovery are what attackers hammer: limit them per client address. */
export const STRICT_LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } }

/** Only same-site paths may be returned to after sign-in (no open redirect). */
export function safeNext(next: unknown, fallback = '/profile'): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : fallback
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string): void {
  const { config } = req.server.deps
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: SESSION_MAX_AGE_SECONDS,
  })
}

export function setLanguageCookie(req: FastifyRequest, reply: FastifyReply, locale: string): void {
  reply.setCookie(LANGUAGE_COOKIE, locale, {
    path: '/',
    sameSite: 'lax',
    secure: req.server.deps.config.secureCookies,
    maxAge: 365 * 24 * 3600,
  })
}

/** Ends the session the request came with (signing in again, or as someone else, starts a fresh one). */
export async function endSession(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const name = sessionCookieName(req.server.deps.config)
  const token = req.cookies[name]
  if (token) await destroySession(req.server.deps.db, token)
  reply.clearCookie(name, { path: '/' })
}

const nextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) })
const tokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) })

export function register(app: App): void {
  // ---- Registration and email verification
  app.get('/register', { config: { access: 'account.register' } }, async (req, reply) => {
    if (req.actor.person) return reply.redirect('/profile', 303)
    return sendPage(req, reply, req.t('accounts.register_title'), (ctx) => (
      <RegisterView ctx={ctx} form={emptyForm} />
    ))
  })

  app.post('/register', { config: { access: 'account.register', ...STRICT_LIMIT } }, (req, reply) =>
    handleForm(req, reply, {
      schema: RegisterBody,
      title: req.t('accounts.register_title'),
      view: (ctx, form) => <RegisterView ctx={ctx} form={form} />,
      run: async (input) => {
        await accounts.register(serviceContext(req), input, req.ip)
        return reply.redirect('/register/sent', 303)
      },
    }),
  )

  app.get('/register/sent', { config: { access: 'account.register' } }, async (req, reply) =>
    sendPage(req, reply, req.t('accounts.check_email_title'), (ctx) => (
      <MessageView
        ctx={ctx}
        title={ctx.t('accounts.check_email_title')}
        body={ctx.t('accounts.check_email_body')}
      />
    )),
  )

  app.get(
    '/verify-email',
    { config: { access: 'account.verify_email' }, schema: { querystring: tokenQuery } },
    async (req, reply) => {
      const ok = req.query.token ? await accounts.verifyEmail(app.deps.db, req.query.token) : false
      return sendPage(
        req,
        reply,
        req.t(ok ? 'accounts.verified_title' : 'accounts.verify_failed_title'),
        (ctx) =>
          ok ? (
            <MessageView
              ctx={ctx}
              title={ctx.t('accounts.verified_title')}
              body={ctx.t('accounts.verified_body')}
              link={{ href: '/sign-in', label: ctx.t('nav.sign_in') }}
            />
          ) : (
            <MessageView
              ctx={ctx}
              title={ctx.t('accounts.verify_failed_title')}
              body={ctx.t('accounts.verify_failed_body')}
              link={{ href: '/verify-email/resend', label: ctx.t('accounts.resend_link') }}
            />
          ),
        ok ? 200 : 400,
      )
    },
  )

  app.get('/verify-email/resend', { config: { access: 'account.verify_email' } }, async (req, reply) =>
    sendPage(req, reply, req.t('accounts.resend_title'), (ctx) => (
      <EmailRequestView ctx={ctx} form={emptyForm} kind="resend" />
    )),
  )

  app.post(
    '/verify-email/resend',
    { config: { access: 'account.verify_email', ...STRICT_LIMIT } },
    (req, reply) =>
      handleForm(req, reply, {
        schema: EmailBody,
        title: req.t('accounts.resend_title'),
        view: (ctx, form) => <EmailRequestView ctx={ctx} form={form} kind="resend" />,
        run: async (input) => {
          await accounts.resendVerification(serviceContext(req), input.email, req.ip)
          return reply.redirect('/register/sent', 303)
        },
      }),
  )

  // ---- Sign in and out
  app.get(
    '/sign-in',
    { config: { access: 'account.sign_in' }, schema: { querystring: nextQuery } },
    async (req, reply) => {
      if (req.actor.person) return reply.redirect(safeNext(req.query.next), 303)
      return sendPage(req, reply, req.t('accounts.sign_in_title'), (ctx) => (
        <SignInView ctx={ctx} form={emptyForm} next={safeNext(req.query.next)} />
      ))
    },
  )

  app.post(
    '/sign-in',
    { config: { access: 'account.sign_in', ...STRICT_LIMIT }, schema: { querystring: nextQuery } },
    (req, reply) =>
      handleForm(req, reply, {
        schema: SignInBody,
        title: req.t('accounts.sign_in_title'),
        view: (ctx, form) => <SignInView ctx={ctx} form={form} next={safeNext(req.query.next)} />,
        run: async (input) => {
          await endSession(req, reply)
          const result = await accounts.signIn(serviceContext(req), input, req.ip)
          setSessionCookie(req, reply, result.sessionToken)
          if (result.locale) setLanguageCookie(req, reply, result.locale)
          return reply.redirect(safeNext(req.query.next), 303)
        },
      }),
  )

  app.post('/sign-out', { config: { access: 'account.sign_out' } }, async (req, reply) => {
    await endSession(req, reply)
    return reply.redirect('/', 303)
  })

  // ---- Password recovery
  app.get('/forgot-password', { config: { access: 'account.reset_password' } }, async (req, reply) =>
    sendPage(req, reply, req.t('accounts.forgot_title'), (ctx) => (
      <EmailRequestView ctx={ctx} form={emptyForm} kind="forgot" />
    )),
  )

  app.post(
    '/forgot-password',
    { config: { access: 'account.reset_password', ...STRICT_LIMIT } },
    (req, reply) =>
      handleForm(req, reply, {
        schema: EmailBody,
        title: req.t('accounts.forgot_title'),
        view: (ctx, form) => <EmailRequestView ctx={ctx} form={form} kind="forgot" />,
        run: async (input) => {
          await accounts.requestPasswordReset(serviceContext(req), input.email, req.ip)
          return sendPage(req, reply, req.t('accounts.forgot_sent_title'), (ctx) => (
            <MessageView
              ctx={ctx}
              title={ctx.t('accounts.forgot_sent_title')}
              body={ctx.t('accounts.forgot_sent_body')}
            />
          ))
        },
      }),
  )

  app.get(
    '/reset-password',
    { config: { access: 'account.reset_password' }, schema: { querystring: tokenQuery } },
    async (req, reply) =>
      sendPage(req, reply, req.t('accounts.reset_title'), (ctx) => (
        <ResetPasswordView ctx={ctx} form={emptyForm} token={req.query.token ?? ''} />
      )),
  )

  app.post(
    '/reset-password',
    { config: { access: 'account.reset_password', ...STRICT_LIMIT } },
    (req, reply) =>
      handleForm(req, reply, {
        schema: ResetPasswordBody,
        title: req.t('accounts.reset_title'),
        view: (ctx, form) => {
          const body = req.body as { token?: unknown } | undefined
          return (
            <ResetPasswordView
              ctx={ctx}
              form={form}
              token={typeof body?.token === 'string' ? body.token : ''}
            />
          )
        },
        run: async (input) => {
          await accounts.resetPassword(serviceContext(req), input, req.ip)
          return sendPage(req, reply, req.t('accounts.reset_done_title'), (ctx) => (
            <MessageView
              ctx={ctx}
              title={ctx.t('accounts.reset_done_title')}
              body={ctx.t('accounts.reset_done_body')}
              link={{ href: '/sign-in', label: ctx.t('nav.sign_in') }}
            />
          ))
        },
      }),
  )

  // ---- Own profile
  const profileTitle = (req: FastifyRequest) => req.t('accounts.profile_title')

  app.get(
    '/profile',
    {
      config: { access: 'account.view_own' },
      schema: { querystring: Type.Object({ saved: Type.Optional(Type.String()) }) },
    },
    async (req, reply) => {
      const profile = await accounts.ownProfile(serviceContext(req))
      const subjectList = await listSubjects(app.deps.db)
      const notice =
        req.query.saved === 'password'
          ? req.t('accounts.password_changed')
          : req.query.saved
            ? req.t('forms.saved')
            : undefined
      return sendPage(req, reply, profileTitle(req), (ctx) => (
        <ProfileView
          ctx={ctx}
          form={{
            values: {
              name: profile.name,
              locale: profile.locale ?? ctx.locale,
              ...profileFormValues(profile.profile),
            },
            errors: {},
          }}
          profile={profile}
          subjects={subjectList}
          notice={notice}
        />
      ))
    },
  )

  app.post('/profile', { config: { access: 'account.update_own' } }, async (req, reply) => {
    const profile = await accounts.ownProfile(serviceContext(req))
    const subjectList = await listSubjects(app.deps.db)
    return handleForm(req, reply, {
      schema: ProfileFormBody,
      title: profileTitle(req),
      view: (ctx, form) => <ProfileView ctx={ctx} form={form} profile={profile} subjects={subjectList} />,
      run: async (input) => {
        await saveProfile(serviceContext(req), patchFromForm(input))
        setLanguageCookie(req, reply, input.locale)
        return reply.redirect('/profile?saved=1', 303)
      },
    })
  })

  app.get('/profile/password', { config: { access: 'account.change_password' } }, async (req, reply) =>
    sendPage(req, reply, req.t('accounts.change_password_title'), (ctx) => (
      <ChangePasswordView ctx={ctx} form={emptyForm} />
    )),
  )

  app.post(
    '/profile/password',
    { config: { access: 'account.change_password', ...STRICT_LIMIT } },
    (req, reply) =>
      handleForm(req, reply, {
        schema: ChangePasswordBody,
        title: req.t('accounts.change_password_title'),
        view: (ctx, form) => <ChangePasswordView ctx={ctx} form={form} />,
        run: async (input) => {
          const token = await accounts.changePassword(serviceContext(req), input, req.ip)
          setSessionCookie(req, reply, token)
          return reply.redirect('/profile?saved=password', 303)
        },
      }),
  )

  // ---- JSON API
  app.get(
    '/api/v1/session',
    {
      config: { access: 'account.sign_in' },
      schema: {
        tags: ['accounts'],
        summary: 'Current session and a CSRF token',
        response: { 200: SessionView },
      },
    },
    async (req, reply) => ({
      signedIn: req.actor.person !== null,
      person: req.actor.person ? await accounts.ownProfile(serviceContext(req)) : null,
      csrfToken: reply.generateCsrf(),
    }),
  )

  app.post(
    '/api/v1/session',
    {
      config: { access: 'account.sign_in', ...STRICT_LIMIT },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in; sets the session cookie',
        body: SignInBody,
        response: { 200: SessionView },
      },
    },
    async (req, reply) => {
      await endSession(req, reply)
      const result = await accounts.signIn(serviceContext(req), req.body, req.ip)
      setSessionCookie(req, reply, result.sessionToken)
      const signedIn = (await actorForSession(app.deps.db, result.sessionToken)) ?? req.actor
      return {
        signedIn: true,
        person: await accounts.ownProfile({ ...serviceContext(req), actor: signedIn }),
        csrfToken: reply.generateCsrf(),
      }
    },
  )

  app.delete(
    '/api/v1/session',
    {
      config: { access: 'account.sign_out' },
      schema: {
        tags: ['accounts'],
        summary: 'Sign out',
        response: { 204: Type.Null({ description: 'Signed out' }) },
      },
    },
    async (req, reply) => {
      await endSession(req, reply)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/v1/registrations',
    {
      config: { access: 'account.register', ...STRICT_LIMIT },
      schema: {
        tags: ['accounts'],
        summary:
          'Register; a verification link is emailed. The same 202 answer when the address already has an account (its owner is told by mail instead), so that no one learns which addresses do',
        body: RegisterBody,
        response: { 202: RegistrationView },
      },
    },
    async (req, reply) => {
      await accounts.register(serviceContext(req), req.body, req.ip)
      return reply.status(202).send({ status: 'verification_sent' as const })
    },
  )

  app.get(
    '/api/v1/me',
    {
      config: { access: 'account.view_own' },
      schema: { tags: ['accounts'], summary: 'The signed-in person', response: { 200: PersonView } },
    },
    async (req) => accounts.ownProfile(serviceContext(req)),
  )

  app.patch(
    '/api/v1/me',
    {
      config: { access: 'account.update_own' },
      schema: {
        tags: ['accounts'],
        summary:
          'Update name, language and profile (subjects, ages, languages, looking for partners, visibility)',
        body: ProfilePatchBody,
        response: { 200: PersonView },
      },
    },
    async (req) => {
      await saveProfile(serviceContext(req), req.body)
      return accounts.ownProfile(serviceContext(req))
    },
  )
  // ---- Personal data: download everything, delete the account
  const DeleteBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }) })

  app.get('/profile/data.json', { config: { access: 'account.export_data' } }, async (req, reply) =>
    reply
      .header('content-disposition', 'attachment; filename="korpu-personal-data.json"')
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(await exportPersonalData(serviceContext(req)), null, 2)),
  )

  app.get(
    '/api/v1/me/data',
    {
      config: { access: 'account.export_data' },
      schema: {
        tags: ['accounts'],
        summary: 'Everything the platform holds about the signed-in person (no password or token hashes)',
        response: { 200: Type.Object({}, { additionalProperties: true }) },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return exportPersonalData(serviceContext(req))
    },
  )

  app.get('/profile/delete', { config: { access: 'account.delete_own' } }, async (req, reply) =>
    sendPage(req, reply, req.t('personal_data.delete_title'), (ctx) => (
      <DeleteAccountView ctx={ctx} form={emptyForm} />
    )),
  )

  app.post('/profile/delete', { config: { access: 'account.delete_own', ...STRICT_LIMIT } }, (req, reply) =>
    handleForm(req, reply, {
      schema: DeleteBody,
      title: req.t('personal_data.delete_title'),
      view: (ctx, form) => <DeleteAccountView ctx={ctx} form={form} />,
      run: async (input) => {
        await deleteOwnAccount(serviceContext(req), input.password)
        reply.clearCookie(sessionCookieName(req.server.deps.config), { path: '/' })
        // The page that confirms the deletion is rendered for a visitor: the person no longer exists.
        req.actor = VISITOR
        return sendPage(req, reply, req.t('personal_data.deleted_title'), (ctx) => (
          <MessageView
            ctx={ctx}
            title={ctx.t('personal_data.deleted_title')}
            body={ctx.t('personal_data.deleted_body')}
          />
        ))
      },
    }),
  )

  app.delete(
    '/api/v1/me',
    {
      config: { access: 'account.delete_own', ...STRICT_LIMIT },
      schema: {
        tags: ['accounts'],
        summary:
          'Delete the signed-in account (password required); messages sent stay, signed "former member"',
        body: DeleteBody,
        response: { 204: Type.Null({ description: 'Deleted' }) },
      },
    },
    async (req, reply) => {
      await deleteOwnAccount(serviceContext(req), req.body.password)
      reply.clearCookie(sessionCookieName(req.server.deps.config), { path: '/' })
      return reply.status(204).send(null)
    },
  )
}
