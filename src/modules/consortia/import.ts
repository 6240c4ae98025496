import type { Db, Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { ConsortiumStatus, InstitutionType } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import { DryRunRollback, headerKey, readCsv } from '../../platform/csv.ts'
import { Invalid } from '../../platform/errors.ts'
import { type TFunction, translate } from '../../platform/i18n.ts'
import { countryCode } from '../institutions/geo.ts'
import { nameKey } from '../institutions/normalise.ts'
import { registerProposedInstitution } from '../institutions/service.ts'
import * as q from './queries.ts'
import type { ImportReportValue } from './schemas.ts'
import { insertConsortium, parseGrant } from './service.ts'

/**
 * Columns of the Erasmus+ "Projects_Overview" lists (and the older programmes' lists, which name a few of them
 * differently), compared as `headerKey` writes them. The grant's column carries a long disclaimer in its name.
 */
const COLUMNS = {
  reference: ['project_identifier', 'project_number'],
  title: ['project_title'],
  programme: ['programme', 'programme_funding'],
  key_action: ['key_action', 'sub_programme'],
  action_type: ['action_type', 'action', 'activity_type'],
  call_year: ['call_year'],
  start_date: ['start_date'],
  end_date: ['end_date'],
  summary: ['project_summary'],
  status: ['project_status'],
  good_practice: ['is_good_practice'],
  success_story: ['is_success_story'],
  website: ['project_website'],
  results_url: ['results_platform_project_card'],
  coordinator_name: ['coordinating_organisation_name', "coordinator's_name"],
  coordinator_type: ['coordinating_organisation_type', 'coordinator_organisation_type'],
  coordinator_address: ["coordinator's_address"],
  coordinator_country: ["coordinator's_country"],
} as const
type Column = keyof typeof COLUMNS

/** The lists use the EU's own codes for two countries: Greece is EL and the United Kingdom UK. */
const EU_CODES: Record<string, string> = { EL: 'GR', UK: 'GB' }

export function isoCountry(value: string): string | undefined {
  const code = value.trim().toUpperCase()
  return countryCode(EU_CODES[code] ?? code)
}

/** The registry's type for the lists' organisation types (the rest are "other"). */
function institutionType(text: string): InstitutionType {
  if (/higher education|universit/i.test(text)) return 'university'
  if (/vocational|\bvet\b/i.test(text)) return 'vet_college'
  if (/school/i.test(text)) return 'school'
  if (/non-governmental|association|foundation/i.test(text)) return 'ngo'
  if (/public body|ministry|agency/i.test(text)) return 'ministry_agency'
  if (/enterprise|company|\bsme\b/i.test(text)) return 'company'
  return 'other'
}

function statusOf(text: string, start: string | null, end: string | null, today: string): ConsortiumStatus {
  const value = text.trim().toLowerCase()
  if (value === 'ongoing') return 'running'
  if (['finalized', 'finalised', 'closed', 'completed'].includes(value)) return 'closed'
  if (end && end < today) return 'closed'
  if (start && start > today) return 'planned'
  return 'running'
}

/** A date as the lists write it: ISO, or day/month/year. */
function isoDate(text: string): string | null | 'bad' {
  const value = text.trim()
  if (!value) return null
  let match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
  if (match) return `${match[1]}-${match[2]}-${match[3]}`
  match = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(value)
  if (match) return `${match[3]}-${match[2]?.padStart(2, '0')}-${match[1]?.padStart(2, '0')}`
  return 'bad'
}

interface Organisation {
  name: string
  country: string
  type: InstitutionType
  city: string | null
  role: 'coordinator' | 'partner'
}

interface Parsed {
  line: number
  columns: q.ConsortiumColumns
  flags: { good_practice: number; success_story: number }
  organisations: Organisation[]
}

export interface ConsortiumImportOptions {
  dryRun: boolean
  /** Who imports: recorded in the audit rows (null from the command line). */
  actorId: string | null
  /** Language of the rejection reasons. */
  t: TFunction
  batchSize?: number
  onProgress?: (done: number, total: number) => void
}

/** Which column each field is read from; partners come in numbered columns (Partner 1 name, Partner 1 country…). */
function columnIndex(header: readonly string[]) {
  const keys = header.map(headerKey)
  const find = (names: readonly string[]) => keys.findIndex((k) => names.includes(k))
  const index = Object.fromEntries(
    (Object.keys(COLUMNS) as Column[]).map((c) => [c, find(COLUMNS[c])]),
  ) as Record<Column, number>
  const grant = keys.findIndex((k) => k.startsWith('eu_grant_award'))
  const partners: Array<{ name: number; country: number; type: number; address: number }> = []
  keys.forEach((key, i) => {
    const match = /^partner_(\d+)_name$/.exec(key)
    if (!match) return
    const n = match[1]
    partners.push({
      name: i,
      country: keys.indexOf(`partner_${n}_country`),
      type: keys.indexOf(`partner_${n}_organisation_type`),
      address: keys.indexOf(`partner_${n}_address`),
    })
  })
  return { index, grant, partners }
}

/** The city of an address as the lists write it ("Street 1, 9495, Triesen"): its last part. */
function cityOf(address: string): string | null {
  const last = address.split(',').at(-1)?.trim() ?? ''
  return last && !/^\d+$/.test(last) ? last.slice(0, 120) : null
}

/** Reads one row into a record and its organisations, or the reasons it cannot be imported. */
function parseRow(
  record: readonly string[],
  line: number,
  layout: ReturnType<typeof columnIndex>,
  t: TFunction,
  today: string,
): { parsed: Parsed } | { reasons: string[]; name: string } {
  const cell = (i: number) => (i >= 0 ? (record[i] ?? '').trim() : '')
  const get = (c: Column) => cell(layout.index[c])
  const reasons: string[] = []
  const reference = get('reference').slice(0, 120)
  const title = get('title').slice(0, 500)
  if (!reference) reasons.push(t('consortia.import.no_reference'))
  if (!title) reasons.push(t('consortia.import.no_title'))
  const start = isoDate(get('start_date'))
  const end = isoDate(get('end_date'))
  if (start === 'bad' || end === 'bad') reasons.push(t('consortia.import.bad_date'))
  else if (start && end && end < start)
    reasons.push(translate(t, { key: 'consortia.errors.end_before_start' }))
  let grantMinor: number | null = null
  const grantText = cell(layout.grant)
  if (grantText) {
    const grant = parseGrant(grantText)
    if ('error' in grant) reasons.push(translate(t, { key: `consortia.errors.${grant.error}` }))
    else grantMinor = grant.minor
  }
  const organisations: Organisation[] = []
  const seen = new Set<string>()
  const add = (
    name: string,
    countryText: string,
    type: string,
    address: string,
    role: Organisation['role'],
  ) => {
    if (!name) return
    const country = isoCountry(countryText)
    if (!country) {
      reasons.push(t('consortia.import.unknown_country', { name, country: countryText.slice(0, 20) || '—' }))
      return
    }
    // An organisation named twice in a row (coordinator and partner) takes part once, in its first role.
    const key = `${nameKey(name)}|${country}`
    if (seen.has(key)) return
    seen.add(key)
    organisations.push({
      name: name.slice(0, 300),
      country,
      type: institutionType(type),
      city: cityOf(address),
      role,
    })
  }
  const coordinator = get('coordinator_name')
  if (!coordinator) reasons.push(t('consortia.import.no_coordinator'))
  add(
    coordinator,
    get('coordinator_country'),
    get('coordinator_type'),
    get('coordinator_address'),
    'coordinator',
  )
  for (const p of layout.partners)
    add(cell(p.name), cell(p.country), cell(p.type), cell(p.address), 'partner')
  if (reasons.length > 0) return { reasons, name: title || reference }
  const callYear = Number(get('call_year'))
  const startDate = start === 'bad' ? null : start
  const endDate = end === 'bad' ? null : end
  return {
    parsed: {
      line,
      columns: {
        reference,
        acronym: null,
        title_az: null,
        title_en: title,
        title_ru: null,
        programme: (get('programme') || 'Erasmus+').slice(0, 200),
        key_action: get('key_action').slice(0, 100) || null,
        action_type: get('action_type').slice(0, 300) || null,
        funder: 'European Commission',
        call_year: Number.isInteger(callYear) && callYear > 1900 ? callYear : null,
        coordinator_contact_name: null,
        coordinator_contact_email: null,
        target_groups: '[]',
        start_date: startDate,
        end_date: endDate,
        grant_minor: grantMinor,
        currency: grantMinor === null ? null : 'EUR',
        status: statusOf(get('status'), startDate, endDate, today),
        summary_az: null,
        summary_en: get('summary').slice(0, 10_000) || null,
        summary_ru: null,
        website: /^https?:\/\//i.test(get('website')) ? get('website').slice(0, 500) : null,
        results_url: /^https?:\/\//i.test(get('results_url')) ? get('results_url').slice(0, 500) : null,
      },
      flags: {
        good_practice: /^yes$/i.test(get('good_practice')) ? 1 : 0,
        success_story: /^yes$/i.test(get('success_story')) ? 1 : 0,
      },
      organisations,
    },
  }
}

/**
 * Saves one parsed row: a consortium new by its reference is created, a known one brought up to date (the funder's
 * list is the source, flags included) and given the partners it lacks. Each organisation is matched to the
 * registry by folded name and country; one the registry does not know is proposed as a new institution.
 */
async function saveRow(
  trx: Queryable,
  row: Parsed,
  actorId: string | null,
  proposed: (organisation: Organisation) => void,
): Promise<'created' | 'updated'> {
  const existing = await q.findByReference(trx, row.columns.reference ?? '')
  let consortiumId: string
  if (existing) {
    await trx
      .updateTable('consortia')
      .set({ ...row.columns, ...row.flags, updated_at: new Date().toISOString() })
      .where('id', '=', existing.id)
      .execute()
    consortiumId = existing.id
  } else {
    consortiumId = (
      await insertConsortium(trx, row.columns, { coordinatorId: null, createdBy: actorId, flags: row.flags })
    ).id
  }
  const listed = await q.partnersOf(trx, [consortiumId])
  const listedIds = new Set(listed.map((p) => p.institution_id))
  let hasCoordinator = listed.some((p) => p.role === 'coordinator')
  for (const organisation of row.organisations) {
    let institutionId = (await q.institutionByKey(trx, nameKey(organisation.name), organisation.country))?.id
    if (!institutionId) {
      const created = await registerProposedInstitution(
        trx,
        {
          name: organisation.name,
          type: organisation.type,
          country: organisation.country,
          region: null,
          city: organisation.city,
        },
        { actorId, source: { source: 'consortia_import', consortium: row.columns.reference ?? '' } },
      )
      institutionId = created.id
      if (created.created) proposed(organisation)
    }
    if (listedIds.has(institutionId)) continue
    const role = organisation.role === 'coordinator' && hasCoordinator ? 'partner' : organisation.role
    await q.insertPartner(trx, { id: newId(), consortiumId, institutionId, role })
    listedIds.add(institutionId)
    if (role === 'coordinator') hasCoordinator = true
  }
  return existing ? 'updated' : 'created'
}

/**
 * Imports consortia from a CSV file shaped like the Erasmus+ "Projects_Overview" lists. Each row is checked on its
 * own (rejected rows are reported with their line and reasons); accepted rows are saved in batches, each in one
 * transaction with its audit row, so a second run of the same file creates nothing new. A dry run goes through
 * the same steps and rolls each batch back.
 */
export async function importConsortia(
  db: Db,
  csv: string | Buffer,
  options: ConsortiumImportOptions,
): Promise<ImportReportValue> {
  const { t } = options
  const batchSize = options.batchSize ?? 100
  const { header, rows, malformedLines } = readCsv(csv)
  if (!header) throw new Invalid({ file: { key: 'consortia.import.empty' } })
  const layout = columnIndex(header.record)
  if (layout.index.reference < 0 || layout.index.title < 0 || layout.index.coordinator_name < 0)
    throw new Invalid({ file: { key: 'consortia.import.not_a_list' } })

  const rejected: ImportReportValue['rejected'] = malformedLines.map((line) => ({
    line,
    name: '',
    reasons: [t('consortia.import.malformed_row')],
  }))
  const today = new Date().toISOString().slice(0, 10)
  const accepted: Parsed[] = []
  for (const { record, line } of rows) {
    const result = parseRow(record, line, layout, t, today)
    if ('parsed' in result) accepted.push(result.parsed)
    else rejected.push({ line, name: result.name, reasons: result.reasons })
  }

  let created = 0
  let updated = 0
  const proposed: ImportReportValue['proposed'] = []
  const total = rows.length + malformedLines.length
  let done = rejected.length
  options.onProgress?.(done, total)
  for (let start = 0; start < accepted.length; start += batchSize) {
    const batch = accepted.slice(start, start + batchSize)
    const batchProposed: ImportReportValue['proposed'] = []
    let batchCreated = 0
    let batchUpdated = 0
    try {
      await db.transaction().execute(async (trx) => {
        for (const row of batch) {
          const outcome = await saveRow(trx, row, options.actorId, (o) =>
            batchProposed.push({
              line: row.line,
              name: o.name,
              country: o.country,
              reference: row.columns.reference ?? '',
            }),
          )
          if (outcome === 'created') batchCreated++
          else batchUpdated++
        }
        if (options.dryRun) throw new DryRunRollback()
        await audit(trx, {
          actorId: options.actorId,
          action: 'consortium.import',
          subjectType: 'consortium',
          details: {
            lines: `${batch[0]?.line}-${batch.at(-1)?.line}`,
            created: batchCreated,
            updated: batchUpdated,
            proposed: batchProposed.length,
          },
        })
      })
    } catch (error) {
      if (!(error instanceof DryRunRollback)) {
        // All or nothing: the batch is undone, and every row in it is reported with the reason.
        const reason = t('consortia.import.batch_failed', {
          error: error instanceof Error ? error.message.slice(0, 200) : String(error),
        })
        for (const row of batch)
          rejected.push({ line: row.line, name: row.columns.title_en ?? '', reasons: [reason] })
        batchCreated = 0
        batchUpdated = 0
        batchProposed.length = 0
      }
    }
    created += batchCreated
    updated += batchUpdated
    // A dry run proposes an organisation again in each batch it appears in (the last one was rolled back).
    for (const p of batchProposed)
      if (!proposed.some((o) => o.name === p.name && o.country === p.country)) proposed.push(p)
    done += batch.length
    options.onProgress?.(done, total)
  }
  rejected.sort((a, b) => a.line - b.line)
  return { dry_run: options.dryRun, rows: total, created, updated, proposed, rejected }
}
