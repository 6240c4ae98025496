import { stringify } from 'csv-stringify/sync'
import { ZipFile } from 'yazl'
import type { Locale } from '../../config.ts'
import { translator } from '../../platform/i18n.ts'
import { subdivisionName } from '../institutions/geo.ts'
import { neutraliseCell } from '../institutions/normalise.ts'
import { subjectName } from '../subjects/service.ts'
import { MAIN_METRICS, METRICS, type Metric } from './queries.ts'
import { FIGURES, type Figure } from './schemas.ts'
import type { StatsData } from './service.ts'

export type Cell = string | number | null

/** One published figure: its rows exactly as the chart, the table, the CSV and the JSON show them. */
export interface FigureTable {
  id: Figure
  title: string
  definition: string
  asOf: string
  columns: Array<{ name: string; description: string }>
  rows: Array<Record<string, Cell>>
  /** What the chart draws: a category per row (bars) or per month (lines, one series per main metric). */
  chart:
    | { kind: 'bars'; categories: string[]; values: number[] }
    | {
        kind: 'lines'
        months: string[]
        series: Array<{ name: string; values: Array<number | null>; entered: boolean[] }>
      }
}

/** The most bars a chart draws; the rest of a long list is one bar. */
export const CHART_BARS = 12

function columns(t: ReturnType<typeof translator>, names: string[]) {
  return names.map((name) => ({ name, description: t(`stats.columns.${name}`) }))
}

/** Every figure in a language, built from one counting of the data. */
export function buildFigures(data: StatsData, locale: Locale): FigureTable[] {
  const t = translator(locale)
  const asOf = data.asOf
  const metricName = (m: Metric) => t(`stats.metrics.${m}`)
  const notStated = t('stats.not_stated')
  const subjects = new Map(data.subjects.map((s) => [s.code, subjectName(s, locale)]))
  const base = (id: Figure) => ({
    id,
    title: t(`stats.figures.${id}.title`),
    definition: t(`stats.figures.${id}.definition`),
    asOf,
  })
  /**
   * A bar per row; a long list (every region, every subject) draws its largest CHART_BARS - 1 and one bar for the
   * rest, since a hundred bars are read by nobody and weigh most of the page. The table keeps every row.
   */
  const bars = (rows: Array<{ name: string; value: number }>) => {
    const shown =
      rows.length <= CHART_BARS
        ? rows
        : (() => {
            const sorted = [...rows].sort((a, b) => b.value - a.value)
            const rest = sorted.slice(CHART_BARS - 1)
            return [
              ...sorted.slice(0, CHART_BARS - 1),
              {
                name: t('stats.chart_rest', { count: rest.length }),
                value: rest.reduce((sum, r) => sum + r.value, 0),
              },
            ]
          })()
    return { kind: 'bars' as const, categories: shown.map((r) => r.name), values: shown.map((r) => r.value) }
  }

  const counters = METRICS.map((m) => ({
    metric: m,
    name: metricName(m),
    value: data.counts[m],
    definition: t(`stats.metric_definitions.${m}`),
  }))

  const months = [...new Set(data.snapshots.map((s) => s.month))].sort()
  const at = new Map(data.snapshots.map((s) => [`${s.metric}/${s.month}`, s]))
  const history = data.snapshots.map((s) => ({
    month: s.month,
    metric: s.metric,
    value: s.value,
    source: s.source,
    note: s.note,
  }))

  const region = data.institutionsByRegion.map((b) => ({
    region: b.key,
    name: b.key ? subdivisionName(b.key, locale, t('institutions.city_suffix')) : notStated,
    institutions: b.count,
  }))
  const type = data.institutionsByType.map((b) => ({
    type: b.key,
    name: b.key ? t(`institution_types.${b.key}`, { defaultValue: b.key }) : notStated,
    institutions: b.count,
  }))
  const subject = data.projectsBySubject.map((b) => ({
    subject: b.key,
    name: (b.key && subjects.get(b.key)) ?? b.key ?? notStated,
    projects: b.count,
  }))
  const year = data.projectsByYear.map((b) => ({
    year: b.key === null ? null : Number(b.key),
    projects: b.count,
  }))

  return [
    {
      ...base('counters'),
      columns: columns(t, ['metric', 'name', 'value', 'definition']),
      rows: counters,
      chart: bars(counters.map((c) => ({ name: c.name, value: c.value }))),
    },
    {
      ...base('history'),
      columns: columns(t, ['month', 'metric', 'value', 'source', 'note']),
      rows: history,
      chart: {
        kind: 'lines',
        months,
        series: MAIN_METRICS.map((m) => ({
          name: metricName(m),
          values: months.map((month) => at.get(`${m}/${month}`)?.value ?? null),
          entered: months.map((month) => at.get(`${m}/${month}`)?.source === 'entered'),
        })),
      },
    },
    {
      ...base('institutions-by-region'),
      columns: columns(t, ['region', 'name', 'institutions']),
      rows: region,
      chart: bars(region.map((r) => ({ name: r.name, value: r.institutions }))),
    },
    {
      ...base('institutions-by-type'),
      columns: columns(t, ['type', 'name', 'institutions']),
      rows: type,
      chart: bars(type.map((r) => ({ name: r.name, value: r.institutions }))),
    },
    {
      ...base('projects-by-subject'),
      columns: columns(t, ['subject', 'name', 'projects']),
      rows: subject,
      chart: bars(subject.map((r) => ({ name: r.name, value: r.projects }))),
    },
    {
      ...base('projects-by-year'),
      columns: columns(t, ['year', 'projects']),
      rows: year,
      chart: bars(
        year.map((r) => ({ name: r.year === null ? notStated : String(r.year), value: r.projects })),
      ),
    },
  ]
}

export function findFigure(figures: FigureTable[], id: Figure): FigureTable {
  const figure = figures.find((f) => f.id === id)
  if (!figure) throw new Error(`unknown figure ${id}`)
  return figure
}

/** The figure as JSON: the same rows as the chart and the table, with its definition and columns. */
export function figureJson(figure: FigureTable) {
  const { chart: _chart, ...rest } = figure
  return rest
}

/**
 * The figure as CSV: a header of the column names, then the rows. The title, definition and "as of" come first
 * as lines starting with "#" (read as comments by spreadsheet imports and pandas' comment='#').
 */
export function figureCsv(figure: FigureTable): string {
  const cell = (value: Cell) =>
    typeof value === 'string' ? neutraliseCell(value) : value === null ? '' : String(value)
  const preamble = [`# ${figure.title}`, `# ${figure.definition}`, `# as of ${figure.asOf}`]
    .map((line) => line.replace(/[\r\n]+/g, ' '))
    .join('\n')
  const body = stringify([
    figure.columns.map((c) => c.name),
    ...figure.rows.map((row) => figure.columns.map((c) => cell(row[c.name] ?? null))),
  ])
  return `${preamble}\n${body}`
}

/** README.md of the open-data bundle: what each file holds, its definition and its fields. */
function bundleReadme(figures: FigureTable[], locale: Locale): string {
  const t = translator(locale)
  const lines = [
    `# ${t('stats.bundle.title')}`,
    '',
    t('stats.bundle.intro', { asOf: figures[0]?.asOf ?? '' }),
    '',
  ]
  for (const f of figures) {
    lines.push(
      `## ${f.id}.csv — ${f.title}`,
      '',
      f.definition,
      '',
      `| ${t('stats.bundle.field')} | ${t('stats.bundle.meaning')} |`,
      '|---|---|',
    )
    for (const c of f.columns) lines.push(`| ${c.name} | ${c.description} |`)
    lines.push('')
  }
  return lines.join('\n')
}

/** The open-data bundle: one CSV per figure and a README of their fields, as a ZIP. */
export function openDataBundle(figures: FigureTable[], locale: Locale): Promise<Buffer> {
  const zip = new ZipFile()
  // A fixed date inside the archive: the same figures give the same bytes (and the same ETag).
  const mtime = new Date(figures[0]?.asOf ?? 0)
  zip.addBuffer(Buffer.from(bundleReadme(figures, locale)), 'README.md', { mtime })
  for (const f of figures) zip.addBuffer(Buffer.from(figureCsv(f)), `${f.id}.csv`, { mtime })
  zip.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c))
    zip.outputStream.on('error', reject)
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)))
  })
}

export { FIGURES }
