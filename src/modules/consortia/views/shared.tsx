import { formatDate, numberFormat } from '../../../platform/i18n.ts'
import type { ViewContext } from '../../../web/view-context.ts'
import { countryName } from '../../institutions/geo.ts'

/** A calendar day (YYYY-MM-DD) in the reader's language; noon UTC keeps it the same day everywhere. */
export function day(ctx: ViewContext, date: string): string {
  return formatDate(ctx.locale, `${date}T12:00:00Z`, 'UTC')
}

/** "1 March 2025 – 28 February 2028", or whichever end is known. */
export function period(ctx: ViewContext, start: string | null, end: string | null): string {
  if (start && end) return `${day(ctx, start)} – ${day(ctx, end)}`
  return start ? day(ctx, start) : end ? day(ctx, end) : ''
}

/** An amount in minor units as the reader's locale writes money ("€800,000.00"). */
export function money(ctx: ViewContext, minor: number, currency: string): string {
  try {
    return numberFormat(ctx.locale, { style: 'currency', currency }).format(minor / 100)
  } catch {
    // An unknown currency code stored by hand: the number with its code.
    return `${numberFormat(ctx.locale).format(minor / 100)} ${currency}`
  }
}

/** The partners' countries, each once, named in the reader's language. */
export function countriesOf(ctx: ViewContext, partners: ReadonlyArray<{ country: string }>): string {
  return [...new Set(partners.map((p) => p.country))].map((c) => countryName(c, ctx.locale)).join(', ')
}

export function Breadcrumbs(props: { ctx: ViewContext; slug?: string; title?: string }) {
  return (
    <p class="breadcrumbs">
      <a href="/consortia">{props.ctx.t('consortia.title')}</a>
      {props.slug && (
        <>
          {' › '}
          <a href={`/consortia/${props.slug}`}>{props.title}</a>
        </>
      )}
    </p>
  )
}
