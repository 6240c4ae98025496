import type { Command } from 'commander'
import type { Config } from '../../config.ts'
import { createRuntime } from '../../runtime.ts'
import { rebuildHistory, takeSnapshot } from './service.ts'

/** `korpu stats rebuild` and `korpu stats snapshot`. */
export function registerStatsCommands(program: Command, config: () => Config): void {
  const stats = program.command('stats').description('statistics: monthly figures')
  stats
    .command('rebuild')
    .description(
      "reconstruct every month's figures from the records' own dates (validation, registration, approval, publication); figures entered by coordinators are kept",
    )
    .action(async () => {
      const runtime = await createRuntime(config())
      const months = await runtime.db.transaction().execute((trx) => rebuildHistory(trx))
      console.log(`${months} month(s) of figures rebuilt`)
      await runtime.close()
    })
  stats
    .command('snapshot')
    .description("record this month's figures now (the monthly job does it at the start of every month)")
    .action(async () => {
      const runtime = await createRuntime(config())
      await takeSnapshot(runtime.db)
      console.log('figures recorded')
      await runtime.close()
    })
}
