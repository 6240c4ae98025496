import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Client, Response } from '../../../test/helpers/client.ts'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { createDatabase } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { Role } from '../../platform/policy.ts'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const FIXTURES = path.join(ROOT, 'test/fixtures')
const SAMPLE = fs.readFileSync(path.join(FIXTURES, 'universities-sample.csv'))
const BAD = fs.readFileSync(path.join(FIXTURES, 'institutions-bad.csv'))

async function upload(
  client: Client,
  fields: Record<string, string>,
  file?: { name: string; content: Buffer },
) {
  const files = file
    ? [{ field: 'file', filename: file.name, contentType: 'text/csv', content: file.content }]
    : []
  return client.upload('/institutions/import', fields, files)
}

async function addMember(
  h: () => { db: import('../../db/database.ts').Db },
  personId: string,
  institutionId: string,
  role: 'member' | 'institution_admin' = 'member',
) {
  await h()
    .db.insertInto('memberships')
    .values({
      id: newId(),
      person_id: personId,
      institution_id: institutionId,
      role,
      status: 'confirmed',
      created_at: new Date().toISOString(),
    })
    .execute()
}

async function slugOf(h: () => { db: import('../../db/database.ts').Db }, id: string): Promise<string> {
  const row = await h()
    .db.selectFrom('institutions')
    .select('slug')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return row.slug
}

function jsonLd(body: string): Record<string, unknown> {
  const match = body.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)
  assert.ok(match?.[1], 'a JSON-LD block')
  return JSON.parse(match[1]) as Record<string, unknown>
}

eachDatabase('institutions registry: pages, editing, merging, import and export', (h) => {
  test('the public page shows the institution with EducationalOrganization JSON-LD that cannot break out', async () => {
    const tricky = '</script><script>alert(1)</script> & <b>Lyceum</b>'
    const { id } = await createInstitution(h().db, { name: tricky, type: 'school', city: 'Ganja' })
    await h()
      .db.updateTable('institutions')
      .set({ region: 'AZ-GA', languages: '["az","ru"]' })
      .where('id', '=', id)
      .execute()
    await h()
      .db.insertInto('region_groups')
      .values({
        id: newId(),
        country: 'AZ',
        code: 'test-ganja-group',
        name_az: 'Gəncə-Daşkəsən',
        name_en: 'Ganja-Dashkasan',
        name_ru: 'Гянджа-Дашкесан',
        created_at: new Date().toISOString(),
      })
      .execute()
    const group = await h()
      .db.selectFrom('region_groups')
      .select('id')
      .where('code', '=', 'test-ganja-group')
      .executeTakeFirstOrThrow()
    await h()
      .db.insertInto('region_group_members')
      .values({ group_id: group.id, subdivision: 'AZ-GA' })
      .execute()
    const member = await h().person({ role: 'member', name: 'Aynur Testova' })
    await addMember(h, member.id, id)
    // Only people who opted in to a public profile are listed to visitors.
    assert.equal(
      (await (await h().client(member)).api('PATCH', '/api/v1/me', { visibility: 'public' })).status,
      200,
    )
    const pupil = await h().person({ role: 'pupil', name: 'Pupil Hidden' })
    await addMember(h, pupil.id, id)

    const page = await (await h().client()).get(`/institutions/${await slugOf(h, id)}`)
    assert.equal(page.status, 200)
    assert.doesNotMatch(page.body, /<script>alert/)
    const data = jsonLd(page.body)
    assert.equal(data['@type'], 'School')
    assert.equal(data.name, tricky)
    assert.match(page.body, /Ganja-Dashkasan/, 'the economic region')
    assert.match(page.body, /Ganja \(city\)|Ganja/, 'the region name')
    assert.match(page.body, /Aynur Testova/, 'confirmed members are listed')
    assert.doesNotMatch(page.body, /Pupil Hidden/, 'pupils are never listed')

    const api = await (await h().client()).get(`/api/v1/institutions/${await slugOf(h, id)}`)
    assert.equal(api.status, 200)
    const detail = api.json<{ economic_region: { name: string }; languages: string[]; region: string }>()
    assert.equal(detail.economic_region.name, 'Ganja-Dashkasan')
    assert.deepEqual(detail.languages, ['az', 'ru'])
    assert.equal((await (await h().client()).get('/institutions/no-such-place')).status, 404)
  })

  test('the list filters by country, region and type, and counts each option', async () => {
    await createInstitution(h().db, { name: 'Facetville School', type: 'school', country: 'AZ' })
    await createInstitution(h().db, { name: 'Facetville College', type: 'vet_college', country: 'AZ' })
    await createInstitution(h().db, { name: 'Facetville Uni', type: 'university', country: 'GE' })
    const client = await h().client()
    const all = (await client.get('/api/v1/institutions?q=facetville')).json<{
      total: number
      facets: Record<'country' | 'type' | 'region', Array<{ value: string; count: number }>>
    }>()
    assert.equal(all.total, 3)
    assert.deepEqual(
      all.facets.country.map((f) => [f.value, f.count]),
      [
        ['AZ', 2],
        ['GE', 1],
      ],
    )
    const az = (await client.get('/api/v1/institutions?q=facetville&country=AZ')).json<typeof all>()
    assert.equal(az.total, 2)
    assert.equal(az.facets.country.length, 2, "a facet's own filter does not narrow its counts")
    assert.deepEqual(
      az.facets.region.map((f) => [f.value, f.count]),
      [['AZ-BA', 2]],
    )
    assert.equal(
      (await client.get('/api/v1/institutions?q=facetville&region=AZ-BA&type=school')).json<typeof all>()
        .total,
      1,
    )
    const html = await client.get('/institutions?q=facetville&country=GE')
    assert.match(html.body, /<option value="GE" selected>Georgia \(1\)<\/option>/)
    assert.match(html.body, /href="\/institutions\/facetville-uni-/)
    // Text that looks like SQL is only text.
    const injection = await client.get(`/api/v1/institutions?q=${encodeURIComponent("' OR 1=1 --")}`)
    assert.equal(injection.status, 200)
    assert.equal(injection.json<{ total: number }>().total, 0)
  })

  describe('editing: who may change which institution', () => {
    let slug = ''
    let institutionId = ''
    let ownAdmin: TestPerson
    before(async () => {
      const made = await createInstitution(h().db, { name: 'Editable Gymnasium' })
      institutionId = made.id
      slug = await slugOf(h, made.id)
      ownAdmin = await h().person({ role: 'member' })
      await addMember(h, ownAdmin.id, made.id, 'institution_admin')
    })

    const valid = (name: string) => ({
      name,
      type: 'school',
      country: 'AZ',
      region: 'AZ-GA',
      city: 'Ganja',
      website: 'https://gymnasium.example.az',
      languages: 'az, en',
      education_levels: 'primary',
      description_en: 'A school in Ganja.',
    })

    test('each role gets what the policy says, on the form and the API', async () => {
      const expectations: Array<[string, Role | 'own_admin' | 'other_admin', number]> = [
        ['visitor', 'visitor', 401],
        ['registered', 'registered', 403],
        ['member', 'member', 403],
        ['pupil', 'pupil', 403],
        ['institution admin of this institution', 'own_admin', 303],
        ['institution admin of another institution', 'other_admin', 403],
        ['editor', 'editor', 403],
        ['coordinator', 'coordinator', 303],
        ['platform admin', 'platform_admin', 403],
      ]
      for (const [label, who, status] of expectations) {
        const person =
          who === 'visitor'
            ? undefined
            : who === 'own_admin'
              ? ownAdmin
              : who === 'other_admin'
                ? await h().person({ role: 'institution_admin' })
                : await h().person({ role: who })
        const client = await h().client(person)
        const form = await client.form(`/institutions/${slug}/edit`, valid(`Editable Gymnasium (${label})`))
        assert.equal(form.status, status, `${label}: ${form.body.slice(0, 200)}`)
        if (status === 303) assert.equal(form.headers.location, `/institutions/${slug}?saved=1`)
        const api = await client.api(
          'PUT',
          `/api/v1/institutions/${slug}`,
          valid(`Editable Gymnasium API (${label})`),
        )
        assert.equal(api.status, status === 303 ? 200 : status, `${label} API`)
        const page = await client.get(`/institutions/${slug}/edit`)
        // A visitor's page request is sent to sign in; their form post is refused (401).
        assert.equal(
          page.status,
          status === 303 ? 200 : who === 'visitor' ? 303 : status,
          `${label} edit page`,
        )
      }
      const audits = await h()
        .db.selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('subject_id', '=', institutionId)
        .execute()
      assert.equal(audits.length, 4, 'each saved change is audited (form and API, own admin and coordinator)')
      assert.ok(audits.every((a) => a.action === 'institution.update'))
      const saved = (await (await h().client()).get(`/api/v1/institutions/${slug}`)).json<{
        languages: string[]
        education_levels: string[]
        website: string
      }>()
      assert.deepEqual(saved.languages, ['az', 'en'])
      assert.deepEqual(saved.education_levels, ['primary'])
      assert.equal(saved.website, 'https://gymnasium.example.az/')
    })

    test('bad input is refused with field messages and the typed values kept', async () => {
      const client = await h().client(ownAdmin)
      const bad = await client.form(`/institutions/${slug}/edit`, {
        ...valid('Editable Gymnasium'),
        website: 'javascript:alert(1)',
        erasmus_pic: '123',
        country: 'XX',
      })
      assert.equal(bad.status, 400)
      assert.match(bad.body, /Enter a web address starting with http:\/\/ or https:\/\//)
      assert.match(bad.body, /A PIC has 9 digits/)
      assert.match(bad.body, /Unknown country code/)
      assert.match(bad.body, /value="javascript:alert\(1\)"/)

      const other = await createInstitution(h().db, { name: 'PIC Holder' })
      await h()
        .db.updateTable('institutions')
        .set({ erasmus_pic: '999888777' })
        .where('id', '=', other.id)
        .execute()
      const taken = await client.api('PUT', `/api/v1/institutions/${slug}`, {
        ...valid('Editable Gymnasium'),
        erasmus_pic: '999888777',
      })
      assert.equal(taken.status, 409)
      assert.deepEqual(
        taken.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field),
        ['erasmus_pic'],
      )
    })
  })

  test('a coordinator merges a duplicate: memberships move once, the old page redirects, one audit row', async () => {
    const survivor = await createInstitution(h().db, { name: 'Merge Survivor University' })
    const duplicate = await createInstitution(h().db, { name: 'Merge Survivor Univ.' })
    await h()
      .db.updateTable('institutions')
      .set({ oid: 'E10000001' })
      .where('id', '=', duplicate.id)
      .execute()
    const both = await h().person({ role: 'member' })
    const onlyDuplicate = await h().person({ role: 'member' })
    await addMember(h, both.id, survivor.id)
    await addMember(h, both.id, duplicate.id, 'institution_admin')
    await addMember(h, onlyDuplicate.id, duplicate.id)
    const survivorSlug = await slugOf(h, survivor.id)
    const duplicateSlug = await slugOf(h, duplicate.id)

    for (const role of ['member', 'institution_admin', 'editor', 'platform_admin'] as const) {
      const refused = await (await h().client(await h().person({ role }))).form(
        `/institutions/${duplicateSlug}/merge`,
        { into: survivorSlug },
      )
      assert.equal(refused.status, 403, role)
    }
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const self = await coordinator.form(`/institutions/${duplicateSlug}/merge`, { into: duplicateSlug })
    assert.equal(self.status, 400)
    assert.match(self.body, /cannot be merged into itself/)
    const merged = await coordinator.form(`/institutions/${duplicateSlug}/merge`, { into: survivorSlug })
    assert.equal(merged.status, 303)
    assert.equal(merged.headers.location, `/institutions/${survivorSlug}?merged=1`)

    const memberships = await h()
      .db.selectFrom('memberships')
      .select(['person_id', 'institution_id', 'role'])
      .where('person_id', 'in', [both.id, onlyDuplicate.id])
      .execute()
    assert.equal(memberships.length, 2, 'one membership each, no duplicates')
    assert.ok(memberships.every((m) => m.institution_id === survivor.id))
    assert.equal(
      memberships.find((m) => m.person_id === both.id)?.role,
      'institution_admin',
      'the stronger role is kept',
    )
    const survivorRow = await h()
      .db.selectFrom('institutions')
      .select('oid')
      .where('id', '=', survivor.id)
      .executeTakeFirstOrThrow()
    assert.equal(survivorRow.oid, 'E10000001', 'an identifier the survivor lacked moves with the merge')

    const old = await (await h().client()).get(`/institutions/${duplicateSlug}`)
    assert.equal(old.status, 301)
    assert.equal(old.headers.location, `/institutions/${survivorSlug}`)
    const list = (await (await h().client()).get('/api/v1/institutions?q=merge%20survivor')).json<{
      total: number
    }>()
    assert.equal(list.total, 1, 'the merged record left the registry')
    const audits = await h()
      .db.selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'institution.merge')
      .where('subject_id', '=', duplicate.id)
      .execute()
    assert.equal(audits.length, 1)
    const again = await coordinator.form(`/institutions/${duplicateSlug}/merge`, { into: survivorSlug })
    assert.equal(again.status, 404, 'a merged record cannot be merged again')
  })

  test('import from the upload form: 300 real universities, then a second run creates nothing', async () => {
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const dry = await upload(
      coordinator,
      { dry_run: 'yes', type: 'university' },
      { name: 'sample.csv', content: SAMPLE },
    )
    assert.equal(dry.status, 200, dry.body.slice(0, 500))
    assert.match(dry.body, /Trial run: nothing was saved/)
    assert.match(dry.body, /300 institutions added/)
    const countAfterDry = await h()
      .db.selectFrom('institutions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('country', '=', 'FR')
      .executeTakeFirstOrThrow()
    assert.equal(Number(countAfterDry.n), 0, 'a dry run saves nothing')

    const first = await upload(coordinator, { type: 'university' }, { name: 'sample.csv', content: SAMPLE })
    assert.equal(first.status, 200)
    assert.match(first.body, /300 institutions added/)
    const second = await upload(coordinator, { type: 'university' }, { name: 'sample.csv', content: SAMPLE })
    assert.match(second.body, /0 institutions added/)
    assert.match(second.body, /300 already in the registry/)
    const ge = (await coordinator.get('/api/v1/institutions?country=GE&type=university&limit=100')).json<{
      total: number
    }>()
    assert.ok(ge.total >= 15)
    const audits = await h()
      .db.selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'institution.import')
      .execute()
    assert.equal(audits.length, 2, 'one audit row per saved batch (one batch each run)')
  })

  test('import rejects bad rows with line numbers and reasons, and offers them as CSV', async () => {
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const report = await upload(coordinator, {}, { name: 'bad.csv', content: BAD })
    assert.equal(report.status, 200)
    for (const expected of [
      /<td>3<\/td><td><\/td><td>Name: Enter a value/,
      /<td>4<\/td><td>Atlantis Academy<\/td><td>Country: Unknown country code &quot;XX&quot;/,
      /Unknown country code &quot;ZZZ&quot;/,
      /<td>6<\/td><td>Bad Url University/,
      /A PIC has 9 digits/,
      /Unknown region &quot;AZ-QQQ&quot;/,
      /City: Use at most 120 characters/,
      /The row is not valid CSV/,
    ]) {
      assert.match(report.body, expected)
    }
    assert.match(report.body, /3 institutions added/)
    const link = report.body.match(/href="(\/institutions\/import\/[0-9a-f-]+\/rejected\.csv)"/)?.[1]
    assert.ok(link)
    const csv = await coordinator.get(link)
    assert.equal(csv.status, 200)
    assert.match(String(csv.headers['content-type']), /^text\/csv/)
    assert.match(csv.body, /4,Atlantis Academy,/)
    const member = await h().client(await h().person({ role: 'member' }))
    assert.equal((await member.get(link)).status, 403)

    // The formula imported as a name is exported with a leading apostrophe, so no spreadsheet runs it.
    const exported = await (await h().client()).get('/api/v1/institutions.csv?country=AZ')
    assert.equal(exported.status, 200)
    assert.match(exported.body, /"'=HYPERLINK\(""http:\/\/evil\.example\/"",""click me""\)"/)
    assert.doesNotMatch(exported.body, /,"=HYPERLINK/)
    const json = (await (await h().client()).get('/api/v1/institutions.json?country=AZ')).json<
      Array<{ name: string }>
    >()
    assert.ok(json.some((i) => i.name === 'Quoted, Comma School'))
    assert.ok(
      json.some((i) => i.name.startsWith('=HYPERLINK')),
      'JSON carries the name as it is',
    )
  })

  test('the upload refuses oversized files with 413, missing files with 400, and everyone but coordinators', async () => {
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 'a')
    const tooLarge = await upload(coordinator, {}, { name: 'big.csv', content: big })
    assert.equal(tooLarge.status, 413)
    assert.match(tooLarge.body, /The file is too large: at most 10 MB/)
    const none = await upload(coordinator, {})
    assert.equal(none.status, 400)
    assert.match(none.body, /Choose a CSV file/)
    for (const role of ['member', 'institution_admin', 'editor', 'platform_admin'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await upload(client, {}, { name: 's.csv', content: SAMPLE })).status, 403, role)
      assert.equal((await client.get('/institutions/import')).status, 403, role)
    }
    const visitor = await h().client()
    const refused: Response = await upload(visitor, {}, { name: 's.csv', content: SAMPLE })
    assert.equal(refused.status, 401)
  })

  test('the import API takes text/csv and reports as JSON', async () => {
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const response = await coordinator.request({
      method: 'POST',
      url: '/api/v1/institutions/import?dry_run=true',
      headers: { 'content-type': 'text/csv', 'x-csrf-token': await coordinator.csrf() },
      payload: BAD,
    })
    assert.equal(response.status, 200, response.body)
    const report = response.json<{ dry_run: boolean; rejected: Array<{ line: number }> }>()
    assert.equal(report.dry_run, true)
    assert.deepEqual(
      report.rejected.map((r) => r.line),
      [3, 4, 5, 6, 7, 8, 9, 12, 13],
    )
    const member = await h().client(await h().person({ role: 'member' }))
    const refused = await member.request({
      method: 'POST',
      url: '/api/v1/institutions/import',
      headers: { 'content-type': 'text/csv', 'x-csrf-token': await member.csrf() },
      payload: BAD,
    })
    assert.equal(refused.status, 403)
  })
})

describe('korpu import / export institutions', () => {
  let dir = ''
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-cli-inst-'))
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  function korpu(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KORPU_')))
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [path.join(ROOT, 'bin/korpu.js'), ...args],
        {
          cwd: ROOT,
          env: {
            ...env,
            KORPU_DATABASE_URL: path.join(dir, 'k.db'),
            KORPU_FILES_DIR: path.join(dir, 'files'),
            KORPU_DEMO_DATA: 'false',
            KORPU_LOG_LEVEL: 'silent',
            KORPU_DEFAULT_LOCALE: 'en',
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      )
    })
  }

  test('imports with a progress bar and a report, idempotently; exports CSV and JSON', async () => {
    const file = path.join(FIXTURES, 'universities-sample.csv')
    const dry = await korpu(['import', 'institutions', file, '--dry-run', '--type', 'university'])
    assert.equal(dry.code, 0, dry.stderr)
    assert.match(dry.stdout, /dry run \(nothing saved\): 300 rows read, 300 created/)
    const first = await korpu(['import', 'institutions', file, '--map', 'web_pages=website'])
    assert.match(first.stdout, /300 rows read, 300 created, 0 already/)
    // The progress bar draws on a terminal only (stderr is a pipe here), so it is not asserted.
    const again = await korpu(['import', 'institutions', file])
    assert.match(again.stdout, /300 rows read, 0 created, 300 already in the registry/)
    const bad = await korpu(['import', 'institutions', path.join(FIXTURES, 'institutions-bad.csv')])
    assert.match(bad.stdout, /line 4: Atlantis Academy: Country: Unknown country code "XX"/)
    const unknownField = await korpu(['import', 'institutions', file, '--map', 'name=nonsense'])
    assert.notEqual(unknownField.code, 0)

    const csv = await korpu(['export', 'institutions', '--format', 'csv', '--country', 'GE'])
    assert.equal(csv.code, 0, csv.stderr)
    assert.equal(csv.stdout.trim().split('\n').length, 16, 'header and 15 Georgian universities')
    const json = await korpu(['export', 'institutions', '--format', 'json'])
    assert.equal((JSON.parse(json.stdout) as unknown[]).length, 303)
    const db = createDatabase(path.join(dir, 'k.db'))
    const types = await db.selectFrom('institutions').select('type').where('country', '=', 'DE').execute()
    assert.ok(
      types.every((t) => t.type === 'university'),
      'the file says university on every row',
    )
    await db.destroy()
  })
})
