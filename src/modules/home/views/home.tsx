import { formatNumber } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import type { HomeCounters } from '../service.ts'

export function HomeView(props: { ctx: ViewContext; counters: HomeCounters }) {
  const { ctx, counters } = props
  const gallery = counters.gallery
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
            <span class="counter-value">{formatNumber(ctx.locale, counters.teachers)}</span>
            <span class="counter-label">{t('home.counter_members', { count: counters.teachers })}</span>
          </li>
          <li>
            <a href="/institutions?type=school">
              <span class="counter-value">{formatNumber(ctx.locale, counters.schools)}</span>
              <span class="counter-label">{t('stats.home_schools', { count: counters.schools })}</span>
            </a>
          </li>
          <li>
            <a href="/projects">
              <span class="counter-value">{formatNumber(ctx.locale, counters.projects)}</span>
              <span class="counter-label">{t('gallery.counter_projects', { count: counters.projects })}</span>
            </a>
          </li>
          <li>
            <span class="counter-value">{formatNumber(ctx.locale, gallery.active)}</span>
            <span class="counter-label">{t('gallery.counter_active', { count: gallery.active })}</span>
          </li>
          <li>
            <a href="/projects?label=national">
              <span class="counter-value">{formatNumber(ctx.locale, gallery.withLabels)}</span>
              <span class="counter-label">
                {t('gallery.counter_labelled', { count: gallery.withLabels })}
              </span>
            </a>
          </li>
        </ul>
        {gallery.byYear.length > 0 && (
          <>
            <h3>{t('gallery.counter_by_year')}</h3>
            <ul class="counters-by-year">
              {gallery.byYear.map((y) => (
                <li>
                  {y.year}: {formatNumber(ctx.locale, y.count)}
                </li>
              ))}
            </ul>
          </>
        )}
        <ul class="hint">
          {(['teachers', 'schools', 'projects'] as const).map((m) => (
            <li>
              {t(`stats.metrics.${m}`)}: {t(`stats.metric_definitions.${m}`)}
            </li>
          ))}
        </ul>
        <p class="hint">{t('gallery.counters_definition')}</p>
        <p>
          <a href="/statistics">{t('stats.home_link')}</a>
        </p>
      </section>
    </>
  )
}
