import { type Static, Type } from 'typebox'
import { METRICS } from './queries.ts'

/** The published figures, each downloadable as CSV and JSON. */
export const FIGURES = [
  'counters',
  'history',
  'institutions-by-region',
  'institutions-by-type',
  'projects-by-subject',
  'projects-by-year',
] as const
export type Figure = (typeof FIGURES)[number]

export const FigureParams = Type.Object({ figure: Type.Enum(FIGURES) })
export const FormatQuery = Type.Object({
  format: Type.Optional(Type.Enum(['json', 'csv'], { description: 'json (default) or csv' })),
})

/** Figures as typed in the form: strings, so "3,765" is accepted and a wrong value is shown back as typed. */
const figure = Type.Optional(Type.String({ maxLength: 20 }))
export const EnteredFiguresBody = Type.Object({
  month: Type.String({ maxLength: 7, minLength: 1 }),
  teachers: figure,
  schools: figure,
  projects: figure,
  note: Type.Optional(Type.String({ maxLength: 500 })),
})
export type EnteredFiguresBody = Static<typeof EnteredFiguresBody>

export const WithdrawBody = Type.Object({ month: Type.String({ maxLength: 7, minLength: 1 }) })

const Cell = Type.Union([Type.String(), Type.Number(), Type.Null()])
export const FigureResponse = Type.Object({
  id: Type.Enum(FIGURES),
  title: Type.String(),
  definition: Type.String(),
  asOf: Type.String({ description: 'when the figures were counted (ISO 8601)' }),
  columns: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })),
  rows: Type.Array(Type.Record(Type.String(), Cell)),
})

export const IndexResponse = Type.Object({
  asOf: Type.String(),
  counters: Type.Array(
    Type.Object({
      metric: Type.Enum(METRICS),
      value: Type.Number(),
      definition: Type.String(),
    }),
  ),
  figures: Type.Array(Type.Object({ id: Type.Enum(FIGURES), json: Type.String(), csv: Type.String() })),
  bundle: Type.String(),
})
