import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { seedResources } from './demo/resources.ts'
import { loadDemoData } from './demo/seed.ts'
import { ensureDigestJob } from './modules/notifications/digest.ts'
import { isIndexEmpty, rebuildSearch } from './modules/search/service.ts'
import { ensureSnapshotJob } from './modules/stats/service.ts'
import { createRuntime } from './runtime.ts'

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
  await seedResources(runtime.db, config.filesDir)
}
// A new installation (or the demo) starts with an empty site-search index: it is built from the modules' tables.
if (await isIndexEmpty(runtime.db)) await rebuildSearch(runtime.db)
const app = await buildApp(runtime)
if (config.worker) {
  // The monthly statistics snapshot re-queues itself; the first start queues it (and rebuilds the history).
  await ensureSnapshotJob(runtime.db)
  // The daily notification digest re-queues itself; the first start queues it for the next morning.
  await ensureDigestJob(runtime.db, config)
  runtime.worker.start()
}

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
