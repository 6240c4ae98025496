import type { Command } from 'commander'
import { runImportCommand } from '../../cli/import.ts'
import type { Config } from '../../config.ts'
import { importConsortia } from './import.ts'

/** `korpu import consortia FILE.csv [--dry-run]`. */
export function registerConsortiumCommands(program: Command, config: () => Config): void {
  const importCommand =
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('import data')
  importCommand
    .command('consortia <file>')
    .description(
      'import consortium projects from a CSV file shaped like the Erasmus+ "Projects_Overview" lists (their column names); organisations are matched to the registry by name and country, missing ones proposed as new institutions',
    )
    .option('--dry-run', 'check every row and report, saving nothing')
    .action(async (file: string, options: { dryRun?: boolean }) => {
      await runImportCommand(file, config, async ({ runtime, content, t, onProgress }) => {
        const report = await importConsortia(runtime.db, content, {
          dryRun: options.dryRun ?? false,
          actorId: null,
          t,
          onProgress,
        })
        console.log(
          `${report.dry_run ? 'dry run (nothing saved): ' : ''}${report.rows} rows read, ${report.created} consortia created, ${report.updated} updated, ${report.proposed.length} organisations not in the registry (proposed), ${report.rejected.length} rejected`,
        )
        for (const row of report.proposed)
          console.log(`line ${row.line}: not in the registry, proposed: ${row.name} (${row.country})`)
        for (const row of report.rejected)
          console.log(`line ${row.line}: ${row.name ? `${row.name}: ` : ''}${row.reasons.join('; ')}`)
      })
    })
}
