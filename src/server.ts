import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { loadDemoData } from './demo/seed.ts'
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
if (config.demoData) await loadDemoData(runtime.db)
const app = await buildApp(runtime)
if (config.worker) runtime.worker.start()

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
