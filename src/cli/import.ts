import fs from 'node:fs'
import { stderr } from 'node:process'
import cliProgress from 'cli-progress'
import type { Config } from '../config.ts'
import { AppError, Invalid } from '../platform/errors.ts'
import { type TFunction, translate, translator } from '../platform/i18n.ts'
import { createRuntime } from '../runtime.ts'

type Runtime = Awaited<ReturnType<typeof createRuntime>>

/**
 * What every `korpu import … FILE` command does around its importer: read the file, open the runtime, draw a
 * progress bar on standard error while the importer reports progress, and turn a refused file (Invalid, or any
 * other client error) into messages and exit code 1 instead of a stack trace.
 */
export async function runImportCommand(
  file: string,
  config: () => Config,
  run: (input: {
    runtime: Runtime
    content: Buffer
    t: TFunction
    onProgress: (done: number, total: number) => void
  }) => Promise<void>,
): Promise<void> {
  let content: Buffer
  try {
    content = fs.readFileSync(file)
  } catch (error) {
    console.error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
  const cfg = config()
  const t = translator(cfg.defaultLocale)
  const runtime = await createRuntime(cfg)
  const bar = new cliProgress.SingleBar(
    {
      format: 'importing [{bar}] {percentage}% | {value}/{total} rows',
      stream: stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  const stopBar = () => {
    if (started) bar.stop()
    started = false
  }
  try {
    await run({
      runtime,
      content,
      t,
      onProgress: (done, total) => {
        if (!started) bar.start(total, 0)
        started = true
        bar.update(done)
        // The summary is printed by the importer's caller once the bar is gone.
        if (done >= total) stopBar()
      },
    })
    stopBar()
  } catch (error) {
    stopBar()
    if (error instanceof Invalid) {
      for (const message of Object.values(error.fields)) console.error(translate(t, message))
      process.exitCode = 1
    } else if (error instanceof AppError) {
      console.error(translate(t, error.detail))
      process.exitCode = 1
    } else throw error
  } finally {
    await runtime.close()
  }
}
