import { formatDate } from '../../../../platform/i18n.ts'
import type { ViewContext } from '../../../../web/view-context.ts'
import { subdivisionName } from '../../../institutions/geo.ts'

/** A day of the event (YYYY-MM-DD) in the reader's language; noon UTC names the same date in every time zone. */
export function dayName(ctx: ViewContext, day: string): string {
  return formatDate(ctx.locale, `${day}T12:00:00Z`, 'UTC')
}

/** A subdivision code (AZ-GA) by its name in the reader's language. */
export function regionName(ctx: ViewContext, code: string | null): string {
  return code
    ? subdivisionName(code, ctx.locale, ctx.t('institutions.city_suffix'))
    : ctx.t('attendance.not_stated')
}

export function institutionTypeName(ctx: ViewContext, type: string | null): string {
  return type ? ctx.t(`institution_types.${type}`, { defaultValue: type }) : ctx.t('attendance.not_stated')
}

/** Back to the event's page, first on each attendance page. */
export function EventCrumb(props: { slug: string; title: string }) {
  return (
    <p class="breadcrumbs">
      <a href={`/events/${props.slug}`}>{props.title}</a>
    </p>
  )
}
