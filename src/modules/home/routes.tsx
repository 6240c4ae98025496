import { Type } from 'typebox'
import type { App } from '../../app.ts'
import { LOCALES } from '../../config.ts'
import { sendPage } from '../../web/render.tsx'
import { safeNext, setLanguageCookie } from '../accounts/routes.tsx'
import { setPreferredLocale } from '../accounts/service.ts'
import './policy.ts'
import { statsPages } from '../stats/service.ts'
import { homeCounters } from './service.ts'
import { HomeView } from './views/home.tsx'

export function register(app: App): void {
  app.get('/', { config: { access: 'site.view' }, ...statsPages.hooks }, async (req, reply) => {
    const counters = await homeCounters(app.deps)
    return sendPage(req, reply, req.t('home.title'), (ctx) => <HomeView ctx={ctx} counters={counters} />)
  })

  // A plain link switches the language, so it works without JavaScript; signed-in people keep it as their preference.
  app.get(
    '/language/:locale',
    {
      config: { access: 'site.view' },
      schema: {
        params: Type.Object({ locale: Type.Enum(LOCALES) }),
        querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (req, reply) => {
      const { locale } = req.params
      setLanguageCookie(req, reply, locale)
      if (req.actor.person) await setPreferredLocale(app.deps.db, req.actor.person.id, locale)
      return reply.redirect(safeNext(req.query.next, '/'), 303)
    },
  )
}
