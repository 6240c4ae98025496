import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import sharp from 'sharp'
import yauzl from 'yauzl'
import { createInstitution, type TestPerson } from '../../test/helpers/factories.ts'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { createProject } from '../../test/helpers/projects.ts'
import { startS3 } from '../../test/helpers/s3.ts'
import { sessionCookieName } from '../app.ts'
import { newId } from '../db/ids.ts'
import { seedResources } from '../demo/resources.ts'
import { storageKey } from './files.ts'
import { createSession } from './sessions.ts'

/** Every entry of a ZIP: name → bytes. */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error)
      const entries = new Map<string, Buffer>()
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err)
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks))
            zip.readEntry()
          })
        })
      })
      zip.on('end', () => resolve(entries))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}

// The whole portal on S3-compatible storage (a real server in this process), on both databases.
const s3 = await startS3()
after(() => s3.stop())

eachDatabase(
  'uploads through the routes with KORPU_STORAGE=s3',
  (h) => {
    /** A download's bytes, as the person (or a visitor) gets them. */
    const download = (url: string, person?: TestPerson) =>
      h().app.inject({
        method: 'GET',
        url,
        headers: person ? { cookie: `${sessionCookieName(h().config)}=${person.sessionToken}` } : {},
      })

    test('a logo goes into the bucket under a generated key, re-encoded, and comes back from it', async () => {
      assert.equal(h().app.deps.storage.backend, 's3')
      const institution = await createInstitution(h().db, { name: `Bucket School ${newId().slice(-6)}` })
      const admin = await h().person({ role: 'member' })
      await h()
        .db.insertInto('memberships')
        .values({
          id: newId(),
          person_id: admin.id,
          institution_id: institution.id,
          role: 'institution_admin',
          status: 'confirmed',
          created_at: new Date().toISOString(),
        })
        .execute()
      const { slug } = await h()
        .db.selectFrom('institutions')
        .select('slug')
        .where('id', '=', institution.id)
        .executeTakeFirstOrThrow()
      // Signed in after becoming its administrator (a privilege change ends the sessions from before).
      const client = await h().client({ ...admin, sessionToken: await createSession(h().db, admin.id) })
      const photo = await sharp({ create: { width: 6, height: 4, channels: 3, background: '#2a6' } })
        .jpeg()
        .withExif({ IFD0: { Copyright: 'Secret Photographer' } })
        .toBuffer()
      const saved = await client.upload(`/institutions/${slug}/logo`, {}, [
        { field: 'logo', filename: 'our-school-logo.jpg', contentType: 'image/jpeg', content: photo },
      ])
      assert.equal(saved.status, 303, saved.body.slice(0, 300))

      const { logo_path } = await h()
        .db.selectFrom('institutions')
        .select('logo_path')
        .where('id', '=', institution.id)
        .executeTakeFirstOrThrow()
      assert.match(String(logo_path), /^[0-9a-f-]{36}-[0-9a-f]{16}$/)
      assert.doesNotMatch(String(logo_path), /school|logo|jpg/)
      assert.ok(await h().app.deps.storage.exists(storageKey('logos', String(logo_path))))

      const image = await download(`/institutions/${slug}/logo`)
      assert.equal(image.statusCode, 200)
      assert.equal(image.headers['content-type'], 'image/jpeg')
      assert.equal(image.headers['x-content-type-options'], 'nosniff')
      assert.match(String(image.headers['content-disposition']), /^inline;/)
      const served = image.rawPayload
      assert.deepEqual(
        [(await sharp(served).metadata()).width, (await sharp(served).metadata()).exif],
        [6, undefined],
      )
      assert.ok(!served.includes(Buffer.from('Secret Photographer')))

      // Markup under an image's name is refused: its bytes are no image; the form says so.
      const html = await client.upload(`/institutions/${slug}/logo`, {}, [
        {
          field: 'logo',
          filename: 'logo.png',
          contentType: 'image/png',
          content: Buffer.from('<svg onload=alert(1)>'),
        },
      ])
      assert.equal(html.status, 400)
      // A PNG header with anything else behind it does not decode: refused as an unreadable image.
      const fake = Buffer.concat([photo.subarray(0, 3), Buffer.from('<script>alert(1)</script>')])
      const broken = await client.upload(`/institutions/${slug}/logo`, {}, [
        { field: 'logo', filename: 'logo.jpg', contentType: 'image/jpeg', content: fake },
      ])
      assert.equal(broken.status, 400)
      assert.match(broken.body, /This image cannot be read/)

      // Replacing the logo removes the previous object from the bucket.
      const next = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } })
        .png()
        .toBuffer()
      await client.upload(`/institutions/${slug}/logo`, {}, [
        { field: 'logo', filename: 'new.png', contentType: 'image/png', content: next },
      ])
      assert.equal(await h().app.deps.storage.exists(storageKey('logos', String(logo_path))), false)
    })

    test('the workspace ZIP streams its files from the bucket; resources’ PDFs download from it', async () => {
      const school = await createInstitution(h().db)
      const founder = await h().person({ role: 'member' })
      const project = await createProject(h().db, {
        founders: [{ personId: founder.id, institutionId: school.id }],
      })
      const client = await h().client(founder)
      const pdf = Buffer.from('%PDF-1.4\n% water samples\n')
      const sent = await client.upload(`/projects/${project.id}/workspace/files`, { title: 'Samples' }, [
        { field: 'file', filename: 'samples.pdf', contentType: 'application/pdf', content: pdf },
      ])
      assert.equal(sent.status, 303, sent.body.slice(0, 300))
      const zip = await download(`/projects/${project.id}/workspace/archive.zip`, founder)
      assert.equal(zip.statusCode, 200)
      const entries = await unzip(zip.rawPayload)
      const material = [...entries.keys()].find((name) => name.startsWith('materials/'))
      assert.ok(material && entries.get(material)?.equals(pdf), [...entries.keys()].join(', '))

      assert.equal(await seedResources(h().db, h().app.deps.storage), 4)
      const { slug } = await h()
        .db.selectFrom('resources')
        .select('slug')
        .where('visibility', '=', 'public')
        .executeTakeFirstOrThrow()
      const brochure = await download(`/resources/${slug}/download`)
      assert.equal(brochure.statusCode, 200)
      assert.equal(brochure.headers['content-type'], 'application/pdf')
      assert.equal(brochure.rawPayload.subarray(0, 5).toString(), '%PDF-')
    })
  },
  s3.env,
)
