import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import type { Client } from '../../../test/helpers/client.ts'
import { createConsortium } from '../../../test/helpers/consortia.ts'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { newId } from '../../db/ids.ts'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 1)])

function jsonLd(body: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(body)
  assert.ok(match, 'a JSON-LD block')
  return JSON.parse(match[1] ?? '{}') as Record<string, unknown>
}

const locationSlug = (location: unknown) =>
  /^\/outcomes\/([a-z0-9-]+)\?done=created$/.exec(String(location))?.[1]

eachDatabase('outcomes', (h) => {
  let coordinatingUni: { id: string; name: string }
  let foreignUni: { id: string; name: string }
  let localAcademy: { id: string; name: string }
  let project: { id: string; slug: string }
  let manager: TestPerson
  let managerClient: Client
  let foreignStaff: TestPerson
  let foreignClient: Client
  let coordinatorClient: Client

  async function staffOf(institutionId: string, role: 'member' | 'institution_admin' = 'member') {
    const person = await h().person({ role: 'member' })
    await h()
      .db.insertInto('memberships')
      .values({
        id: newId(),
        person_id: person.id,
        institution_id: institutionId,
        role,
        status: 'confirmed',
        created_at: new Date().toISOString(),
      })
      .execute()
    return person
  }

  const moduleFields = (fields: Record<string, string | string[]> = {}) => ({
    type: 'e_learning_module',
    owner_institution_id: foreignUni.id,
    consortium_id: project.id,
    title_en: 'Digital Pedagogy in Higher Education',
    description_en: 'A module for lecturers on teaching with digital tools.',
    language: 'en',
    level: 'master',
    ects: '5',
    delivery_mode: 'online',
    licence: 'CC-BY-4.0',
    url: 'https://moodle.example.org/course/12',
    ...fields,
  })

  async function record(client: Client, fields: Record<string, string | string[]>, url = '/outcomes/new') {
    const response = await client.form(url, fields as Record<string, string>)
    assert.equal(response.status, 303, response.body.slice(0, 2000))
    const slug = locationSlug(response.headers.location)
    assert.ok(slug)
    return slug
  }

  before(async () => {
    coordinatingUni = await createInstitution(h().db, {
      name: 'Baku Engineering University',
      type: 'university',
    })
    foreignUni = await createInstitution(h().db, {
      name: 'Universität Leipzig',
      type: 'university',
      country: 'DE',
      city: 'Leipzig',
    })
    localAcademy = await createInstitution(h().db, { name: 'Azerbaijan Technical Academy', type: 'academy' })
    project = await createConsortium(h().db, {
      title: 'Digital Universities for Azerbaijan',
      partners: [
        { institutionId: coordinatingUni.id, role: 'coordinator' },
        { institutionId: foreignUni.id, role: 'partner' },
      ],
    })
    manager = await staffOf(coordinatingUni.id)
    managerClient = await h().client(manager)
    foreignStaff = await staffOf(foreignUni.id)
    foreignClient = await h().client(foreignStaff)
    coordinatorClient = await h().client(await h().person({ role: 'coordinator' }))
  })

  test("life cycle: a consortium's manager records a module for a partner, edits it, uploads its package, deletes it", async () => {
    const form = await managerClient.get(`/outcomes/new?project=${project.slug}`)
    assert.equal(form.status, 200)
    assert.match(form.body, /Universität Leipzig/)
    assert.match(form.body, /Baku Engineering University/)

    const slug = await record(
      managerClient,
      moduleFields({ subjects: 'informatics' }),
      `/outcomes/new?project=${project.slug}`,
    )
    const page = await (await h().client()).get(`/outcomes/${slug}`)
    assert.equal(page.status, 200)
    assert.match(page.body, /Digital Pedagogy in Higher Education/)
    assert.match(page.body, /Universität Leipzig/)
    const course = jsonLd(page.body)
    assert.equal(course['@type'], 'Course')
    assert.equal(course.name, 'Digital Pedagogy in Higher Education')
    assert.equal(course.inLanguage, 'en')
    assert.equal(course.numberOfCredits, 5)
    assert.equal(course.license, 'https://spdx.org/licenses/CC-BY-4.0')
    assert.deepEqual(course.provider, {
      '@type': 'CollegeOrUniversity',
      name: 'Universität Leipzig',
      url: `http://localhost:3000/institutions/${(await h().db.selectFrom('institutions').select('slug').where('id', '=', foreignUni.id).executeTakeFirstOrThrow()).slug}`,
    })
    assert.deepEqual(course.hasCourseInstance, { '@type': 'CourseInstance', courseMode: 'online' })
    // Recorded with the owner's country, so the catalogue filters by it.
    const row = await h()
      .db.selectFrom('outcomes')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
    assert.equal(row.country, 'DE')
    assert.equal(Number(row.ects), 5)

    // Editing: the form comes back filled in; a change of type drops the module's own fields.
    const edit = await managerClient.get(`/outcomes/${slug}/edit`)
    assert.equal(edit.status, 200)
    assert.match(edit.body, /value="Digital Pedagogy in Higher Education"/)
    const saved = await managerClient.form(
      `/outcomes/${slug}/edit`,
      moduleFields({ ects: '6', title_az: 'Ali təhsildə rəqəmsal pedaqogika' }),
    )
    assert.equal(saved.status, 303)
    const api = await (await h().client()).get(`/api/v1/outcomes/${slug}`)
    assert.equal(api.status, 200)
    const view = api.json<{
      ects: number
      title: { az: string }
      subjects: Array<{ code: string }>
      project: { slug: string }
    }>()
    assert.equal(view.ects, 6)
    assert.equal(view.title.az, 'Ali təhsildə rəqəmsal pedaqogika')
    assert.deepEqual(view.subjects, [])
    assert.equal(view.project.slug, project.slug)

    // The package: a SCORM zip, downloaded by anyone as an attachment.
    const upload = await managerClient.upload(`/outcomes/${slug}/package`, {}, [
      { field: 'file', filename: 'digital-pedagogy-scorm.zip', contentType: 'application/zip', content: ZIP },
    ])
    assert.equal(upload.status, 303, upload.body.slice(0, 500))
    const download = await (await h().client()).get(`/outcomes/${slug}/package`)
    assert.equal(download.status, 200)
    assert.equal(download.headers['content-type'], 'application/octet-stream')
    assert.match(
      String(download.headers['content-disposition']),
      /^attachment; filename="digital-pedagogy-scorm.zip"/,
    )
    assert.equal(download.body.length, ZIP.length)
    // Replacing it with a PDF, which opens in the browser.
    const pdf = await managerClient.upload(`/outcomes/${slug}/package`, {}, [
      { field: 'file', filename: 'syllabus.pdf', contentType: 'application/pdf', content: PDF },
    ])
    assert.equal(pdf.status, 303)
    assert.equal(
      (await (await h().client()).get(`/outcomes/${slug}/package`)).headers['content-type'],
      'application/pdf',
    )
    assert.equal((await managerClient.form(`/outcomes/${slug}/package/remove`, {})).status, 303)
    assert.equal((await (await h().client()).get(`/outcomes/${slug}/package`)).status, 404)

    assert.equal((await managerClient.form(`/outcomes/${slug}/delete`, {})).status, 303)
    assert.equal((await (await h().client()).get(`/outcomes/${slug}`)).status, 404)
    const logged = await h()
      .db.selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', row.id)
      .execute()
    assert.deepEqual(logged.map((l) => l.action).sort(), ['outcome.create', 'outcome.delete'])
  })

  test('a joint degree with participating institutions and their readiness; an established body linked to a network', async () => {
    const slug = await record(managerClient, {
      type: 'joint_degree',
      owner_institution_id: coordinatingUni.id,
      consortium_id: project.id,
      title_en: 'Joint Master in Data Science',
      degree: 'Master of Science in Data Science',
      degree_status: 'accredited',
      language: 'en',
      level: 'master',
      ects: '5',
    })
    const row = await h()
      .db.selectFrom('outcomes')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
    assert.equal(row.degree_status, 'accredited')
    assert.equal(row.ects, null, 'a degree keeps no module ECTS')
    const added = await managerClient.form(`/outcomes/${slug}/participants`, {
      institution_id: foreignUni.id,
      readiness: 'preparing',
      note: 'Accreditation in Saxony pending',
    })
    assert.equal(added.status, 303)
    await managerClient.form(`/outcomes/${slug}/participants`, {
      institution_id: foreignUni.id,
      readiness: 'ready',
    })
    const view = (await (await h().client()).get(`/api/v1/outcomes/${slug}`)).json<{
      participants: Array<{ institution: { id: string }; readiness: string }>
    }>()
    assert.deepEqual(
      view.participants.map((p) => [p.institution.id, p.readiness]),
      [[foreignUni.id, 'ready']],
    )
    const page = await (await h().client()).get(`/outcomes/${slug}`)
    assert.match(page.body, /Universität Leipzig/)
    assert.doesNotMatch(page.body, /application\/ld\+json/, 'Course data is for modules')
    // The owner is not its own participant; an unknown institution is refused.
    const self = await managerClient.form(`/outcomes/${slug}/participants`, {
      institution_id: coordinatingUni.id,
      readiness: 'ready',
    })
    assert.equal(self.status, 400)
    const unknown = await managerClient.form(`/outcomes/${slug}/participants`, {
      institution_id: newId(),
      readiness: 'ready',
    })
    assert.equal(unknown.status, 400)
    assert.equal(
      (await managerClient.form(`/outcomes/${slug}/participants/${foreignUni.id}/remove`, {})).status,
      303,
    )
    assert.equal(
      (
        await h()
          .db.selectFrom('outcome_institutions')
          .select('institution_id')
          .where('outcome_id', '=', row.id)
          .execute()
      ).length,
      0,
    )

    const network = await h()
      .db.insertInto('networks')
      .values({
        id: newId(),
        slug: `rectors-${newId().slice(-6)}`,
        kind: 'rectors_conference',
        name_az: null,
        name_en: 'Caucasus Rectors Conference',
        name_ru: null,
        acronym: null,
        mission_az: null,
        mission_en: null,
        mission_ru: null,
        founded_on: '2024-05-01',
        founded_by_consortium_id: project.id,
        website: null,
        created_by: null,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .returning(['id', 'slug'])
      .executeTakeFirstOrThrow()
    const body = await record(managerClient, {
      type: 'established_body',
      owner_institution_id: coordinatingUni.id,
      consortium_id: project.id,
      title_en: 'Caucasus Rectors Conference (founding)',
      network_id: network.id,
    })
    const bodyPage = await (await h().client()).get(`/outcomes/${body}`)
    assert.match(bodyPage.body, new RegExp(`href="/networks/${network.slug}"`))
    const wrong = await managerClient.form('/outcomes/new', {
      type: 'established_body',
      owner_institution_id: coordinatingUni.id,
      title_en: 'No such network',
      network_id: newId(),
    })
    assert.equal(wrong.status, 400)
    assert.match(wrong.body, /id="field-network_id-error"/)
  })

  test("who may record and change: the owner's staff, the consortium's managers and coordinators; others are refused", async () => {
    const slug = await record(managerClient, moduleFields({ title_en: 'Research Methods' }))
    // A partner's staff record outcomes of their own institution in the project…
    const own = await record(
      foreignClient,
      moduleFields({ title_en: 'Open Science in Leipzig' }),
      `/outcomes/new?project=${project.slug}`,
    )
    // …and change them and their institution's others, but not the coordinating university's.
    assert.equal((await foreignClient.get(`/outcomes/${slug}/edit`)).status, 200)
    const coordinatorsOwn = await record(
      managerClient,
      moduleFields({ owner_institution_id: coordinatingUni.id, title_en: 'Quality Assurance' }),
    )
    assert.equal((await foreignClient.get(`/outcomes/${coordinatorsOwn}/edit`)).status, 404)
    assert.equal((await foreignClient.form(`/outcomes/${coordinatorsOwn}/delete`, {})).status, 404)
    const foreignForOther = await foreignClient.form(
      '/outcomes/new',
      moduleFields({ owner_institution_id: coordinatingUni.id }),
    )
    assert.equal(foreignForOther.status, 403)
    // Their form offers only their own institution among the partners.
    const foreignForm = await foreignClient.get(`/outcomes/new?project=${project.slug}`)
    assert.doesNotMatch(foreignForm.body, /Baku Engineering University \(/)

    // The owner's institution admin is staff too; a national coordinator changes any outcome.
    const admin = await h().client(await staffOf(foreignUni.id, 'institution_admin'))
    assert.equal((await admin.get(`/outcomes/${own}/edit`)).status, 200)
    assert.equal(
      (await coordinatorClient.form(`/outcomes/${own}/edit`, moduleFields({ title_en: 'Open Science' })))
        .status,
      303,
    )

    // Everyone else: members of other institutions, editors, platform admins see no edit link and are refused.
    for (const role of ['registered', 'member', 'editor', 'platform_admin'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.get('/outcomes/new')).status, 200, role)
      assert.equal((await client.form('/outcomes/new', moduleFields())).status, 403, role)
      assert.equal((await client.get(`/outcomes/${slug}/edit`)).status, 404, role)
      assert.equal((await client.form(`/outcomes/${slug}/edit`, moduleFields())).status, 404, role)
      assert.equal((await client.form(`/outcomes/${slug}/delete`, {})).status, 404, role)
      assert.equal(
        (
          await client.form(`/outcomes/${slug}/participants`, {
            institution_id: localAcademy.id,
            readiness: 'ready',
          })
        ).status,
        404,
        role,
      )
      const page = await client.get(`/outcomes/${slug}`)
      assert.equal(page.status, 200, role)
      assert.doesNotMatch(page.body, /\/edit"/, role)
    }
    const other = await h().client(await h().person({ role: 'institution_admin' }))
    assert.equal((await other.form(`/outcomes/${slug}/delete`, {})).status, 404)
    const pupil = await h().client(await h().person({ role: 'pupil' }))
    assert.equal((await pupil.get('/outcomes/new')).status, 403)
    assert.equal((await pupil.get(`/outcomes/${slug}`)).status, 200)
    const visitor = await h().client()
    const newForm = await visitor.get('/outcomes/new')
    assert.equal(newForm.status, 303)
    assert.match(String(newForm.headers.location), /^\/sign-in/)
    assert.equal((await visitor.api('POST', '/api/v1/outcomes', moduleFields())).status, 401)
    assert.equal((await visitor.get(`/outcomes/${slug}`)).status, 200)
    assert.equal(
      (await h().db.selectFrom('outcomes').select('id').where('slug', '=', slug).executeTakeFirst()) !==
        undefined,
      true,
    )
  })

  test('the catalogue: filters by type, subject, language, institution, country and project, with counts and pages', async () => {
    // Nine modules of the consortium (by its foreign partner) and one academy's "Digital Technologies" module.
    for (let i = 1; i <= 9; i += 1) {
      await record(
        managerClient,
        moduleFields({
          title_en: `Catalogue module ${i}`,
          language: i <= 3 ? 'az' : 'en',
          subjects: 'informatics',
        }),
      )
    }
    const academyStaff = await h().client(await staffOf(localAcademy.id))
    const digital = await record(academyStaff, {
      type: 'e_learning_module',
      owner_institution_id: localAcademy.id,
      title_en: 'Digital Technologies',
      language: 'az',
      subjects: ['ict-programming'],
      ects: '3',
    })
    const report = await record(managerClient, {
      type: 'report',
      owner_institution_id: coordinatingUni.id,
      consortium_id: project.id,
      title_en: 'Baseline study of digital readiness',
      language: 'en',
    })
    const visitor = await h().client()
    type Result = {
      total: number
      pages: number
      results: Array<{ slug: string; title: string; type: string; owner: { name: string } }>
      facets: Record<string, Array<{ value: string; count: number }>>
      project: { slug: string } | null
      institution: { name: string } | null
    }
    const get = async (qs: string) => {
      const response = await visitor.get(`/api/v1/outcomes?${qs}`)
      assert.equal(response.status, 200, response.body)
      return response.json<Result>()
    }
    const byProject = await get(`project=${project.slug}&type=e_learning_module`)
    assert.ok(byProject.total >= 9)
    assert.equal(byProject.project?.slug, project.slug)
    assert.ok(byProject.results.every((r) => r.type === 'e_learning_module'))
    const academySlug = (
      await h()
        .db.selectFrom('institutions')
        .select('slug')
        .where('id', '=', localAcademy.id)
        .executeTakeFirstOrThrow()
    ).slug
    const academy = await get(`institution=${academySlug}`)
    assert.deepEqual(
      academy.results.map((r) => r.slug),
      [digital],
    )
    assert.equal(academy.institution?.name, 'Azerbaijan Technical Academy')
    const ict = await get('subject=ict-programming')
    assert.deepEqual(
      ict.results.map((r) => r.title),
      ['Digital Technologies'],
    )
    const german = await get('country=DE&language=az')
    assert.equal(german.total, 3)
    assert.ok(german.results.every((r) => r.owner.name === 'Universität Leipzig'))
    const reports = await get('type=report')
    assert.deepEqual(
      reports.results.map((r) => r.slug),
      [report],
    )
    const all = await get('')
    assert.ok(all.total >= 11)
    const typeCount = (value: string) => all.facets.type?.find((f) => f.value === value)?.count ?? 0
    const countTypes = async (type: string) =>
      Number(
        (
          await h()
            .db.selectFrom('outcomes')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('type', '=', type as 'report')
            .executeTakeFirstOrThrow()
        ).n,
      )
    assert.equal(typeCount('e_learning_module'), await countTypes('e_learning_module'))
    assert.equal(typeCount('report'), await countTypes('report'))
    assert.ok((all.facets.country ?? []).some((f) => f.value === 'DE'))
    assert.ok((all.facets.subject ?? []).some((f) => f.value === 'informatics' && f.count >= 9))
    // Pages of 20, newest first; an unknown project matches nothing.
    assert.equal(all.pages, Math.ceil(all.total / 20))
    assert.equal(all.results[0]?.slug, report)
    assert.equal((await get('project=no-such-project')).total, 0)

    // The page: the same filters in a shareable URL, facets as links; htmx gets the results alone.
    const page = await visitor.get(`/outcomes?project=${project.slug}&type=e_learning_module&language=az`)
    assert.equal(page.status, 200)
    assert.match(page.body, /<h1>Outcomes catalogue<\/h1>/)
    assert.match(page.body, /Catalogue module 1/)
    assert.doesNotMatch(page.body, /Catalogue module 9/)
    assert.match(page.body, /<option value="e_learning_module" selected/)
    assert.match(page.body, new RegExp(`name="project" value="${project.slug}"`))
    const fragment = await visitor.get(`/outcomes?type=e_learning_module&language=&subject=`, {
      'hx-request': 'true',
    })
    assert.equal(fragment.status, 200)
    assert.match(fragment.body, /^<div id="results"/)
    assert.doesNotMatch(fragment.body, /<html/)
  })

  test('visitors get catalogue pages kept for them, the page and its htmx part apart, and a new outcome at once', async () => {
    const visitor = await h().client()
    const url = '/outcomes?type=laboratory'
    assert.equal((await visitor.get(url)).headers['x-page-cache'], undefined)
    const again = await visitor.get(url)
    assert.equal(again.headers['x-page-cache'], 'hit')
    assert.match(again.body, /<html/)
    const part = await visitor.get(url, { 'hx-request': 'true' })
    assert.doesNotMatch(part.body, /<html/)
    assert.doesNotMatch(again.body, /Kept-page laboratory/)
    await record(managerClient, {
      type: 'laboratory',
      owner_institution_id: coordinatingUni.id,
      consortium_id: project.id,
      title_en: 'Kept-page laboratory',
    })
    const after = await visitor.get(url)
    assert.equal(after.headers['x-page-cache'], undefined)
    assert.match(after.body, /Kept-page laboratory/)
  })

  test('bad input: negative ECTS, over-long fields, unknown language or type, a missing title, an owner outside the project', async () => {
    const negative = await managerClient.form('/outcomes/new', moduleFields({ ects: '-5' }))
    assert.equal(negative.status, 400)
    assert.match(negative.body, /id="field-ects-error"/)
    assert.match(negative.body, /Enter 0 or more/)
    assert.match(
      negative.body,
      /value="Digital Pedagogy in Higher Education"/,
      'the form keeps what was typed',
    )
    const tooMany = await managerClient.form('/outcomes/new', moduleFields({ ects: '61' }))
    assert.equal(tooMany.status, 400)
    const long = await managerClient.form(
      '/outcomes/new',
      moduleFields({ title_en: 'x'.repeat(301), degree: 'd'.repeat(201) }),
    )
    assert.equal(long.status, 400)
    assert.match(long.body, /Use at most 300 characters/)
    const language = await managerClient.form('/outcomes/new', moduleFields({ language: 'xx' }))
    assert.equal(language.status, 400)
    assert.match(language.body, /id="field-language-error"/)
    const noTitle = await managerClient.form('/outcomes/new', moduleFields({ title_en: '' }))
    assert.equal(noTitle.status, 400)
    assert.match(noTitle.body, /Enter a title in at least one language/)
    const outsider = await managerClient.form(
      '/outcomes/new',
      moduleFields({ owner_institution_id: localAcademy.id }),
    )
    assert.equal(outsider.status, 400)
    assert.match(
      outsider.body,
      /The owner must be one of the project&#39;s partners|The owner must be one of the project's partners/,
    )
    const subject = await managerClient.form('/outcomes/new', moduleFields({ subjects: 'astrology' }))
    assert.equal(subject.status, 400)

    // The API: problem+json naming each field.
    const api = await managerClient.api('POST', '/api/v1/outcomes', {
      ...moduleFields({ type: 'hologram', language: 'klingon' }),
      ects: -1,
    })
    assert.equal(api.status, 400)
    assert.match(String(api.headers['content-type']), /application\/problem\+json/)
    const fields = api.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field)
    for (const field of ['type', 'language', 'ects'])
      assert.ok(
        fields.some((f) => f.includes(field)),
        `${field} in ${fields.join(',')}`,
      )
    const created = await managerClient.api('POST', '/api/v1/outcomes', {
      ...moduleFields({ title_en: 'Created through the API' }),
      ects: 4,
    })
    assert.equal(created.status, 201, created.body)
    assert.equal(created.json<{ ects: number }>().ects, 4)
    const count = await h()
      .db.selectFrom('outcomes')
      .select('id')
      .where('title_en', '=', 'x'.repeat(301))
      .execute()
    assert.equal(count.length, 0)
  })

  test('uploads: only packages and documents whose bytes agree; nothing for a laboratory; 413 beyond the limit', async () => {
    const slug = await record(managerClient, moduleFields({ title_en: 'Upload checks' }))
    const refused = [
      ['page.html', 'text/html', Buffer.from('<html><script>alert(1)</script></html>')],
      ['image.svg', 'image/svg+xml', Buffer.from('<svg onload="alert(1)"/>')],
      ['setup.exe', 'application/octet-stream', Buffer.from('MZ\x90\x00')],
      ['fake.pdf', 'application/pdf', Buffer.from('<html>not a pdf</html>')],
      ['fake.zip', 'application/zip', Buffer.from('not a zip at all')],
      ['photo.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])],
    ] as const
    for (const [filename, contentType, content] of refused) {
      const response = await managerClient.upload(`/outcomes/${slug}/package`, {}, [
        { field: 'file', filename, contentType, content: Buffer.from(content) },
      ])
      assert.equal(response.status, 400, filename)
      assert.match(
        response.body,
        /Upload a zip package, PDF, or a Word, PowerPoint or OpenDocument file/,
        filename,
      )
    }
    const empty = await managerClient.upload(`/outcomes/${slug}/package`, {}, [])
    assert.equal(empty.status, 400)
    assert.match(empty.body, /Choose a file to upload/)
    const big = Buffer.concat([ZIP, Buffer.alloc(h().config.projects.maxUploadBytes + 1)])
    const tooLarge = await managerClient.upload(`/outcomes/${slug}/package`, {}, [
      { field: 'file', filename: 'huge.zip', contentType: 'application/zip', content: big },
    ])
    assert.equal(tooLarge.status, 413)
    assert.match(tooLarge.body, /The file must be smaller than/)
    const lab = await record(managerClient, {
      type: 'laboratory',
      owner_institution_id: coordinatingUni.id,
      title_en: 'Robotics laboratory',
    })
    const labUpload = await managerClient.upload(`/outcomes/${lab}/package`, {}, [
      { field: 'file', filename: 'plan.pdf', contentType: 'application/pdf', content: PDF },
    ])
    assert.equal(labUpload.status, 400)
    // Someone who may not change it learns nothing of it.
    const stranger = await h().client(await h().person({ role: 'member' }))
    const hidden = await stranger.upload(`/outcomes/${slug}/package`, {}, [
      { field: 'file', filename: 'ok.pdf', contentType: 'application/pdf', content: PDF },
    ])
    assert.equal(hidden.status, 404)
    const stored = await h()
      .db.selectFrom('outcomes')
      .select('file_stored_name')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
    assert.equal(stored.file_stored_name, null)
  })

  test('the OpenAPI document lists the catalogue, an outcome and recording one', async () => {
    const doc = (await (await h().client()).get('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>
    }>()
    assert.ok(doc.paths['/api/v1/outcomes']?.get)
    assert.ok(doc.paths['/api/v1/outcomes']?.post)
    assert.ok(doc.paths['/api/v1/outcomes/{slug}']?.get)
  })
})
