import { stdin, stdout } from 'node:process'
import { createInterface } from 'node:readline/promises'
import { Command, InvalidArgumentError } from 'commander'
import { ConfigError, loadConfig } from '../config.ts'
import { createDatabase } from '../db/database.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { seedResources } from '../demo/resources.ts'
import { loadDemoData } from '../demo/seed.ts'
import { enrolDemoStaff } from '../modules/accounts/second-factor.ts'
import { createPlatformAdmin } from '../modules/accounts/service.ts'
import { registerConsortiumCommands } from '../modules/consortia/cli.ts'
import { registerInstitutionCommands } from '../modules/institutions/cli.ts'
import { registerSearchCommands } from '../modules/search/cli.ts'
import { registerStatsCommands } from '../modules/stats/cli.ts'
import { PASSWORD_MAX, PASSWORD_MIN } from '../platform/passwords.ts'
import { createRuntime } from '../runtime.ts'
import { registerBackupCommands } from './backup.ts'
import { registerWorkerCommand } from './worker.ts'

function config() {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`)
      process.exit(2)
    }
    throw error
  }
}

function email(value: string): string {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) || value.length > 254)
    throw new InvalidArgumentError('not an email address')
  return value
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.KORPU_ADMIN_PASSWORD
  if (fromEnv) return fromEnv
  if (!stdin.isTTY) {
    // Piped: the first line of standard input, so the password never appears in the process list or shell history.
    const rl = createInterface({ input: stdin })
    for await (const line of rl) return line
    return ''
  }
  const rl = createInterface({ input: stdin, output: stdout, terminal: true })
  const answer = await rl.question('Password: ')
  rl.close()
  return answer
}

const program = new Command()
program.name('korpu').description('Körpü command line: database, demo data and administration')

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(async () => {
    const db = createDatabase(config().databaseUrl)
    const results = await migrateToLatest(db)
    for (const r of results ?? [])
      console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`)
    if (!results?.length) console.log('schema is up to date')
    await db.destroy()
  })

program
  .command('demo')
  .description('load the demo data into an empty database (does nothing if it is already there)')
  .action(async () => {
    const runtime = await createRuntime(config())
    console.log((await loadDemoData(runtime.db)) ? 'demo data loaded' : 'demo data was already loaded')
    await enrolDemoStaff(runtime.db, runtime.config)
    console.log(`${await seedResources(runtime.db, runtime.storage)} demo resource(s) added`)
    await runtime.close()
  })

program
  .command('jobs')
  .description('run every due background job now (mail) and exit')
  .action(async () => {
    const runtime = await createRuntime(config())
    console.log(`${await runtime.worker.drain()} job(s) run`)
    await runtime.close()
  })

const admin = program.command('admin').description('platform administrators')
admin
  .command('create')
  .description(
    'create a platform admin (or grant the role to an existing account); password from KORPU_ADMIN_PASSWORD, stdin or a prompt',
  )
  .requiredOption('--email <email>', 'email address', email)
  .option('--name <name>', 'full name', 'Platform administrator')
  .action(async (options: { email: string; name: string }) => {
    const password = await readPassword()
    if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
      console.error(`The password must have ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`)
      process.exit(1)
    }
    if (options.name.trim().length === 0 || options.name.length > 120) {
      console.error('The name must have 1 to 120 characters.')
      process.exit(1)
    }
    const runtime = await createRuntime(config())
    const result = await createPlatformAdmin(runtime.db, {
      email: options.email,
      name: options.name.trim(),
      password,
    })
    console.log(
      result.created
        ? `created platform admin ${result.id}`
        : result.granted
          ? `granted platform admin to existing account ${result.id}`
          : `${result.id} is already a platform admin; nothing changed`,
    )
    await runtime.close()
  })

registerInstitutionCommands(program, config)
registerConsortiumCommands(program, config)
registerSearchCommands(program, config)
registerStatsCommands(program, config)
registerBackupCommands(program, config)
registerWorkerCommand(program, config)

await program.parseAsync(process.argv)
