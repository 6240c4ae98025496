import type { FastifyRequest } from 'fastify'
import type { App } from '../../app.ts'
import { serviceContext } from '../../platform/context.ts'
import { Invalid, NotFound } from '../../platform/errors.ts'
import { can } from '../../platform/policy.ts'
import { emptyForm } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage, viewContext } from '../../web/render.tsx'
import * as attendance from './attendance.ts'
import './attendance-policy.ts'
import {
  CertificateView,
  CheckInBody,
  CheckInQuery,
  CodeParams,
  ReportBody,
  SavedQuery,
  SlugParams,
  TicketCheckInBody,
  TicketParams,
  TicketQuery,
  VerifyQuery,
} from './attendance-schemas.ts'
import * as certificates from './certificates.ts'
import * as outcomes from './outcomes.ts'
import { addEventPanel } from './panels.ts'
import { checkInUrl, ticketQrSvg } from './tickets.ts'
import { VerificationView, VerifyLookupView } from './views/attendance/certificate.tsx'
import { CheckInView } from './views/attendance/check-in.tsx'
import {
  OrganiserLinks,
  OutcomeFormView,
  OutcomePanel,
  ParticipantLinks,
} from './views/attendance/outcome.tsx'
import { TicketCheckInView, TicketView } from './views/attendance/ticket.tsx'

// The event page (events core) draws these into its slots; added once per process, as panels.ts asks. Within a slot
// panels keep the order they were added in: the person's place (registration's panel) comes before their ticket.
import './registration-routes.tsx'

addEventPanel('registration', 'attendance.ticket', async (req, reply, page) => {
  if (!can(req.actor, 'attendance.ticket', page.access)) return null
  const attended = await attendance.attendanceOf(serviceContext(req), page.id)
  if (attended === null) return null
  return (
    <ParticipantLinks
      ctx={viewContext(req, reply)}
      slug={page.event.slug}
      certificate={attended.length > 0}
    />
  )
})

addEventPanel('outcome', 'attendance.outcome', async (req, reply, page) => {
  const outcome = await outcomes.publicOutcome(req.server.deps.db, page.event.slug, req.locale)
  return outcome && <OutcomePanel ctx={viewContext(req, reply)} slug={page.event.slug} outcome={outcome} />
})

addEventPanel('organiser', 'attendance.organiser', async (req, reply, page) =>
  can(req.actor, 'attendance.check_in', page.access) ? (
    <OrganiserLinks ctx={viewContext(req, reply)} slug={page.event.slug} />
  ) : null,
)

/** Tickets, check-in, certificates with their public verification, and the outcome form (issue 6). */
export function register(app: App): void {
  const ctxOf = (req: FastifyRequest) => serviceContext(req)

  // ---- The participant's ticket and certificate
  app.get(
    '/events/:slug/ticket',
    { config: { access: 'attendance.enter' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const ticket = await attendance.ownTicket(ctxOf(req), req.params.slug)
      const qrSvg = await ticketQrSvg(checkInUrl(app.deps.config.baseUrl, ticket.event.slug, ticket.ticket))
      // The ticket is a key to the person's check-in: never kept by a shared cache.
      reply.header('cache-control', 'private, no-store')
      return sendPage(req, reply, req.t('attendance.ticket_title'), (ctx) => (
        <TicketView ctx={ctx} ticket={ticket} qrSvg={qrSvg} />
      ))
    },
  )

  app.get(
    '/events/:slug/certificate.pdf',
    { config: { access: 'attendance.enter' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const certificate = await certificates.ownCertificate(ctxOf(req), req.params.slug, req.locale)
      const pdf = await certificates.certificatePdf(certificate, req.t, req.locale)
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${req.params.slug}.pdf"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(pdf)
    },
  )

  // ---- The organisers' check-in: the list, and a scanned ticket's page
  app.get(
    '/events/:slug/check-in',
    { config: { access: 'attendance.enter' }, schema: { params: SlugParams, querystring: CheckInQuery } },
    async (req, reply) => {
      const list = await attendance.checkInList(ctxOf(req), req.params.slug, req.query)
      const named = req.query.r ? list.rows.find((row) => row.id === req.query.r) : undefined
      const done = req.query.done && named ? { kind: req.query.done, name: named.name } : undefined
      return sendPage(req, reply, req.t('attendance.check_in_title'), (ctx) => (
        <CheckInView ctx={ctx} list={list} form={emptyForm} done={done} />
      ))
    },
  )

  app.post(
    '/events/:slug/check-in',
    { config: { access: 'attendance.enter' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
      const ctx = ctxOf(req)
      // The list the form came from, to show again with the messages if the click cannot be done.
      const requested = str(body.day)
      const list = await attendance
        .checkInList(ctx, req.params.slug, { day: requested, q: str(body.q) })
        .catch((error: unknown) => {
          if (error instanceof Invalid)
            return attendance.checkInList(ctx, req.params.slug, { q: str(body.q) })
          throw error
        })
      return handleForm(req, reply, {
        schema: CheckInBody,
        title: req.t('attendance.check_in_title'),
        view: (vctx, form) => <CheckInView ctx={vctx} list={list} form={form} />,
        run: async (input) => {
          const result = await attendance.setAttendance(ctx, req.params.slug, {
            registration: { id: input.registration },
            day: input.day,
            present: input.present === 'yes',
          })
          const query = new URLSearchParams({
            day: result.day,
            done: input.present === 'yes' ? 'in' : 'out',
            r: input.registration,
          })
          if (input.q) query.set('q', input.q)
          return reply.redirect(`/events/${req.params.slug}/check-in?${query}`, 303)
        },
      })
    },
  )

  app.get(
    '/events/:slug/check-in/:ticket',
    { config: { access: 'attendance.enter' }, schema: { params: TicketParams, querystring: TicketQuery } },
    async (req, reply) => {
      const holder = await attendance.ticketHolder(
        ctxOf(req),
        req.params.slug,
        req.params.ticket,
        req.query.day,
      )
      return sendPage(req, reply, holder.registration.name, (ctx) => (
        <TicketCheckInView ctx={ctx} holder={holder} done={req.query.done} />
      ))
    },
  )

  app.post(
    '/events/:slug/check-in/:ticket',
    { config: { access: 'attendance.enter' }, schema: { params: TicketParams } },
    async (req, reply) => {
      const ctx = ctxOf(req)
      const holder = await attendance.ticketHolder(ctx, req.params.slug, req.params.ticket)
      return handleForm(req, reply, {
        schema: TicketCheckInBody,
        title: holder.registration.name,
        view: (vctx) => <TicketCheckInView ctx={vctx} holder={holder} />,
        run: async (input) => {
          const result = await attendance.setAttendance(ctx, req.params.slug, {
            registration: { ticket: req.params.ticket },
            day: input.day,
            present: input.present === 'yes',
          })
          const query = new URLSearchParams({ day: result.day, done: input.present === 'yes' ? 'in' : 'out' })
          return reply.redirect(
            `/events/${req.params.slug}/check-in/${encodeURIComponent(req.params.ticket)}?${query}`,
            303,
          )
        },
      })
    },
  )

  // ---- Outcome (organisers)
  app.get(
    '/events/:slug/outcome',
    { config: { access: 'attendance.enter' }, schema: { params: SlugParams, querystring: SavedQuery } },
    async (req, reply) => {
      const { event, outcome } = await outcomes.outcomePage(ctxOf(req), req.params.slug, req.locale)
      const values = {
        report_az: event.report_az ?? '',
        report_en: event.report_en ?? '',
        report_ru: event.report_ru ?? '',
      }
      return sendPage(req, reply, req.t('attendance.outcome_title'), (ctx) => (
        <OutcomeFormView
          ctx={ctx}
          event={event}
          outcome={outcome}
          form={{ values, errors: {} }}
          saved={req.query.done === 'saved'}
        />
      ))
    },
  )

  app.post(
    '/events/:slug/outcome',
    { config: { access: 'attendance.enter' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const ctx = ctxOf(req)
      const { event, outcome } = await outcomes.outcomePage(ctx, req.params.slug, req.locale)
      return handleForm(req, reply, {
        schema: ReportBody,
        title: req.t('attendance.outcome_title'),
        view: (vctx, form) => <OutcomeFormView ctx={vctx} event={event} outcome={outcome} form={form} />,
        run: async (input) => {
          await outcomes.recordOutcome(ctx, req.params.slug, input)
          return reply.redirect(`/events/${req.params.slug}/outcome?done=saved`, 303)
        },
      })
    },
  )

  // ---- Public verification of a certificate
  app.get(
    '/certificates',
    { config: { access: 'certificates.verify' }, schema: { querystring: VerifyQuery } },
    async (req, reply) => {
      const typed = req.query.code?.trim()
      if (typed) {
        const code = certificates.normaliseCode(typed)
        if (code) return reply.redirect(`/certificates/${code}`, 303)
        const form = { values: { code: typed }, errors: { code: { key: 'attendance.certificate_unknown' } } }
        return sendPage(
          req,
          reply,
          req.t('attendance.verify_title'),
          (ctx) => <VerifyLookupView ctx={ctx} form={form} />,
          400,
        )
      }
      return sendPage(req, reply, req.t('attendance.verify_title'), (ctx) => (
        <VerifyLookupView ctx={ctx} form={emptyForm} />
      ))
    },
  )

  app.get(
    '/certificates/:code',
    { config: { access: 'certificates.verify' }, schema: { params: CodeParams } },
    async (req, reply) => {
      try {
        const verification = await certificates.verifyCertificate(ctxOf(req), req.params.code, req.locale)
        return sendPage(req, reply, req.t('attendance.verify_title'), (ctx) => (
          <VerificationView ctx={ctx} verification={verification} />
        ))
      } catch (error) {
        if (!(error instanceof NotFound)) throw error
        // A code that matches nothing: say so, and offer the form to type it again.
        const form = { values: { code: req.params.code }, errors: { code: error.detail } }
        return sendPage(
          req,
          reply,
          req.t('attendance.verify_title'),
          (ctx) => <VerifyLookupView ctx={ctx} form={form} />,
          404,
        )
      }
    },
  )

  app.get(
    '/api/v1/certificates/:code',
    {
      config: { access: 'certificates.verify' },
      schema: {
        tags: ['events'],
        summary: 'Verifies a certificate of attendance: the holder, the event and its dates',
        params: CodeParams,
        response: { 200: CertificateView },
      },
    },
    async (req) => {
      const v = await certificates.verifyCertificate(ctxOf(req), req.params.code, req.locale)
      return { code: v.code, name: v.name, event: v.title, dates: v.dates, issuedAt: v.issuedAt }
    },
  )
}
