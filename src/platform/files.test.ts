import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { crc32 } from 'node:zlib'
import Fastify from 'fastify'
import sharp from 'sharp'
import { startS3 } from '../../test/helpers/s3.ts'
import type { AppDeps } from '../app.ts'
import { loadConfig } from '../config.ts'
import { Invalid } from './errors.ts'
import {
  readStoredJson,
  reencodeImage,
  sendStoredFile,
  sniffMediaType,
  storeFile,
  storeJson,
} from './files.ts'
import { createStorage, type Storage } from './storage.ts'

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

/** A photo as a phone takes it: EXIF with the owner, the GPS position, and "rotate 90° to show". */
function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 4, height: 2, channels: 3, background: '#c33' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Copyright: 'Leyla Mammadova' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '40/1 24/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '49/1 52/1 0/1',
      },
    })
    .toBuffer()
}

/** The EXIF block refers to a GPS sub-directory (tag 0x8825, in either byte order). */
const hasGps = (exif: Buffer | undefined) =>
  exif !== undefined && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])))

test('media types come from the bytes, not from what the browser claimed', () => {
  assert.equal(sniffMediaType(Buffer.from('%PDF-1.7\n')), 'application/pdf')
  assert.equal(sniffMediaType(PNG), 'image/png')
  assert.equal(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg')
  assert.equal(sniffMediaType(Buffer.from('GIF89a....')), 'image/gif')
  assert.equal(sniffMediaType(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1')), 'image/webp')
  assert.equal(sniffMediaType(Buffer.from('<svg onload="alert(1)"/>')), 'application/octet-stream')
  assert.equal(sniffMediaType(Buffer.from('<html><script>alert(1)</script>')), 'application/octet-stream')
})

describe('images are re-encoded', () => {
  test('a JPEG loses its EXIF (GPS position, owner) and stays upright', async () => {
    const photo = await phonePhoto()
    const before = await sharp(photo).metadata()
    assert.ok(hasGps(before.exif), 'the test photo carries a GPS position')
    assert.equal(before.orientation, 6)
    const clean = await reencodeImage(photo, 'image/jpeg', 'file')
    const after = await sharp(clean).metadata()
    assert.equal(after.format, 'jpeg')
    assert.equal(after.exif, undefined)
    assert.equal(after.xmp, undefined)
    assert.equal(after.orientation, undefined)
    assert.ok(!clean.includes(Buffer.from('Leyla Mammadova')))
    // The rotation the EXIF asked for is applied to the pixels before the EXIF goes.
    assert.deepEqual([after.width, after.height], [2, 4])
  })

  test('PNG, GIF (all its frames) and WebP keep their format and lose their text chunks', async () => {
    const base = sharp({ create: { width: 3, height: 3, channels: 3, background: '#36a' } })
    const plain = await base.clone().png().toBuffer()
    // A tEXt chunk right after the header, as cameras and editors write them (with where the photo was taken).
    const data = Buffer.from('Comment\0Taken at 40.4093N 49.8671E', 'latin1')
    const chunk = Buffer.alloc(12 + data.length)
    chunk.writeUInt32BE(data.length, 0)
    chunk.write('tEXt', 4, 'latin1')
    data.copy(chunk, 8)
    chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length)
    const png = Buffer.concat([plain.subarray(0, 33), chunk, plain.subarray(33)])
    assert.equal((await sharp(png).metadata()).comments?.[0]?.text, 'Taken at 40.4093N 49.8671E')
    const cleanPng = await reencodeImage(png, 'image/png', 'file')
    assert.equal((await sharp(cleanPng).metadata()).format, 'png')
    assert.ok(!cleanPng.includes(Buffer.from('40.4093N')))

    const frame = (background: string) =>
      sharp({ create: { width: 3, height: 3, channels: 3, background } })
        .png()
        .toBuffer()
    const frames = [await frame('#f00'), await frame('#00f')]
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer()
    const cleanGif = await reencodeImage(gif, 'image/gif', 'file')
    const gifMeta = await sharp(cleanGif, { animated: true }).metadata()
    assert.deepEqual([gifMeta.format, gifMeta.pages], ['gif', 2])

    const webp = await base
      .clone()
      .webp()
      .withExif({ IFD0: { Copyright: 'Leyla Mammadova' } })
      .toBuffer()
    const cleanWebp = await reencodeImage(webp, 'image/webp', 'file')
    assert.equal((await sharp(cleanWebp).metadata()).format, 'webp')
    assert.ok(!cleanWebp.includes(Buffer.from('Leyla Mammadova')))
  })

  test('an "image" that does not decode is refused on the form field named', async () => {
    const fake = Buffer.concat([PNG.subarray(0, 8), Buffer.from('<script>alert(1)</script>')])
    await assert.rejects(
      reencodeImage(fake, 'image/png', 'logo'),
      (error: unknown) =>
        error instanceof Invalid && error.fields.logo?.key === 'validation.image_unreadable',
    )
  })
})

const s3 = await startS3()
after(() => s3.stop())

for (const backend of ['local', 's3'] as const) {
  describe(`stored and served files [${backend}]`, () => {
    let dir: string
    let storage: Storage
    const app = Fastify()
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-files-'))
      storage = createStorage(loadConfig({ ...(backend === 's3' ? s3.env : {}), KORPU_FILES_DIR: dir }))
      const photo = await storeFile(storage, 'area', await phonePhoto())
      const html = await storeFile(storage, 'area', Buffer.from('<html><script>alert(1)</script>'))
      assert.match(photo.storedName, /^[0-9a-f-]{36}-[0-9a-f]{16}$/)
      assert.equal(photo.key, `area/${photo.storedName}`)
      assert.equal(photo.mediaType, 'image/jpeg')
      assert.equal(html.mediaType, 'application/octet-stream')
      // sendStoredFile reads from the app's storage (the only dependency it uses), as in the portal; the records
      // here keep no media type.
      app.decorate('deps', { storage } as AppDeps)
      app.get('/photo', (_req, reply) =>
        sendStoredFile(reply, { key: photo.key, downloadName: 'Şəkil' }, { inline: true }),
      )
      app.get('/html', (_req, reply) =>
        sendStoredFile(reply, { key: html.key, downloadName: 'page.png' }, { inline: true }),
      )
      app.get('/gone', (_req, reply) => sendStoredFile(reply, { key: 'area/gone', downloadName: 'x' }))
      await app.ready()
    })
    after(async () => {
      await app.close()
      storage.close()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    test('the image comes back re-encoded, without its GPS position, shown inline', async () => {
      const image = await app.inject('/photo')
      assert.equal(image.statusCode, 200)
      assert.equal(image.headers['content-type'], 'image/jpeg')
      assert.equal(Number(image.headers['content-length']), image.rawPayload.length)
      assert.match(
        String(image.headers['content-disposition']),
        /^inline; filename="_?\S*\.jpg"; filename\*=UTF-8''%C5%9E/,
      )
      assert.equal(image.headers['x-content-type-options'], 'nosniff')
      const served = await sharp(image.rawPayload).metadata()
      assert.equal(served.exif, undefined)
      assert.ok(!image.rawPayload.includes(Buffer.from('Leyla Mammadova')))
    })

    test('HTML named .png is what its bytes say: a download, never a page', async () => {
      const page = await app.inject('/html')
      assert.equal(page.statusCode, 200)
      assert.equal(page.headers['content-type'], 'application/octet-stream')
      assert.match(String(page.headers['content-disposition']), /^attachment; filename="page\.png"/)
      assert.equal(page.headers['x-content-type-options'], 'nosniff')
      assert.match(String(page.headers['content-security-policy']), /default-src 'none'; sandbox/)
    })

    test('a file gone from the storage is 404; small documents round-trip', async () => {
      assert.equal((await app.inject('/gone')).statusCode, 404)
      await storeJson(storage, 'imports/report-1.json', { rejected: [{ line: 2 }] })
      assert.deepEqual(await readStoredJson(storage, 'imports/report-1.json'), { rejected: [{ line: 2 }] })
      assert.equal(await readStoredJson(storage, 'imports/report-2.json'), null)
    })
  })
}
