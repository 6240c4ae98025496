import type { ComponentChildren } from 'preact'
import { LOCALES } from '../config.ts'
import type { ViewContext } from './view-context.ts'

const SECTIONS = [
  ['/', 'nav.home'],
  ['/partners', 'partners.title'],
  ['/news', 'nav.news'],
  ['/projects', 'nav.projects'],
  ['/consortia', 'consortia.title'],
  ['/events', 'nav.events'],
  ['/networks', 'nav.networks'],
  ['/statistics', 'nav.statistics'],
  ['/resources', 'nav.resources'],
] as const

const LANGUAGE_NAMES = { az: 'Azərbaycanca', en: 'English', ru: 'Русский' } as const

function isCurrent(path: string, href: string): boolean {
  const pathname = path.split('?')[0] ?? '/'
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`)
}

export function Layout(props: {
  ctx: ViewContext
  title: string
  head?: ComponentChildren
  children: ComponentChildren
}) {
  const { ctx } = props
  const { t } = ctx
  const person = ctx.actor.person
  // A pupil's account is for one project: their navigation leads there, never into the wider site.
  const pupil = person?.kind === 'pupil'
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('site.name')}`}</title>
        <link rel="stylesheet" href="/static/style.css" />
        <script src="/static/vendor/htmx.min.js" defer />
        {props.head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skip_to_content')}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="/">
              <span class="brand-name">{t('site.name')}</span>
              <span class="brand-tagline">{t('site.tagline')}</span>
            </a>
            {!pupil && (
              <search class="site-search">
                <form method="get" action="/search">
                  <label for="site-search-q" class="visually-hidden">
                    {t('search.header_label')}
                  </label>
                  <input type="search" id="site-search-q" name="q" maxLength={200} />
                  <button type="submit">{t('search.submit')}</button>
                </form>
              </search>
            )}
            <nav class="languages" aria-label={t('layout.language')}>
              <ul>
                {LOCALES.map((locale) => (
                  <li>
                    {locale === ctx.locale ? (
                      <span aria-current="true" lang={locale}>
                        {LANGUAGE_NAMES[locale]}
                      </span>
                    ) : (
                      <a
                        href={`/language/${locale}?next=${encodeURIComponent(ctx.path)}`}
                        lang={locale}
                        hreflang={locale}
                      >
                        {LANGUAGE_NAMES[locale]}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
            <nav class="account" aria-label={t('layout.account')}>
              {person ? (
                <ul>
                  <li>
                    <a href="/profile">{person.name}</a>
                  </li>
                  {pupil && (
                    <li>
                      <a href="/my-project">{t('pupils.my_project')}</a>
                    </li>
                  )}
                  <li>
                    <a href="/notifications">
                      {t('nav.notifications')}
                      {ctx.unreadNotifications ? ` (${ctx.unreadNotifications})` : ''}
                    </a>
                  </li>
                  {ctx.actor.roles.has('member') && (
                    <li>
                      <a href="/messages">{t('partners.inbox_title')}</a>
                    </li>
                  )}
                  {ctx.actor.roles.has('member') && (
                    <li>
                      <a href="/projects/mine">{t('projects.mine_title')}</a>
                    </li>
                  )}
                  {ctx.actor.roles.has('registered') && !ctx.actor.roles.has('member') && (
                    <li>
                      <a href="/application">{t('nav.application')}</a>
                    </li>
                  )}
                  {ctx.actor.roles.has('coordinator') && (
                    <li>
                      <a href="/review/applications">{t('nav.review')}</a>
                    </li>
                  )}
                  {ctx.actor.roles.has('coordinator') && (
                    <li>
                      <a href="/admin/projects">{t('projects.queue_title')}</a>
                    </li>
                  )}
                  {ctx.actor.roles.has('coordinator') && (
                    <li>
                      <a href="/admin/labels">{t('labels.nav_queue')}</a>
                    </li>
                  )}
                  {ctx.actor.roles.has('platform_admin') && (
                    <li>
                      <a href="/admin/audit">{t('nav.admin')}</a>
                    </li>
                  )}
                  <li>
                    <form method="post" action="/sign-out" class="inline-form">
                      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                      <button type="submit" class="link-button">
                        {t('nav.sign_out')}
                      </button>
                    </form>
                  </li>
                </ul>
              ) : (
                <ul>
                  <li>
                    <a href="/sign-in">{t('nav.sign_in')}</a>
                  </li>
                  <li>
                    <a href="/register">{t('nav.register')}</a>
                  </li>
                </ul>
              )}
            </nav>
          </div>
          {!pupil && (
            <nav class="sections" aria-label={t('layout.main_navigation')}>
              <ul class="wrap">
                {SECTIONS.map(([href, key]) => (
                  <li>
                    <a href={href} aria-current={isCurrent(ctx.path, href) ? 'page' : undefined}>
                      {t(key)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('layout.footer_about')}</p>
            <ul class="footer-links">
              <li>
                <a href="/api/docs">{t('layout.api')}</a>
              </li>
              <li>
                <a href="/healthz">{t('layout.status')}</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  )
}
