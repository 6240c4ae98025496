import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Client } from '../../../test/helpers/client.ts'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { newId } from '../../db/ids.ts'

/** A real 1×1 PNG: logos are decoded and re-encoded, so a bare signature is not enough. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

function sendLogo(client: Client, slug: string, content: Buffer, contentType = 'image/png') {
  return client.upload(`/institutions/${slug}/logo`, {}, [
    { field: 'logo', filename: 'logo.png', contentType, content },
  ])
}

eachDatabase('institution logos', (h) => {
  async function institutionWithAdmin() {
    const institution = await createInstitution(h().db, { name: `Logo School ${newId().slice(-6)}` })
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
    const row = await h()
      .db.selectFrom('institutions')
      .select('slug')
      .where('id', '=', institution.id)
      .executeTakeFirstOrThrow()
    return { slug: row.slug, admin: await h().client(admin) }
  }

  test('its administrator uploads a logo: the page, the API and the JSON-LD show it; removing it clears them', async () => {
    const { slug, admin } = await institutionWithAdmin()
    const saved = await sendLogo(admin, slug, PNG)
    assert.equal(saved.status, 303, saved.body.slice(0, 300))
    const visitor = await h().client()
    const detail = (await visitor.get(`/api/v1/institutions/${slug}`)).json<{ logo_url: string | null }>()
    assert.match(String(detail.logo_url), new RegExp(`^/institutions/${slug}/logo\\?v=`))
    const page = await visitor.get(`/institutions/${slug}`)
    assert.match(page.body, /<img src="\/institutions\/[^"]+\/logo\?v=[^"]+" alt="Logo of Logo School/)
    assert.match(page.body, /"logo":"http:\/\/[^"]+\/logo\?v=/)
    const image = await visitor.get(String(detail.logo_url))
    assert.equal(image.status, 200)
    assert.equal(image.headers['content-type'], 'image/png')
    assert.match(String(image.headers['content-disposition']), /^inline;/)
    assert.equal(image.headers['x-content-type-options'], 'nosniff')

    const removed = await admin.upload(`/institutions/${slug}/logo`, { remove: 'yes' })
    assert.equal(removed.status, 303)
    assert.equal(
      (await visitor.get(`/api/v1/institutions/${slug}`)).json<{ logo_url: null }>().logo_url,
      null,
    )
    assert.equal((await visitor.get(`/institutions/${slug}/logo`)).status, 404)
  })

  test('bad files are refused on the form: not an image (an SVG with script), undecodable, empty, too large', async () => {
    const { slug, admin } = await institutionWithAdmin()
    const svg = await sendLogo(admin, slug, Buffer.from('<svg onload="alert(1)"/>'), 'image/svg+xml')
    assert.equal(svg.status, 400)
    assert.match(svg.body, /The logo must be a PNG, JPEG, GIF or WebP image/)
    assert.match(svg.body, /id="logo-logo-error"/)
    const empty = await admin.upload(`/institutions/${slug}/logo`, {})
    assert.equal(empty.status, 400)
    assert.match(empty.body, /Choose an image file/)
    // A PNG signature with anything else behind it is no image: refused once decoding fails.
    const broken = await sendLogo(admin, slug, Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(64, 7)]))
    assert.equal(broken.status, 400)
    assert.match(broken.body, /This image cannot be read/)
    const big = await sendLogo(admin, slug, Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024, 1)]))
    assert.equal(big.status, 413)
    assert.match(big.body, /larger than 2 MB/)
  })

  test('only its administrators and coordinators may change it', async () => {
    const { slug } = await institutionWithAdmin()
    const visitor = await h().client()
    const signIn = await sendLogo(visitor, slug, PNG)
    assert.ok([401, 303].includes(signIn.status), `visitor: ${signIn.status}`)
    for (const role of ['registered', 'member', 'editor', 'pupil'] as const) {
      const other = await h().client(await h().person({ role }))
      const refused = await sendLogo(other, slug, PNG)
      assert.ok([403, 404].includes(refused.status), `${role}: ${refused.status}`)
    }
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    assert.equal((await sendLogo(coordinator, slug, PNG)).status, 303)
  })
})
