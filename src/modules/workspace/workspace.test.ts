import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { before, test } from 'node:test'
import yauzl from 'yauzl'
import { type Client, multipartBody } from '../../../test/helpers/client.ts'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { addProjectMember, createProject } from '../../../test/helpers/projects.ts'

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

/** Every workspace URL of a project, as each kind of request reaches it. */
const reads = (id: string) => [
  `/projects/${id}/workspace`,
  `/projects/${id}/workspace/milestones`,
  `/projects/${id}/workspace/members`,
  `/projects/${id}/workspace/archive.zip`,
]

async function upload(
  client: Client,
  url: string,
  file: { filename: string; contentType: string; content: Buffer },
  fields: Record<string, string> = {},
) {
  const { body, contentType } = multipartBody({ _csrf: await client.csrf(), ...fields }, [
    { field: 'file', ...file },
  ])
  return client.request({ method: 'POST', url, headers: { 'content-type': contentType }, payload: body })
}

/** Reads every entry of a ZIP into memory: name → text. */
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

eachDatabase('project workspace', (h: () => Harness) => {
  let founder: TestPerson
  let teacher: TestPerson
  let pupil: TestPerson
  let outsider: TestPerson
  let coordinator: TestPerson
  let otherPupil: TestPerson
  let project: { id: string }
  let base: string

  /** An approved project with two founders, a partner teacher and a pupil (with their pupil account row). */
  async function team() {
    const h_ = h()
    const [a, b] = [await createInstitution(h_.db), await createInstitution(h_.db)]
    const founderOne = await h_.person({ role: 'member', name: 'Aysel Founder' })
    const cofounder = await h_.person({ role: 'member' })
    const partner = await h_.person({ role: 'member', name: 'Rashad Teacher' })
    // Pupils get an address under .invalid (RFC 2606) from the pupils module: no mail reaches them.
    const child = await h_.person({
      role: 'pupil',
      name: 'Blue Fox',
      email: `pupil-${crypto.randomUUID()}@pupils.invalid`,
    })
    const created = await createProject(h_.db, {
      founders: [
        { personId: founderOne.id, institutionId: a.id },
        { personId: cofounder.id, institutionId: b.id },
      ],
    })
    await addProjectMember(h_.db, created.id, partner.id, 'teacher', 'active', b.id)
    await addProjectMember(h_.db, created.id, child.id, 'pupil')
    await h_.db
      .insertInto('pupils')
      .values({
        person_id: child.id,
        project_id: created.id,
        created_by: founderOne.id,
        created_at: new Date().toISOString(),
        code_hash: null,
        code_expires_at: null,
        code_used_at: null,
      })
      .execute()
    return { founder: founderOne, teacher: partner, pupil: child, project: created }
  }

  before(async () => {
    ;({ founder, teacher, pupil, project } = await team())
    base = `/projects/${project.id}/workspace`
    outsider = await h().person({ role: 'member' })
    coordinator = await h().person({ role: 'coordinator' })
    otherPupil = (await team()).pupil
  })

  test('a visitor is sent to sign in; a member, an outsider pupil and a registered person find nothing', async () => {
    const visitor = await h().client()
    for (const url of reads(project.id)) {
      const response = await visitor.get(url)
      assert.equal(response.status, 303, url)
      assert.match(String(response.headers.location), /^\/sign-in/)
    }
    for (const who of [outsider, otherPupil]) {
      const client = await h().client(who)
      for (const url of reads(project.id)) assert.equal((await client.get(url)).status, 404, url)
      // A visitor reading a private page: no hint it exists.
      const page = await client.form(`${base}/pages`, { title: 'x', body: '<p>x</p>' })
      assert.equal(page.status, 404)
    }
    const registered = await h().client(await h().person({ role: 'registered' }))
    assert.equal((await registered.get(base)).status, 403)
  })

  test('a draft has no workspace, not even for its founders', async () => {
    const institution = await createInstitution(h().db)
    const draft = await createProject(h().db, {
      founders: [{ personId: founder.id, institutionId: institution.id }],
      status: 'draft',
    })
    assert.equal((await (await h().client(founder)).get(`/projects/${draft.id}/workspace`)).status, 404)
  })

  test('pages: a teacher writes rich text, cleaned of script, event handlers and javascript: links', async () => {
    const client = await h().client(teacher)
    const created = await client.form(`${base}/pages`, {
      title: 'Our water study',
      body: '<h2>Plan</h2><p onclick="steal()">Measure <strong>pH</strong><script>alert(1)</script></p><a href="javascript:alert(1)">bad</a> <a href="https://example.org">good</a><img src="https://tracker.example/x.png"><iframe src="https://evil.example"></iframe>',
    })
    assert.equal(created.status, 303)
    const pageId = String(created.headers.location).match(/pages\/([0-9a-f-]{36})/)?.[1] ?? ''
    const stored = await h()
      .db.selectFrom('project_pages')
      .select('body_html')
      .where('id', '=', pageId)
      .executeTakeFirstOrThrow()
    assert.doesNotMatch(stored.body_html, /script|onclick|javascript:|tracker|iframe/i)
    assert.match(stored.body_html, /<h2>Plan<\/h2>/)
    assert.match(stored.body_html, /<a href="https:\/\/example.org" rel="noopener nofollow">good<\/a>/)
    const shown = await (await h().client(pupil)).get(`${base}/pages/${pageId}`)
    assert.equal(shown.status, 200)
    assert.match(shown.body, /Measure <strong>pH<\/strong>/)

    // An image uploaded for the page may be shown in it; one from elsewhere may not.
    const image = await upload(client, `${base}/pages/${pageId}/images`, {
      filename: 'chart.png',
      contentType: 'image/png',
      content: PNG,
    })
    assert.equal(image.status, 303)
    const file = await h()
      .db.selectFrom('project_files')
      .select('id')
      .where('page_id', '=', pageId)
      .executeTakeFirstOrThrow()
    const own = `<img src="${base}/files/${file.id}" alt="chart" />`
    await client.form(`${base}/pages/${pageId}`, { title: 'Our water study', body: `<p>Chart</p>${own}` })
    const again = await h()
      .db.selectFrom('project_pages')
      .select('body_html')
      .where('id', '=', pageId)
      .executeTakeFirstOrThrow()
    assert.ok(again.body_html.includes(`src="${base}/files/${file.id}"`), again.body_html)

    // Empty once cleaned, and too long a title: the form comes back with the text and the messages.
    const bad = await client.form(`${base}/pages`, {
      title: 'x'.repeat(201),
      body: '<script>only()</script>',
    })
    assert.equal(bad.status, 400)
    assert.match(bad.body, /href="#field-title"/)
    const empty = await client.form(`${base}/pages`, { title: 'Empty', body: '<script>only()</script>' })
    assert.equal(empty.status, 400)
    assert.match(empty.body, /href="#field-body"/)
    assert.match(empty.body, /value="Empty"/)
  })

  test('pupils read, reply and upload, but create pages and start discussions only as pupil administrators', async () => {
    const child = await h().client(pupil)
    assert.equal((await child.get(base)).status, 200)
    assert.equal((await child.get(`${base}/pages/new`)).status, 403)
    assert.equal((await child.form(`${base}/pages`, { title: 'Mine', body: '<p>Mine</p>' })).status, 403)
    assert.equal((await child.form(`${base}/forum`, { title: 'Mine', body: 'Hello' })).status, 403)
    assert.equal((await child.form(`${base}/milestones`, { title: 'M', status: 'planned' })).status, 403)
    assert.equal((await child.form(`${base}/members/invite`, { email: outsider.email })).status, 403)
    assert.equal((await child.get(`${base}/state`)).status, 403)

    const thread = await (await h().client(teacher)).form(`${base}/forum`, {
      title: 'Kick-off',
      body: 'Welcome all',
    })
    assert.equal(thread.status, 303)
    const threadUrl = String(thread.headers.location)
    assert.equal((await child.form(threadUrl, { body: 'Hello from the pupils' })).status, 303)
    assert.match((await child.get(threadUrl)).body, /Hello from the pupils/)
    const material = await upload(child, `${base}/files`, {
      filename: 'notes.txt',
      contentType: 'text/plain',
      content: Buffer.from('our notes'),
    })
    assert.equal(material.status, 303)

    // Only a teacher (not a pupil) makes a pupil administrator; then the pupil may create pages.
    assert.equal(
      (await child.form(`${base}/members/${pupil.id}/pupil-admin`, { pupil_admin: '1' })).status,
      403,
    )
    assert.equal(
      (
        await (
          await h().client(teacher)
        ).form(`${base}/members/${pupil.id}/pupil-admin`, { pupil_admin: '1' })
      ).status,
      303,
    )
    const page = await child.form(`${base}/pages`, { title: 'Pupils page', body: '<p>By pupils</p>' })
    assert.equal(page.status, 303)
    // Pupils' work is never public on its own: only a teacher marks it public.
    const pageId = String(page.headers.location).match(/pages\/([0-9a-f-]{36})/)?.[1] ?? ''
    assert.equal((await child.form(`${base}/pages/${pageId}/public`, { public: '1' })).status, 403)
    assert.equal(
      (await (await h().client(teacher)).form(`${base}/pages/${pageId}/public`, { public: '1' })).status,
      303,
    )
    const row = await h()
      .db.selectFrom('project_pages')
      .select(['public_since', 'public_approved_by'])
      .where('id', '=', pageId)
      .executeTakeFirstOrThrow()
    assert.ok(row.public_since)
    assert.equal(row.public_approved_by, teacher.id)
    // A pupil administrator's later change takes it back to private until a teacher approves it again.
    await child.form(`${base}/pages/${pageId}`, { title: 'Pupils page', body: '<p>Changed</p>' })
    const changed = await h()
      .db.selectFrom('project_pages')
      .select('public_since')
      .where('id', '=', pageId)
      .executeTakeFirstOrThrow()
    assert.equal(changed.public_since, null)
    await (await h().client(teacher)).form(`${base}/members/${pupil.id}/pupil-admin`, { pupil_admin: '0' })
  })

  test('a coordinator reads every workspace but changes nothing', async () => {
    const client = await h().client(coordinator)
    for (const url of reads(project.id)) assert.equal((await client.get(url)).status, 200, url)
    assert.equal((await client.form(`${base}/pages`, { title: 'C', body: '<p>C</p>' })).status, 403)
    assert.equal(
      (
        await upload(client, `${base}/files`, {
          filename: 'a.pdf',
          contentType: 'application/pdf',
          content: Buffer.from('%PDF-1.4'),
        })
      ).status,
      403,
    )
  })

  test('mentions notify on the site and by email, pupils on the site only', async () => {
    const client = await h().client(founder)
    const thread = await client.form(`${base}/forum`, {
      title: 'Who measures?',
      body: '@Rashad Teacher and @blue fox, please measure on Monday.',
    })
    assert.equal(thread.status, 303)
    await h().runJobs()
    const notes = await h()
      .db.selectFrom('notifications')
      .select(['person_id', 'link'])
      .where('kind', '=', 'workspace.mention')
      .execute()
    assert.deepEqual(new Set(notes.map((n) => n.person_id)), new Set([teacher.id, pupil.id]))
    assert.equal(h().mail.to(teacher.email).length, 1)
    assert.equal(h().mail.to(pupil.email).length, 0)
    // Newest activity first on the overview.
    const overview = await client.get(base)
    assert.ok(overview.body.indexOf('Who measures?') < overview.body.indexOf('Kick-off'))
  })

  test('milestones: teachers plan and update them in date order; everyone sees them', async () => {
    const client = await h().client(teacher)
    assert.equal(
      (
        await client.form(`${base}/milestones`, {
          title: 'Final show',
          due_date: '2027-06-01',
          status: 'planned',
          description: '',
        })
      ).status,
      303,
    )
    assert.equal(
      (
        await client.form(`${base}/milestones`, {
          title: 'First samples',
          due_date: '2026-10-01',
          status: 'in_progress',
          description: 'Two rivers',
        })
      ).status,
      303,
    )
    const bad = await client.form(`${base}/milestones`, {
      title: 'Bad',
      due_date: '2026-13-45',
      status: 'planned',
    })
    assert.equal(bad.status, 400)
    assert.match(bad.body, /href="#field-due_date"/)
    const seen = (await (await h().client(pupil)).get(`${base}/milestones`)).body
    assert.ok(seen.indexOf('First samples') < seen.indexOf('Final show'))
    const first = await h()
      .db.selectFrom('project_milestones')
      .select('id')
      .where('title', '=', 'First samples')
      .executeTakeFirstOrThrow()
    assert.equal(
      (
        await client.form(`${base}/milestones/${first.id}`, {
          title: 'First samples',
          due_date: '2026-10-01',
          status: 'done',
          description: '',
        })
      ).status,
      303,
    )
    const done = await h()
      .db.selectFrom('project_milestones')
      .select('status')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow()
    assert.equal(done.status, 'done')
  })

  test('members: roles and institutions listed; teachers invite validated members by email', async () => {
    const client = await h().client(teacher)
    const page = await client.get(`${base}/members`)
    assert.match(page.body, /Partner teacher/)
    assert.match(page.body, /Blue Fox/)
    assert.match(page.body, new RegExp(`/projects/${project.id}/pupils`))
    const invited = await client.form(`${base}/members/invite`, { email: outsider.email })
    assert.equal(invited.status, 303)
    const row = await h()
      .db.selectFrom('project_members')
      .select('status')
      .where('person_id', '=', outsider.id)
      .where('project_id', '=', project.id)
      .executeTakeFirstOrThrow()
    assert.equal(row.status, 'invited')
    const unknown = await client.form(`${base}/members/invite`, { email: 'nobody@example.org' })
    assert.equal(unknown.status, 400)
    assert.match(unknown.body, /nobody@example.org/)
  })

  test('materials: forbidden types refused with a field message, downloads served safely', async () => {
    const client = await h().client(teacher)
    for (const [filename, contentType] of [
      ['page.html', 'text/html'],
      ['logo.svg', 'image/svg+xml'],
      ['run.js', 'text/javascript'],
      ['setup.exe', 'application/octet-stream'],
      ['fake.png', 'image/png'],
    ] as const) {
      const content =
        filename === 'fake.png'
          ? Buffer.from('<html><script>x</script>')
          : Buffer.from('<script>alert(1)</script>')
      const refused = await upload(
        client,
        `${base}/files`,
        { filename, contentType, content },
        { title: 'Kept title' },
      )
      assert.equal(refused.status, 400, filename)
      assert.match(refused.body, /forbidden file type/, filename)
      assert.match(refused.body, /value="Kept title"/, filename)
    }
    const png = await upload(client, `${base}/files`, {
      filename: 'photo.png',
      contentType: 'image/png',
      content: PNG,
    })
    assert.equal(png.status, 303)
    const doc = await upload(client, `${base}/files`, {
      filename: 'report.docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      content: Buffer.from('PK\u0003\u0004docx'),
    })
    assert.equal(doc.status, 303)
    const files = await h()
      .db.selectFrom('project_files')
      .select(['id', 'original_name', 'stored_name'])
      .where('project_id', '=', project.id)
      .execute()
    const byName = new Map(files.map((f) => [f.original_name, f]))
    assert.ok(!byName.get('photo.png')?.stored_name.includes('photo'), 'stored under a generated name')
    const image = await client.get(`${base}/files/${byName.get('photo.png')?.id}`)
    assert.equal(image.status, 200)
    assert.equal(image.headers['content-type'], 'image/png')
    assert.match(String(image.headers['content-disposition']), /^inline/)
    assert.equal(image.headers['x-content-type-options'], 'nosniff')
    assert.match(String(image.headers['content-security-policy']), /default-src 'none'/)
    const download = await client.get(`${base}/files/${byName.get('report.docx')?.id}`)
    assert.match(String(download.headers['content-disposition']), /^attachment/)
    const text = await client.get(`${base}/files/${byName.get('notes.txt')?.id}`)
    assert.match(String(text.headers['content-disposition']), /^attachment/)
    assert.doesNotMatch(String(text.headers['content-type']), /html/)
    // Another project's member cannot fetch it.
    assert.equal(
      (await (await h().client(outsider)).get(`${base}/files/${byName.get('photo.png')?.id}`)).status,
      404,
    )
  })

  test('every workspace route × role: outsiders find nothing, a coordinator reads and changes nothing', async () => {
    const one = async (table: 'project_pages' | 'project_files' | 'forum_threads' | 'project_milestones') =>
      (
        await h()
          .db.selectFrom(table)
          .select('id')
          .where('project_id', '=', project.id)
          .executeTakeFirstOrThrow()
      ).id
    const ids: Record<string, string> = {
      id: project.id,
      pageId: await one('project_pages'),
      fileId: await one('project_files'),
      threadId: await one('forum_threads'),
      milestoneId: await one('project_milestones'),
      personId: pupil.id,
    }
    const routes = h().app.routeTable.filter((r) => r.url.startsWith('/projects/:id/workspace'))
    assert.ok(routes.length >= 20, `${routes.length} workspace routes`)
    // What a coordinator may open: everything a member reads, none of the forms for changing it.
    const coordinatorReads =
      /\/workspace(\/(pages\/:pageId|files\/:fileId|forum\/:threadId|milestones|members|archive\.zip))?$/
    const registered = await h().person({ role: 'registered' })
    const subjects: Array<[string, TestPerson | null]> = [
      ['visitor', null],
      ['registered', registered],
      ['member of another project', outsider],
      ['pupil of another project', otherPupil],
      ['coordinator', coordinator],
    ]
    const failures: string[] = []
    for (const route of routes) {
      const url = route.url.replace(/:(\w+)/g, (_m, name: string) => ids[name] ?? name)
      for (const [name, person] of subjects) {
        const client = await h().client(person ?? undefined)
        const response = route.method === 'GET' ? await client.get(url) : await client.form(url, {})
        const expected =
          name === 'visitor'
            ? route.method === 'GET'
              ? 303
              : 401
            : name === 'registered'
              ? 403
              : name === 'coordinator'
                ? route.method === 'GET' && coordinatorReads.test(route.url)
                  ? 200
                  : 403
                : 404
        if (response.status !== expected)
          failures.push(`${route.method} ${route.url} as ${name}: ${response.status}, expected ${expected}`)
      }
    }
    assert.deepEqual(failures, [])
  })

  test('a 100 MB upload is refused with 413 and the form keeps what was typed', async () => {
    const client = await h().client(teacher)
    const boundary = '----korpu100mb'
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${await client.csrf()}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHuge video\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    )
    const chunk = Buffer.alloc(1024 * 1024, 7)
    // Streamed in 1 MB pieces: the 100 MB are never in memory at once.
    async function* body() {
      yield head
      for (let i = 0; i < 100; i++) yield chunk
      yield Buffer.from(`\r\n--${boundary}--\r\n`)
    }
    const response = await h().app.inject({
      method: 'POST',
      url: `${base}/files`,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: `korpu_session=${teacher.sessionToken}; korpu_csrf=${client.cookie('korpu_csrf')}`,
      },
      payload: Readable.from(body()),
    })
    assert.equal(response.statusCode, 413)
    assert.match(response.body, /too large/)
    assert.match(response.body, /value="Huge video"/)
    const stored = await h()
      .db.selectFrom('project_files')
      .select('id')
      .where('original_name', '=', 'huge.mp4')
      .execute()
    assert.equal(stored.length, 0)
  })

  test('the whole workspace downloads as a ZIP: index, pages, materials, forum and milestones', async () => {
    const response = await (await h().client(pupil)).get(`${base}/archive.zip`)
    assert.equal(response.status, 200)
    assert.equal(response.headers['content-type'], 'application/zip')
    const zip = await h().app.inject({
      method: 'GET',
      url: `${base}/archive.zip`,
      headers: { cookie: `korpu_session=${pupil.sessionToken}` },
    })
    const entries = await unzip(zip.rawPayload)
    const names = [...entries.keys()]
    assert.ok(names.includes('index.html'))
    assert.ok(names.includes('milestones.html'))
    assert.ok(
      names.some((n) => /^pages\/\d{3}-Our_water_study\.html$/.test(n)),
      names.join(', '),
    )
    assert.ok(names.some((n) => /^materials\/\d{3}-photo\.png$/.test(n)))
    assert.ok(names.some((n) => n.startsWith('images/')))
    const photo = names.find((n) => n.endsWith('photo.png')) ?? ''
    // The photo as stored (images are re-encoded on upload), byte for byte.
    const { stored_name } = await h()
      .db.selectFrom('project_files')
      .select('stored_name')
      .where('project_id', '=', project.id)
      .where('original_name', '=', 'photo.png')
      .executeTakeFirstOrThrow()
    const stored = await h().app.deps.storage.get(`projects/${stored_name}`)
    assert.ok(stored && entries.get(photo)?.equals(await buffer(stored.body)))
    const forum = names
      .filter((n) => n.startsWith('forum/'))
      .map((n) => entries.get(n)?.toString('utf8') ?? '')
    assert.ok(forum.some((html) => html.includes('Hello from the pupils')))
    assert.match(entries.get('milestones.html')?.toString('utf8') ?? '', /First samples/)
    assert.match(entries.get('index.html')?.toString('utf8') ?? '', /Our water study/)
  })

  test('archiving: founders only, pupils deleted at once, then read-only but readable and downloadable', async () => {
    const { founder: owner, teacher: partner, pupil: child, project: other } = await team()
    const url = `/projects/${other.id}/workspace`
    assert.equal((await (await h().client(partner)).get(`${url}/state`)).status, 403)
    const confirm = await (await h().client(owner)).get(`${url}/state`)
    assert.equal(confirm.status, 200)
    assert.match(confirm.body, /1 pupil account will be deleted/)
    const unconfirmed = await (await h().client(owner)).form(`${url}/state`, { state: 'archived' })
    assert.equal(unconfirmed.status, 400)
    const archived = await (await h().client(owner)).form(`${url}/state`, {
      state: 'archived',
      confirm: 'yes',
    })
    assert.equal(archived.status, 303)
    assert.equal(
      await h().db.selectFrom('people').select('id').where('id', '=', child.id).executeTakeFirst(),
      undefined,
    )
    assert.equal(
      (await h().db.selectFrom('pupils').select('person_id').where('project_id', '=', other.id).execute())
        .length,
      0,
    )
    const history = await h()
      .db.selectFrom('project_history')
      .select('kind')
      .where('project_id', '=', other.id)
      .execute()
    assert.ok(history.some((e) => e.kind === 'workspace_archived'))
    const audited = await h()
      .db.selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', other.id)
      .execute()
    assert.ok(audited.some((a) => a.action === 'workspace.archive'))

    const client = await h().client(partner)
    const read = await client.get(url)
    assert.equal(read.status, 200)
    assert.match(read.body, /archived/)
    assert.equal((await client.get(`${url}/archive.zip`)).status, 200)
    const write = await client.form(`${url}/pages`, { title: 'Late', body: '<p>Late</p>' })
    assert.equal(write.status, 409)
    assert.match(write.body, /archived/)
    assert.equal((await client.form(`${url}/milestones`, { title: 'Late', status: 'planned' })).status, 409)
    assert.equal(
      (await (await h().client(owner)).form(`${url}/state`, { state: 'closed', confirm: 'yes' })).status,
      409,
    )
  })

  test('closing keeps the pupils and makes the workspace read-only', async () => {
    const { founder: owner, pupil: child, project: other } = await team()
    const url = `/projects/${other.id}/workspace`
    assert.equal(
      (await (await h().client(owner)).form(`${url}/state`, { state: 'closed', confirm: 'yes' })).status,
      303,
    )
    assert.ok(await h().db.selectFrom('people').select('id').where('id', '=', child.id).executeTakeFirst())
    const pupilClient = await h().client(child)
    assert.equal((await pupilClient.get(url)).status, 200)
    const thread = await h()
      .db.selectFrom('forum_threads')
      .select('id')
      .where('project_id', '=', other.id)
      .executeTakeFirst()
    assert.equal(thread, undefined)
    assert.equal(
      (
        await upload(pupilClient, `${url}/files`, {
          filename: 'a.txt',
          contentType: 'text/plain',
          content: Buffer.from('a'),
        })
      ).status,
      409,
    )
  })
})
