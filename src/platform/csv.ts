import type { InfoRecord, Options } from 'csv-parse'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { neutraliseCell } from '../modules/institutions/normalise.ts'

/** One data row of an imported CSV file, with the line it starts on (for the report). */
export interface CsvRow {
  record: string[]
  line: number
}

/** A row an import did not take, and why (in the importer's language). */
export interface RejectedRow {
  line: number
  name: string
  reasons: string[]
}

/**
 * Reads an imported CSV file (BOM allowed, rows of any length). A row the parser cannot read (an unclosed quote…)
 * is skipped and its line returned, so that one bad row is reported instead of failing the whole file.
 */
export function readCsv(csv: string | Buffer): {
  header: CsvRow | undefined
  rows: CsvRow[]
  malformedLines: number[]
} {
  const malformedLines: number[] = []
  // csv-parse's types tie on_record's result to the columns option; without columns each record is an array.
  const options: Options = {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      malformedLines.push(Number(error?.lines ?? 0))
      return undefined
    },
    on_record: (record: string[], context: InfoRecord) =>
      ({ record, line: context.lines }) as unknown as string[],
  }
  const [header, ...rows] = parse(csv, options) as unknown as CsvRow[]
  return { header, rows, malformedLines }
}

/** A column name as importers compare them: trimmed, lower case, spaces and dashes as underscores. */
export const headerKey = (value: string): string =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/** Thrown inside a dry run's transaction so that everything it wrote is rolled back. */
export class DryRunRollback extends Error {}

/** Rejected rows as CSV (line, name, reasons) for download, cells neutralised for spreadsheets. */
export function rejectedRowsCsv(rejected: readonly RejectedRow[]): string {
  return stringify(
    [
      ['line', 'name', 'reasons'],
      ...rejected.map((r) => [String(r.line), neutraliseCell(r.name), neutraliseCell(r.reasons.join('; '))]),
    ],
    { bom: true },
  )
}
