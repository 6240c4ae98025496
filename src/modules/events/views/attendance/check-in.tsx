import { formatDateTime, formatNumber } from '../../../../platform/i18n.ts'
import { CsrfField, ErrorSummary, type FormState, Notice } from '../../../../web/components.tsx'
import type { ViewContext } from '../../../../web/view-context.ts'
import type { CheckInList } from '../../attendance.ts'
import { eventTitle } from '../../attendance.ts'
import { dayName, EventCrumb, regionName } from './shared.tsx'

/**
 * One click: "Check in" for someone not yet in, or "Undo" beside the time they were checked in. The person's name
 * is part of the button's accessible name, so a screen reader's list of buttons says whom each is for.
 */
export function CheckInButton(props: {
  ctx: ViewContext
  action: string
  day: string
  name: string
  present: boolean
  registration?: string
  query?: string
}) {
  const { t } = props.ctx
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      {props.registration && <input type="hidden" name="registration" value={props.registration} />}
      {props.query && <input type="hidden" name="q" value={props.query} />}
      <input type="hidden" name="day" value={props.day} />
      <input type="hidden" name="present" value={props.present ? 'no' : 'yes'} />
      {props.present && <span class="badge badge-ok">{t('attendance.checked_in')}</span>}{' '}
      <button type="submit" class={props.present ? 'link-button' : 'button'}>
        {props.present ? t('attendance.undo') : t('attendance.check_in')}
        <span class="visually-hidden"> {props.name}</span>
      </button>
    </form>
  )
}

/** The organisers' check-in list for one day of the event: search, counts, and a button per participant. */
export function CheckInView(props: {
  ctx: ViewContext
  list: CheckInList
  form: FormState
  done?: { kind: 'in' | 'out'; name: string }
}) {
  const { ctx, list, form } = props
  const { t } = ctx
  const slug = list.event.slug
  const action = `/events/${slug}/check-in`
  return (
    <section>
      <EventCrumb slug={slug} title={eventTitle(list.event, ctx.locale)} />
      <h1>{t('attendance.check_in_title')}</h1>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={{ day: t('attendance.day') }} />
      {props.done && (
        <Notice kind="success">
          {t(`attendance.notice_${props.done.kind}`, { name: props.done.name, day: dayName(ctx, list.day) })}
        </Notice>
      )}
      <p class="hint">{t('attendance.scan_hint')}</p>
      <form method="get" action={action} class="search-filters">
        <div class="field">
          <label for="check-in-day">{t('attendance.day')}</label>
          <select id="check-in-day" name="day">
            {list.days.map((day) => (
              <option value={day} selected={day === list.day}>
                {dayName(ctx, day)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="check-in-q">{t('attendance.search')}</label>
          <p class="hint" id="check-in-q-hint">
            {t('attendance.search_hint')}
          </p>
          <input
            id="check-in-q"
            type="search"
            name="q"
            value={list.query}
            maxLength={100}
            aria-describedby="check-in-q-hint"
          />
        </div>
        <button type="submit" class="button">
          {t('attendance.show')}
        </button>
      </form>
      <p class="result-count" role="status">
        {t('attendance.checked_in_count', {
          count: list.checkedIn,
          checkedIn: formatNumber(ctx.locale, list.checkedIn),
          total: formatNumber(ctx.locale, list.total),
          day: dayName(ctx, list.day),
        })}
      </p>
      {list.rows.length === 0 ? (
        <p>{list.query ? t('attendance.no_match') : t('attendance.no_participants')}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">
            {t('attendance.list_caption', { day: dayName(ctx, list.day) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('attendance.participant')}</th>
              <th scope="col">{t('attendance.institution')}</th>
              <th scope="col">{t('attendance.region')}</th>
              <th scope="col">{t('attendance.status')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((row) => (
              <tr>
                <th scope="row">
                  <a href={`/events/${slug}/check-in/${encodeURIComponent(row.ticket)}?day=${list.day}`}>
                    {row.name}
                  </a>
                </th>
                <td>{row.institution ?? ''}</td>
                <td>{row.region ? regionName(ctx, row.region) : ''}</td>
                <td>
                  {row.checkedInAt && (
                    <span class="hint">
                      {formatDateTime(ctx.locale, row.checkedInAt, list.event.time_zone)}{' '}
                    </span>
                  )}
                  <CheckInButton
                    ctx={ctx}
                    action={action}
                    day={list.day}
                    name={row.name}
                    present={row.checkedInAt !== null}
                    registration={row.id}
                    query={list.query}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.more > 0 && <p>{t('attendance.more_rows', { count: list.more })}</p>}
    </section>
  )
}
