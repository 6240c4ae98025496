import { stdout } from 'node:process'
import { type Command, InvalidArgumentError } from 'commander'
import { runImportCommand } from '../../cli/import.ts'
import type { Config } from '../../config.ts'
import type { InstitutionType } from '../../db/schema.ts'
import { createRuntime } from '../../runtime.ts'
import { INSTITUTION_TYPES } from './schemas.ts'
import { exportInstitutions, importInstitutions, isImportField } from './transfer.ts'

function mapping(value: string, previous: Record<string, string>): Record<string, string> {
  const [column, field] = value.split('=')
  if (!column || !field || !isImportField(field.trim()))
    throw new InvalidArgumentError(
      `expected column=field, field one of the recognised fields (got "${value}")`,
    )
  return { ...previous, [column.trim()]: field.trim() }
}

function institutionType(value: string): InstitutionType {
  if (!(INSTITUTION_TYPES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`one of ${INSTITUTION_TYPES.join(', ')}`)
  return value as InstitutionType
}

/** `korpu import institutions` and `korpu export institutions`. */
export function registerInstitutionCommands(program: Command, config: () => Config): void {
  const importCommand =
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('import data')
  importCommand
    .command('institutions <file>')
    .description(
      'import institutions from a CSV file (header row; columns name,type,country,region,city,website,national_id,erasmus_pic,…); rows already in the registry are left alone',
    )
    .option('--dry-run', 'check every row and report, saving nothing')
    .option(
      '--map <column=field>',
      'read a column into a field (repeatable), e.g. --map alpha_two_code=country',
      mapping,
      {},
    )
    .option('--type <type>', 'type for rows that give none', institutionType, 'other' as InstitutionType)
    .action(
      async (
        file: string,
        options: { dryRun?: boolean; map: Record<string, string>; type: InstitutionType },
      ) => {
        await runImportCommand(file, config, async ({ runtime, content, t, onProgress }) => {
          const report = await importInstitutions(runtime.db, content, {
            dryRun: options.dryRun ?? false,
            mapping: options.map,
            defaultType: options.type,
            actorId: null,
            t,
            onProgress,
          })
          console.log(
            `${report.dry_run ? 'dry run (nothing saved): ' : ''}${report.rows} rows read, ${report.created} created, ${report.existing} already in the registry, ${report.rejected.length} rejected`,
          )
          for (const row of report.rejected)
            console.log(`line ${row.line}: ${row.name ? `${row.name}: ` : ''}${row.reasons.join('; ')}`)
        })
      },
    )

  const exportCommand =
    program.commands.find((c) => c.name() === 'export') ??
    program.command('export').description('export data to standard output')
  exportCommand
    .command('institutions')
    .description('write the institutions registry to standard output as CSV or JSON')
    .option(
      '--format <format>',
      'csv or json',
      (value: string) => {
        if (value !== 'csv' && value !== 'json') throw new InvalidArgumentError('csv or json')
        return value
      },
      'csv',
    )
    .option('--country <code>', 'only this country (ISO 3166-1 alpha-2)')
    .option('--type <type>', 'only this type', institutionType)
    .action(async (options: { format: 'csv' | 'json'; country?: string; type?: InstitutionType }) => {
      const runtime = await createRuntime(config())
      try {
        for await (const chunk of exportInstitutions(
          runtime.db,
          { country: options.country?.toUpperCase(), type: options.type },
          options.format,
        )) {
          if (!stdout.write(chunk)) await new Promise((resolve) => stdout.once('drain', resolve))
        }
      } finally {
        await runtime.close()
      }
    })
}
