import type { FastifyReply, FastifyRequest, onSendHookHandler, preHandlerHookHandler } from 'fastify'

/**
 * Whole pages as visitors get them, for pages every visitor sees alike (the home page, the statistics page):
 * rendering the layout and the figures costs a few milliseconds of the only event loop on every request, while
 * the figures themselves change at most once a minute. Signed-in people are never served from here (their pages
 * carry their name and controls), nor is anything but a plain 200 page. Entries live for `ttlMs` — no longer than
 * the figures they show, whose "as of" time they carry — and `clear` drops a database's pages at once when its
 * figures are counted again after a write.
 */
export interface VisitorPages {
  /** Route hooks: preHandler answers from the cache, onSend keeps what a visitor was sent. */
  hooks: { preHandler: preHandlerHookHandler; onSend: onSendHookHandler<unknown> }
  clear(db: object): void
}

/** Keys are a page address and a language; this bounds what odd query strings can make a cache keep. */
const MAX_ENTRIES = 200

export function visitorPages(options: { ttlMs: number; db: (req: FastifyRequest) => object }): VisitorPages {
  const caches = new WeakMap<object, Map<string, { at: number; html: Buffer }>>()
  const entriesOf = (db: object) => {
    let entries = caches.get(db)
    if (!entries) {
      entries = new Map()
      caches.set(db, entries)
    }
    return entries
  }
  // htmx asks the same address for the results part only: a page and its part are kept apart.
  const keyOf = (req: FastifyRequest) =>
    `${req.locale} ${req.headers['hx-request'] === 'true' ? 'part' : 'page'} ${req.url}`
  const forVisitor = (req: FastifyRequest) => req.actor.person === null && req.method === 'GET'

  const preHandler: preHandlerHookHandler = (req, reply, done) => {
    if (!forVisitor(req)) return done()
    const entries = entriesOf(options.db(req))
    const entry = entries.get(keyOf(req))
    if (!entry || Date.now() - entry.at >= options.ttlMs) return done()
    reply
      .type('text/html; charset=utf-8')
      .header('vary', 'HX-Request')
      .header('x-page-cache', 'hit')
      .send(entry.html)
  }
  const onSend = async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (
      forVisitor(req) &&
      reply.statusCode === 200 &&
      typeof payload === 'string' &&
      !reply.hasHeader('x-page-cache')
    ) {
      const entries = entriesOf(options.db(req))
      if (entries.size >= MAX_ENTRIES) entries.clear()
      // Kept encoded: a hit then writes the bytes as they are, instead of encoding a page of 10–80 kB again; this
      // answer sends the same bytes, encoded once.
      const html = Buffer.from(payload)
      entries.set(keyOf(req), { at: Date.now(), html })
      return html
    }
    return payload
  }
  return {
    hooks: { preHandler, onSend: onSend as onSendHookHandler<unknown> },
    clear: (db) => caches.get(db)?.clear(),
  }
}
