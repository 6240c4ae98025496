import type { ViewContext } from '../../../web/view-context.ts'
import type { EventCardData } from '../schemas.ts'
import { EventCardView } from './shared.tsx'

/** The events the signed-in person runs, drafts included, newest first. */
export function MyEventsView(props: { ctx: ViewContext; events: EventCardData[] }) {
  const { ctx } = props
  const { t } = ctx
  return (
    <section>
      <p class="breadcrumbs">
        <a href="/events">{t('events.calendar')}</a>
      </p>
      <h1>{t('events.mine')}</h1>
      {props.events.length === 0 ? (
        <p>{t('events.mine_none')}</p>
      ) : (
        <ol class="results">
          {props.events.map((e) => (
            <EventCardView ctx={ctx} event={e} />
          ))}
        </ol>
      )}
    </section>
  )
}
