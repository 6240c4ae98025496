import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildFigures, CHART_BARS, findFigure } from './figures.ts'
import { METRICS } from './queries.ts'
import type { StatsData } from './service.ts'

test('a long list is charted as its largest bars and one for the rest; its table keeps every row', () => {
  const regions = Array.from({ length: 20 }, (_, i) => ({ key: `AZ-R${i}`, count: i + 1 }))
  const data: StatsData = {
    asOf: '2026-11-23T12:00:00.000Z',
    counts: Object.fromEntries(METRICS.map((m) => [m, 0])) as StatsData['counts'],
    institutionsByRegion: regions,
    institutionsByType: [{ key: 'school', count: 3 }],
    projectsBySubject: [],
    projectsByYear: [],
    snapshots: [],
    subjects: [],
  }
  const figure = findFigure(buildFigures(data, 'en'), 'institutions-by-region')
  assert.equal(figure.rows.length, 20)
  assert.equal(figure.chart.kind, 'bars')
  if (figure.chart.kind !== 'bars') return
  assert.equal(figure.chart.categories.length, CHART_BARS)
  assert.deepEqual(figure.chart.values.slice(0, 3), [20, 19, 18])
  assert.equal(figure.chart.categories.at(-1), 'The other 9 (see the table)')
  assert.equal(
    figure.chart.values.reduce((a, b) => a + b, 0),
    regions.reduce((a, r) => a + r.count, 0),
    'nothing is lost from the chart',
  )
  // A short list is drawn as it is.
  const types = findFigure(buildFigures(data, 'en'), 'institutions-by-type')
  assert.deepEqual(types.chart.kind === 'bars' && types.chart.values, [3])
})
