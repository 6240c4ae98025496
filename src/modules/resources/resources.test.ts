import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import type { Client } from '../../../test/helpers/client.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { seedResources } from '../../demo/resources.ts'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
const pdfFile = (content = PDF, filename = 'guide.pdf', contentType = 'application/pdf') => ({
  field: 'file',
  filename,
  contentType,
  content,
})

const fields = (extra: Record<string, string | string[]> = {}) => ({
  kind: 'guide',
  title_en: 'Erasmus application guide',
  title_az: 'Erasmus müraciət bələdçisi',
  description_en: 'How universities apply as a consortium.',
  audience: ['lecturers', 'rectors'],
  language: 'en',
  licence: 'CC-BY-4.0',
  visibility: 'public',
  tags: 'Erasmus, application',
  ...extra,
})

const slugOf = (location: unknown) => /^\/resources\/([a-z0-9-]+)\?done=saved$/.exec(String(location))?.[1]

eachDatabase('resources library', (h) => {
  let editor: Client
  let coordinator: Client
  let member: Client
  let visitor: Client
  let registered: Client
  let pupil: Client
  let institutionAdmin: Client
  let platformAdmin: Client

  async function add(client: Client, extra: Record<string, string | string[]> = {}) {
    const response = await client.upload('/resources/new', fields(extra), [pdfFile()])
    assert.equal(response.status, 303, response.body.slice(0, 1500))
    const slug = slugOf(response.headers.location)
    assert.ok(slug)
    return slug
  }

  before(async () => {
    editor = await h().client(await h().person({ role: 'editor' }))
    coordinator = await h().client(await h().person({ role: 'coordinator' }))
    member = await h().client(await h().person({ role: 'member' }))
    visitor = await h().client()
    registered = await h().client(await h().person({ role: 'registered' }))
    pupil = await h().client(await h().person({ role: 'pupil' }))
    institutionAdmin = await h().client(await h().person({ role: 'institution_admin' }))
    platformAdmin = await h().client(await h().person({ role: 'platform_admin' }))
  })

  test('an editor adds a resource; everyone reads it, downloads it and each download is counted', async () => {
    const slug = await add(editor)
    const page = await visitor.get(`/resources/${slug}`)
    assert.equal(page.status, 200)
    assert.match(page.body, /Erasmus application guide/)
    assert.match(page.body, /CC-BY-4.0/)
    const list = await visitor.get('/resources?kind=guide&language=en')
    assert.match(list.body, new RegExp(`/resources/${slug}`))
    const inAz = await visitor.get('/resources?tag=erasmus')
    assert.match(inAz.body, new RegExp(`/resources/${slug}`))

    for (const client of [visitor, member, pupil]) {
      const download = await client.get(`/resources/${slug}/download`)
      assert.equal(download.status, 200)
      assert.equal(download.headers['content-type'], 'application/pdf')
      assert.equal(download.headers['x-content-type-options'], 'nosniff')
      assert.match(String(download.headers['content-disposition']), /guide\.pdf/)
      assert.equal(download.body, PDF.toString())
    }
    const api = (await visitor.get(`/api/v1/resources/${slug}`)).json<Record<string, unknown>>()
    assert.equal(api.downloads, 3)
    assert.deepEqual(api.tags, ['application', 'erasmus'])
    assert.deepEqual(api.audience, ['lecturers', 'rectors'])
    assert.equal((api.title as Record<string, unknown>).az, 'Erasmus müraciət bələdçisi')
    const row = await h()
      .db.selectFrom('resources')
      .select('downloads')
      .where('slug', '=', slug)
      .executeTakeFirst()
    assert.equal(Number(row?.downloads), 3)
  })

  test('a coordinator edits the fields and replaces the file; then deletes it and its file is gone', async () => {
    const slug = await add(coordinator, { title_en: 'Template for partner letters', kind: 'template' })
    const form = await coordinator.get(`/resources/${slug}/edit`)
    assert.equal(form.status, 200)
    assert.match(form.body, /Template for partner letters/)
    const newPdf = Buffer.from('%PDF-1.7\n% replaced\n%%EOF\n')
    const saved = await coordinator.upload(
      `/resources/${slug}/edit`,
      fields({ title_en: 'Partner letter template', kind: 'template', visibility: 'members' }),
      [pdfFile(newPdf, 'letter.pdf')],
    )
    assert.equal(saved.status, 303, saved.body.slice(0, 1000))
    const api = (await member.get(`/api/v1/resources/${slug}`)).json<Record<string, unknown>>()
    assert.equal((api.title as Record<string, unknown>).en, 'Partner letter template')
    assert.equal(api.visibility, 'members')
    assert.equal((await member.get(`/resources/${slug}/download`)).body, newPdf.toString())

    // Saving without a new file keeps the current one.
    const again = await coordinator.upload(`/resources/${slug}/edit`, fields({ visibility: 'public' }))
    assert.equal(again.status, 303)
    assert.equal((await visitor.get(`/resources/${slug}/download`)).body, newPdf.toString())

    const files = await h()
      .db.selectFrom('resources')
      .select('stored_name')
      .where('slug', '=', slug)
      .execute()
    assert.equal(files.length, 1)
    assert.equal((await coordinator.form(`/resources/${slug}/delete`, {})).status, 303)
    assert.equal((await visitor.get(`/resources/${slug}`)).status, 404)
    const { storageKey } = await import('../../platform/files.ts')
    assert.equal(
      await h().app.deps.storage.exists(storageKey('resources', files[0]?.stored_name ?? '')),
      false,
    )
  })

  test('members-only resources: refused to visitors, registered people and pupils, listed and served to members and staff', async () => {
    const slug = await add(editor, { title_en: 'Consortium budget workbook', visibility: 'members' })
    for (const client of [visitor, registered, pupil]) {
      assert.equal((await client.get(`/resources/${slug}`)).status, 404)
      assert.equal((await client.get(`/resources/${slug}/download`)).status, 404)
      assert.equal((await client.get(`/api/v1/resources/${slug}`)).status, 404)
      assert.doesNotMatch((await client.get('/resources')).body, /Consortium budget workbook/)
      const api = (await client.get('/api/v1/resources')).json<Array<{ slug: string }>>()
      assert.ok(!api.some((r) => r.slug === slug))
    }
    for (const client of [member, institutionAdmin, editor, coordinator, platformAdmin]) {
      assert.equal((await client.get(`/resources/${slug}`)).status, 200)
      assert.match((await client.get('/resources')).body, /Consortium budget workbook/)
      assert.equal((await client.get(`/resources/${slug}/download`)).status, 200)
    }
    const row = await h()
      .db.selectFrom('resources')
      .select('downloads')
      .where('slug', '=', slug)
      .executeTakeFirst()
    assert.equal(Number(row?.downloads), 5, 'refused downloads are not counted')
  })

  test('only editors, coordinators and platform admins add, change or delete resources', async () => {
    const slug = await add(platformAdmin, { title_en: 'Kept by admins' })
    for (const client of [member, registered, institutionAdmin, pupil]) {
      assert.equal((await client.get('/resources/new')).status, 403)
      assert.equal((await client.upload('/resources/new', fields(), [pdfFile()])).status, 403)
      assert.equal((await client.get(`/resources/${slug}/edit`)).status, 403)
      assert.equal((await client.form(`/resources/${slug}/delete`, {})).status, 403)
    }
    const anonymous = await visitor.get('/resources/new')
    assert.ok([302, 303, 401].includes(anonymous.status))
    assert.equal((await visitor.form(`/resources/${slug}/delete`, {})).status === 303, false)
    assert.equal((await visitor.get(`/resources/${slug}`)).status, 200)
    assert.doesNotMatch((await member.get('/resources')).body, /href="\/resources\/new"/)
    assert.match((await editor.get('/resources')).body, /href="\/resources\/new"/)
  })

  test('forbidden file types are refused with the message next to the file field, and what was typed is kept', async () => {
    const cases = [
      pdfFile(Buffer.from('<html><script>alert(1)</script></html>'), 'page.html', 'text/html'),
      pdfFile(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.svg', 'image/svg+xml'),
      pdfFile(Buffer.from('MZ\x90\x00'), 'setup.exe', 'application/octet-stream'),
      // Claims to be a PDF but is not one.
      pdfFile(Buffer.from('<html>not a pdf</html>'), 'fake.pdf', 'application/pdf'),
      // Claims to be a Word document but is not a zip.
      pdfFile(Buffer.from('plain text'), 'fake.docx', 'application/octet-stream'),
    ]
    for (const file of cases) {
      const response = await editor.upload('/resources/new', fields({ title_en: 'Typed title kept' }), [file])
      assert.equal(response.status, 400, file.filename)
      assert.match(response.body, /field-file-error/, file.filename)
      assert.match(response.body, /This kind of file cannot be added/)
      assert.match(response.body, /value="Typed title kept"/)
    }
    const missing = await editor.upload('/resources/new', fields())
    assert.equal(missing.status, 400)
    assert.match(missing.body, /Choose the file/)
    const count = await h()
      .db.selectFrom('resources')
      .select('id')
      .where('title_en', '=', 'Typed title kept')
      .execute()
    assert.equal(count.length, 0)
  })

  test('an oversized file is refused with 413 and the form comes back filled in', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(h().config.projects.maxUploadBytes + 1024, 32)])
    const response = await editor.upload('/resources/new', fields({ title_en: 'Too big to keep' }), [
      pdfFile(big),
    ])
    assert.equal(response.status, 413)
    assert.match(response.body, /The file is larger than/)
    assert.match(response.body, /value="Too big to keep"/)
  })

  test('over-long fields, unknown choices, bad tags and missing titles are refused field by field', async () => {
    const long = await editor.upload(
      '/resources/new',
      fields({ title_en: 'x'.repeat(301), description_en: 'y'.repeat(4001) }),
      [pdfFile()],
    )
    assert.equal(long.status, 400)
    assert.match(long.body, /field-title_en-error/)
    assert.match(long.body, /field-description_en-error/)
    const choices = await editor.upload(
      '/resources/new',
      fields({ kind: 'poster', visibility: 'secret', language: 'xx', licence: 'GPL-99' }),
      [pdfFile()],
    )
    assert.equal(choices.status, 400)
    for (const field of ['kind', 'visibility', 'language', 'licence'])
      assert.match(choices.body, new RegExp(`field-${field}-error`))
    const tags = await editor.upload('/resources/new', fields({ tags: '<script>, ok' }), [pdfFile()])
    assert.equal(tags.status, 400)
    assert.match(tags.body, /field-tags-error/)
    assert.doesNotMatch(tags.body, /<script>, ok/)
    const untitled = await editor.upload('/resources/new', fields({ title_en: '', title_az: '' }), [
      pdfFile(),
    ])
    assert.equal(untitled.status, 400)
    assert.match(untitled.body, /Give a title in at least one language/)
    const api = await visitor.get('/api/v1/resources?kind=poster')
    assert.equal(api.status, 400)
    assert.equal(api.json<{ errors: Array<{ field: string }> }>().errors[0]?.field, 'kind')
  })

  test('the demo library: a training brochure, the application forms and a members’ guide as real PDFs, loaded once', async () => {
    assert.equal(await seedResources(h().db, h().app.deps.storage), 4)
    assert.equal(await seedResources(h().db, h().app.deps.storage), 0)
    const brochure = await visitor.get('/resources/teaching-with-digital-tools-training-brochure/download')
    assert.equal(brochure.status, 200)
    assert.equal(brochure.headers['content-type'], 'application/pdf')
    assert.ok(brochure.body.startsWith('%PDF-'))
    const forms = (await visitor.get('/api/v1/resources?kind=application_form')).json<
      Array<{ language: string }>
    >()
    assert.deepEqual(forms.map((f) => f.language).sort(), ['az', 'en'])
    const guide = '/resources/erasmus-plus-capacity-building-application-guide'
    assert.equal((await visitor.get(guide)).status, 404)
    assert.equal((await member.get(guide)).status, 200)
  })
})
