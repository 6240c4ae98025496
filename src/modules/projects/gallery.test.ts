import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { before, test } from 'node:test'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { createProject } from '../../../test/helpers/projects.ts'
import { newId } from '../../db/ids.ts'
import type { Role } from '../../platform/policy.ts'
import type { GalleryResult, ProjectPublic } from './gallery.ts'
import { COUNTERS_TTL_MS, projectCounters, recentProjectCounters } from './gallery.ts'
import { refreshGalleryEntry } from './gallery-index.ts'

interface Setup {
  founder: TestPerson
  robotics: string
  water: string
  hidden: string
  inReview: string
  azSchool: string
  geSchool: string
}

async function subjectId(h: Harness, code: string): Promise<string> {
  const row = await h.db
    .selectFrom('subjects')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow()
  return row.id
}

async function addSubject(h: Harness, projectId: string, code: string): Promise<void> {
  await h.db
    .insertInto('project_subjects')
    .values({ project_id: projectId, subject_id: await subjectId(h, code) })
    .execute()
}

async function addLabel(h: Harness, projectId: string, level: 'national' | 'european', country: string) {
  await h.db
    .insertInto('project_labels')
    .values({
      id: newId(),
      project_id: projectId,
      level,
      country,
      application_id: null,
      awarded_by: null,
      awarded_at: new Date().toISOString(),
    })
    .execute()
}

async function listed(h: Harness, query = ''): Promise<GalleryResult> {
  const response = await (await h.client()).get(`/api/v1/projects${query}`)
  assert.equal(response.status, 200, response.body)
  return response.json<GalleryResult>()
}

const titles = (result: GalleryResult) => result.results.map((r) => r.title).sort()

eachDatabase('project gallery: listing, search, public pages, API and counters', (h) => {
  const s = {} as Setup

  before(async () => {
    const { db } = h()
    s.azSchool = (await createInstitution(db, { country: 'AZ' })).id
    s.geSchool = (await createInstitution(db, { country: 'GE', name: 'Tbilisi Public School 51' })).id
    s.founder = await h().person()
    const partner = await h().person()
    const founders = [
      { personId: s.founder.id, institutionId: s.azSchool },
      { personId: partner.id, institutionId: s.geSchool },
    ]
    s.robotics = (
      await createProject(db, {
        founders,
        title: 'Robotics for young makers',
        scope: 'international',
        inGallery: true,
      })
    ).id
    await addSubject(h(), s.robotics, 'informatics')
    await addLabel(h(), s.robotics, 'national', 'AZ')
    s.water = (
      await createProject(db, {
        founders: [{ personId: s.founder.id, institutionId: s.azSchool }],
        title: 'Water of the Caspian',
        inGallery: true,
      })
    ).id
    await addSubject(h(), s.water, 'geography')
    await db.updateTable('projects').set({ age_from: 6, age_to: 9 }).where('id', '=', s.water).execute()
    s.hidden = (await createProject(db, { founders, title: 'Secret robotics club' })).id
    s.inReview = (
      await createProject(db, {
        founders,
        title: 'Robotics under review',
        status: 'in_review',
        inGallery: true,
      })
    ).id
    for (const id of [s.robotics, s.water, s.hidden, s.inReview]) await refreshGalleryEntry(db, id)
  })

  test('only approved projects whose team opted in are listed, newest first', async () => {
    const result = await listed(h())
    assert.deepEqual(titles(result), ['Robotics for young makers', 'Water of the Caspian'])
    assert.equal(result.total, 2)
    assert.equal(result.totalExact, true)
    assert.equal(result.facetsCounted, true)
    assert.deepEqual(
      result.facets.scope.sort((a, b) => a.value.localeCompare(b.value)),
      [
        { value: 'international', count: 1 },
        { value: 'national', count: 1 },
      ],
    )
    const page = await (await h().client()).get('/projects')
    assert.equal(page.status, 200)
    assert.match(page.body, /Robotics for young makers/)
    assert.doesNotMatch(page.body, /Secret robotics club|Robotics under review/)
  })

  test('filters: subject, country, region, label, scope, year, age band, alone and combined', async () => {
    const year = new Date().getUTCFullYear()
    assert.deepEqual(titles(await listed(h(), '?subject=informatics')), ['Robotics for young makers'])
    assert.deepEqual(titles(await listed(h(), '?country=GE')), ['Robotics for young makers'])
    assert.deepEqual(titles(await listed(h(), '?region=AZ-BA')).length, 2)
    assert.deepEqual(titles(await listed(h(), '?label=national')), ['Robotics for young makers'])
    assert.deepEqual(titles(await listed(h(), '?label=european')), [])
    assert.deepEqual(titles(await listed(h(), '?scope=national')), ['Water of the Caspian'])
    assert.deepEqual(titles(await listed(h(), `?year=${year}`)).length, 2)
    assert.deepEqual(titles(await listed(h(), `?year=${year - 3}`)), [])
    assert.deepEqual(titles(await listed(h(), '?age=6-10')), ['Water of the Caspian'])
    const two = await listed(h(), '?country=AZ&subject=geography')
    assert.deepEqual(titles(two), ['Water of the Caspian'])
    assert.equal(two.total, 1)
    const three = await listed(h(), `?country=AZ&year=${year}&label=national`)
    assert.deepEqual(titles(three), ['Robotics for young makers'])
    // Empty values from the form's "any" options are no filter.
    assert.equal((await listed(h(), '?country=&subject=&q=')).total, 2)
    const html = await (await h().client()).get('/projects?country=GE&age=11-14')
    assert.equal(html.status, 200)
    assert.match(html.body, /Robotics for young makers/)
    assert.doesNotMatch(html.body, /Water of the Caspian/)
  })

  test('text search: words in any language, the last as a prefix, with filters and relevance', async () => {
    assert.deepEqual(titles(await listed(h(), '?q=robot')), ['Robotics for young makers'])
    assert.deepEqual(titles(await listed(h(), '?q=CASPIAN')), ['Water of the Caspian'])
    assert.deepEqual(titles(await listed(h(), '?q=robotics&country=AZ&label=national')), [
      'Robotics for young makers',
    ])
    assert.deepEqual(titles(await listed(h(), '?q=robotics&scope=national')), [])
    const result = await listed(h(), '?q=what')
    assert.equal(result.total, 2)
    assert.equal(result.sort, 'relevance')
    assert.equal((await listed(h(), '?q=what&sort=recent')).sort, 'recent')
  })

  test('injection attempts in the search text are words, never syntax', async () => {
    for (const q of [
      `"; drop table projects; --`,
      `robot* OR 1=1`,
      `NEAR(robotics water)`,
      `' OR '1'='1`,
      `%_\\`,
      `robotics:* | water`,
      '<script>alert(1)</script>',
    ]) {
      const response = await (await h().client()).get(`/api/v1/projects?q=${encodeURIComponent(q)}`)
      assert.equal(response.status, 200, `${q}: ${response.body}`)
      const page = await (await h().client()).get(`/projects?q=${encodeURIComponent(q)}`)
      assert.equal(page.status, 200)
      assert.doesNotMatch(page.body, /<script>alert/)
    }
    assert.equal((await listed(h())).total, 2, 'nothing was dropped or changed')
  })

  test('bad filter values: 400 with the field, on the API and the page', async () => {
    const client = await h().client()
    for (const [query, field] of [
      ['year=abc', 'year'],
      ['year=1999', 'year'],
      ['age=7-8', 'age'],
      ['country=georgia', 'country'],
      ['region=../x', 'region'],
      ['label=gold', 'label'],
      ['scope=world', 'scope'],
      ['sort=random', 'sort'],
      ['page=0', 'page'],
      ['page=51', 'page'],
      ['subject=%3Cb%3E', 'subject'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ] as const) {
      const response = await client.get(`/api/v1/projects?${query}`)
      assert.equal(response.status, 400, query)
      assert.match(String(response.headers['content-type']), /application\/problem\+json/)
      const errors = response.json<{ errors: Array<{ field: string }> }>().errors
      assert.ok(
        errors.some((e) => e.field === field),
        `${query}: ${response.body}`,
      )
      assert.equal((await client.get(`/projects?${query}`)).status, 400, query)
    }
    assert.equal((await client.get('/api/v1/projects/not-an-id')).status, 400)
  })

  test('the OpenAPI document describes the gallery API', async () => {
    const doc = (await (await h().client()).get('/api/v1/openapi.json')).json<{
      paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }>
    }>()
    const list = doc.paths['/api/v1/projects']?.get
    assert.ok(list, 'list documented')
    assert.deepEqual((list.parameters ?? []).map((p) => p.name).sort(), [
      'age',
      'country',
      'label',
      'page',
      'q',
      'region',
      'scope',
      'sort',
      'subject',
      'year',
    ])
    assert.ok(doc.paths['/api/v1/projects/{id}']?.get, 'one project documented')
  })

  test('pagination: 20 a page, shareable page links', async () => {
    const { db } = h()
    const ids: string[] = []
    for (let i = 0; i < 21; i++) {
      const { id } = await createProject(db, {
        founders: [{ personId: s.founder.id, institutionId: s.geSchool }],
        title: `Pagination batch ${i}`,
        inGallery: true,
      })
      await addSubject(h(), id, 'chemistry')
      await refreshGalleryEntry(db, id)
      ids.push(id)
    }
    const first = await listed(h(), '?subject=chemistry')
    assert.equal(first.total, 21)
    assert.equal(first.pages, 2)
    assert.equal(first.results.length, 20)
    const second = await listed(h(), '?subject=chemistry&page=2')
    assert.equal(second.results.length, 1)
    const all = new Set([...first.results, ...second.results].map((r) => r.id))
    assert.equal(all.size, 21)
    const html = await (await h().client()).get('/projects?subject=chemistry')
    assert.match(html.body, /href="\/projects\?subject=chemistry&amp;page=2"/)
    // htmx asks for the results alone.
    const partial = await (await h().client()).get('/projects?subject=chemistry', { 'hx-request': 'true' })
    assert.doesNotMatch(partial.body, /<html/)
    assert.match(partial.body, /id="results"/)
    for (const id of ids) {
      await db.deleteFrom('projects').where('id', '=', id).execute()
      await refreshGalleryEntry(db, id)
    }
    assert.equal((await listed(h(), '?subject=chemistry')).total, 0)
  })

  test('the index follows approval, leaving the gallery and labels', async () => {
    const { db } = h()
    const project = await createProject(db, {
      founders: [{ personId: s.founder.id, institutionId: s.azSchool }],
      title: 'Herbarium of Sheki',
      status: 'in_review',
    })
    await refreshGalleryEntry(db, project.id)
    assert.deepEqual(titles(await listed(h(), '?q=herbarium')), [])
    const now = new Date().toISOString()
    await db
      .updateTable('projects')
      .set({ status: 'approved', approved_at: now, in_gallery_since: now })
      .where('id', '=', project.id)
      .execute()
    await refreshGalleryEntry(db, project.id)
    assert.deepEqual(titles(await listed(h(), '?q=herbarium')), ['Herbarium of Sheki'])
    assert.deepEqual(titles(await listed(h(), '?q=herbarium&label=european')), [])
    await addLabel(h(), project.id, 'european', 'AZ')
    await refreshGalleryEntry(db, project.id)
    assert.deepEqual(titles(await listed(h(), '?label=european')), ['Herbarium of Sheki'])
    await db.updateTable('projects').set({ in_gallery_since: null }).where('id', '=', project.id).execute()
    await refreshGalleryEntry(db, project.id)
    assert.deepEqual(titles(await listed(h(), '?q=herbarium')), [])
    assert.deepEqual(titles(await listed(h(), '?label=european')), [])
    await db.deleteFrom('projects').where('id', '=', project.id).execute()
  })

  test('public project page: summary, partners, labels, JSON-LD; visitors never reach a private one', async () => {
    const visitor = await h().client()
    const page = await visitor.get(`/projects/${s.robotics}`)
    assert.equal(page.status, 200)
    assert.match(page.body, /<h1 lang="en">Robotics for young makers<\/h1>/)
    assert.match(page.body, /Tbilisi Public School 51/)
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body)
    assert.ok(ld?.[1], 'JSON-LD present')
    const data = JSON.parse(ld[1]) as Record<string, unknown>
    assert.equal(data['@type'], 'LearningResource')
    assert.equal(data.name, 'Robotics for young makers')
    assert.ok(Array.isArray(data.contributor) && data.contributor.length === 2)
    const api = (await visitor.get(`/api/v1/projects/${s.robotics}`)).json<ProjectPublic>()
    assert.equal(api.public, true)
    assert.deepEqual(
      api.labels.map((l) => [l.level, l.country]),
      [['national', 'AZ']],
    )
    assert.deepEqual(
      api.subjects.map((x) => x.code),
      ['informatics'],
    )
    // Founders' names show only as their profiles allow: the default visibility is members only.
    assert.equal(api.partners.flatMap((p) => p.members).length, 0)
    const asMember = (
      await (await h().client(await h().person())).get(`/api/v1/projects/${s.robotics}`)
    ).json<ProjectPublic>()
    assert.equal(asMember.partners.flatMap((p) => p.members).length, 2)

    assert.equal((await visitor.get(`/projects/${s.hidden}`)).status, 404)
    assert.equal((await visitor.get(`/api/v1/projects/${s.hidden}`)).status, 404)
    assert.equal((await visitor.get(`/projects/${s.inReview}`)).status, 404)
    assert.equal((await visitor.get(`/projects/${newId()}`)).status, 404)
  })

  test('a private project page: its team and coordinators only, with the "not public" notice', async () => {
    const expected: Record<Exclude<Role, 'visitor'>, number> = {
      registered: 404,
      member: 404,
      pupil: 404,
      institution_admin: 404,
      editor: 404,
      coordinator: 200,
      platform_admin: 404,
    }
    for (const [role, status] of Object.entries(expected)) {
      const person = await h().person({ role: role as Exclude<Role, 'visitor'> })
      const response = await (await h().client(person)).get(`/projects/${s.hidden}`)
      assert.equal(response.status, status, role)
    }
    const team = await (await h().client(s.founder)).get(`/projects/${s.hidden}`)
    assert.equal(team.status, 200)
    assert.match(team.body, /not in the public gallery/)
    assert.match(team.body, new RegExp(`href="/projects/${s.hidden}/status"`))
    assert.match(team.body, new RegExp(`href="/projects/${s.hidden}/workspace"`))
    const api = (
      await (await h().client(s.founder)).get(`/api/v1/projects/${s.hidden}`)
    ).json<ProjectPublic>()
    assert.equal(api.public, false)
  })

  test('public pages and materials: only those the team made public, served safely', async () => {
    const { db, config } = h()
    const now = new Date().toISOString()
    const pageId = newId()
    const privatePageId = newId()
    // Each page shows one image uploaded with it: the public page's goes out with it, the draft's does not.
    const imageOf: Record<string, string> = { [pageId]: newId(), [privatePageId]: newId() }
    for (const [id, title, publicSince] of [
      [pageId, 'Our robot diary', now],
      [privatePageId, 'Draft notes', null],
    ] as const) {
      await db
        .insertInto('project_pages')
        .values({
          id,
          project_id: s.robotics,
          title,
          body_html: `<p>Week one: <strong>motors</strong>.</p><p><img src="/projects/${s.robotics}/workspace/files/${imageOf[id]}" alt="motor"></p>`,
          author_id: s.founder.id,
          position: 0,
          public_since: publicSince,
          public_approved_by: publicSince ? s.founder.id : null,
          created_at: now,
          updated_at: now,
        })
        .execute()
    }
    const dir = path.join(config.filesDir, 'projects')
    fs.mkdirSync(dir, { recursive: true })
    const files: Record<string, { media: string; bytes: Buffer; publicSince: string | null }> = {
      [newId()]: { media: 'image/png', bytes: Buffer.from('89504e470d0a1a0a0000', 'hex'), publicSince: now },
      [newId()]: { media: 'text/html', bytes: Buffer.from('<script>alert(1)</script>'), publicSince: now },
      [newId()]: { media: 'application/pdf', bytes: Buffer.from('%PDF-1.4'), publicSince: null },
    }
    for (const [id, f] of Object.entries(files)) {
      const stored = `${id}-stored`
      fs.writeFileSync(path.join(dir, stored), f.bytes)
      await db
        .insertInto('project_files')
        .values({
          id,
          project_id: s.robotics,
          page_id: null,
          uploaded_by: s.founder.id,
          title: `Material ${f.media}`,
          original_name: f.media === 'text/html' ? 'page.html' : 'robot.png',
          stored_name: stored,
          media_type: f.media,
          size: f.bytes.length,
          public_since: f.publicSince,
          public_approved_by: null,
          created_at: now,
        })
        .execute()
    }
    for (const [page, id] of Object.entries(imageOf)) {
      fs.writeFileSync(path.join(dir, `${id}-stored`), Buffer.from('89504e470d0a1a0a0000', 'hex'))
      await db
        .insertInto('project_files')
        .values({
          id,
          project_id: s.robotics,
          page_id: page,
          uploaded_by: s.founder.id,
          title: 'Page image',
          original_name: 'motor.png',
          stored_name: `${id}-stored`,
          media_type: 'image/png',
          size: 10,
          public_since: null,
          public_approved_by: null,
          created_at: now,
        })
        .execute()
    }
    const [png, html, pdf] = Object.keys(files)
    const visitor = await h().client()
    const project = await visitor.get(`/projects/${s.robotics}`)
    assert.match(project.body, /Our robot diary/)
    assert.doesNotMatch(project.body, /Draft notes/)
    assert.doesNotMatch(project.body, new RegExp(String(pdf)))

    const shown = await visitor.get(`/projects/${s.robotics}/public/pages/${pageId}`)
    assert.equal(shown.status, 200)
    assert.match(shown.body, /<strong>motors<\/strong>/)
    assert.ok(shown.body.includes(`src="/projects/${s.robotics}/public/files/${imageOf[pageId]}"`))
    assert.equal((await visitor.get(`/projects/${s.robotics}/public/files/${imageOf[pageId]}`)).status, 200)
    assert.equal(
      (await visitor.get(`/projects/${s.robotics}/public/files/${imageOf[privatePageId]}`)).status,
      404,
    )
    assert.equal((await visitor.get(`/projects/${s.robotics}/public/pages/${privatePageId}`)).status, 404)
    assert.equal(
      (await visitor.get(`/projects/${s.water}/public/pages/${pageId}`)).status,
      404,
      'other project',
    )

    const image = await visitor.get(`/projects/${s.robotics}/public/files/${png}`)
    assert.equal(image.status, 200)
    assert.equal(image.headers['content-type'], 'image/png')
    assert.match(String(image.headers['content-disposition']), /^inline/)
    assert.equal(image.headers['x-content-type-options'], 'nosniff')
    assert.match(String(image.headers['content-security-policy']), /default-src 'none'/)
    const markup = await visitor.get(`/projects/${s.robotics}/public/files/${html}`)
    assert.equal(markup.status, 200)
    assert.equal(markup.headers['content-type'], 'application/octet-stream')
    assert.match(String(markup.headers['content-disposition']), /^attachment/)
    assert.equal((await visitor.get(`/projects/${s.robotics}/public/files/${pdf}`)).status, 404)
    assert.equal((await visitor.get(`/projects/${s.hidden}/public/files/${png}`)).status, 404)
  })

  test('counters: total, running now, by year and labelled follow the data; the home page shows them', async () => {
    const { db, config } = h()
    const before = await projectCounters(db, config.timeZone)
    const year = new Date().getUTCFullYear()
    const project = await createProject(db, {
      founders: [{ personId: s.founder.id, institutionId: s.azSchool }],
      title: 'Counted project',
    })
    const today = new Date().toISOString().slice(0, 10)
    await db
      .updateTable('projects')
      .set({ start_date: '2000-01-01', end_date: '2999-12-31' })
      .where('id', '=', project.id)
      .execute()
    const draft = await createProject(db, {
      founders: [{ personId: s.founder.id, institutionId: s.azSchool }],
      status: 'draft',
    })
    const after = await projectCounters(db, config.timeZone)
    assert.equal(after.total, before.total + 1, 'an approved project counts, a draft does not')
    assert.equal(after.active, before.active + 1, `running on ${today}`)
    const yearCount = (c: typeof before) => c.byYear.find((y) => y.year === year)?.count ?? 0
    assert.equal(yearCount(after), yearCount(before) + 1)
    await addLabel(h(), project.id, 'national', 'AZ')
    assert.equal((await projectCounters(db, config.timeZone)).withLabels, before.withLabels + 1)
    await db.updateTable('projects').set({ workspace_state: 'closed' }).where('id', '=', project.id).execute()
    assert.equal((await projectCounters(db, config.timeZone)).active, before.active)
    const home = await (await h().client()).get('/')
    assert.match(
      home.body,
      new RegExp(`>${after.total}</span>\\s*<span class="counter-label">approved projects?<`),
    )
    for (const id of [project.id, draft.id]) await db.deleteFrom('projects').where('id', '=', id).execute()
    const end = await projectCounters(db, config.timeZone)
    assert.equal(end.total, before.total)
    assert.equal(end.withLabels, before.withLabels)
  })

  test('the home page reuses the project figures for a minute, then counts again', async () => {
    const { db, config } = h()
    const t0 = Date.now() + 10 * COUNTERS_TTL_MS
    const first = await recentProjectCounters(db, config.timeZone, t0)
    const project = await createProject(db, {
      founders: [{ personId: s.founder.id, institutionId: s.azSchool }],
    })
    assert.equal((await recentProjectCounters(db, config.timeZone, t0 + 1000)).total, first.total)
    assert.equal(
      (await recentProjectCounters(db, config.timeZone, t0 + COUNTERS_TTL_MS)).total,
      first.total + 1,
    )
    await db.deleteFrom('projects').where('id', '=', project.id).execute()
  })
})
