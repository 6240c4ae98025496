import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Static, type TSchema, Type } from 'typebox'
import type { App } from '../../app.ts'
import { ID_PATTERN, newId } from '../../db/ids.ts'
import { serviceContext } from '../../platform/context.ts'
import { rejectedRowsCsv } from '../../platform/csv.ts'
import { type FieldErrors, Invalid, NotFound } from '../../platform/errors.ts'
import { readStoredJson, sendStoredFile, storageKey, storeJson } from '../../platform/files.ts'
import { handleError, sendProblem } from '../../platform/http.tsx'
import { authorize } from '../../platform/policy.ts'
import { validate } from '../../platform/validation.ts'
import { handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import './policy.ts'
import type { InstitutionType } from '../../db/schema.ts'
import { consortiaOf } from '../consortia/service.ts'
import { networksOf } from '../networks/service.ts'
import { NewsAbout, newsAbout } from '../news/views/about.tsx'
import { galleryProjectsOf } from '../projects/gallery.ts'
import {
  ExportQuery,
  ImportReport,
  InstitutionBody,
  InstitutionDetail,
  InstitutionListQuery,
  InstitutionPage,
  InstitutionType as InstitutionTypeSchema,
  MemberParams,
  MembershipDecisionBody,
  MembershipRequestResult,
  MembersOverview,
  MergeBody,
  SlugParams,
} from './schemas.ts'
import * as institutions from './service.ts'
import { exportInstitutions, importInstitutions } from './transfer.ts'
import { InstitutionEditView } from './views/edit.tsx'
import { ImportView } from './views/import.tsx'
import { Involvement } from './views/involvement.tsx'
import { InstitutionListView } from './views/list.tsx'
import { InstitutionMembersView } from './views/members.tsx'
import { InstitutionPageView } from './views/page.tsx'

/** Uploads above this are refused with 413 before anything is parsed. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024

const ImportQuery = Type.Object({
  dry_run: Type.Optional(Type.Boolean({ default: false })),
  type: Type.Optional(InstitutionTypeSchema),
})
const NoticeQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 2 })),
  merged: Type.Optional(Type.String({ maxLength: 2 })),
  requested: Type.Optional(Type.String({ maxLength: 2 })),
})
const MembersNoticeQuery = Type.Object({
  done: Type.Optional(Type.Enum(['confirm', 'decline', 'make_admin'])),
})
const ReportParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) })
const ImportFormFields = Type.Object({
  dry_run: Type.Optional(Type.String({ maxLength: 10 })),
  type: Type.Optional(Type.String({ maxLength: 32 })),
})

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'statusCode' in error && error.statusCode === 413
}

/** Import reports live in the file storage: the report page may be served by another process than the import. */
const reportKey = (id: string) => storageKey('imports', `${id}.json`)

function sendExport(req: FastifyRequest, reply: FastifyReply, format: 'csv' | 'json') {
  const query = validate(ExportQuery, req.query)
  const filter = { country: query.country?.toUpperCase(), type: query.type }
  const stream = Readable.from(exportInstitutions(req.server.deps.db, filter, format))
  return reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="institutions.${format}"`)
    .send(stream)
}

export function register(app: App): void {
  // The import API takes the file itself as the body (curl --data-binary @file.csv -H 'content-type: text/csv').
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
    (_req, body, done) => done(null, body),
  )

  app.get(
    '/api/v1/institutions',
    {
      config: { access: 'institutions.list' },
      schema: {
        tags: ['institutions'],
        summary: 'The institutions registry, filtered and paged, with counts per country, region and type',
        querystring: InstitutionListQuery,
        response: { 200: InstitutionPage },
      },
    },
    async (req) => institutions.listInstitutions(serviceContext(req), req.query, req.locale),
  )

  for (const format of ['csv', 'json'] as const) {
    app.get(
      `/api/v1/institutions.${format}`,
      {
        config: { access: 'institutions.list' },
        schema: {
          tags: ['institutions'],
          summary: `The whole registry (or one country / type) as ${format.toUpperCase()}, for download`,
          querystring: ExportQuery,
        },
      },
      async (req, reply) => sendExport(req, reply, format),
    )
  }

  app.post(
    '/api/v1/institutions/import',
    {
      config: { access: 'institutions.import' },
      bodyLimit: IMPORT_MAX_BYTES,
      errorHandler: (error, req, reply) => {
        if (isTooLarge(error)) return sendProblem(req, reply, 413, req.t('institutions.import.too_large'))
        return handleError(error, req, reply)
      },
      schema: {
        tags: ['institutions'],
        summary: 'Import institutions from a CSV body (content-type text/csv); coordinators only',
        querystring: ImportQuery,
        response: { 200: ImportReport },
      },
    },
    async (req) => {
      authorize(req.actor, 'institutions.import', undefined)
      if (!Buffer.isBuffer(req.body)) throw new Invalid({ file: { key: 'institutions.import.csv_body' } })
      return importInstitutions(req.server.deps.db, req.body, {
        dryRun: req.query.dry_run ?? false,
        defaultType: req.query.type,
        actorId: req.actor.person?.id ?? null,
        t: req.t,
      })
    },
  )

  app.get(
    '/api/v1/institutions/:slug',
    {
      config: { access: 'institutions.list' },
      schema: {
        tags: ['institutions'],
        summary:
          'One institution; a merged record answers 301 with the address of the one it was merged into',
        params: SlugParams,
        response: { 200: InstitutionDetail },
      },
    },
    async (req, reply) => {
      const found = await institutions.getInstitution(serviceContext(req), req.params.slug, req.locale)
      if (found.kind === 'moved') return reply.redirect(`/api/v1/institutions/${found.slug}`, 301)
      return found.detail
    },
  )

  app.put(
    '/api/v1/institutions/:slug',
    {
      config: { access: 'institutions.edit' },
      schema: {
        tags: ['institutions'],
        summary: 'Change an institution (its administrators and coordinators)',
        params: SlugParams,
        body: InstitutionBody,
        response: { 200: InstitutionDetail },
      },
    },
    async (req) => {
      const ctx = serviceContext(req)
      const { slug } = await institutions.updateInstitution(ctx, req.params.slug, req.body)
      const found = await institutions.getInstitution(ctx, slug, req.locale)
      if (found.kind !== 'found') throw new NotFound()
      return found.detail
    },
  )

  app.post(
    '/api/v1/institutions/:slug/merge',
    {
      config: { access: 'institutions.merge' },
      schema: {
        tags: ['institutions'],
        summary: 'Merge this duplicate into another institution (coordinators); memberships move to it',
        params: SlugParams,
        body: MergeBody,
        response: { 200: Type.Object({ slug: Type.String({ description: 'The institution that stays' }) }) },
      },
    },
    async (req) => institutions.mergeInstitutions(serviceContext(req), req.params.slug, req.body.into),
  )

  app.post(
    '/api/v1/institutions/:slug/membership',
    {
      config: { access: 'institutions.members.request' },
      schema: {
        tags: ['institutions'],
        summary:
          'Ask to be listed at this institution (validated members); pending until its admins or a coordinator confirm; 409 when already asked or listed',
        params: SlugParams,
        response: { 201: MembershipRequestResult },
      },
    },
    async (req, reply) => {
      const { slug } = await institutions.requestMembership(serviceContext(req), req.params.slug)
      return reply.status(201).send({ slug, status: 'pending' as const })
    },
  )

  app.get(
    '/api/v1/institutions/:slug/members',
    {
      config: { access: 'institutions.members.manage' },
      schema: {
        tags: ['institutions'],
        summary:
          "People waiting for confirmation and confirmed members (the institution's admins, coordinators)",
        params: SlugParams,
        response: { 200: MembersOverview },
      },
    },
    async (req) => institutions.membersOverview(serviceContext(req), req.params.slug),
  )

  app.post(
    '/api/v1/institutions/:slug/members/:id',
    {
      config: { access: 'institutions.members.manage' },
      schema: {
        tags: ['institutions'],
        summary:
          "Confirm or decline a person's pending request, or make a confirmed member a co-admin (the institution's admins, coordinators)",
        params: MemberParams,
        body: MembershipDecisionBody,
        response: { 200: MembersOverview },
      },
    },
    async (req) => {
      const ctx = serviceContext(req)
      await institutions.decideMembership(ctx, req.params.slug, req.params.id, req.body.decision)
      return institutions.membersOverview(ctx, req.params.slug)
    },
  )

  // --- HTML pages ---

  app.get(
    '/institutions',
    { config: { access: 'institutions.list' }, schema: { querystring: InstitutionListQuery } },
    async (req, reply) => {
      const ctx = serviceContext(req)
      const [page, economicRegions] = await Promise.all([
        institutions.listInstitutions(ctx, req.query, req.locale),
        institutions.listEconomicRegions(ctx),
      ])
      return sendPage(req, reply, req.t('institutions.title'), (view) => (
        <InstitutionListView
          ctx={view}
          query={req.query}
          page={page}
          country={app.deps.config.country}
          economicRegions={economicRegions}
        />
      ))
    },
  )

  const importPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    status = 200,
    extra: Parameters<typeof ImportView>[0]['state'] = {},
  ) =>
    sendPage(
      req,
      reply,
      req.t('institutions.import.title'),
      (ctx) => <ImportView ctx={ctx} state={extra} />,
      status,
    )

  app.get('/institutions/import', { config: { access: 'institutions.import' } }, async (req, reply) => {
    authorize(req.actor, 'institutions.import', undefined)
    return importPage(req, reply)
  })

  app.post(
    '/institutions/import',
    {
      config: {
        access: 'institutions.import',
        multipartOptions: { limits: { files: 1, fileSize: IMPORT_MAX_BYTES } },
      },
      bodyLimit: IMPORT_MAX_BYTES + 64 * 1024,
      // An oversized file stops in the multipart parser, before the handler: say so on the form, in plain words.
      errorHandler: (error, req, reply) => {
        if (isTooLarge(error))
          return importPage(req, reply, 413, { errors: { file: { key: 'institutions.import.too_large' } } })
        return handleError(error, req, reply)
      },
    },
    async (req, reply) => {
      authorize(req.actor, 'institutions.import', undefined)
      const body = (req.body ?? {}) as Record<string, unknown>
      const file = body.file
      try {
        const fields = validate(
          ImportFormFields,
          Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'file')),
        )
        if (!Buffer.isBuffer(file) || file.length === 0)
          throw new Invalid({ file: { key: 'institutions.import.no_file' } })
        const defaultType = (fields.type || undefined) as InstitutionType | undefined
        const report = await importInstitutions(req.server.deps.db, file, {
          dryRun: fields.dry_run === 'yes',
          defaultType,
          actorId: req.actor.person?.id ?? null,
          t: req.t,
        })
        // Kept so that the rejected rows can be downloaded as CSV from the report page.
        const id = newId()
        await storeJson(req.server.deps.storage, reportKey(id), report)
        return importPage(req, reply, 200, { report, reportId: id })
      } catch (error) {
        if (!(error instanceof Invalid)) throw error
        return importPage(req, reply, 400, { errors: error.fields })
      }
    },
  )

  app.get(
    '/institutions/import/:id/rejected.csv',
    { config: { access: 'institutions.import' }, schema: { params: ReportParams } },
    async (req, reply) => {
      authorize(req.actor, 'institutions.import', undefined)
      const report = await readStoredJson<{
        rejected: Array<{ line: number; name: string; reasons: string[] }>
      }>(req.server.deps.storage, reportKey(req.params.id))
      if (report === null) throw new NotFound()
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="rejected-rows.csv"')
        .send(rejectedRowsCsv(report.rejected))
    },
  )

  app.get(
    '/institutions/:slug',
    { config: { access: 'institutions.list' }, schema: { params: SlugParams, querystring: NoticeQuery } },
    async (req, reply) => {
      const found = await institutions.getInstitution(serviceContext(req), req.params.slug, req.locale)
      if (found.kind === 'moved') return reply.redirect(`/institutions/${found.slug}`, 301)
      const { db, config } = app.deps
      const id = found.detail.id
      const [news, projects, partnerOf, networks] = await Promise.all([
        newsAbout(db, 'institution', id, req.locale, config.defaultLocale),
        galleryProjectsOf(db, id, req.locale),
        consortiaOf(db, id, req.locale),
        networksOf(db, id, req.locale),
      ])
      return sendPage(req, reply, found.detail.name, (ctx) => (
        <>
          <InstitutionPageView
            ctx={ctx}
            detail={found.detail}
            abilities={found.abilities}
            baseUrl={app.deps.config.baseUrl}
            notice={
              req.query.saved
                ? 'saved'
                : req.query.merged
                  ? 'merged'
                  : req.query.requested
                    ? 'requested'
                    : undefined
            }
          />
          <Involvement
            ctx={ctx}
            data={{ slug: found.detail.slug, projects, consortia: partnerOf, networks }}
          />
          <NewsAbout ctx={ctx} data={news} addressKey={found.detail.slug} />
        </>
      ))
    },
  )

  app.get(
    '/institutions/:slug/edit',
    { config: { access: 'institutions.edit' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const { row, values } = await institutions.editFormValues(serviceContext(req), req.params.slug)
      return sendPage(req, reply, req.t('institutions.edit_title', { name: row.name }), (ctx) => (
        <InstitutionEditView
          ctx={ctx}
          slug={row.slug}
          name={row.name}
          country={app.deps.config.country}
          form={{ values, errors: {} }}
          logoUrl={institutions.logoUrl(row)}
        />
      ))
    },
  )

  app.post(
    '/institutions/:slug/edit',
    { config: { access: 'institutions.edit' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const ctx = serviceContext(req)
      const { row } = await institutions.editFormValues(ctx, req.params.slug)
      return handleForm(req, reply, {
        schema: InstitutionBody,
        title: req.t('institutions.edit_title', { name: row.name }),
        view: (view, form) => (
          <InstitutionEditView
            ctx={view}
            slug={row.slug}
            name={row.name}
            country={app.deps.config.country}
            form={form}
            logoUrl={institutions.logoUrl(row)}
          />
        ),
        run: async (input) => {
          const { slug } = await institutions.updateInstitution(ctx, req.params.slug, input)
          return reply.redirect(`/institutions/${slug}?saved=1`, 303)
        },
      })
    },
  )

  /** The edit page with the logo form's error; the other fields show what is stored. */
  const logoFormPage = async (
    req: FastifyRequest<{ Params: { slug: string } }>,
    reply: FastifyReply,
    status: number,
    error: FieldErrors,
  ) => {
    const { row, values } = await institutions.editFormValues(serviceContext(req), req.params.slug)
    return sendPage(
      req,
      reply,
      req.t('institutions.edit_title', { name: row.name }),
      (ctx) => (
        <InstitutionEditView
          ctx={ctx}
          slug={row.slug}
          name={row.name}
          country={app.deps.config.country}
          form={{ values, errors: {} }}
          logoUrl={institutions.logoUrl(row)}
          logoForm={{ values: {}, errors: error }}
        />
      ),
      status,
    )
  }

  app.post(
    '/institutions/:slug/logo',
    {
      config: {
        access: 'institutions.edit',
        multipartOptions: { limits: { files: 1, fileSize: institutions.LOGO_MAX_BYTES } },
      },
      schema: { params: SlugParams },
      errorHandler: (error, req, reply) => {
        if (isTooLarge(error))
          return logoFormPage(req as FastifyRequest<{ Params: { slug: string } }>, reply, 413, {
            logo: { key: 'institutions.logo.too_large' },
          })
        return handleError(error, req, reply)
      },
    },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const remove = body.remove === 'yes'
      const file = Buffer.isBuffer(body.logo) ? body.logo : Buffer.alloc(0)
      try {
        const { slug } = await institutions.setLogo(
          serviceContext(req),
          req.params.slug,
          remove ? null : file,
        )
        return reply.redirect(`/institutions/${slug}?saved=1`, 303)
      } catch (error) {
        if (!(error instanceof Invalid)) throw error
        return logoFormPage(req, reply, 400, error.fields)
      }
    },
  )

  app.get(
    '/institutions/:slug/logo',
    { config: { access: 'institutions.list' }, schema: { params: SlugParams } },
    async (req, reply) => {
      const logo = await institutions.logoFile(serviceContext(req), req.params.slug)
      return sendStoredFile(reply, logo, { inline: true, cache: 'public' })
    },
  )

  /**
   * A form that lives on the institution's own page (merging a duplicate, asking to be listed): on bad input the
   * page comes back with that form's messages and what was typed.
   */
  const pageForm = <T extends TSchema>(
    req: FastifyRequest<{ Params: { slug: string } }>,
    reply: FastifyReply,
    schema: T,
    slot: 'mergeForm' | 'requestForm',
    run: (input: Static<T>) => Promise<string>,
  ) =>
    institutions.getInstitution(serviceContext(req), req.params.slug, req.locale).then((found) => {
      if (found.kind === 'moved') throw new NotFound()
      return handleForm(req, reply, {
        schema,
        title: found.detail.name,
        view: (view, form) => (
          <InstitutionPageView
            ctx={view}
            detail={found.detail}
            abilities={found.abilities}
            baseUrl={app.deps.config.baseUrl}
            {...{ [slot]: form }}
          />
        ),
        run: async (input) => reply.redirect(await run(input), 303),
      })
    })

  app.post(
    '/institutions/:slug/merge',
    { config: { access: 'institutions.merge' }, schema: { params: SlugParams } },
    (req, reply) =>
      pageForm(req, reply, MergeBody, 'mergeForm', async (input) => {
        const { slug } = await institutions.mergeInstitutions(
          serviceContext(req),
          req.params.slug,
          input.into,
        )
        return `/institutions/${slug}?merged=1`
      }),
  )

  app.post(
    '/institutions/:slug/membership',
    { config: { access: 'institutions.members.request' }, schema: { params: SlugParams } },
    (req, reply) =>
      pageForm(req, reply, Type.Object({}), 'requestForm', async () => {
        const { slug } = await institutions.requestMembership(serviceContext(req), req.params.slug)
        return `/institutions/${slug}?requested=1`
      }),
  )

  app.get(
    '/institutions/:slug/members',
    {
      config: { access: 'institutions.members.manage' },
      schema: { params: SlugParams, querystring: MembersNoticeQuery },
    },
    async (req, reply) => {
      const overview = await institutions.membersOverview(serviceContext(req), req.params.slug)
      return sendPage(
        req,
        reply,
        req.t('institutions.membership.manage_title', { name: overview.institution.name }),
        (ctx) => <InstitutionMembersView ctx={ctx} overview={overview} notice={req.query.done} />,
      )
    },
  )

  app.post(
    '/institutions/:slug/members/:id',
    { config: { access: 'institutions.members.manage' }, schema: { params: MemberParams } },
    async (req, reply) => {
      const ctx = serviceContext(req)
      const overview = await institutions.membersOverview(ctx, req.params.slug)
      return handleForm(req, reply, {
        schema: MembershipDecisionBody,
        title: req.t('institutions.membership.manage_title', { name: overview.institution.name }),
        view: (view, form) => <InstitutionMembersView ctx={view} overview={overview} form={form} />,
        run: async (input) => {
          const { slug } = await institutions.decideMembership(
            ctx,
            req.params.slug,
            req.params.id,
            input.decision,
          )
          return reply.redirect(`/institutions/${slug}/members?done=${input.decision}`, 303)
        },
      })
    },
  )
}
