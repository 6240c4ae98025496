import { formatNumber } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import type { HomeCounters } from '../service.ts'

export function HomeView(props: { ctx: ViewContext; counters: HomeCounters }) {
  const { ctx, counters } = props
  const projects = counters.projects
  const { t } = ctx
  return (
    <>
      <section class="hero">
        <h1>{t('home.title')}</h1>
        <p class="lead">{t('home.lead')}</p>
        {!ctx.actor.person && (
          <p>
            <a class="button" href="/register">
              {t('home.join')}
            </a>
          </p>
        )}
        {ctx.actor.roles.has('registered') && !ctx.actor.roles.has('member') && (
          <p class="notice">
            {t('applications.member_next_step')}{' '}
            <a class="button" href="/application">
              {t('applications.apply_title')}
            </a>
          </p>
        )}
      </section>
      <section aria-labelledby="counters-title">
        <h2 id="counters-title">{t('home.counters_title')}</h2>
        <ul class="counters">
          <li>
            <span class="counter-value">{formatNumber(ctx.locale, counters.members)}</span>
            <span class="counter-label">{t('home.counter_members', { count: counters.members })}</span>
          </li>
          <li>
            <a href="/institutions">
              <span class="counter-value">{formatNumber(ctx.locale, counters.institutions)}</span>
              <span class="counter-label">
                {t('home.counter_institutions', { count: counters.institutions })}
              </span>
            </a>
          </li>
          <li>
            <a href="/projects">
              <span class="counter-value">{formatNumber(ctx.locale, projects.total)}</span>
              <span class="counter-label">{t('gallery.counter_projects', { count: projects.total })}</span>
            </a>
          </li>
          <li>
            <span class="counter-value">{formatNumber(ctx.locale, projects.active)}</span>
            <span class="counter-label">{t('gallery.counter_active', { count: projects.active })}</span>
          </li>
          <li>
            <a href="/projects?label=national">
              <span class="counter-value">{formatNumber(ctx.locale, projects.withLabels)}</span>
              <span class="counter-label">
                {t('gallery.counter_labelled', { count: projects.withLabels })}
              </span>
            </a>
          </li>
        </ul>
        {projects.byYear.length > 0 && (
          <>
            <h3>{t('gallery.counter_by_year')}</h3>
            <ul class="counters-by-year">
              {projects.byYear.map((y) => (
                <li>
                  {y.year}: {formatNumber(ctx.locale, y.count)}
                </li>
              ))}
            </ul>
          </>
        )}
        <p class="hint">{t('home.counters_definition')}</p>
        <p class="hint">{t('gallery.counters_definition')}</p>
      </section>
    </>
  )
}

/** A section of the portal whose module has not been built yet: it says so plainly, with nothing to click. */
export function UpcomingSectionView(props: { ctx: ViewContext; section: string }) {
  const { t } = props.ctx
  return (
    <section class="narrow">
      <h1>{t(`nav.${props.section}`)}</h1>
      <p>{t(`sections.${props.section}`)}</p>
      <p>{t('sections.not_yet')}</p>
    </section>
  )
}
