import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { seedResources } from './demo/resources.ts'
import { loadDemoData } from './demo/seed.ts'
import { enrolDemoStaff } from './modules/accounts/second-factor.ts'
import { isIndexEmpty, rebuildSearch } from './modules/search/service.ts'
import { createRuntime, startWorker } from './runtime.ts'

let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig()
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`)
    process.exit(2)
  }
  throw error
}

const runtime = await createRuntime(config)
if (config.demoData) {
  await loadDemoData(runtime.db)
  // The demo staff's published TOTP secret, encrypted under this start's key (README, "Demo accounts").
  await enrolDemoStaff(runtime.db, config)
  await seedResources(runtime.db, runtime.storage)
}
// A new installation (or the demo) starts with an empty site-search index: it is built from the modules' tables.
if (await isIndexEmpty(runtime.db)) await rebuildSearch(runtime.db)
const app = await buildApp(runtime)
// Off (KORPU_WORKER=false) when `korpu worker` processes run the jobs.
if (config.worker) await startWorker(runtime)

let stopping = false
async function shutdown(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  app.log.info({ signal }, 'shutting down: finishing requests in flight')
  // close() stops accepting connections and waits for requests in flight; new ones get 503 meanwhile.
  const force = setTimeout(() => {
    app.log.error('shutdown took longer than 20 s, exiting')
    process.exit(1)
  }, 20_000)
  force.unref()
  await app.close()
  await runtime.close()
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))

await app.listen({ port: config.port, host: config.host })
app.log.info(`Körpü is serving ${config.baseUrl} (database: ${config.dialect})`)
