import type { ViewContext } from '../../../web/view-context.ts'
import { subdivisionName, subdivisionsOf } from '../../institutions/geo.ts'
import { shiftMonth } from '../calendar.ts'
import { AUDIENCES, CALENDAR_MAX_PAGE, type CalendarParams, EVENT_FORMATS, EVENT_KINDS } from '../schemas.ts'
import type { CalendarResult, MonthResult } from '../service.ts'
import { dateFormat, EventCardView, monthHeading } from './shared.tsx'

type Params = CalendarParams

/** The calendar URL (or feed URL) of these filters with some changed; empty values and page 1 are left out. */
export function calendarUrl(
  params: Params,
  change: Partial<Record<keyof Params, string | number | undefined>> = {},
  path = '/events',
): string {
  const merged: Record<string, string> = {}
  for (const [key, value] of Object.entries({ ...params, ...change })) {
    if (value !== undefined && value !== '' && !(key === 'page' && value === 1)) merged[key] = String(value)
  }
  const qs = new URLSearchParams(merged).toString()
  return qs ? `${path}?${qs}` : path
}

/** The filters a feed keeps: what is shown, not how (view, month and page are the page's own). */
function feedUrl(params: Params): string {
  const { view: _view, month: _month, page: _page, from: _from, when: _when, ...filters } = params
  return calendarUrl(filters, {}, '/events/calendar.ics')
}

function Select(props: {
  name: keyof Params
  label: string
  value: string | undefined
  options: ReadonlyArray<readonly [string, string]>
  anyLabel?: string
}) {
  return (
    <div class="field">
      <label for={`filter-${props.name}`}>{props.label}</label>
      <select id={`filter-${props.name}`} name={props.name}>
        {props.anyLabel !== undefined && <option value="">{props.anyLabel}</option>}
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === (props.value ?? '')}>
            {label}
          </option>
        ))}
      </select>
    </div>
  )
}

export type CalendarViewData =
  | { view: 'list'; params: Params; result: CalendarResult }
  | { view: 'month'; params: Params; result: MonthResult; today: string }

function ListResults(props: { ctx: ViewContext; params: Params; result: CalendarResult }) {
  const { ctx, params, result } = props
  const { t } = ctx
  return (
    <>
      <h2 class="result-count">
        {t(params.when === 'past' ? 'events.heading_past' : 'events.heading_upcoming')}
        {result.page > 1 ? ` · ${t('events.page_n', { page: result.page })}` : ''}
      </h2>
      {result.results.length === 0 && <p>{t('events.no_results')}</p>}
      <ol class="results">
        {result.results.map((e) => (
          <EventCardView ctx={ctx} event={e} />
        ))}
      </ol>
      {(result.page > 1 || result.hasMore) && (
        <nav aria-label={t('events.pagination')}>
          <ul class="pagination">
            {result.page > 1 && (
              <li>
                <a href={calendarUrl(params, { page: result.page - 1 })} rel="prev">
                  {t('events.previous')}
                </a>
              </li>
            )}
            <li>{t('events.page_n', { page: result.page })}</li>
            {result.hasMore && result.page < CALENDAR_MAX_PAGE && (
              <li>
                <a href={calendarUrl(params, { page: result.page + 1 })} rel="next">
                  {t('events.next')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </>
  )
}

function MonthResults(props: { ctx: ViewContext; params: Params; result: MonthResult; today: string }) {
  const { ctx, params, result } = props
  const { t, locale } = ctx
  const weekday = dateFormat(locale, 'UTC', { weekday: 'short' })
  // 1 January 2024 was a Monday: the week starts there.
  const weekdays = Array.from({ length: 7 }, (_, i) => weekday.format(new Date(Date.UTC(2024, 0, 1 + i))))
  return (
    <>
      <nav aria-label={t('events.month_navigation')}>
        <ul class="pagination">
          <li>
            <a href={calendarUrl(params, { month: shiftMonth(result.month, -1) })} rel="prev">
              {t('events.previous_month')}
            </a>
          </li>
          <li>
            <a href={calendarUrl(params, { month: shiftMonth(result.month, 1) })} rel="next">
              {t('events.next_month')}
            </a>
          </li>
        </ul>
      </nav>
      {result.truncated && <p>{t('events.month_truncated')}</p>}
      <table class="table month-view">
        <caption>{monthHeading(locale, result.month)}</caption>
        <thead>
          <tr>
            {weekdays.map((d) => (
              <th scope="col">{d}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.weeks.map((week) => (
            <tr>
              {week.map((day) => {
                const events = result.days.get(day) ?? []
                const more = (result.counts.get(day) ?? 0) - events.length
                const inMonth = day.startsWith(result.month)
                return (
                  <td
                    class={inMonth ? undefined : 'other-month'}
                    aria-current={day === props.today ? 'date' : undefined}
                  >
                    <span class="day-number">{Number(day.slice(8))}</span>
                    {events.length > 0 && (
                      <ul class="plain-links">
                        {events.map((e) => (
                          <li>
                            <a href={e.url} lang={e.lang}>
                              {e.title}
                            </a>
                          </li>
                        ))}
                        {more > 0 && (
                          <li>
                            <a
                              href={calendarUrl(params, {
                                view: undefined,
                                month: undefined,
                                from: day,
                                when: undefined,
                              })}
                            >
                              {t('events.more_on_day', { count: more })}
                            </a>
                          </li>
                        )}
                      </ul>
                    )}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

/** The results part: what htmx swaps when a filter changes; the same URL works without script. */
export function CalendarResults(props: { ctx: ViewContext; data: CalendarViewData }) {
  const { data } = props
  return (
    <div id="results" aria-live="polite">
      {data.view === 'list' ? (
        <ListResults ctx={props.ctx} params={data.params} result={data.result} />
      ) : (
        <MonthResults ctx={props.ctx} params={data.params} result={data.result} today={data.today} />
      )}
    </div>
  )
}

export function CalendarPage(props: { ctx: ViewContext; data: CalendarViewData; canCreate: boolean }) {
  const { ctx, data } = props
  const { params } = data
  const { t, locale } = ctx
  const any = t('events.any')
  return (
    <section>
      <h1>{t('events.calendar')}</h1>
      <p>{t('events.intro')}</p>
      {props.canCreate && (
        <p>
          <a class="button" href="/events/new">
            {t('events.new')}
          </a>
        </p>
      )}
      {ctx.actor.person?.kind === 'adult' && (
        <p>
          <a href="/events/mine">{t('events.mine')}</a>
        </p>
      )}
      <nav aria-label={t('events.views')}>
        <ul class="pagination">
          <li>
            {data.view === 'list' ? (
              <span aria-current="page">{t('events.view_list')}</span>
            ) : (
              <a href={calendarUrl(params, { view: undefined, month: undefined })}>{t('events.view_list')}</a>
            )}
          </li>
          <li>
            {data.view === 'month' ? (
              <span aria-current="page">{t('events.view_month')}</span>
            ) : (
              <a
                href={calendarUrl(params, {
                  view: 'month',
                  page: undefined,
                  when: undefined,
                  from: undefined,
                })}
              >
                {t('events.view_month')}
              </a>
            )}
          </li>
        </ul>
      </nav>
      <form
        method="get"
        action="/events"
        class="search-filters"
        hx-get="/events"
        hx-target="#results"
        hx-swap="outerHTML"
        hx-trigger="change, submit"
        hx-push-url="true"
      >
        {data.view === 'month' && <input type="hidden" name="view" value="month" />}
        {data.view === 'month' && <input type="hidden" name="month" value={data.result.month} />}
        <Select
          name="kind"
          label={t('events.kind_label')}
          value={params.kind}
          anyLabel={any}
          options={EVENT_KINDS.map((k) => [k, t(`events.kind.${k}`)] as const)}
        />
        <Select
          name="format"
          label={t('events.format_label')}
          value={params.format}
          anyLabel={any}
          options={EVENT_FORMATS.map((f) => [f, t(`events.format.${f}`)] as const)}
        />
        <Select
          name="region"
          label={t('events.region_label')}
          value={params.region}
          anyLabel={any}
          options={subdivisionsOf(ctx.country).map(
            (s) => [s.code, subdivisionName(s.code, locale, t('institutions.city_suffix'))] as const,
          )}
        />
        <Select
          name="audience"
          label={t('events.audience_label')}
          value={params.audience}
          anyLabel={any}
          options={AUDIENCES.map((a) => [a, t(`events.audience.${a}`)] as const)}
        />
        {data.view === 'list' && (
          <Select
            name="when"
            label={t('events.when_label')}
            value={params.when}
            options={[
              ['upcoming', t('events.upcoming')],
              ['past', t('events.past')],
            ]}
          />
        )}
        <button type="submit" class="button">
          {t('events.filter')}
        </button>
      </form>
      <p>
        <a href={feedUrl(params)}>{t('events.subscribe')}</a>{' '}
        <span class="hint">{t('events.subscribe_hint')}</span>
      </p>
      <CalendarResults ctx={ctx} data={data} />
    </section>
  )
}
