import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import type { Client } from '../../../test/helpers/client.ts'
import { createConsortium, createNetwork } from '../../../test/helpers/consortia.ts'
import { createEvent } from '../../../test/helpers/events.ts'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { createProject } from '../../../test/helpers/projects.ts'
import { newId } from '../../db/ids.ts'
import { insertInstitution } from '../institutions/service.ts'
import { refreshGalleryEntry } from '../projects/gallery-index.ts'
import { rebuildSearch, refreshSearch } from './service.ts'

interface Found {
  groups: Array<{ type: string; total: number; hits: Array<{ title: string; url: string; lang: string }> }>
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

eachDatabase('site search', (h) => {
  let visitor: Client
  let member: Client
  let registered: Client
  let pupil: Client
  let editor: Client
  let coordinator: Client
  let institutionAdmin: Client
  let platformAdmin: Client
  let institution: { id: string; name: string }
  let drafts: { event: string; project: string }

  const found = async (client: Client, q: string, type?: string) => {
    const response = await client.get(`/api/v1/search?${new URLSearchParams(type ? { q, type } : { q })}`)
    assert.equal(response.status, 200, response.body.slice(0, 500))
    return response.json<Found>()
  }
  const urls = (result: Found) => result.groups.flatMap((g) => g.hits.map((hit) => hit.url))

  async function article(status: 'draft' | 'in_review' | 'published', title: string, publishAt?: string) {
    const id = newId()
    const now = new Date().toISOString()
    const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`
    await h()
      .db.insertInto('articles')
      .values({
        id,
        slug,
        status,
        title_en: title,
        title_az: null,
        title_ru: null,
        lead_en: 'Teachers from Ganja and Şəki met their partners.',
        body_en: '<p>The <strong>kaleidoscope</strong> workshop &amp; more.</p>',
        publish_at: publishAt ?? null,
        published_at: status === 'published' ? now : null,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await refreshSearch(h().db, 'article', id)
    return slug
  }

  before(async () => {
    visitor = await h().client()
    member = await h().client(await h().person({ role: 'member' }))
    registered = await h().client(await h().person({ role: 'registered' }))
    pupil = await h().client(await h().person({ role: 'pupil' }))
    editor = await h().client(await h().person({ role: 'editor' }))
    coordinator = await h().client(await h().person({ role: 'coordinator' }))
    institutionAdmin = await h().client(await h().person({ role: 'institution_admin' }))
    platformAdmin = await h().client(await h().person({ role: 'platform_admin' }))

    institution = await createInstitution(h().db, { name: 'Zaqatala Kaleidoscope Lyceum', city: 'Zaqatala' })
    const founder = await h().person({ role: 'member' })
    await createProject(h().db, {
      founders: [{ personId: founder.id, institutionId: institution.id }],
      title: 'Kaleidoscope of Caspian birds',
      inGallery: true,
    })
    const hidden = await createProject(h().db, {
      founders: [{ personId: founder.id, institutionId: institution.id }],
      title: 'Kaleidoscope secret draft project',
      status: 'draft',
      inGallery: false,
    })
    await createEvent(h().db, { title: 'Kaleidoscope teachers conference' })
    const draftEvent = await createEvent(h().db, { title: 'Kaleidoscope unannounced event', status: 'draft' })
    drafts = { event: draftEvent.slug, project: hidden.id }
    await createConsortium(h().db, {
      title: 'Kaleidoscope universities consortium',
      partners: [{ institutionId: institution.id, role: 'coordinator' }],
    })
    await createNetwork(h().db, { name: 'Kaleidoscope teacher network' })
    await rebuildSearch(h().db)
  })

  test('one search finds every kind of public thing, grouped by type, on the page and in the API', async () => {
    const result = await found(visitor, 'kaleidoscope')
    const types = result.groups.map((g) => g.type)
    for (const type of ['project', 'institution', 'event', 'consortium', 'network'])
      assert.ok(types.includes(type), type)
    assert.ok(urls(result).some((u) => u.startsWith('/projects/')))
    // Every hit leads to a page the visitor may read.
    for (const url of urls(result)) assert.equal((await visitor.get(url)).status, 200, url)
    const page = await visitor.get('/search?q=Kaleidoscope')
    assert.equal(page.status, 200)
    assert.match(page.body, /Kaleidoscope of Caspian birds/)
    assert.match(page.body, /<h3 id="group-project">/)
    assert.match(page.body, /<h3 id="group-institution">/)
    const openapi = (await visitor.get('/api/v1/openapi.json')).json<{ paths: Record<string, unknown> }>()
    for (const path of ['/api/v1/search', '/api/v1/resources', '/api/v1/resources/{slug}'])
      assert.ok(openapi.paths[path], path)
    // The header's search box is on every page.
    assert.match((await visitor.get('/')).body, /<search class="site-search">/)
    // Words being typed, other letter cases and Azerbaijani letters typed without their marks.
    assert.ok(urls(await found(visitor, 'KALEIDO')).length > 0)
    assert.ok(urls(await found(visitor, 'zaqatala lyce')).some((u) => u.startsWith('/institutions/')))
  })

  test('drafts are never found: unpublished articles, draft events, projects outside the gallery', async () => {
    const published = await article('published', 'Kaleidoscope news from Ganja')
    const draft = await article('draft', 'Kaleidoscope draft article')
    const review = await article('in_review', 'Kaleidoscope article in review')
    const scheduled = await article(
      'published',
      'Kaleidoscope scheduled article',
      new Date(Date.now() + 86_400_000).toISOString(),
    )
    for (const client of [
      visitor,
      member,
      registered,
      pupil,
      editor,
      coordinator,
      institutionAdmin,
      platformAdmin,
    ]) {
      const all = urls(await found(client, 'kaleidoscope'))
      assert.ok(all.includes(`/news/${published}`))
      for (const hidden of [
        `/news/${draft}`,
        `/news/${review}`,
        `/news/${scheduled}`,
        `/events/${drafts.event}`,
        `/projects/${drafts.project}`,
      ])
        assert.ok(!all.includes(hidden), hidden)
    }
    // The article's body is searched as text, its markup and entities are not.
    assert.ok(urls(await found(visitor, 'workshop')).includes(`/news/${published}`))
    assert.ok(!urls(await found(visitor, 'strong')).includes(`/news/${published}`))
    // Şəki found as typed and as typed on a keyboard without Azerbaijani letters (ə → a, ş → s).
    assert.ok(urls(await found(visitor, 'Şəki')).includes(`/news/${published}`), 'Şəki')
    assert.ok(urls(await found(visitor, 'saki')).includes(`/news/${published}`), 'saki')
  })

  test('members-only resources are found by members and staff only, never by visitors, registered people or pupils', async () => {
    const upload = async (title: string, visibility: string) => {
      const response = await editor.upload(
        '/resources/new',
        { kind: 'guide', title_en: title, visibility, tags: 'kaleidoscope' },
        [{ field: 'file', filename: 'guide.pdf', contentType: 'application/pdf', content: PDF }],
      )
      assert.equal(response.status, 303, response.body.slice(0, 800))
      return String(response.headers.location).split('?')[0] ?? ''
    }
    const membersOnly = await upload('Kaleidoscope budget workbook for members', 'members')
    const open = await upload('Kaleidoscope open brochure', 'public')
    for (const client of [visitor, registered, pupil]) {
      const all = urls(await found(client, 'kaleidoscope'))
      assert.ok(all.includes(open))
      assert.ok(!all.includes(membersOnly))
      const only = await found(client, 'workbook')
      assert.deepEqual(only.groups, [], 'not even a count tells that it exists')
      assert.doesNotMatch((await client.get('/search?q=workbook')).body, /budget workbook/i)
    }
    for (const client of [member, institutionAdmin, editor, coordinator, platformAdmin]) {
      assert.ok(urls(await found(client, 'kaleidoscope')).includes(membersOnly))
      assert.match((await client.get('/search?q=workbook')).body, /Kaleidoscope budget workbook for members/)
    }
    // Kept current: made public, the visitor finds it; deleted, nobody does.
    const slug = membersOnly.replace('/resources/', '')
    const edited = await editor.upload(`${membersOnly}/edit`, {
      kind: 'guide',
      title_en: 'Kaleidoscope budget workbook for members',
      visibility: 'public',
    })
    assert.equal(edited.status, 303)
    assert.ok(urls(await found(visitor, 'workbook')).includes(membersOnly))
    assert.equal((await editor.form(`/resources/${slug}/delete`, {})).status, 303)
    assert.deepEqual((await found(member, 'workbook')).groups, [])
  })

  test('kept current by the write paths: a project leaves the search when it leaves the gallery', async () => {
    const founder = await h().person({ role: 'member' })
    const project = await createProject(h().db, {
      founders: [{ personId: founder.id, institutionId: institution.id }],
      title: 'Kaleidoscope moving project',
      inGallery: true,
    })
    await refreshGalleryEntry(h().db, project.id)
    assert.ok(urls(await found(visitor, 'moving')).includes(`/projects/${project.id}`))
    assert.equal(
      (await visitor.get(`/projects/${project.id}`)).status,
      200,
      'the link leads to the public page',
    )
    await h()
      .db.updateTable('projects')
      .set({ in_gallery_since: null })
      .where('id', '=', project.id)
      .execute()
    await refreshGalleryEntry(h().db, project.id)
    assert.deepEqual((await found(visitor, 'moving')).groups, [])
  })

  test('kept current by the write paths: an event is found once its organiser publishes it', async () => {
    assert.ok(!urls(await found(coordinator, 'unannounced')).includes(`/events/${drafts.event}`))
    const response = await coordinator.form(`/events/${drafts.event}/publish`, {})
    assert.equal(response.status, 303, response.body.slice(0, 500))
    assert.ok(urls(await found(visitor, 'unannounced')).includes(`/events/${drafts.event}`))
  })

  test('kept current by the write paths: an institution registered by an import or an approval is found at once', async () => {
    const { institution: registered } = await h()
      .db.transaction()
      .execute(async (trx) => ({
        institution: await insertInstitution(trx, {
          name: 'Quillmere Lyceum',
          type: 'school',
          country: 'AZ',
          region: null,
          city: 'Quba',
          website: null,
          national_id: null,
          erasmus_pic: null,
          erasmus_code: null,
          oid: null,
          education_levels: [],
          languages: [],
          description_az: null,
          description_en: null,
          description_ru: null,
        }),
      }))
    assert.ok(urls(await found(visitor, 'quillmere')).includes(`/institutions/${registered.slug}`))
  })

  test('one type alone, and the rebuild leaves the same rows', async () => {
    const only = await found(visitor, 'kaleidoscope', 'institution')
    assert.deepEqual(
      only.groups.map((g) => g.type),
      ['institution'],
    )
    const page = await visitor.get('/search?q=kaleidoscope&type=project')
    assert.equal(page.status, 200)
    assert.doesNotMatch(page.body, /id="group-institution"/)
    const before = (await found(member, 'kaleidoscope')).groups.map((g) => [g.type, g.total])
    const counts = await rebuildSearch(h().db)
    assert.ok(counts.institution >= 1 && counts.resource >= 1)
    assert.deepEqual(
      (await found(member, 'kaleidoscope')).groups.map((g) => [g.type, g.total]),
      before,
    )
  })

  test('bad input: injection attempts are plain words, over-long queries and unknown types are refused', async () => {
    for (const q of [
      '" OR 1=1 --',
      "kaleidoscope' OR '1'='1",
      'NEAR(kaleidoscope lyceum)',
      'kaleidoscope*',
      '"kaleidoscope" AND',
      ') ; drop table search_documents; --',
      'a:* & !b | c',
      '%_\\',
      '<script>alert(1)</script>',
    ]) {
      const api = await visitor.get(`/api/v1/search?${new URLSearchParams({ q })}`)
      assert.equal(api.status, 200, q)
      const page = await visitor.get(`/search?${new URLSearchParams({ q })}`)
      assert.equal(page.status, 200, q)
      assert.doesNotMatch(page.body, /<script>alert/)
    }
    assert.ok(
      urls(await found(visitor, '"kaleidoscope" OR')).length === 0,
      'OR is a word to match, not an operator',
    )
    assert.ok(urls(await found(visitor, "kaleidoscope' --")).length > 0)
    const count = await h().db.selectFrom('search_documents').select('doc').execute()
    assert.ok(count.length > 0, 'the index is still there')

    const long = 'kaleidoscope '.repeat(20)
    const page = await visitor.get(`/search?${new URLSearchParams({ q: long })}`)
    assert.equal(page.status, 400)
    assert.match(page.body, /field-q-error/)
    assert.match(page.body, /Use at most 200 characters/)
    assert.match(page.body, /value="kaleidoscope kaleidoscope/)
    const api = await visitor.get(`/api/v1/search?${new URLSearchParams({ q: long })}`)
    assert.equal(api.status, 400)
    assert.equal(api.json<{ errors: Array<{ field: string }> }>().errors[0]?.field, 'q')
    assert.equal((await visitor.get('/api/v1/search?q=x&type=secret')).status, 400)
    assert.equal((await visitor.get('/api/v1/search')).status, 400)
    const empty = await visitor.get('/search?q=%20%2A%20')
    assert.equal(empty.status, 200)
    assert.match(empty.body, /Type at least one word/)
  })
})
