import type { Command } from 'commander'
import type { Config } from '../../config.ts'
import { createRuntime } from '../../runtime.ts'
import { rebuildSearch } from './service.ts'

/** `korpu search rebuild`: every row of the site search again from the modules' tables. */
export function registerSearchCommands(program: Command, config: () => Config): void {
  program
    .command('search')
    .description('site search')
    .command('rebuild')
    .description(
      'rebuild the site-search index from the news, projects, institutions, events, consortia, outcomes, networks and resources',
    )
    .action(async () => {
      const runtime = await createRuntime(config())
      const counts = await rebuildSearch(runtime.db)
      for (const [type, n] of Object.entries(counts)) console.log(`${type}: ${n}`)
      await runtime.close()
    })
}
