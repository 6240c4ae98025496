import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { before, test } from 'node:test'
import { sql } from 'kysely'
import sharp from 'sharp'
import { buildApp } from '../src/app.ts'
import type { Db } from '../src/db/database.ts'
import { newId } from '../src/db/ids.ts'
import { CRITERIA } from '../src/modules/labels/criteria.ts'
import { createLogOptions } from '../src/platform/logging.ts'
import { can, type RouteAction } from '../src/platform/policy.ts'
import { AddressedClient, uniqueEmail } from './helpers/addressed-client.ts'
import type { Client, Response, UploadFile } from './helpers/client.ts'
import { createConsortium } from './helpers/consortia.ts'
import { createInstitution, type TestPerson } from './helpers/factories.ts'
import { eachDatabase, type Harness } from './helpers/harness.ts'
import { addProjectMember, createProject } from './helpers/projects.ts'
import { createSubjects, type Subject, UNSAFE_METHODS } from './helpers/roles.ts'
import { changedTables, snapshot } from './helpers/snapshot.ts'

/** The cookie values a client holds (session, CSRF secret): each a secret that must never be logged. */
function cookieSecrets(client: Client): string[] {
  return ['korpu_session', 'korpu_csrf'].map((name) => client.cookie(name) ?? '').filter(Boolean)
}

eachDatabase('logs: what the server writes about sign-in and recovery flows holds no secret', (h) => {
  test('registration, e-mail verification, sign-in (form and API), password reset and change, a pupil code sign-in, the metrics token', async (t) => {
    // The same app on the same database, its log (the production options, at the most verbose level) kept here.
    const lines: string[] = []
    // The metrics endpoint's bearer token, the one credential that is not a cookie, is set for this instance.
    const metricsToken = `metrics-${newId()}`
    const deps = h().app.deps
    const app = await buildApp(
      { ...deps, config: { ...deps.config, metricsToken } },
      {
        logger: { ...createLogOptions('trace'), stream: { write: (line: string) => lines.push(line) } },
      },
    )
    t.after(() => app.close())
    await app.ready()
    const client = () => new AddressedClient(app, 71)
    const secrets: string[] = []
    const keep = (...values: string[]) => secrets.push(...values.filter(Boolean))

    // Registration and the verification link.
    const email = uniqueEmail('logged')
    const password = 'a passphrase never logged'
    keep(email, password)
    const visitor = client()
    assert.equal((await visitor.form('/register', { name: 'Logged Person', email, password })).status, 303)
    await h().runJobs()
    const verify = new URL(h().mail.linkTo(email, '/verify-email?token='))
    keep(verify.searchParams.get('token') ?? '')
    assert.ok((await visitor.get(`${verify.pathname}${verify.search}`)).status < 400)
    keep(await visitor.csrf(), ...cookieSecrets(visitor))

    // Sign-in: a wrong password, then the right one, by the form and by the API.
    const person = await h().person({ role: 'member' })
    keep(person.email, person.password, person.sessionToken)
    const wrong = client()
    await wrong.form('/sign-in', { email: person.email, password: 'a wrong passphrase typed' })
    keep('a wrong passphrase typed', await wrong.csrf(), ...cookieSecrets(wrong))
    const form = client()
    assert.equal(
      (await form.form('/sign-in', { email: person.email, password: person.password })).status,
      303,
    )
    keep(await form.csrf(), ...cookieSecrets(form))
    const api = client()
    const signedIn = await api.api('POST', '/api/v1/session', {
      email: person.email,
      password: person.password,
    })
    assert.equal(signedIn.status, 200, signedIn.body)
    keep(await api.csrf(), ...cookieSecrets(api))

    // Password reset by the emailed link, then a change of password while signed in.
    const recovering = client()
    await recovering.form('/forgot-password', { email: person.email })
    await h().runJobs()
    const reset = new URL(h().mail.linkTo(person.email, '/reset-password?token='))
    const resetToken = reset.searchParams.get('token') ?? ''
    const resetPassword = 'a reset passphrase kept secret'
    keep(resetToken, resetPassword)
    await recovering.get(`${reset.pathname}${reset.search}`)
    const done = await recovering.form('/reset-password', { token: resetToken, password: resetPassword })
    assert.equal(done.status, 200, done.body.slice(0, 300))
    keep(await recovering.csrf(), ...cookieSecrets(recovering))
    const changing = client()
    await changing.form('/sign-in', { email: person.email, password: resetPassword })
    const changedPassword = 'a changed passphrase kept secret'
    keep(changedPassword, ...cookieSecrets(changing))
    const changed = await changing.form('/profile/password', {
      current_password: resetPassword,
      password: changedPassword,
    })
    assert.equal(changed.status, 303, changed.body.slice(0, 300))
    keep(...cookieSecrets(changing))

    // A teacher prints a pupil's code card; the pupil signs in with the code.
    const teacher = await h().person({ role: 'member' })
    keep(teacher.email, teacher.sessionToken)
    const institution = await createInstitution(h().db)
    const project = await createProject(h().db, {
      founders: [{ personId: teacher.id, institutionId: institution.id }],
    })
    const teaching = client()
    teaching.setCookie('korpu_session', teacher.sessionToken)
    const card = await teaching.form(`/projects/${project.id}/pupils`, { pseudonym: 'Logged Pupil' })
    const code = card.body.match(/class="pupil-code">([A-Z0-9-]+)</)?.[1] ?? ''
    assert.ok(code, 'the card shows the code')
    keep(code, code.replaceAll('-', ''))
    const pupil = client()
    assert.equal((await pupil.form('/sign-in/pupil', { code })).status, 303)
    keep(...cookieSecrets(pupil))

    // The metrics, fetched with the bearer token and refused with a wrong one.
    keep(metricsToken, 'a-wrong-metrics-token')
    const scraper = client()
    assert.equal((await scraper.get('/metrics', { authorization: `Bearer ${metricsToken}` })).status, 200)
    assert.equal(
      (await scraper.get('/metrics', { authorization: 'Bearer a-wrong-metrics-token' })).status,
      401,
    )

    const log = lines.join('')
    assert.ok(lines.length > 20, 'the requests were logged')
    assert.match(log, /"url":"\/reset-password\?token=\[redacted\]"/, 'the reset link was logged, redacted')
    const leaked = secrets.filter((secret) => log.toLowerCase().includes(secret.toLowerCase()))
    assert.deepEqual(leaked, [], 'secrets or e-mail addresses in the log')
    assert.doesNotMatch(log, /@example\.org/, 'an e-mail address in the log')
  })
})

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures')

/** What a case sends: a form, a JSON body or an upload, to a concrete URL. */
type Request =
  | { url: string; form: Record<string, string> }
  | { url: string; method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; json: unknown }
  | { url: string; upload: Record<string, string>; files: UploadFile[] }
  | { url: string; raw: Buffer; contentType: string }

interface Case {
  /** Makes what the change needs (a fresh object each time) and returns the request; `staff` makes it. */
  prepare(h: Harness, staff: TestPerson): Promise<Request>
  /**
   * The change also adds institutions to the registry (organisations an import names that are not there yet):
   * each is a registry entry of its own with its own 'institution.create' row, beside the one row of the change.
   */
  createsInstitutions?: true
}

async function slugOf(db: Db, table: 'institutions' | 'consortia', id: string): Promise<string> {
  const row = await db.selectFrom(table).select('slug').where('id', '=', id).executeTakeFirstOrThrow()
  return row.slug
}

let counter = 0
/** A code or name no other case uses (cases run twice: once rolled back, once for real). */
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`

/** A join application by a registered person, submitted through the API, for a coordinator to decide. */
async function submittedApplication(h: Harness): Promise<string> {
  const applicant = await h.client(await h.person({ role: 'registered' }))
  const institution = await createInstitution(h.db)
  const applied = await applicant.api('POST', '/api/v1/application', {
    form: 'audit-form',
    institution_id: institution.id,
    staff_role: 'teacher',
    subjects: [],
    languages: ['az'],
    answers: {},
  })
  assert.ok(applied.status < 300, applied.body)
  const row = await h.db
    .selectFrom('applications')
    .select('id')
    .where('institution_id', '=', institution.id)
    .executeTakeFirstOrThrow()
  return row.id
}

/** An article written by an editor and submitted for review, for a coordinator to publish. */
async function submittedArticle(h: Harness): Promise<string> {
  const editor = await h.client(await h.person({ role: 'editor' }))
  const title = unique('Audited article')
  const created = await editor.form('/newsroom/new', { title_en: title, lead_en: 'Lead.', body_en: 'Body.' })
  assert.equal(created.status, 303, created.body.slice(0, 300))
  const slug = /^\/news\/([a-z0-9-]+)\?/.exec(String(created.headers.location))?.[1] ?? ''
  assert.equal((await editor.form(`/newsroom/${slug}/submit`, {})).status, 303)
  return slug
}

/** An approved project of two founders (the second in `partnerCountry`) that ended, with a teacher. */
async function endedProject(h: Harness, partnerCountry = 'AZ') {
  const [a, b] = [await createInstitution(h.db), await createInstitution(h.db, { country: partnerCountry })]
  const founder = await h.person({ role: 'member' })
  const cofounder = await h.person({ role: 'member' })
  const project = await createProject(h.db, {
    founders: [
      { personId: founder.id, institutionId: a.id },
      { personId: cofounder.id, institutionId: b.id },
    ],
  })
  await addProjectMember(h.db, project.id, (await h.person({ role: 'member' })).id, 'teacher', 'active', a.id)
  await h.db.updateTable('projects').set({ end_date: '2025-06-30' }).where('id', '=', project.id).execute()
  return { id: project.id, founder }
}

async function nationalLabel(h: Harness, projectId: string, country = 'AZ'): Promise<void> {
  await h.db
    .insertInto('project_labels')
    .values({
      id: newId(),
      project_id: projectId,
      level: 'national',
      country,
      application_id: null,
      awarded_by: null,
      awarded_at: new Date().toISOString(),
    })
    .execute()
}

/** A label application of an ended project, for a coordinator to decide. */
async function labelApplication(h: Harness): Promise<string> {
  const { id: projectId, founder } = await endedProject(h)
  const evidence = Object.fromEntries(CRITERIA.map((c) => [`evidence_${c}`, `Evidence for ${c}.`]))
  const applied = await (await h.client(founder)).form(`/projects/${projectId}/labels`, evidence)
  assert.equal(applied.status, 303, applied.body.slice(0, 300))
  const row = await h.db
    .selectFrom('label_applications')
    .select('id')
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow()
  return row.id
}

/** A school with three confirmed members for over two years, active in a project with a national label. */
async function labelledSchool(h: Harness): Promise<string> {
  const school = await createInstitution(h.db)
  const threeYearsAgo = new Date(Date.now() - 3 * 366 * 24 * 3600_000).toISOString()
  const people = [await h.person(), await h.person(), await h.person()]
  for (const person of people) {
    await h.db
      .insertInto('memberships')
      .values({
        id: newId(),
        person_id: person.id,
        institution_id: school.id,
        role: 'member',
        status: 'confirmed',
        created_at: threeYearsAgo,
      })
      .execute()
  }
  const [first, ...others] = people as [TestPerson, TestPerson, TestPerson]
  const project = await createProject(h.db, { founders: [{ personId: first.id, institutionId: school.id }] })
  for (const other of others)
    await addProjectMember(h.db, project.id, other.id, 'teacher', 'active', school.id)
  await h.db
    .updateTable('project_members')
    .set({ joined_at: threeYearsAgo })
    .where('project_id', '=', project.id)
    .execute()
  await nationalLabel(h, project.id)
  return school.id
}

const institutionSlug = async (h: Harness) => slugOf(h.db, 'institutions', (await createInstitution(h.db)).id)
const institutionFields = () => ({
  name: unique('Edited School'),
  type: 'school',
  country: 'AZ',
  region: 'AZ-GA',
  city: 'Ganja',
})
/** The header and lines from..to of a sample file: a small import, one batch. */
const csv = (file: string, from: number, to: number) => {
  const all = fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n')
  return Buffer.from(`${[all[0], ...all.slice(from, to + 1)].join('\n')}\n`)
}
const names = (prefix: string) => {
  const name = unique(prefix)
  return { name_az: name, name_en: name, name_ru: name }
}
const titles = (prefix: string) => {
  const title = unique(prefix)
  return { title_az: title, title_en: title, title_ru: title }
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
const resourceFields = () => ({
  kind: 'guide',
  title_en: unique('Audited guide'),
  description_en: 'A guide.',
  language: 'en',
  licence: 'CC-BY-4.0',
  visibility: 'public',
})

/** A person asking to be listed at a new institution, for its admin or a coordinator to decide. */
async function membershipRequest(h: Harness): Promise<{ slug: string; personId: string }> {
  const slug = await institutionSlug(h)
  const person = await h.person({ role: 'member' })
  const asked = await (await h.client(person)).api('POST', `/api/v1/institutions/${slug}/membership`)
  assert.ok(asked.status < 300, asked.body)
  return { slug, personId: person.id }
}

/** What `staff` made first through the site, before the change measured: a resource, an article, a form… */
async function made(response: Promise<Response>): Promise<string> {
  const done = await response
  assert.ok(done.status < 400, `${done.status}: ${done.body.slice(0, 300)}`)
  return String(done.headers.location ?? '')
}

async function published(h: Harness): Promise<string> {
  const slug = await submittedArticle(h)
  const coordinator = await h.client(await h.person({ role: 'coordinator' }))
  await made(coordinator.form(`/newsroom/${slug}/publish`, {}))
  return slug
}

/**
 * One case per state-changing route whose action only staff roles may take (read from the policy over the route
 * table). A new such route without a case here fails the first test.
 */
const CASES: Record<string, Case> = {
  'POST /institutions/:slug/edit': {
    prepare: async (h) => ({
      url: `/institutions/${await institutionSlug(h)}/edit`,
      form: institutionFields(),
    }),
  },
  'PUT /api/v1/institutions/:slug': {
    prepare: async (h) => ({
      url: `/api/v1/institutions/${await institutionSlug(h)}`,
      method: 'PUT',
      json: institutionFields(),
    }),
  },
  'POST /institutions/:slug/logo': {
    async prepare(h) {
      const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3366aa' } })
        .png()
        .toBuffer()
      return {
        url: `/institutions/${await institutionSlug(h)}/logo`,
        upload: {},
        files: [{ field: 'logo', filename: 'logo.png', contentType: 'image/png', content: png }],
      }
    },
  },
  'POST /institutions/:slug/merge': {
    prepare: async (h) => ({
      url: `/institutions/${await institutionSlug(h)}/merge`,
      form: { into: await institutionSlug(h) },
    }),
  },
  'POST /api/v1/institutions/:slug/merge': {
    prepare: async (h) => ({
      url: `/api/v1/institutions/${await institutionSlug(h)}/merge`,
      method: 'POST',
      json: { into: await institutionSlug(h) },
    }),
  },
  'POST /institutions/import': {
    prepare: async () => ({
      url: '/institutions/import',
      upload: {},
      files: [
        {
          field: 'file',
          filename: 'institutions.csv',
          contentType: 'text/csv',
          content: csv('universities-sample.csv', 1, 3),
        },
      ],
    }),
  },
  'POST /api/v1/institutions/import': {
    // Other institutions than the form's case imports.
    prepare: async () => ({
      url: '/api/v1/institutions/import',
      raw: csv('universities-sample.csv', 4, 6),
      contentType: 'text/csv',
    }),
  },
  'POST /institutions/:slug/members/:id': {
    async prepare(h) {
      const { slug, personId } = await membershipRequest(h)
      return { url: `/institutions/${slug}/members/${personId}`, form: { decision: 'confirm' } }
    },
  },
  'POST /api/v1/institutions/:slug/members/:id': {
    async prepare(h) {
      const { slug, personId } = await membershipRequest(h)
      return {
        url: `/api/v1/institutions/${slug}/members/${personId}`,
        method: 'POST',
        json: { decision: 'confirm' },
      }
    },
  },
  'POST /admin/coordinators/role': {
    prepare: async (h) => ({
      url: '/admin/coordinators/role',
      form: { email: (await h.person({ role: 'member' })).email, action: 'grant' },
    }),
  },
  'POST /admin/coordinators/:id/regions': {
    prepare: async (h) => ({
      url: `/admin/coordinators/${(await h.person({ role: 'coordinator' })).id}/regions`,
      form: { regions: 'AZ-BA' },
    }),
  },
  'POST /admin/subjects': {
    prepare: async () => ({
      url: '/admin/subjects',
      form: { code: unique('subject'), kind: 'vet', ...names('Subject') },
    }),
  },
  'POST /admin/subjects/:code': {
    async prepare(h, staff) {
      const code = unique('subject')
      await made((await h.client(staff)).form('/admin/subjects', { code, kind: 'vet', ...names('S') }))
      return { url: `/admin/subjects/${code}`, form: { ...names('Renamed'), retired: 'yes' } }
    },
  },
  'POST /review/applications/:id/decision': {
    prepare: async (h) => ({
      url: `/review/applications/${await submittedApplication(h)}/decision`,
      form: { decision: 'approve' },
    }),
  },
  'POST /api/v1/review/applications/:id/decision': {
    prepare: async (h) => ({
      url: `/api/v1/review/applications/${await submittedApplication(h)}/decision`,
      method: 'POST',
      json: { decision: 'approve' },
    }),
  },
  'POST /review/applications/bulk-approve': {
    prepare: async (h) => ({
      url: '/review/applications/bulk-approve',
      form: { ids: await submittedApplication(h) },
    }),
  },
  'POST /api/v1/review/applications/bulk-approve': {
    prepare: async (h) => ({
      url: '/api/v1/review/applications/bulk-approve',
      method: 'POST',
      json: { ids: [await submittedApplication(h)] },
    }),
  },
  'POST /admin/application-forms': {
    prepare: async () => ({
      url: '/admin/application-forms',
      form: { code: unique('form'), ...titles('Form') },
    }),
  },
  'POST /admin/application-forms/:code': {
    async prepare(h, staff) {
      const code = unique('form')
      const client = await h.client(staff)
      await made(client.form('/admin/application-forms', { code, ...titles('Form') }))
      return { url: `/admin/application-forms/${code}`, form: titles('Renamed form') }
    },
  },
  'POST /admin/application-forms/:code/fields': {
    async prepare(h, staff) {
      const code = unique('form')
      const client = await h.client(staff)
      await made(client.form('/admin/application-forms', { code, ...titles('Form') }))
      return {
        url: `/admin/application-forms/${code}/fields`,
        form: { key: 'motivation', kind: 'text', label_az: 'M', label_en: 'M', label_ru: 'M' },
      }
    },
  },
  'POST /admin/application-forms/:code/fields/:key': {
    async prepare(h, staff) {
      const code = unique('form')
      const client = await h.client(staff)
      await made(client.form('/admin/application-forms', { code, ...titles('Form') }))
      const field = { key: 'motivation', kind: 'text', label_az: 'M', label_en: 'M', label_ru: 'M' }
      await made(client.form(`/admin/application-forms/${code}/fields`, field))
      return {
        url: `/admin/application-forms/${code}/fields/motivation`,
        form: { ...field, label_en: 'Why' },
      }
    },
  },
  'POST /resources/new': {
    prepare: async () => ({
      url: '/resources/new',
      upload: resourceFields(),
      files: [{ field: 'file', filename: 'guide.pdf', contentType: 'application/pdf', content: PDF }],
    }),
  },
  'POST /resources/:slug/edit': {
    async prepare(h, staff) {
      const client = await h.client(staff)
      const fields = resourceFields()
      const location = await made(
        client.upload('/resources/new', fields, [
          { field: 'file', filename: 'guide.pdf', contentType: 'application/pdf', content: PDF },
        ]),
      )
      const slug = /^\/resources\/([a-z0-9-]+)/.exec(location)?.[1] ?? ''
      return {
        url: `/resources/${slug}/edit`,
        upload: { ...fields, title_en: unique('Edited guide') },
        files: [],
      }
    },
  },
  'POST /resources/:slug/delete': {
    async prepare(h, staff) {
      const client = await h.client(staff)
      const location = await made(
        client.upload('/resources/new', resourceFields(), [
          { field: 'file', filename: 'guide.pdf', contentType: 'application/pdf', content: PDF },
        ]),
      )
      return { url: `/resources/${/^\/resources\/([a-z0-9-]+)/.exec(location)?.[1] ?? ''}/delete`, form: {} }
    },
  },
  'POST /newsroom/new': {
    prepare: async () => ({
      url: '/newsroom/new',
      form: { title_en: unique('Audited news'), lead_en: 'Lead.', body_en: 'Body.' },
    }),
  },
  'POST /newsroom/:slug/edit': {
    prepare: async (h) => ({
      url: `/newsroom/${await submittedArticle(h)}/edit`,
      form: { title_en: unique('Edited news'), body_en: 'Edited.' },
    }),
  },
  'POST /newsroom/:slug/submit': {
    async prepare(h, staff) {
      const client = await h.client(staff)
      const location = await made(
        client.form('/newsroom/new', { title_en: unique('Draft'), body_en: 'Body.' }),
      )
      return { url: `/newsroom/${/^\/news\/([a-z0-9-]+)/.exec(location)?.[1] ?? ''}/submit`, form: {} }
    },
  },
  'POST /newsroom/:slug/return': {
    prepare: async (h) => ({ url: `/newsroom/${await submittedArticle(h)}/return`, form: {} }),
  },
  'POST /newsroom/:slug/publish': {
    prepare: async (h) => ({ url: `/newsroom/${await submittedArticle(h)}/publish`, form: {} }),
  },
  'POST /newsroom/:slug/archive': {
    prepare: async (h) => ({ url: `/newsroom/${await published(h)}/archive`, form: {} }),
  },
  'POST /pages/:slug/edit': {
    prepare: async () => ({
      url: '/pages/about/edit',
      form: { title_en: 'About', body_en: unique('About us') },
    }),
  },
  'POST /statistics/entered': {
    prepare: async () => ({ url: '/statistics/entered', form: { month: monthOnce(), teachers: '42' } }),
  },
  'POST /statistics/entered/withdraw': {
    async prepare(h, staff) {
      const month = monthOnce()
      const client = await h.client(staff)
      await made(client.form('/statistics/entered', { month, teachers: '42' }))
      return { url: '/statistics/entered/withdraw', form: { month } }
    },
  },
  'POST /networks': {
    prepare: async () => ({
      url: '/networks',
      form: { kind: 'university_alliance', name_en: unique('Audited network') },
    }),
  },
  'POST /api/v1/networks': {
    prepare: async () => ({
      url: '/api/v1/networks',
      method: 'POST',
      json: { kind: 'university_alliance', name_en: unique('Audited network') },
    }),
  },
  'POST /consortia/import': {
    createsInstitutions: true,
    prepare: async () => ({
      url: '/consortia/import',
      upload: {},
      files: [
        {
          field: 'file',
          filename: 'projects.csv',
          contentType: 'text/csv',
          content: fs.readFileSync(path.join(FIXTURES, 'erasmus-projects-overview.csv')),
        },
      ],
    }),
  },
  'POST /consortia/:slug/flags': {
    async prepare(h) {
      const institution = await createInstitution(h.db)
      const consortium = await createConsortium(h.db, {
        partners: [{ institutionId: institution.id, role: 'coordinator' }],
      })
      return { url: `/consortia/${consortium.slug}/flags`, form: { good_practice: 'yes' } }
    },
  },
  'POST /events/new': {
    prepare: async () => ({
      url: '/events/new',
      form: {
        kind: 'conference',
        format: 'on_site',
        title_en: unique('Audited conference'),
        description_en: 'Workshops.',
        venue: 'Main hall',
        city: 'Ganja',
        region: 'AZ-GA',
        start_date: '2099-12-13',
        start_time: '10:00',
        end_date: '2099-12-15',
        end_time: '17:00',
        time_zone: 'Asia/Baku',
        registration: 'members',
        capacity: '60',
      },
    }),
  },
  'POST /admin/projects/:id': {
    async prepare(h) {
      const [a, b] = [await createInstitution(h.db), await createInstitution(h.db)]
      const project = await createProject(h.db, {
        status: 'in_review',
        founders: [
          { personId: (await h.person({ role: 'member' })).id, institutionId: a.id },
          { personId: (await h.person({ role: 'member' })).id, institutionId: b.id },
        ],
      })
      return { url: `/admin/projects/${project.id}`, form: { decision: 'approve' } }
    },
  },
  'POST /admin/curriculum-topics': {
    prepare: async () => ({
      url: '/admin/curriculum-topics',
      form: { code: unique('topic'), kind: 'school', ...names('Topic') },
    }),
  },
  'POST /admin/curriculum-topics/:code': {
    async prepare(h, staff) {
      const code = unique('topic')
      const client = await h.client(staff)
      await made(client.form('/admin/curriculum-topics', { code, kind: 'school', ...names('Topic') }))
      return { url: `/admin/curriculum-topics/${code}`, form: { ...names('Renamed topic'), retired: 'yes' } }
    },
  },
  'POST /admin/learning-models': {
    prepare: async () => ({
      url: '/admin/learning-models',
      form: { code: unique('model'), ...names('Model') },
    }),
  },
  'POST /admin/learning-models/:code': {
    async prepare(h, staff) {
      const code = unique('model')
      const client = await h.client(staff)
      await made(client.form('/admin/learning-models', { code, ...names('Model') }))
      return { url: `/admin/learning-models/${code}`, form: { ...names('Renamed model') } }
    },
  },
  'POST /admin/labels/:id/decision': {
    async prepare(h) {
      const scores = Object.fromEntries(CRITERIA.map((c) => [`score_${c}`, '4']))
      return {
        url: `/admin/labels/${await labelApplication(h)}/decision`,
        form: { ...scores, decision: 'award', feedback: 'Well done.' },
      }
    },
  },
  'POST /admin/labels/projects/:id/national': {
    prepare: async (h) => ({
      url: `/admin/labels/projects/${(await endedProject(h, 'TR')).id}/national`,
      form: { country: 'TR' },
    }),
  },
  'POST /admin/labels/projects/:id/nominate': {
    async prepare(h) {
      const { id } = await endedProject(h, 'TR')
      await nationalLabel(h, id)
      return { url: `/admin/labels/projects/${id}/nominate`, form: {} }
    },
  },
  'POST /admin/labels/schools/:id': {
    prepare: async (h) => ({ url: `/admin/labels/schools/${await labelledSchool(h)}`, form: {} }),
  },
}

/** A month no other case entered (figures are entered once per month). */
let months = 0
const monthOnce = () => `${2000 + Math.floor(months / 12)}-${String((months++ % 12) + 1).padStart(2, '0')}`

async function send(client: Client, request: Request): Promise<Response> {
  if ('form' in request) return client.form(request.url, request.form)
  if ('upload' in request) return client.upload(request.url, request.upload, request.files)
  if ('raw' in request) {
    return client.request({
      method: 'POST',
      url: request.url,
      headers: { 'content-type': request.contentType, 'x-csrf-token': await client.csrf() },
      payload: request.raw,
    })
  }
  return client.api(request.method, request.url, request.json)
}

async function installProbeTables(h: Harness): Promise<void> {
  await sql`create table audit_probe_parent (id text primary key)`.execute(h.db)
  await sql`create table audit_probe (ref text references audit_probe_parent (id) deferrable initially deferred)`.execute(
    h.db,
  )
}

/**
 * Makes every transaction that writes an audit row fail when it commits, after all of its statements ran: the
 * audit insert adds a row that breaks a deferred foreign key, checked only at commit (both databases defer it).
 */
async function installFailingCommit(h: Harness): Promise<void> {
  if (h.dialect === 'postgres') {
    await sql`create or replace function audit_probe_fail() returns trigger language plpgsql as $$
      begin insert into audit_probe (ref) values ('missing'); return new; end $$`.execute(h.db)
    await sql`create trigger audit_probe_fail after insert on audit_log
      for each row execute function audit_probe_fail()`.execute(h.db)
  } else {
    await sql`create trigger audit_probe_fail after insert on audit_log
      begin insert into audit_probe (ref) values ('missing'); end`.execute(h.db)
  }
}

async function removeFailingCommit(h: Harness): Promise<void> {
  await sql
    .raw(`drop trigger audit_probe_fail${h.dialect === 'postgres' ? ' on audit_log' : ''}`)
    .execute(h.db)
}

async function countInstitutions(h: Harness): Promise<number> {
  const row = await h.db
    .selectFrom('institutions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

async function auditRows(h: Harness) {
  return h.db.selectFrom('audit_log').select(['id', 'actor_id', 'action']).execute()
}

const STAFF = ['coordinator', 'platform_admin', 'editor', 'institution_admin'] as const

eachDatabase('audit: every privileged change writes exactly one audit row, in its own transaction', (h) => {
  let subjects: Subject[] = []
  /** The actions only staff may take, read from the policy as the role table states it. */
  let privileged: string[] = []

  before(async () => {
    subjects = await createSubjects(h())
    await installProbeTables(h())
    const others = subjects.filter((s) => !(STAFF as readonly string[]).includes(s.role))
    privileged = [
      ...new Set(
        h()
          .app.routeTable.filter((r) => UNSAFE_METHODS.has(r.method) && r.access)
          .map((r) => r.access as RouteAction)
          .filter((action) => !others.some((s) => can(s.actor, action, undefined))),
      ),
    ].sort()
    const admin = await h().client(await h().person({ role: 'platform_admin' }))
    const form = await admin.form('/admin/application-forms', {
      code: 'audit-form',
      title_az: 'Audit',
      title_en: 'Audit',
      title_ru: 'Аудит',
    })
    assert.equal(form.status, 303)
  })

  test('every state-changing route of a privileged action has a case', () => {
    assert.ok(privileged.length > 10, 'privileged actions are found')
    const routes = h()
      .app.routeTable.filter((r) => UNSAFE_METHODS.has(r.method) && privileged.includes(r.access ?? ''))
      .map((r) => `${r.method} ${r.url}`)
    assert.deepEqual(
      routes.filter((route) => !CASES[route]),
      [],
      'privileged routes without an audit case',
    )
    assert.deepEqual(
      Object.keys(CASES).filter((route) => !routes.includes(route)),
      [],
      'cases for routes that are not privileged (or not there)',
    )
  })

  for (const [route, testCase] of Object.entries(CASES)) {
    test(`${route}: one audit row on success, none and no change when the commit fails`, async () => {
      const [method, url] = route.split(' ')
      const action = h().app.routeTable.find((r) => r.method === method && r.url === url)?.access ?? ''
      // Staff who act on any object first: an institution's admin only changes their own institution.
      const role = STAFF.map((r) => subjects.find((s) => s.role === r)).find(
        (s) => s && can(s.actor, action as RouteAction, undefined),
      )
      assert.ok(role, `a role may take ${action}`)
      const staff = await h().person({ role: role.role as Exclude<typeof role.role, 'visitor'> })
      const request = await testCase.prepare(h(), staff)
      const client = await h().client(staff)

      const before = await snapshot(h())
      await installFailingCommit(h())
      try {
        await send(client, request)
      } finally {
        await removeFailingCommit(h())
      }
      const after = await snapshot(h())
      const changed = changedTables(before, after)
      assert.deepEqual(changed, [], 'tables changed by a change whose transaction failed')

      const known = new Set((await auditRows(h())).map((r) => r.id))
      const institutions = await countInstitutions(h())
      const done = await send(client, request)
      assert.ok(done.status < 400, `${done.status}: ${done.body.slice(0, 500)}`)
      const added = (await auditRows(h())).filter((r) => !known.has(r.id))
      const registered = added.filter(
        (r) => testCase.createsInstitutions && r.action === 'institution.create',
      )
      const own = added.filter((r) => !registered.includes(r))
      assert.equal(own.length, 1, `audit rows written: ${added.map((r) => r.action).join(', ')}`)
      assert.equal(own[0]?.actor_id, staff.id)
      if (testCase.createsInstitutions) {
        const created = (await countInstitutions(h())) - institutions
        assert.equal(registered.length, created, 'one row per new institution')
      }
    })
  }
})
