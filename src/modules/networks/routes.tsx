import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { type Static, type TSchema, Type } from 'typebox'
import type { App } from '../../app.ts'
import { LOCALES } from '../../config.ts'
import { serviceContext } from '../../platform/context.ts'
import { AppError } from '../../platform/errors.ts'
import { sendStoredFile } from '../../platform/files.ts'
import { handleError } from '../../platform/http.tsx'
import { validate } from '../../platform/validation.ts'
import { emptyForm, type FormState } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage } from '../../web/render.tsx'
import type { ViewContext } from '../../web/view-context.ts'
import { isTooLarge, keepFileNames, typedBeforeFailure, uploadIn } from '../workspace/routes.tsx'
import './policy.ts'
import {
  CentreBody,
  DecisionBody,
  DecisionRecordBody,
  DocumentFields,
  DocumentParams,
  GroupBody,
  GroupMemberBody,
  GroupParams,
  JoinBody,
  MeetingBody,
  MemberBody,
  MemberParams,
  NetworkBody,
  NetworkCreateApiBody,
  NetworkDetail,
  NetworkListResponse,
  type Notice,
  NoticeQuery,
  OfficerBody,
  OfficerParams,
  PostBody,
  SlugParams,
  ThreadBody,
  ThreadParams,
} from './schemas.ts'
import * as networks from './service.ts'
import { type GroupForm, GroupView, ThreadView } from './views/group.tsx'
import { JoinView, type ManageForm, ManageView } from './views/manage.tsx'
import { NetworkFormView, NetworksListView, NetworkView } from './views/network.tsx'

const byLocale = (texts: { az: string | null; en: string | null; ru: string | null }) =>
  Object.fromEntries(LOCALES.map((l) => [l, texts[l]])) as {
    az: string | null
    en: string | null
    ru: string | null
  }

export function register(app: App): void {
  const ctxOf = (req: FastifyRequest) => serviceContext(req)
  const maxBytes = app.deps.config.projects.maxUploadBytes
  const enter = { access: 'networks.enter' as const }
  const noticeOf = (req: FastifyRequest, done: Notice) => (done ? req.t(`networks.done.${done}`) : undefined)
  const errorTitle = (req: FastifyRequest, title: string) => `${req.t('forms.error_prefix')} ${title}`

  /**
   * An upload route: one file up to the installation's limit. A larger file is refused with 413 and the page's
   * form comes back with what was typed before the file (`page` draws it); other errors go the usual way.
   */
  const upload = (
    page: (
      req: FastifyRequest,
      reply: FastifyReply,
      form: FormState,
      status: number,
    ) => Promise<FastifyReply>,
  ) => ({
    config: {
      ...enter,
      multipartOptions: { limits: { files: 1, fileSize: maxBytes, fields: 10, parts: 11 } },
    },
    onRequest: keepFileNames,
    errorHandler: async (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      if (!isTooLarge(error)) return handleError(error, req, reply)
      const size = `${Math.round(maxBytes / 1024 / 1024)} MB`
      const form = {
        values: typedBeforeFailure(req.body),
        errors: { file: { key: 'networks.errors.too_large', values: { size } } },
      }
      try {
        return await page(req, reply, form, 413)
      } catch (failure) {
        if (failure instanceof AppError) return handleError(failure, req, reply)
        throw failure
      }
    },
  })

  // ---- Public pages

  app.get('/networks', { config: { access: 'networks.view' } }, async (req, reply) => {
    const list = await networks.listNetworks(ctxOf(req), req.locale)
    return sendPage(req, reply, req.t('networks.title'), (ctx) => (
      <NetworksListView ctx={ctx} networks={list} />
    ))
  })

  app.get('/networks/new', { config: { access: 'networks.create' } }, async (req, reply) =>
    sendPage(req, reply, req.t('networks.new'), (ctx) => (
      <NetworkFormView ctx={ctx} form={{ values: { kind: 'university_alliance' }, errors: {} }} />
    )),
  )

  app.post('/networks', { config: { access: 'networks.create' } }, async (req, reply) =>
    handleForm(req, reply, {
      schema: NetworkBody,
      title: req.t('networks.new'),
      view: (ctx, form) => <NetworkFormView ctx={ctx} form={form} />,
      run: async (input) => {
        const slug = await networks.createNetwork(ctxOf(req), input)
        return reply.redirect(`${networks.networkUrl(slug)}/manage?done=created`, 303)
      },
    }),
  )

  app.get(
    '/networks/:slug',
    { config: { access: 'networks.view' }, schema: { params: SlugParams, querystring: NoticeQuery } },
    async (req, reply) => {
      const data = await networks.networkPage(ctxOf(req), req.params.slug, req.locale)
      const materials = await networks.publicMaterials(ctxOf(req), data.id)
      return sendPage(req, reply, data.name.text, (ctx) => (
        <NetworkView ctx={ctx} data={data} materials={materials} notice={noticeOf(req, req.query.done)} />
      ))
    },
  )

  app.get(
    '/networks/:slug/documents/:documentId',
    { config: { access: 'networks.view' }, schema: { params: DocumentParams } },
    async (req, reply) => {
      const file = await networks.documentForDownload(ctxOf(req), req.params.slug, req.params.documentId)
      return sendStoredFile(reply, file, { inline: true })
    },
  )

  // ---- Editing the network

  app.get('/networks/:slug/edit', { config: enter, schema: { params: SlugParams } }, async (req, reply) => {
    const values = await networks.editFormValues(ctxOf(req), req.params.slug)
    return sendPage(req, reply, req.t('networks.edit'), (ctx) => (
      <NetworkFormView ctx={ctx} form={{ values, errors: {} }} slug={req.params.slug} />
    ))
  })

  app.post('/networks/:slug', { config: enter, schema: { params: SlugParams } }, async (req, reply) => {
    // Loaded first so that only those who may edit see the form again.
    await networks.editFormValues(ctxOf(req), req.params.slug)
    return handleForm(req, reply, {
      schema: NetworkBody,
      title: req.t('networks.edit'),
      view: (ctx, form) => <NetworkFormView ctx={ctx} form={form} slug={req.params.slug} />,
      run: async (input) => {
        await networks.updateNetwork(ctxOf(req), req.params.slug, input)
        return reply.redirect(`${networks.networkUrl(req.params.slug)}?done=saved`, 303)
      },
    })
  })

  // ---- Management: members, officers, centres, documents, groups

  const managePage = async (req: FastifyRequest) => {
    const { slug } = req.params as { slug: string }
    const data = await networks.managePage(ctxOf(req), slug, req.locale)
    return (ctx: ViewContext, failed?: { form: ManageForm; state: FormState }, notice?: string) => (
      <ManageView ctx={ctx} data={data} maxBytes={maxBytes} failed={failed} notice={notice} />
    )
  }

  app.get(
    '/networks/:slug/manage',
    { config: enter, schema: { params: SlugParams, querystring: NoticeQuery } },
    async (req, reply) => {
      const view = await managePage(req)
      return sendPage(req, reply, req.t('networks.manage'), (ctx) =>
        view(ctx, undefined, noticeOf(req, req.query.done)),
      )
    },
  )

  /** A form of the management page: on bad input the page comes back with that form's messages and values. */
  const manageForm = <S extends TSchema>(
    url: string,
    form: ManageForm,
    schema: S,
    run: (req: FastifyRequest, input: Static<S>) => Promise<Notice>,
    anchor: string,
  ) =>
    app.post(url, { config: enter, schema: { params: SlugParams } }, async (req, reply) => {
      const view = await managePage(req)
      return handleForm(req, reply, {
        schema,
        title: req.t('networks.manage'),
        view: (ctx, state) => view(ctx, { form, state }),
        run: async (input) => {
          const done = await run(req, input)
          return reply.redirect(`/networks/${req.params.slug}/manage?done=${done}#${anchor}`, 303)
        },
      })
    })

  manageForm(
    '/networks/:slug/members',
    'member',
    MemberBody,
    async (req, input) => {
      await networks.addMember(ctxOf(req), (req.params as { slug: string }).slug, input)
      return input.mode === 'add' ? 'added' : 'invited'
    },
    'members',
  )
  manageForm(
    '/networks/:slug/officers',
    'officer',
    OfficerBody,
    async (req, input) => {
      await networks.addOfficer(ctxOf(req), (req.params as { slug: string }).slug, input)
      return 'officer'
    },
    'officers',
  )
  manageForm(
    '/networks/:slug/centres',
    'centre',
    CentreBody,
    async (req, input) => {
      await networks.addCentre(ctxOf(req), (req.params as { slug: string }).slug, input)
      return 'centre'
    },
    'centres',
  )
  manageForm(
    '/networks/:slug/groups',
    'group',
    GroupBody,
    async (req, input) => {
      await networks.createGroup(ctxOf(req), (req.params as { slug: string }).slug, input)
      return 'group'
    },
    'groups',
  )

  const documentFailure = async (
    req: FastifyRequest,
    reply: FastifyReply,
    state: FormState,
    status: number,
  ) => {
    const view = await managePage(req)
    return sendPage(
      req,
      reply,
      errorTitle(req, req.t('networks.manage')),
      (ctx) => view(ctx, { form: 'document', state }),
      status,
    )
  }
  app.post(
    '/networks/:slug/documents',
    { ...upload(documentFailure), schema: { params: SlugParams } },
    async (req, reply) => {
      const view = await managePage(req)
      return handleForm(req, reply, {
        schema: DocumentFields,
        title: req.t('networks.manage'),
        view: (ctx, state) => view(ctx, { form: 'document', state }),
        run: async (input) => {
          await networks.addDocument(ctxOf(req), req.params.slug, input, uploadIn(req.body))
          return reply.redirect(`/networks/${req.params.slug}/manage?done=document#documents`, 303)
        },
      })
    },
  )

  app.post(
    '/networks/:slug/members/:memberId/decision',
    { config: enter, schema: { params: MemberParams } },
    async (req, reply) => {
      const input = validate(DecisionBody, req.body)
      await networks.decideMember(ctxOf(req), req.params.slug, req.params.memberId, input.decision)
      return reply.redirect(`/networks/${req.params.slug}/manage?done=decided#members`, 303)
    },
  )

  app.post(
    '/networks/:slug/officers/:officerId/end',
    { config: enter, schema: { params: OfficerParams } },
    async (req, reply) => {
      await networks.endTerm(ctxOf(req), req.params.slug, req.params.officerId)
      return reply.redirect(`/networks/${req.params.slug}/manage?done=term_ended#officers`, 303)
    },
  )

  // ---- Joining: requests by institutions' administrators, and their answers to invitations

  const joinView = async (req: FastifyRequest) => {
    const data = await networks.joinPage(ctxOf(req), (req.params as { slug: string }).slug, req.locale)
    return (ctx: ViewContext, form: FormState, notice?: string) => (
      <JoinView ctx={ctx} data={data} form={form} notice={notice} />
    )
  }

  app.get(
    '/networks/:slug/join',
    { config: enter, schema: { params: SlugParams, querystring: NoticeQuery } },
    async (req, reply) => {
      const view = await joinView(req)
      return sendPage(req, reply, req.t('networks.join'), (ctx) =>
        view(ctx, emptyForm, noticeOf(req, req.query.done)),
      )
    },
  )

  app.post('/networks/:slug/join', { config: enter, schema: { params: SlugParams } }, async (req, reply) => {
    const view = await joinView(req)
    return handleForm(req, reply, {
      schema: JoinBody,
      title: req.t('networks.join'),
      view: (ctx, form) => view(ctx, form),
      run: async (input) => {
        await networks.requestMembership(ctxOf(req), req.params.slug, input.institution, input.message)
        return reply.redirect(`/networks/${req.params.slug}/join?done=requested`, 303)
      },
    })
  })

  app.post(
    '/networks/:slug/members/:memberId/accept',
    { config: enter, schema: { params: MemberParams } },
    async (req, reply) => {
      await networks.acceptInvitation(ctxOf(req), req.params.slug, req.params.memberId)
      return reply.redirect(`${networks.networkUrl(req.params.slug)}?done=accepted`, 303)
    },
  )

  // ---- Working groups

  const groupPage = async (req: FastifyRequest) => {
    const { slug, groupId } = req.params as { slug: string; groupId: string }
    const data = await networks.groupPage(ctxOf(req), slug, groupId, req.locale)
    const view = (ctx: ViewContext, failed?: { form: GroupForm; state: FormState }, notice?: string) => (
      <GroupView ctx={ctx} data={data} maxBytes={maxBytes} failed={failed} notice={notice} />
    )
    return { title: data.group.name, view }
  }

  app.get(
    '/networks/:slug/groups/:groupId',
    { config: enter, schema: { params: GroupParams, querystring: NoticeQuery } },
    async (req, reply) => {
      const { title, view } = await groupPage(req)
      return sendPage(req, reply, title, (ctx) => view(ctx, undefined, noticeOf(req, req.query.done)))
    },
  )

  const groupForm = <S extends TSchema>(
    path: string,
    form: GroupForm,
    schema: S,
    run: (req: FastifyRequest, input: Static<S>) => Promise<string>,
  ) =>
    app.post(
      `/networks/:slug/groups/:groupId${path}`,
      { config: enter, schema: { params: GroupParams } },
      async (req, reply) => {
        const { title, view } = await groupPage(req)
        return handleForm(req, reply, {
          schema,
          title,
          view: (ctx, state) => view(ctx, { form, state }),
          run: async (input) => reply.redirect(await run(req, input), 303),
        })
      },
    )

  const groupBase = (req: FastifyRequest) => {
    const { slug, groupId } = req.params as { slug: string; groupId: string }
    return { slug, groupId, url: networks.groupUrl(slug, groupId) }
  }
  groupForm('/members', 'member', GroupMemberBody, async (req, input) => {
    const g = groupBase(req)
    await networks.addGroupMember(ctxOf(req), g.slug, g.groupId, input.email, input.role)
    return `${g.url}?done=group_member`
  })
  groupForm('/threads', 'thread', ThreadBody, async (req, input) => {
    const g = groupBase(req)
    const threadId = await networks.startThread(ctxOf(req), g.slug, g.groupId, input.title, input.body)
    return `${g.url}/threads/${threadId}`
  })
  groupForm('/decisions', 'decision', DecisionRecordBody, async (req, input) => {
    const g = groupBase(req)
    await networks.recordDecision(ctxOf(req), g.slug, g.groupId, input.decided_on, input.text)
    return `${g.url}?done=decision#decisions`
  })
  groupForm('/meetings', 'meeting', MeetingBody, async (req, input) => {
    const g = groupBase(req)
    await networks.linkMeeting(ctxOf(req), g.slug, g.groupId, input.event)
    return `${g.url}?done=meeting#meetings`
  })

  const materialFailure = async (
    req: FastifyRequest,
    reply: FastifyReply,
    state: FormState,
    status: number,
  ) => {
    const { title, view } = await groupPage(req)
    return sendPage(
      req,
      reply,
      errorTitle(req, title),
      (ctx) => view(ctx, { form: 'material', state }),
      status,
    )
  }
  app.post(
    '/networks/:slug/groups/:groupId/materials',
    { ...upload(materialFailure), schema: { params: GroupParams } },
    async (req, reply) => {
      const { title, view } = await groupPage(req)
      return handleForm(req, reply, {
        schema: DocumentFields,
        title,
        view: (ctx, state) => view(ctx, { form: 'material', state }),
        run: async (input) => {
          await networks.addMaterial(
            ctxOf(req),
            req.params.slug,
            req.params.groupId,
            input,
            uploadIn(req.body),
          )
          return reply.redirect(
            `${networks.groupUrl(req.params.slug, req.params.groupId)}?done=material#materials`,
            303,
          )
        },
      })
    },
  )

  const threadView = async (req: FastifyRequest) => {
    const { slug, groupId, threadId } = req.params as { slug: string; groupId: string; threadId: string }
    return networks.threadPage(ctxOf(req), slug, groupId, threadId, req.locale)
  }

  app.get(
    '/networks/:slug/groups/:groupId/threads/:threadId',
    { config: enter, schema: { params: ThreadParams } },
    async (req, reply) => {
      const data = await threadView(req)
      return sendPage(req, reply, data.thread.title, (ctx) => (
        <ThreadView ctx={ctx} data={data} form={emptyForm} />
      ))
    },
  )

  app.post(
    '/networks/:slug/groups/:groupId/threads/:threadId',
    { config: enter, schema: { params: ThreadParams } },
    async (req, reply) => {
      const data = await threadView(req)
      return handleForm(req, reply, {
        schema: PostBody,
        title: data.thread.title,
        view: (ctx, form) => <ThreadView ctx={ctx} data={data} form={form} />,
        run: async (input) => {
          const { slug, groupId, threadId } = req.params
          await networks.reply(ctxOf(req), slug, groupId, threadId, input.body)
          return reply.redirect(`${networks.groupUrl(slug, groupId)}/threads/${threadId}`, 303)
        },
      })
    },
  )

  // ---- API

  app.get(
    '/api/v1/networks',
    {
      config: { access: 'networks.view' },
      schema: {
        tags: ['networks'],
        summary:
          'Networks (rectors’ conferences, alliances, VET networks, teacher communities) with their active members and countries counted',
        response: { 200: NetworkListResponse },
      },
    },
    async (req) => {
      const list = await networks.listNetworks(ctxOf(req), req.locale)
      return {
        networks: list.map((n) => ({
          slug: n.slug,
          kind: n.kind,
          name: byLocale(n.names),
          acronym: n.acronym,
          foundedOn: n.foundedOn,
          members: n.members,
          countries: n.countries,
          url: n.url,
        })),
      }
    },
  )

  app.get(
    '/api/v1/networks/:slug',
    {
      config: { access: 'networks.view' },
      schema: {
        tags: ['networks'],
        summary:
          'A network’s public page: mission, members by country, officers in office, regional centres, public documents, events and the outcomes that founded it',
        params: SlugParams,
        response: { 200: NetworkDetail },
      },
    },
    async (req) => {
      const data = await networks.networkPage(ctxOf(req), req.params.slug, req.locale)
      const publicDocs = data.documents.filter((d) => d.visibility === 'public')
      const materials = await networks.publicMaterials(ctxOf(req), data.id)
      return {
        slug: data.slug,
        kind: data.kind,
        name: byLocale(data.names),
        acronym: data.acronym,
        foundedOn: data.foundedOn,
        members: data.counters.members,
        countries: data.counters.countries,
        url: networks.networkUrl(data.slug),
        mission: byLocale(data.missions),
        website: data.website,
        foundedBy: data.foundedBy,
        membersByCountry: data.membersByCountry.map((c) => ({
          country: c.country,
          members: c.members.map((m) => ({
            slug: m.institution_slug,
            name: m.institution_name,
            type: m.institution_type,
            category: m.category,
            since: m.member_since,
          })),
        })),
        officers: data.officers.map((o) => ({
          name: o.name,
          role: o.role,
          termStart: o.term_start,
          termEnd: o.term_end,
        })),
        centres: data.centres.map((c) => ({
          name: { az: c.name_az, en: c.name_en, ru: c.name_ru },
          institution: { slug: c.institution_slug, name: c.institution_name },
          countries: c.countries,
        })),
        documents: [...publicDocs, ...materials].map((d) => ({
          title: d.title,
          kind: d.kind,
          url: d.url ?? networks.documentUrl(data.slug, d.id),
        })),
        events: data.events.map((e) => ({ slug: e.slug, title: e.title.text, startsAt: e.startsAt })),
        outcomes: data.outcomes.map((o) => ({ slug: o.slug, title: o.title.text })),
      }
    },
  )

  app.post(
    '/api/v1/networks',
    {
      config: { access: 'networks.create' },
      schema: {
        tags: ['networks'],
        summary: 'Set a network up with its first member institutions (national coordinators)',
        body: NetworkCreateApiBody,
        response: { 201: Type.Object({ slug: Type.String(), url: Type.String() }) },
      },
    },
    async (req, reply) => {
      const slug = await networks.createNetwork(ctxOf(req), req.body)
      return reply.status(201).send({ slug, url: networks.networkUrl(slug) })
    },
  )
}
