import * as echarts from 'echarts'
import type { FigureTable } from './figures.ts'

const WIDTH = 720
/** Entered points are drawn as diamonds, computed ones as circles; the table says which is which in words. */
const ENTERED_SYMBOL = 'diamond'

/**
 * The figure's chart as an SVG string, drawn on the server (ECharts server-side rendering), so the page needs no
 * script. It draws exactly the figure's rows; the table beside it carries the same numbers for screen readers.
 */
export function chartSvg(figure: FigureTable): string {
  const chart = figure.chart
  const bars = chart.kind === 'bars'
  // Horizontal bars: long category names (regions, subjects) stay readable; a row of height per category.
  const height = bars ? Math.max(160, 40 + chart.categories.length * 26) : 360
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height })
  try {
    if (bars) {
      instance.setOption({
        animation: false,
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: {
          type: 'category',
          inverse: true,
          data: chart.categories,
          axisLabel: { width: 220, overflow: 'truncate' },
        },
        series: [
          { type: 'bar', data: chart.values, label: { show: true, position: 'right' }, color: '#1d5fa8' },
        ],
      })
    } else {
      instance.setOption({
        animation: false,
        legend: { top: 0 },
        grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: chart.months },
        yAxis: { type: 'value', minInterval: 1 },
        series: chart.series.map((s) => ({
          type: 'line',
          name: s.name,
          connectNulls: true,
          data: s.values.map((value, i) => ({
            value,
            symbol: s.entered[i] ? ENTERED_SYMBOL : 'circle',
            symbolSize: s.entered[i] ? 12 : 6,
          })),
        })),
      })
    }
    return instance.renderToSVGString()
  } finally {
    instance.dispose()
  }
}
