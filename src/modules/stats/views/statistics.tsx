import { formatDateTime, formatNumber } from '../../../platform/i18n.ts'
import {
  CsrfField,
  ErrorSummary,
  type FormState,
  TextAreaField,
  TextField,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/view-context.ts'
import type { FigureTable } from '../figures.ts'
import type { SnapshotRow } from '../queries.ts'

export interface RenderedFigure {
  figure: FigureTable
  svg: string
}

function Downloads(props: { ctx: ViewContext; id: string }) {
  const { t } = props.ctx
  return (
    <p class="downloads">
      {t('stats.download')}{' '}
      <a href={`/api/v1/stats/${props.id}?format=csv`} download>
        CSV
      </a>{' '}
      ·{' '}
      <a href={`/api/v1/stats/${props.id}?format=json`} download>
        JSON
      </a>
    </p>
  )
}

const num = (ctx: ViewContext, value: number | null) =>
  value === null ? '—' : formatNumber(ctx.locale, value)

/** The chart's numbers as a table: what a screen reader reads instead of the (hidden) drawing. */
function FigureData(props: { ctx: ViewContext; figure: FigureTable }) {
  const { ctx, figure } = props
  const { t } = ctx
  const chart = figure.chart
  if (chart.kind === 'bars') {
    return (
      <table>
        <caption>{figure.title}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`stats.figures.${figure.id}.category`)}</th>
            <th scope="col" class="numeric">
              {t(`stats.figures.${figure.id}.value`)}
            </th>
          </tr>
        </thead>
        <tbody>
          {chart.categories.map((name, i) => (
            <tr>
              <th scope="row">{name}</th>
              <td class="numeric">{num(ctx, chart.values[i] ?? null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )
  }
  return (
    <table>
      <caption>{figure.title}</caption>
      <thead>
        <tr>
          <th scope="col">{t('stats.columns.month')}</th>
          {chart.series.map((s) => (
            <th scope="col" class="numeric">
              {s.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {chart.months.map((month, i) => (
          <tr>
            <th scope="row">{month}</th>
            {chart.series.map((s) => (
              <td class="numeric">
                {num(ctx, s.values[i] ?? null)}
                {s.entered[i] && <span class="entered"> ({t('stats.entered_mark')})</span>}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Every figure with its chart, table, definition and downloads: the same for every reader of a language. */
export function FigureSections(props: { ctx: ViewContext; figures: RenderedFigure[] }) {
  const { ctx } = props
  const { t } = ctx
  return (
    <>
      {props.figures.map(({ figure, svg }) => (
        <section aria-labelledby={`figure-${figure.id}`} class="figure">
          <h2 id={`figure-${figure.id}`}>{figure.title}</h2>
          <p class="hint">{figure.definition}</p>
          {figure.id === 'history' && <p class="hint">{t('stats.entered_explained')}</p>}
          {figure.rows.length === 0 ? (
            <p>{t('stats.no_data')}</p>
          ) : (
            <>
              {/* The drawing repeats the table below, so assistive technology reads the table only. */}
              <div class="chart" aria-hidden="true" dangerouslySetInnerHTML={{ __html: svg }} />
              <FigureData ctx={ctx} figure={figure} />
            </>
          )}
          <Downloads ctx={ctx} id={figure.id} />
        </section>
      ))}
    </>
  )
}

export function StatisticsPage(props: {
  ctx: ViewContext
  /** FigureSections rendered once per counting and language (thousands of table rows at europe scale). */
  figuresHtml: string
  asOf: string
  canEnter: boolean
}) {
  const { ctx, asOf } = props
  const { t } = ctx
  return (
    <>
      <h1>{t('stats.title')}</h1>
      <p class="lead">{t('stats.lead')}</p>
      <p>
        {t('stats.as_of', { when: formatDateTime(ctx.locale, asOf, ctx.timeZone) })}{' '}
        {t('stats.refresh', { seconds: 60 })}
      </p>
      <p>
        <a href="/api/v1/stats/open-data.zip" download>
          {t('stats.bundle_link')}
        </a>{' '}
        · <a href="/api/docs">{t('stats.api_link')}</a>
        {props.canEnter && (
          <>
            {' '}
            · <a href="/statistics/entered">{t('stats.enter_link')}</a>
          </>
        )}
      </p>
      <div dangerouslySetInnerHTML={{ __html: props.figuresHtml }} />
    </>
  )
}

const LABELS = ['month', 'teachers', 'schools', 'projects', 'note'] as const

export function EnteredFiguresPage(props: { ctx: ViewContext; form: FormState; entered: SnapshotRow[] }) {
  const { ctx, form } = props
  const { t } = ctx
  const labels = Object.fromEntries(LABELS.map((l) => [l, t(`stats.form.${l}`)]))
  const months = [...new Set(props.entered.map((r) => r.month))].sort().reverse()
  return (
    <section class="narrow">
      <h1>{t('stats.enter_title')}</h1>
      <p>{t('stats.enter_lead')}</p>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <form method="post" action="/statistics/entered" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          form={form}
          name="month"
          label={labels.month ?? ''}
          hint={t('stats.form.month_hint')}
          maxLength={7}
          required
        />
        {(['teachers', 'schools', 'projects'] as const).map((name) => (
          <TextField
            ctx={ctx}
            form={form}
            name={name}
            label={labels[name] ?? ''}
            inputMode="numeric"
            maxLength={20}
          />
        ))}
        <TextAreaField
          ctx={ctx}
          form={form}
          name="note"
          label={labels.note ?? ''}
          hint={t('stats.form.note_hint')}
        />
        <button type="submit">{t('stats.form.submit')}</button>
      </form>
      <h2>{t('stats.entered_title')}</h2>
      {months.length === 0 ? (
        <p>{t('stats.entered_none')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('stats.entered_title')}</caption>
          <thead>
            <tr>
              <th scope="col">{labels.month}</th>
              <th scope="col">{labels.teachers}</th>
              <th scope="col">{labels.schools}</th>
              <th scope="col">{labels.projects}</th>
              <th scope="col">{labels.note}</th>
              <th scope="col">
                <span class="visually-hidden">{t('stats.withdraw')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {months.map((month) => {
              const rows = props.entered.filter((r) => r.month === month)
              const value = (metric: string) => rows.find((r) => r.metric === metric)?.value ?? null
              return (
                <tr>
                  <th scope="row">{month}</th>
                  <td class="numeric">{num(ctx, value('teachers'))}</td>
                  <td class="numeric">{num(ctx, value('schools'))}</td>
                  <td class="numeric">{num(ctx, value('projects'))}</td>
                  <td>{rows.find((r) => r.note)?.note ?? ''}</td>
                  <td>
                    <form method="post" action="/statistics/entered/withdraw">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="month" value={month} />
                      <button type="submit" class="secondary">
                        {t('stats.withdraw')} <span class="visually-hidden">{month}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
