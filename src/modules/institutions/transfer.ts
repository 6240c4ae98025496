import { stringify } from 'csv-stringify/sync'
import type { Static } from 'typebox'
import type { Db } from '../../db/database.ts'
import type { InstitutionType } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import { DryRunRollback, headerKey, readCsv } from '../../platform/csv.ts'
import { Invalid } from '../../platform/errors.ts'
import { type TFunction, translate } from '../../platform/i18n.ts'
import { nameKey, neutraliseCell } from './normalise.ts'
import * as q from './queries.ts'
import type { ImportReport } from './schemas.ts'
import { insertInstitution } from './service.ts'
import { checkInstitution, IDENTIFIERS, type InstitutionValues } from './values.ts'

/** The fields a column can feed, and the usual names of such columns in registries and spreadsheets. */
export const IMPORT_FIELDS = {
  name: ['name', 'institution', 'institution_name', 'title'],
  type: ['type', 'institution_type', 'kind'],
  country: ['country', 'country_code', 'alpha_two_code', 'iso_country'],
  region: ['region', 'subdivision', 'iso3166_2', 'iso_3166_2'],
  city: ['city', 'town', 'locality'],
  website: ['website', 'web_page', 'web_pages', 'url', 'homepage'],
  national_id: ['national_id', 'registry_number', 'national_registry_number'],
  erasmus_pic: ['erasmus_pic', 'pic'],
  erasmus_code: ['erasmus_code'],
  oid: ['oid'],
  education_levels: ['education_levels', 'levels'],
  languages: ['languages', 'languages_of_instruction'],
  description_az: ['description_az'],
  description_en: ['description_en'],
  description_ru: ['description_ru'],
} as const
export type ImportField = keyof typeof IMPORT_FIELDS

export function isImportField(value: string): value is ImportField {
  return Object.hasOwn(IMPORT_FIELDS, value)
}

export interface ImportOptions {
  dryRun: boolean
  /** Column name (as in the header) → field, over the default names above. */
  mapping?: Record<string, string>
  /** Type for rows that give none. */
  defaultType?: InstitutionType
  /** Who imports: recorded in the audit rows (null from the command line). */
  actorId: string | null
  /** Language of the rejection reasons. */
  t: TFunction
  /** Rows per transaction: a batch is saved whole or not at all. */
  batchSize?: number
  onProgress?: (done: number, total: number) => void
}

type Report = Static<typeof ImportReport>

/** Which field each column feeds; a column that feeds nothing is ignored. */
function columnFields(header: readonly string[], mapping: Record<string, string>): Array<ImportField | null> {
  const explicit = new Map(Object.entries(mapping).map(([column, field]) => [headerKey(column), field]))
  const taken = new Set<string>()
  return header.map((cell) => {
    const key = headerKey(cell)
    const wanted = explicit.get(key)
    let field: ImportField | null = null
    if (wanted !== undefined) field = isImportField(wanted) ? wanted : null
    else
      field =
        (Object.keys(IMPORT_FIELDS) as ImportField[]).find((f) =>
          (IMPORT_FIELDS[f] as readonly string[]).includes(key),
        ) ?? null
    // One column per field: the first one wins, a second "name" column is not mixed in.
    if (field && taken.has(field)) return null
    if (field) taken.add(field)
    return field
  })
}

function dedupKeys(value: InstitutionValues): string[] {
  const keys = [`name:${nameKey(value.name)}|${value.country}|${(value.city ?? '').toLowerCase()}`]
  for (const field of IDENTIFIERS) if (value[field]) keys.push(`${field}:${value[field]}`)
  return keys
}

/**
 * Imports institutions from CSV. Every row is checked on its own (rejected rows are reported with their line and
 * reasons, never half-saved); the accepted rows are saved in batches, each batch in one transaction with its
 * audit row. A row that matches an institution already in the registry (an external identifier, or the
 * normalised name in the same country and city) is counted as existing and left alone, so a second run of the
 * same file creates nothing. A dry run goes through the same steps and rolls each batch back.
 */
export async function importInstitutions(
  db: Db,
  csv: string | Buffer,
  options: ImportOptions,
): Promise<Report> {
  const { t } = options
  const batchSize = options.batchSize ?? 500
  const { header, rows, malformedLines } = readCsv(csv)
  const malformed = malformedLines.length
  const rejected: Report['rejected'] = malformedLines.map((line) => ({
    line,
    name: '',
    reasons: [t('institutions.import.malformed_row')],
  }))
  if (!header) throw new Invalid({ file: { key: 'institutions.import.empty' } })
  const fields = columnFields(header.record, options.mapping ?? {})
  if (!fields.includes('name')) throw new Invalid({ file: { key: 'institutions.import.no_name_column' } })

  const accepted: Array<{ line: number; value: InstitutionValues }> = []
  for (const { record, line } of rows) {
    const raw: Record<string, string> = {}
    fields.forEach((field, index) => {
      if (field) raw[field] = record[index] ?? ''
    })
    const { value, errors } = checkInstitution(raw, { defaultType: options.defaultType ?? 'other' })
    const reasons = Object.entries(errors).map(
      ([field, message]) => `${t(`institutions.fields.${field}`)}: ${translate(t, message)}`,
    )
    if (reasons.length > 0) rejected.push({ line, name: value.name.slice(0, 300), reasons })
    else accepted.push({ line, value })
  }

  let created = 0
  let existing = 0
  let done = rejected.length
  const total = rows.length + malformed
  const seen = new Set<string>()
  options.onProgress?.(done, total)
  for (let start = 0; start < accepted.length; start += batchSize) {
    const batch = accepted.slice(start, start + batchSize)
    const before = { created, existing, seen: new Set(seen) }
    try {
      await db.transaction().execute(async (trx) => {
        let batchCreated = 0
        for (const { value } of batch) {
          const keys = dedupKeys(value)
          const inFile = keys.some((k) => seen.has(k))
          for (const k of keys) seen.add(k)
          const ids = Object.fromEntries(IDENTIFIERS.map((f) => [f, value[f]]))
          if (
            inFile ||
            (await q.findDuplicate(trx, {
              nameKey: nameKey(value.name),
              country: value.country,
              city: value.city,
              ids,
            }))
          ) {
            existing++
            continue
          }
          await insertInstitution(trx, value)
          batchCreated++
        }
        created += batchCreated
        if (options.dryRun) throw new DryRunRollback()
        await audit(trx, {
          actorId: options.actorId,
          action: 'institution.import',
          subjectType: 'institution',
          details: {
            lines: `${batch[0]?.line}-${batch.at(-1)?.line}`,
            created: batchCreated,
            existing: batch.length - batchCreated,
          },
        })
      })
    } catch (error) {
      if (!(error instanceof DryRunRollback)) {
        // All or nothing: the batch is undone, and every row in it is reported with the reason.
        created = before.created
        existing = before.existing
        seen.clear()
        for (const k of before.seen) seen.add(k)
        const reason = t('institutions.import.batch_failed', {
          error: error instanceof Error ? error.message.slice(0, 200) : String(error),
        })
        for (const { line, value } of batch) rejected.push({ line, name: value.name, reasons: [reason] })
      }
    }
    done += batch.length
    options.onProgress?.(done, total)
  }
  rejected.sort((a, b) => a.line - b.line)
  return { dry_run: options.dryRun, rows: total, created, existing, rejected }
}

export const EXPORT_COLUMNS = [
  'id',
  'slug',
  'name',
  'type',
  'country',
  'region',
  'city',
  'website',
  'national_id',
  'erasmus_pic',
  'erasmus_code',
  'oid',
  'education_levels',
  'languages',
] as const

function listOf(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown
    return Array.isArray(value) ? value.map(String) : []
  } catch {
    return []
  }
}

/**
 * The registry (with the list's filters) as CSV or JSON, streamed page by page. CSV cells that a spreadsheet
 * would run as a formula are neutralised; lists are joined with "|" in CSV and arrays in JSON.
 */
export async function* exportInstitutions(
  db: Db,
  filter: q.InstitutionFilter,
  format: 'csv' | 'json',
): AsyncGenerator<string> {
  let after: { name: string; id: string } | null = null
  let first = true
  if (format === 'csv') yield stringify([[...EXPORT_COLUMNS]], { bom: true })
  else yield '['
  for (;;) {
    const rows = await q.exportRows(db, filter, after, 1000)
    if (rows.length === 0) break
    if (format === 'csv') {
      yield stringify(
        rows.map((row) =>
          EXPORT_COLUMNS.map((column) => {
            const value = row[column]
            if (column === 'education_levels' || column === 'languages')
              return listOf(String(value)).join('|')
            return neutraliseCell(value === null ? '' : String(value))
          }),
        ),
      )
    } else {
      const items = rows.map((row) =>
        JSON.stringify({
          ...row,
          education_levels: listOf(row.education_levels),
          languages: listOf(row.languages),
        }),
      )
      yield `${first ? '' : ','}\n${items.join(',\n')}`
    }
    first = false
    const last = rows.at(-1)
    if (!last || rows.length < 1000) break
    after = { name: last.name, id: last.id }
  }
  if (format === 'json') yield '\n]\n'
}
