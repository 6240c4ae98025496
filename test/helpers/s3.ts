import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

interface S3rverOptions {
  address: string
  port: number
  silent: boolean
  directory: string
  configureBuckets: Array<{ name: string }>
}
interface S3rver {
  run(): Promise<{ port: number }>
  close(): Promise<void>
}
// The package ships no type declarations; this is the part of its API the tests use.
const S3rver = createRequire(import.meta.url)('@20minutes/s3rver') as new (options: S3rverOptions) => S3rver

export const TEST_BUCKET = 'korpu-test'

/**
 * A real S3-compatible server in this process (s3rver: the S3 REST API over a temporary directory, signatures
 * checked), with one empty bucket. `env` is what an installation would set to use it.
 */
export async function startS3(): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-s3-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: TEST_BUCKET }],
  })
  const { port } = await server.run()
  return {
    env: {
      KORPU_STORAGE: 's3',
      KORPU_S3_BUCKET: TEST_BUCKET,
      KORPU_S3_REGION: 'us-east-1',
      KORPU_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      // s3rver's fixed credentials: it checks every request's signature against them.
      KORPU_S3_ACCESS_KEY_ID: 'S3RVER',
      KORPU_S3_SECRET_ACCESS_KEY: 'S3RVER',
      KORPU_S3_FORCE_PATH_STYLE: 'true',
    },
    async stop() {
      await server.close()
      fs.rmSync(directory, { recursive: true, force: true })
    },
  }
}
