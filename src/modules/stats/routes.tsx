import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { renderToString } from 'preact-render-to-string'
import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { serviceContext } from '../../platform/context.ts'
import { can } from '../../platform/policy.ts'
import { emptyForm } from '../../web/components.tsx'
import { handleForm } from '../../web/forms.tsx'
import { sendPage, viewContext } from '../../web/render.tsx'
import { chartSvg } from './charts.ts'
import {
  buildFigures,
  type FigureTable,
  figureCsv,
  figureJson,
  findFigure,
  openDataBundle,
} from './figures.ts'
import { listSnapshots } from './queries.ts'
import {
  EnteredFiguresBody,
  FIGURES,
  FigureParams,
  FigureResponse,
  FormatQuery,
  IndexResponse,
  WithdrawBody,
} from './schemas.ts'
import {
  derived,
  enterFigures,
  invalidateStats,
  METRICS,
  statsEntry,
  statsPages,
  withdrawFigures,
} from './service.ts'
import { EnteredFiguresPage, FigureSections, StatisticsPage } from './views/statistics.tsx'

/** How long a client or proxy may reuse a download: as long as the server reuses one counting of the data. */
const CACHE_CONTROL = 'public, max-age=60'

interface Payload {
  body: string | Buffer
  etag: string
}

const payload = (body: string | Buffer): Payload => ({
  body,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
})

/** Sends a cached payload with its validators; a client holding the same ETag gets 304 and no body. */
function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  data: Payload,
  type: string,
  filename?: string,
) {
  reply
    .header('etag', data.etag)
    .header('cache-control', CACHE_CONTROL)
    .header('vary', 'Accept-Language, Cookie')
  if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(data.etag)) return reply.status(304).send()
  if (filename) reply.header('content-disposition', `attachment; filename="${filename}"`)
  return reply.type(type).send(data.body)
}

export function register(app: App): void {
  const db = app.deps.db
  const figuresOf = async (req: FastifyRequest) => {
    const entry = await statsEntry(db, app.deps.readDb)
    return {
      entry,
      figures: await derived(entry, `figures:${req.locale}`, (d) => buildFigures(d, req.locale)),
    }
  }

  // Any change made through the web app may change a counted table: the next reader counts again. (Commands and
  // other processes are covered by the one-minute lifetime that every figure's "as of" states.)
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 400) invalidateStats(db)
  })

  app.get('/statistics', { config: { access: 'stats.view' }, ...statsPages.hooks }, async (req, reply) => {
    const { entry, figures } = await figuresOf(req)
    const ctx = viewContext(req, reply)
    const figuresHtml = await derived(entry, `html:${req.locale}`, () =>
      renderToString(
        <FigureSections
          ctx={ctx}
          figures={figures.map((figure: FigureTable) => ({
            figure,
            svg: figure.rows.length ? chartSvg(figure) : '',
          }))}
        />,
      ),
    )
    const asOf = (await entry.data).asOf
    return sendPage(req, reply, req.t('stats.title'), (ctx) => (
      <StatisticsPage
        ctx={ctx}
        figuresHtml={figuresHtml}
        asOf={asOf}
        canEnter={can(req.actor, 'stats.enter', undefined)}
      />
    ))
  })

  const enteredPage = async (req: FastifyRequest, reply: FastifyReply, form = emptyForm, status = 200) => {
    const entered = (await listSnapshots(db)).filter((r) => r.source === 'entered')
    return sendPage(
      req,
      reply,
      req.t('stats.enter_title'),
      (ctx) => <EnteredFiguresPage ctx={ctx} form={form} entered={entered} />,
      status,
    )
  }

  app.get('/statistics/entered', { config: { access: 'stats.enter' } }, (req, reply) =>
    enteredPage(req, reply),
  )

  app.post('/statistics/entered', { config: { access: 'stats.enter' } }, async (req, reply) => {
    const entered = (await listSnapshots(db)).filter((r) => r.source === 'entered')
    return handleForm(req, reply, {
      schema: EnteredFiguresBody,
      title: req.t('stats.enter_title'),
      view: (ctx, form) => <EnteredFiguresPage ctx={ctx} form={form} entered={entered} />,
      run: async (input) => {
        await enterFigures(serviceContext(req), input)
        return reply.redirect('/statistics/entered', 303)
      },
    })
  })

  app.post('/statistics/entered/withdraw', { config: { access: 'stats.enter' } }, async (req, reply) => {
    const entered = (await listSnapshots(db)).filter((r) => r.source === 'entered')
    return handleForm(req, reply, {
      schema: WithdrawBody,
      title: req.t('stats.enter_title'),
      view: (ctx, form) => <EnteredFiguresPage ctx={ctx} form={form} entered={entered} />,
      run: async (input) => {
        await withdrawFigures(serviceContext(req), input.month)
        return reply.redirect('/statistics/entered', 303)
      },
    })
  })

  // ---- The open-data API

  app.get(
    '/api/v1/stats',
    {
      config: { access: 'stats.view' },
      schema: {
        tags: ['stats'],
        summary:
          'The live counters with their definitions and the list of published figures (each as JSON and CSV) and the open-data bundle. Cached for 60 seconds (Cache-Control, ETag).',
        response: { 200: IndexResponse },
      },
    },
    async (req, reply) => {
      const { entry, figures } = await figuresOf(req)
      const data = await derived(entry, `index:${req.locale}`, () => {
        const counters = findFigure(figures, 'counters')
        return payload(
          JSON.stringify({
            asOf: counters.asOf,
            counters: METRICS.map((metric) => {
              const row = counters.rows.find((r) => r.metric === metric)
              return { metric, value: Number(row?.value ?? 0), definition: String(row?.definition ?? '') }
            }),
            figures: FIGURES.map((id) => ({
              id,
              json: `/api/v1/stats/${id}?format=json`,
              csv: `/api/v1/stats/${id}?format=csv`,
            })),
            bundle: '/api/v1/stats/open-data.zip',
          }),
        )
      })
      return sendCached(req, reply, data, 'application/json; charset=utf-8')
    },
  )

  app.get(
    '/api/v1/stats/open-data.zip',
    {
      config: { access: 'stats.view' },
      schema: {
        tags: ['stats'],
        summary:
          'The open-data bundle: a ZIP of every figure as CSV and a README.md of their definitions and fields. Cached for 60 seconds (Cache-Control, ETag).',
      },
    },
    async (req, reply) => {
      const { entry, figures } = await figuresOf(req)
      const data = await derived(entry, `bundle:${req.locale}`, async () =>
        payload(await openDataBundle(figures, req.locale)),
      )
      return sendCached(req, reply, data, 'application/zip', 'korpu-statistics.zip')
    },
  )

  app.get(
    '/api/v1/stats/:figure',
    {
      config: { access: 'stats.view' },
      schema: {
        tags: ['stats'],
        summary:
          'One published figure: its definition, "as of" time, columns with their meaning and rows, exactly as the statistics page charts them; ?format=csv for CSV (definition in "#" lines first). Cached for 60 seconds (Cache-Control, ETag).',
        params: FigureParams,
        querystring: FormatQuery,
        response: { 200: Type.Union([FigureResponse, Type.String()]) },
      },
    },
    async (req, reply) => {
      const { figure: id } = req.params
      const format = req.query.format ?? 'json'
      const { entry, figures } = await figuresOf(req)
      const data = await derived(entry, `${format}:${req.locale}:${id}`, () => {
        const figure = findFigure(figures, id)
        return payload(format === 'csv' ? figureCsv(figure) : JSON.stringify(figureJson(figure)))
      })
      return format === 'csv'
        ? sendCached(req, reply, data, 'text/csv; charset=utf-8', `korpu-${id}.csv`)
        : sendCached(req, reply, data, 'application/json; charset=utf-8')
    },
  )
}
