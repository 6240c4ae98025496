import assert from 'node:assert/strict'
import path from 'node:path'
import { before, test } from 'node:test'
import { parseDocument } from 'htmlparser2'
import sharp from 'sharp'
import type { Client } from '../../../test/helpers/client.ts'
import { createConsortium } from '../../../test/helpers/consortia.ts'
import { createEvent } from '../../../test/helpers/events.ts'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'

type XmlNode = {
  type: string
  name?: string
  attribs?: Record<string, string>
  children?: XmlNode[]
  data?: string
}

/** Parses XML and returns the root element (strict enough to fail on a malformed document's structure). */
function xmlRoot(text: string): XmlNode {
  const doc = parseDocument(text, { xmlMode: true }) as unknown as XmlNode
  const root = doc.children?.find((c) => c.type === 'tag')
  assert.ok(root, 'an XML root element')
  return root
}
const childrenNamed = (node: XmlNode, name: string) =>
  (node.children ?? []).filter((c) => c.type === 'tag' && c.name === name)
const textOf = (node: XmlNode | undefined): string =>
  (node?.children ?? []).map((c) => (c.type === 'text' ? (c.data ?? '') : textOf(c))).join('')

function jsonLd(body: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(body)
  assert.ok(match, 'a JSON-LD block')
  return JSON.parse(match[1] ?? '{}') as Record<string, unknown>
}

const slugFrom = (location: unknown) =>
  /^\/news\/([a-z0-9-]+)\?done=created$/.exec(String(location))?.[1] ?? ''

eachDatabase('news and pages', (h) => {
  let png: Buffer
  let event: { id: string; slug: string }
  let editor: Client
  let coordinator: Client
  let member: Client
  let visitor: Client
  let slug = ''

  before(async () => {
    png = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#3366aa' } })
      .png()
      .toBuffer()
    event = await createEvent(h().db, { title: 'Regional conference in Ganja' })
    editor = await h().client(await h().person({ role: 'editor' }))
    coordinator = await h().client(await h().person({ role: 'coordinator' }))
    member = await h().client(await h().person({ role: 'member' }))
    visitor = await h().client()
  })

  const articleFields = (fields: Record<string, string> = {}) => ({
    title_en: 'Teachers met in Ganja',
    title_az: 'Müəllimlər Gəncədə görüşdü',
    lead_en: 'Three days of workshops.',
    lead_az: 'Üç günlük seminarlar.',
    body_en:
      '<p>Hello <strong>all</strong></p><script>alert(1)</script><img src="https://tracker.example/p.gif"><a href="javascript:alert(1)">x</a>',
    body_az: '<p>Salam</p>',
    cover_alt_en: 'Teachers in a hall',
    tags: 'Erasmus, ganja-2026',
    links: `/events/${event.slug}`,
    ...fields,
  })

  test('an editor writes a draft in two languages with a cover, tags and a link; rich text is sanitised', async () => {
    const response = await editor.upload('/newsroom/new', articleFields(), [
      { field: 'file', filename: 'cover.png', contentType: 'image/png', content: png },
    ])
    assert.equal(response.status, 303, response.body)
    slug = slugFrom(response.headers.location)
    assert.equal(slug, 'muellimler-gencede-gorusdu')
    const row = await h()
      .db.selectFrom('articles')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
    assert.equal(row.status, 'draft')
    assert.equal(row.body_en, '<p>Hello <strong>all</strong></p><a rel="noopener nofollow">x</a>')
    const variants = JSON.parse(row.cover_variants) as Record<string, string>
    assert.deepEqual(Object.keys(variants).sort(), ['1600', '480', '960'])
    const tags = await h()
      .db.selectFrom('article_tags')
      .select('tag')
      .where('article_id', '=', row.id)
      .execute()
    assert.deepEqual(tags.map((t) => t.tag).sort(), ['erasmus', 'ganja-2026'])
    const links = await h()
      .db.selectFrom('article_links')
      .selectAll()
      .where('article_id', '=', row.id)
      .execute()
    assert.deepEqual(
      links.map((l) => [l.entity_type, l.entity_id]),
      [['event', event.id]],
    )

    const cover = await editor.get(`/news/${slug}/cover/480`)
    assert.equal(cover.status, 200)
    assert.equal(cover.headers['content-type'], 'image/webp')
    // Resized to each width (the 2000 px original never enlarged), re-encoded as WebP.
    for (const [width, stored] of Object.entries(variants)) {
      const meta = await sharp(path.join(h().config.filesDir, 'news', stored)).metadata()
      assert.equal(meta.format, 'webp')
      assert.equal(meta.width, Number(width))
    }
  })

  test('a draft is hidden from everyone but the newsroom (page, cover, API, list)', async () => {
    assert.doesNotMatch((await visitor.get('/api/v1/search?q=Ganja')).body, /muellimler-gencede-gorusdu/)
    for (const client of [visitor, member]) {
      assert.equal((await client.get(`/news/${slug}`)).status, 404)
      assert.equal((await client.get(`/news/${slug}/cover/480`)).status, 404)
      assert.equal((await client.get(`/api/v1/news/${slug}`)).status, 404)
    }
    assert.equal((await editor.get(`/news/${slug}`)).status, 200)
    assert.doesNotMatch((await visitor.get('/news')).body, /Teachers met in Ganja/)
  })

  test('workflow: the editor submits, may not publish; the coordinator publishes; then everyone reads it', async () => {
    assert.equal((await editor.form(`/newsroom/${slug}/submit`, {})).status, 303)
    assert.equal((await editor.form(`/newsroom/${slug}/publish`, {})).status, 403)
    assert.equal((await member.form(`/newsroom/${slug}/publish`, {})).status, 403)
    assert.equal((await visitor.form(`/newsroom/${slug}/publish`, {})).status, 401)
    assert.equal((await coordinator.form(`/newsroom/${slug}/publish`, {})).status, 303)
    const page = await visitor.get(`/news/${slug}`)
    assert.equal(page.status, 200)
    assert.match(page.body, /<h1>Teachers met in Ganja<\/h1>/)
    assert.match(page.body, /<meta property="og:title" content="Teachers met in Ganja"\/>/)
    assert.match(page.body, /srcset="\/news\/muellimler-gencede-gorusdu\/cover\/480 480w/)
    assert.match(page.body, /href="https:\/\/www\.facebook\.com\/sharer\/sharer\.php\?u=/)
    assert.doesNotMatch(page.body, /<script(?! type="application\/ld\+json")(?! src="\/static)/)
    const ld = jsonLd(page.body)
    assert.equal(ld['@type'], 'NewsArticle')
    assert.equal(ld.headline, 'Teachers met in Ganja')
    assert.equal(ld.inLanguage, 'en')
    assert.match(page.body, new RegExp(`href="/events/${event.slug}"`))
    // Published: the site search finds it.
    assert.match((await visitor.get('/api/v1/search?q=Ganja')).body, /"\/news\/muellimler-gencede-gorusdu"/)
    // The event's page lists the news about it, with a link to all of it.
    const eventPage = await member.get(`/events/${event.slug}`)
    assert.match(eventPage.body, /<a href="\/news\/muellimler-gencede-gorusdu">Teachers met in Ganja<\/a>/)
    assert.match(eventPage.body, new RegExp(`href="/news\\?about=event:${event.slug}"`))
    // An editor may no longer change it (that would skip the review); the coordinator may.
    assert.equal((await editor.upload(`/newsroom/${slug}/edit`, articleFields())).status, 403)
  })

  /** A visitor reading in one language (the language switch's cookie). */
  const readerIn = async (locale: 'az' | 'ru') => {
    const client = await h().client()
    client.setCookie('korpu_lang', locale)
    return client
  }

  test('a missing language falls back in the configured order and says so', async () => {
    const ru = await (await readerIn('ru')).get(`/news/${slug}`)
    assert.equal(ru.status, 200)
    // Default locale is en in the tests: ru → en (the installation's default) before az.
    assert.match(ru.body, /<h1 lang="en">Teachers met in Ganja<\/h1>/)
    assert.match(ru.body, /Эта статья недоступна на русском\. Она показана на английском\./)
    const az = await (await readerIn('az')).get(`/news/${slug}`)
    assert.match(az.body, /<h1>Müəllimlər Gəncədə görüşdü<\/h1>/)
    assert.doesNotMatch(az.body, /mövcud deyil/)
  })

  test('the list filters by tag, by what it is about and by year; the API and OpenAPI list it', async () => {
    const year = new Date().getUTCFullYear()
    assert.match((await visitor.get('/news?tag=erasmus')).body, /Teachers met in Ganja/)
    assert.doesNotMatch((await visitor.get('/news?tag=other')).body, /Teachers met in Ganja/)
    assert.match((await visitor.get(`/news?about=event:${event.slug}`)).body, /Teachers met in Ganja/)
    assert.doesNotMatch((await visitor.get('/news?about=event:no-such-event')).body, /Teachers met in Ganja/)
    assert.match((await visitor.get(`/news?year=${year}`)).body, /Teachers met in Ganja/)
    assert.doesNotMatch((await visitor.get(`/news?year=${year - 1}`)).body, /Teachers met in Ganja/)
    assert.equal((await visitor.get('/news?year=abc')).status, 400)
    const api = (await visitor.get('/api/v1/news?tag=erasmus')).json<{
      items: Array<{ slug: string }>
      total: number
    }>()
    assert.deepEqual(
      api.items.map((i) => i.slug),
      [slug],
    )
    const one = (await visitor.get(`/api/v1/news/${slug}`)).json<{
      title: { az: string }
      links: unknown[]
    }>()
    assert.equal(one.title.az, 'Müəllimlər Gəncədə görüşdü')
    assert.equal(one.links.length, 1)
    const openapi = (await visitor.get('/api/v1/openapi.json')).json<{ paths: Record<string, unknown> }>()
    assert.ok(openapi.paths['/api/v1/news'])
    assert.ok(openapi.paths['/api/v1/news/{slug}'])
  })

  test('Atom feeds per language and per tag parse as Atom and carry the article', async () => {
    for (const url of ['/news/feed/ru', '/news/feed/en/erasmus']) {
      const response = await visitor.get(url)
      assert.equal(response.status, 200)
      assert.match(String(response.headers['content-type']), /^application\/atom\+xml/)
      const feed = xmlRoot(response.body)
      assert.equal(feed.name, 'feed')
      assert.equal(feed.attribs?.xmlns, 'http://www.w3.org/2005/Atom')
      for (const required of ['id', 'title', 'updated'])
        assert.equal(childrenNamed(feed, required).length, 1, required)
      const entries = childrenNamed(feed, 'entry')
      assert.equal(entries.length, 1)
      const entry = entries[0] as XmlNode
      assert.equal(textOf(childrenNamed(entry, 'title')[0]), 'Teachers met in Ganja')
      assert.equal(entry.attribs?.['xml:lang'], 'en')
      assert.equal(childrenNamed(entry, 'link')[0]?.attribs?.href, `http://localhost:3000/news/${slug}`)
      assert.match(textOf(childrenNamed(entry, 'content')[0]), /^<p>Hello <strong>all<\/strong><\/p>/)
    }
    const other = xmlRoot((await visitor.get('/news/feed/az/other-tag')).body)
    assert.equal(childrenNamed(other, 'entry').length, 0)
    assert.equal((await visitor.get('/news/feed/de')).status, 400)
  })

  test('sitemap.xml lists articles, static pages and the other public pages', async () => {
    const response = await visitor.get('/sitemap.xml')
    assert.equal(response.status, 200)
    const urlset = xmlRoot(response.body)
    assert.equal(urlset.name, 'urlset')
    const locs = childrenNamed(urlset, 'url').map((u) => textOf(childrenNamed(u, 'loc')[0]))
    for (const path of [
      `/news/${slug}`,
      '/pages/about',
      '/pages/how-to-join',
      '/pages/contact',
      `/events/${event.slug}`,
    ])
      assert.ok(locs.includes(`http://localhost:3000${path}`), path)
  })

  test('revisions: every save is kept, and an older version can be viewed', async () => {
    const saved = await coordinator.upload(
      `/newsroom/${slug}/edit`,
      articleFields({ title_en: 'Teachers met in Ganja again' }),
    )
    assert.equal(saved.status, 303, saved.body)
    const list = await editor.get(`/newsroom/${slug}/revisions`)
    assert.equal(list.status, 200)
    const ids = [...list.body.matchAll(/\/newsroom\/[a-z0-9-]+\/revisions\/([0-9a-f-]{36})/g)].map(
      (m) => m[1],
    )
    assert.equal(ids.length, 2)
    const oldest = await editor.get(`/newsroom/${slug}/revisions/${ids[1]}`)
    assert.match(oldest.body, /<h2>Teachers met in Ganja<\/h2>/)
    const newest = await editor.get(`/newsroom/${slug}/revisions/${ids[0]}`)
    assert.match(newest.body, /<h2>Teachers met in Ganja again<\/h2>/)
    assert.equal((await member.get(`/newsroom/${slug}/revisions`)).status, 403)
    assert.equal(
      (await editor.get(`/newsroom/${slug}/revisions/01234567-89ab-7def-8123-456789abcdef`)).status,
      404,
    )
  })

  test('scheduled publishing is honoured at read time', async () => {
    const created = await editor.upload(
      '/newsroom/new',
      articleFields({ title_en: 'Coming soon', slug: 'coming-soon', tags: 'erasmus' }),
    )
    assert.equal(created.status, 303, created.body)
    const later = new Date(Date.now() + 3_600_000).toISOString()
    assert.equal((await coordinator.form('/newsroom/coming-soon/publish', { publish_at: later })).status, 303)
    assert.equal((await visitor.get('/news/coming-soon')).status, 404)
    assert.doesNotMatch((await visitor.get('/news')).body, /Coming soon/)
    assert.doesNotMatch((await visitor.get('/news/feed/en')).body, /Coming soon/)
    assert.match((await editor.get('/news/coming-soon')).body, /Scheduled for/)
    // The moment comes (moved into the past here): it is public without anyone doing anything.
    await h()
      .db.updateTable('articles')
      .set({ publish_at: new Date(Date.now() - 1000).toISOString() })
      .where('slug', '=', 'coming-soon')
      .execute()
    assert.equal((await visitor.get('/news/coming-soon')).status, 200)
    assert.match((await visitor.get('/news')).body, /Coming soon/)
    // A form's local time (no zone) is read in the installation's time zone.
    assert.equal(
      (await coordinator.form('/newsroom/coming-soon/publish', { publish_at: '2099-01-01T09:00' })).status,
      303,
    )
    assert.equal((await visitor.get('/news/coming-soon')).status, 404)
    assert.equal(
      (await coordinator.form('/newsroom/coming-soon/publish', { publish_at: 'soon' })).status,
      400,
    )
    // Archived: gone from the public, kept for the newsroom.
    assert.equal((await coordinator.form('/newsroom/coming-soon/archive', {})).status, 303)
    assert.equal((await visitor.get('/news/coming-soon')).status, 404)
    assert.equal((await editor.get('/news/coming-soon')).status, 200)
  })

  test('bad input comes back as field messages with what was typed, never a 500', async () => {
    const long = await editor.upload('/newsroom/new', articleFields({ title_en: 'x'.repeat(301) }))
    assert.equal(long.status, 400)
    assert.match(long.body, /Use at most 300 characters/)
    assert.match(long.body, /Müəllimlər Gəncədə görüşdü/)
    const noTitle = await editor.upload('/newsroom/new', { body_en: '<p>text</p>' })
    assert.equal(noTitle.status, 400)
    assert.match(noTitle.body, /Give the title in at least one language/)
    const notImage = await editor.upload('/newsroom/new', articleFields(), [
      {
        field: 'file',
        filename: 'cover.png',
        contentType: 'image/png',
        content: Buffer.from('<script>alert(1)</script>'),
      },
    ])
    assert.equal(notImage.status, 400)
    assert.match(notImage.body, /Choose an image file/)
    const unknown = await editor.upload(
      '/newsroom/new',
      articleFields({ links: '/events/no-such-event\n/nowhere/at-all' }),
    )
    assert.equal(unknown.status, 400)
    assert.match(unknown.body, /&quot;\/events\/no-such-event&quot; is not the address/)
    const badTag = await editor.upload('/newsroom/new', articleFields({ tags: 'ok, <b>' }))
    assert.equal(badTag.status, 400)
    assert.match(badTag.body, /is not a tag/)
    const tooLarge = await editor.upload('/newsroom/new', articleFields(), [
      {
        field: 'file',
        filename: 'big.png',
        contentType: 'image/png',
        content: Buffer.alloc(10 * 1024 * 1024 + 10, 1),
      },
    ])
    assert.equal(tooLarge.status, 413)
    assert.match(tooLarge.body, /The image is larger than 10 MB/)
    const api = await visitor.get('/api/v1/news/NOT A SLUG')
    assert.equal(api.status, 400)
  })

  test('a new cover replaces the old one: its stored widths are removed', async () => {
    const created = await editor.upload(
      '/newsroom/new',
      articleFields({ title_en: 'Cover swap', title_az: '' }),
      [{ field: 'file', filename: 'first.png', contentType: 'image/png', content: png }],
    )
    assert.equal(created.status, 303, created.body.slice(0, 300))
    const swapSlug = slugFrom(created.headers.location)
    const variantsOf = async () =>
      Object.values(
        JSON.parse(
          (
            await h()
              .db.selectFrom('articles')
              .select('cover_variants')
              .where('slug', '=', swapSlug)
              .executeTakeFirstOrThrow()
          ).cover_variants,
        ) as Record<string, string>,
      ).map((name) => `news/${name}`)
    const first = await variantsOf()
    assert.equal(first.length, 3)
    const second = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#aa3366' } })
      .png()
      .toBuffer()
    const edited = await editor.upload(
      `/newsroom/${swapSlug}/edit`,
      articleFields({ title_en: 'Cover swap', title_az: '' }),
      [{ field: 'file', filename: 'second.png', contentType: 'image/png', content: second }],
    )
    assert.equal(edited.status, 303, edited.body.slice(0, 300))
    const now = await variantsOf()
    const storage = h().app.deps.storage
    for (const key of first) assert.equal(await storage.exists(key), false, key)
    for (const key of now) assert.equal(await storage.exists(key), true, key)
  })

  test('the newsroom is for editors and coordinators only', async () => {
    assert.equal((await editor.get('/newsroom')).status, 200)
    assert.equal((await coordinator.get('/newsroom')).status, 200)
    for (const role of ['registered', 'member', 'pupil', 'institution_admin', 'platform_admin'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.get('/newsroom')).status, 403, role)
      assert.equal((await client.get('/newsroom/new')).status, 403, role)
      assert.equal((await client.form('/pages/about/edit', { title_en: 'Hacked' })).status, 403, role)
    }
    assert.equal((await visitor.get('/newsroom')).status, 303)
    assert.equal((await visitor.form('/newsroom/new', { title_en: 'x' })).status, 401)
  })

  test('the pages of institutions and consortia list the news about them', async () => {
    const school = await createInstitution(h().db, { name: 'Ganja School 5' })
    const schoolRow = await h()
      .db.selectFrom('institutions')
      .select('slug')
      .where('id', '=', school.id)
      .executeTakeFirstOrThrow()
    const consortium = await createConsortium(h().db, {
      partners: [{ institutionId: school.id, role: 'coordinator' }],
    })
    const created = await coordinator.upload('/newsroom/new', {
      title_en: 'A school and its consortium',
      slug: 'school-and-consortium',
      links: `/institutions/${schoolRow.slug}\nhttp://localhost:3000/consortia/${consortium.slug}`,
    })
    assert.equal(created.status, 303, created.body)
    assert.equal((await coordinator.form('/newsroom/school-and-consortium/publish', {})).status, 303)
    for (const url of [`/institutions/${schoolRow.slug}`, `/consortia/${consortium.slug}`]) {
      const body = (await visitor.get(url)).body
      assert.match(body, /<a href="\/news\/school-and-consortium">A school and its consortium<\/a>/, url)
    }
  })

  test('static pages: public, edited by editors with sanitised text and a revision history', async () => {
    const about = await visitor.get('/pages/about')
    assert.equal(about.status, 200)
    assert.match(about.body, /About Körpü/)
    assert.equal((await visitor.get('/pages/nothing-here')).status, 404)
    const saved = await editor.form('/pages/about/edit', {
      title_en: 'About us',
      body_en: '<p>We connect schools.</p><script>alert(1)</script>',
    })
    assert.equal(saved.status, 303)
    const page = await visitor.get('/pages/about')
    assert.match(page.body, /<h1>About us<\/h1>/)
    assert.match(page.body, /<p>We connect schools.<\/p>/)
    assert.doesNotMatch(page.body, /alert\(1\)/)
    // Only English now: an Azerbaijani reader is told.
    assert.match((await (await readerIn('az')).get('/pages/about')).body, /mövcud deyil/)
    const revisions = await editor.get('/pages/about/revisions')
    assert.equal(revisions.status, 200)
    assert.equal([...revisions.body.matchAll(/\/pages\/about\/revisions\/[0-9a-f-]{36}/g)].length, 1)
    const empty = await editor.form('/pages/about/edit', { body_en: 'x' })
    assert.equal(empty.status, 400)
  })
})
