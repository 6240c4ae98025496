import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import { after, before, describe, test } from 'node:test'
import { startS3 } from '../../test/helpers/s3.ts'
import { ConfigError, loadConfig } from '../config.ts'
import { createStorage, type Storage } from './storage.ts'

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])

// The same behaviour from both backends: the S3 one against a real S3-compatible server started here.
const s3 = await startS3()
after(() => s3.stop())

for (const backend of ['local', 's3'] as const) {
  describe(`file storage [${backend}]`, () => {
    let storage: Storage
    let dir: string
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-storage-'))
      const env = backend === 's3' ? s3.env : {}
      storage = createStorage(loadConfig({ ...env, KORPU_FILES_DIR: dir }))
      assert.equal(storage.backend, backend)
    })
    after(() => {
      storage.close()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    test('put, then get streams the bytes back with their size and type; delete removes them', async () => {
      const key = `area/${backend}-one`
      assert.equal(await storage.exists(key), false)
      assert.equal(await storage.get(key), null)
      await storage.put(key, PNG_HEAD, 'image/png')
      assert.equal(await storage.exists(key), true)
      const object = await storage.get(key)
      assert.ok(object)
      assert.equal(object.size, PNG_HEAD.length)
      assert.equal(object.mediaType, 'image/png')
      const chunks: Buffer[] = []
      for await (const chunk of object.body) chunks.push(Buffer.from(chunk))
      assert.ok(Buffer.concat(chunks).equals(PNG_HEAD))

      await storage.delete(key)
      assert.equal(await storage.exists(key), false)
      assert.equal(await storage.get(key), null)
      // Deleting what is not there is not an error (a cleanup may run twice).
      await storage.delete(key)
    })

    test('a larger file streams whole', async () => {
      const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 'körpü')
      await storage.put('area/large', bytes, 'application/octet-stream')
      const object = await storage.get('area/large')
      assert.equal(object?.size, bytes.length)
      assert.equal(await text(object?.body ?? []), bytes.toString())
    })

    test('only generated keys are taken: nothing that could climb out of its area', async () => {
      for (const key of [
        '../etc/passwd',
        'area/../../x',
        'area/',
        '/abs/path',
        'Area/x',
        'area/sub/x',
        'area/.hidden',
        '',
      ])
        await assert.rejects(storage.put(key, PNG_HEAD, 'image/png'), /not a storage key/, key)
      await assert.rejects(storage.get('area/..'), /not a storage key/)
    })
  })
}

test('the local backend keeps the files where they always were: <filesDir>/<area>/<name>', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-storage-'))
  try {
    const storage = createStorage(loadConfig({ KORPU_FILES_DIR: dir }))
    await storage.put('logos/abc-1', PNG_HEAD, 'image/png')
    assert.ok(fs.readFileSync(path.join(dir, 'logos', 'abc-1')).equals(PNG_HEAD))
    // A file written by an earlier version is found and typed from its bytes.
    fs.writeFileSync(path.join(dir, 'logos', 'old'), Buffer.from('%PDF-1.4\n'))
    assert.equal((await storage.get('logos/old'))?.mediaType, 'application/pdf')
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

describe('storage configuration', () => {
  const s3env = {
    KORPU_STORAGE: 's3',
    KORPU_S3_BUCKET: 'korpu-files',
    KORPU_S3_ACCESS_KEY_ID: 'id',
    KORPU_S3_SECRET_ACCESS_KEY: 'secret',
  }
  const failure = (env: Record<string, string>, variable: string, message: RegExp) =>
    assert.throws(
      () => loadConfig(env),
      (error: unknown) =>
        error instanceof ConfigError && error.variable === variable && message.test(error.message),
    )

  test('local by default; s3 with its settings and defaults', () => {
    assert.deepEqual(loadConfig({}).storage, { backend: 'local' })
    assert.deepEqual(loadConfig(s3env).storage, {
      backend: 's3',
      bucket: 'korpu-files',
      region: 'us-east-1',
      endpoint: '',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      forcePathStyle: false,
    })
    const minio = loadConfig({
      ...s3env,
      KORPU_S3_REGION: 'eu-central-1',
      KORPU_S3_ENDPOINT: 'https://minio.example.org:9000/',
      KORPU_S3_FORCE_PATH_STYLE: 'true',
    }).storage
    assert.equal(minio.backend === 's3' && minio.endpoint, 'https://minio.example.org:9000')
    assert.equal(minio.backend === 's3' && minio.forcePathStyle, true)
    // Without keys the AWS SDK's default chain (instance roles) applies.
    const { KORPU_S3_ACCESS_KEY_ID: _, KORPU_S3_SECRET_ACCESS_KEY: __, ...keyless } = s3env
    assert.equal(loadConfig(keyless).storage.backend, 's3')
  })

  test('clear errors for what cannot work', () => {
    failure({ KORPU_STORAGE: 'ftp' }, 'KORPU_STORAGE', /must be one of local, s3/)
    failure({ KORPU_STORAGE: 's3' }, 'KORPU_S3_BUCKET', /is required when KORPU_STORAGE=s3/)
    failure({ ...s3env, KORPU_S3_BUCKET: 'Bad_Bucket' }, 'KORPU_S3_BUCKET', /not a valid bucket name/)
    failure({ ...s3env, KORPU_S3_REGION: 'eu central' }, 'KORPU_S3_REGION', /not a region name/)
    failure(
      { ...s3env, KORPU_S3_ENDPOINT: 'minio:9000' },
      'KORPU_S3_ENDPOINT',
      /must start with http: or https:/,
    )
    failure({ ...s3env, KORPU_S3_FORCE_PATH_STYLE: 'maybe' }, 'KORPU_S3_FORCE_PATH_STYLE', /true or false/)
    failure({ ...s3env, KORPU_S3_SECRET_ACCESS_KEY: '' }, 'KORPU_S3_SECRET_ACCESS_KEY', /set both or neither/)
    // Bucket settings without KORPU_STORAGE=s3 would quietly keep files on one machine's disk.
    failure({ KORPU_S3_BUCKET: 'korpu-files' }, 'KORPU_S3_BUCKET', /set KORPU_STORAGE=s3/)
    // The secret is never echoed in an error.
    assert.throws(
      () => loadConfig({ ...s3env, KORPU_S3_ACCESS_KEY_ID: '', KORPU_S3_SECRET_ACCESS_KEY: 'topsecret' }),
      (error: unknown) => error instanceof Error && !error.message.includes('topsecret'),
    )
  })
})
