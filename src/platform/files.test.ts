import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import Fastify from 'fastify'
import { sendStoredFile, sniffMediaType, storeFile } from './files.ts'

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])

test('media types come from the bytes, not from what the browser claimed', () => {
  assert.equal(sniffMediaType(Buffer.from('%PDF-1.7\n')), 'application/pdf')
  assert.equal(sniffMediaType(PNG), 'image/png')
  assert.equal(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg')
  assert.equal(sniffMediaType(Buffer.from('GIF89a....')), 'image/gif')
  assert.equal(sniffMediaType(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1')), 'image/webp')
  assert.equal(sniffMediaType(Buffer.from('<svg onload="alert(1)"/>')), 'application/octet-stream')
  assert.equal(sniffMediaType(Buffer.from('<html><script>alert(1)</script>')), 'application/octet-stream')
})

test('stored files get generated names; only safe types are ever inline', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'korpu-files-'))
  try {
    const png = await storeFile(dir, 'area', PNG)
    const html = await storeFile(dir, 'area', Buffer.from('<html><script>alert(1)</script>'))
    assert.match(png.storedName, /^[0-9a-f-]{36}-[0-9a-f]{16}$/)
    const app = Fastify()
    app.get('/png', (_req, reply) =>
      sendStoredFile(
        reply,
        { path: png.path, mediaType: 'image/png', downloadName: 'Şəkil' },
        { inline: true },
      ),
    )
    app.get('/html', (_req, reply) =>
      sendStoredFile(
        reply,
        { path: html.path, mediaType: sniffMediaType(Buffer.from('<html>')), downloadName: 'page.html' },
        { inline: true },
      ),
    )
    const image = await app.inject('/png')
    assert.equal(image.headers['content-type'], 'image/png')
    assert.match(
      String(image.headers['content-disposition']),
      /^inline; filename="_?\S*\.png"; filename\*=UTF-8''%C5%9E/,
    )
    assert.equal(image.headers['x-content-type-options'], 'nosniff')
    const page = await app.inject('/html')
    assert.equal(page.headers['content-type'], 'application/octet-stream')
    assert.match(String(page.headers['content-disposition']), /^attachment; filename="page\.html"/)
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'; sandbox/)
    await app.close()
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
})
