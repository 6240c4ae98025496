import type { App } from '../app.ts'

/** Text types whose charset must be spelled out, so that no browser guesses one (ASVS V14.4.1). */
const TEXT_TYPE = /^(text\/|application\/(json|problem\+json|javascript|xml|atom\+xml|yaml|x-yaml))/i

/**
 * Headers that depend on the answer rather than on the route (helmet sets the rest): the charset of text that a
 * plugin sent without one, and no-store on whatever a signed-in person is sent (ASVS V8.2.1: no shared or browser
 * cache keeps their pages), except what a route declared public, such as static files and pictures.
 */
export function registerResponseHeaders(app: App): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const type = reply.getHeader('content-type')
    if (typeof type === 'string' && TEXT_TYPE.test(type) && !/charset=/i.test(type)) {
      reply.header('content-type', `${type}; charset=utf-8`)
    }
    if (req.actor?.person && !/\bpublic\b/.test(String(reply.getHeader('cache-control') ?? ''))) {
      reply.header('cache-control', 'no-store')
    }
    return payload
  })
}
