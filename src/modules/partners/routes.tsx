import type { FastifyRequest } from 'fastify'
import { renderToString } from 'preact-render-to-string'
import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { ID_PATTERN } from '../../db/ids.ts'
import { serviceContext } from '../../platform/context.ts'
import { emptyForm } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage, viewContext } from '../../web/render.tsx'
import { listSubjects } from '../subjects/service.ts'
import './policy.ts'
import { ContactBody, MessageView, SearchQuery, SearchResponse } from './schemas.ts'
import * as partners from './service.ts'
import { InboxView, PersonView } from './views/person.tsx'
import { ResultsUpdate, SearchPage } from './views/search.tsx'

const idParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) })

/**
 * The search form sends every field, empty ones as "" (the sort select's default option too, which the schema's
 * sort does not accept): an empty filter is no filter, so empty values are dropped before validation.
 */
export async function dropEmptyFilters(req: FastifyRequest): Promise<void> {
  const query = req.query as Record<string, unknown>
  for (const [key, value] of Object.entries(query)) if (value === '') delete query[key]
}

export function register(app: App): void {
  app.get(
    '/api/v1/partners',
    {
      config: { access: 'partners.search' },
      preValidation: dropEmptyFilters,
      schema: {
        tags: ['partners'],
        summary: 'Partner search over members and institutions, with facet counts',
        description:
          'Visitors and people not yet validated see public profiles and institutions; validated members also see profiles visible to members. Email addresses are never part of a result.',
        querystring: SearchQuery,
        response: { 200: SearchResponse },
      },
    },
    async (req) => partners.search(serviceContext(req), req.query, app.deps.readDb),
  )

  app.get(
    '/partners',
    {
      config: { access: 'partners.search' },
      preValidation: dropEmptyFilters,
      schema: { querystring: SearchQuery },
    },
    async (req, reply) => {
      const [result, subjects] = await Promise.all([
        partners.search(serviceContext(req), req.query, app.deps.readDb),
        listSubjects(app.deps.db),
      ])
      // htmx asks for the results only (its swap target); the full page otherwise, so the URL works on its own.
      if (req.headers['hx-request'] === 'true') {
        const ctx = viewContext(req, reply)
        return reply
          .header('vary', 'HX-Request')
          .type('text/html; charset=utf-8')
          .send(
            renderToString(
              <ResultsUpdate ctx={ctx} params={req.query} result={result} subjects={subjects} />,
            ),
          )
      }
      reply.header('vary', 'HX-Request')
      return sendPage(req, reply, req.t('partners.title'), (ctx) => (
        <SearchPage ctx={ctx} params={req.query} result={result} subjects={subjects} />
      ))
    },
  )

  app.get(
    '/people/:id',
    {
      config: { access: 'partners.search' },
      schema: {
        params: idParams,
        querystring: Type.Object({ sent: Type.Optional(Type.String({ maxLength: 4 })) }),
      },
    },
    async (req, reply) => {
      const [person, subjects] = await Promise.all([
        partners.personPage(serviceContext(req), req.params.id),
        listSubjects(app.deps.db),
      ])
      return sendPage(req, reply, person.name, (ctx) => (
        <PersonView
          ctx={ctx}
          person={person}
          subjects={subjects}
          form={emptyForm}
          sent={Boolean(req.query.sent)}
        />
      ))
    },
  )

  app.post(
    '/people/:id/contact',
    { config: { access: 'partners.contact' }, schema: { params: idParams } },
    async (req, reply) => {
      const [person, subjects] = await Promise.all([
        partners.personPage(serviceContext(req), req.params.id),
        listSubjects(app.deps.db),
      ])
      return handleForm(req, reply, {
        schema: ContactBody,
        title: person.name,
        view: (ctx, form) => <PersonView ctx={ctx} person={person} subjects={subjects} form={form} />,
        run: async (input) => {
          await partners.contact(serviceContext(req), req.params.id, input)
          return reply.redirect(`/people/${req.params.id}?sent=1`, 303)
        },
      })
    },
  )

  app.post(
    '/api/v1/people/:id/messages',
    {
      config: { access: 'partners.contact' },
      schema: {
        tags: ['partners'],
        summary: 'Write to a member through the platform (their address is never revealed); 5 per hour',
        params: idParams,
        body: ContactBody,
        response: { 202: Type.Object({ status: Type.Literal('sent') }) },
      },
    },
    async (req, reply) => {
      await partners.contact(serviceContext(req), req.params.id, req.body)
      return reply.status(202).send({ status: 'sent' as const })
    },
  )

  app.get('/messages', { config: { access: 'messages.view_own' } }, async (req, reply) => {
    const messages = await partners.inbox(serviceContext(req))
    return sendPage(req, reply, req.t('partners.inbox_title'), (ctx) => (
      <InboxView ctx={ctx} messages={messages} />
    ))
  })

  app.get(
    '/api/v1/messages',
    {
      config: { access: 'messages.view_own' },
      schema: {
        tags: ['partners'],
        summary: 'Messages received through the platform, newest first',
        response: { 200: Type.Array(MessageView) },
      },
    },
    async (req) => partners.inbox(serviceContext(req)),
  )
}
