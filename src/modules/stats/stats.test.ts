import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parse } from 'csv-parse/sync'
import yauzl from 'yauzl'
import { createConsortium, createNetwork } from '../../../test/helpers/consortia.ts'
import { createEvent } from '../../../test/helpers/events.ts'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { createProject } from '../../../test/helpers/projects.ts'
import { newId } from '../../db/ids.ts'
import type { Role } from '../../platform/policy.ts'
import { METRICS, type Metric } from './queries.ts'
import { FIGURES } from './schemas.ts'
import { invalidateStats, monthOf, nextMonthStart, rebuildHistory, takeSnapshot } from './service.ts'

interface Index {
  asOf: string
  counters: Array<{ metric: Metric; value: number; definition: string }>
}
interface FigureJson {
  id: string
  definition: string
  asOf: string
  columns: Array<{ name: string; description: string }>
  rows: Array<Record<string, string | number | null>>
}

/** The counters as the API publishes them, counted afresh (the test writes behind the app's back). */
async function counters(h: Harness): Promise<Record<Metric, number>> {
  invalidateStats(h.db)
  const response = await (await h.client()).get('/api/v1/stats')
  assert.equal(response.status, 200)
  const index = response.json<Index>()
  return Object.fromEntries(index.counters.map((c) => [c.metric, c.value])) as Record<Metric, number>
}

function unzip(bytes: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error)
      const entries = new Map<string, string>()
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err)
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks).toString('utf8'))
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

/** The rows of a downloaded CSV, after its "#" lines (title, definition, as of). */
const csvRows = (body: string) =>
  parse(body, { columns: true, comment: '#', skip_empty_lines: true }) as Array<Record<string, string>>

async function createOutcome(h: Harness, institutionId: string): Promise<string> {
  const id = newId()
  const now = new Date().toISOString()
  await h.db
    .insertInto('outcomes')
    .values({
      id,
      slug: `outcome-${id.slice(-8)}`,
      type: 'report',
      owner_institution_id: institutionId,
      country: 'AZ',
      title_en: 'A report',
      created_at: now,
      updated_at: now,
    })
    .execute()
  return id
}

async function subjectOf(h: Harness) {
  return h.db
    .selectFrom('subjects')
    .select(['id', 'code', 'name_en'])
    .orderBy('code')
    .executeTakeFirstOrThrow()
}

eachDatabase('statistics', (h) => {
  test('every counter follows the records as they are created and deleted', async () => {
    const zero = Object.fromEntries(METRICS.map((m) => [m, 0]))
    assert.deepEqual(await counters(h()), zero)

    const school = await createInstitution(h().db, { type: 'school' })
    const university = await createInstitution(h().db, { type: 'university' })
    const teacher = await h().person({ role: 'member' })
    await h().person({ role: 'registered' }) // not validated: not counted
    const approved = await createProject(h().db, {
      founders: [{ personId: teacher.id, institutionId: school.id }],
    })
    await createProject(h().db, {
      founders: [{ personId: teacher.id, institutionId: school.id }],
      status: 'in_review',
    })
    const event = await createEvent(h().db)
    await createEvent(h().db, { status: 'draft' })
    const consortium = await createConsortium(h().db, {
      partners: [{ institutionId: university.id, role: 'coordinator' }],
    })
    const outcome = await createOutcome(h(), university.id)
    const network = await createNetwork(h().db)

    const created = await counters(h())
    assert.equal(created.teachers, 1)
    assert.equal(created.institutions, 2)
    assert.equal(created.schools, 1)
    assert.equal(created.projects, 1)
    assert.equal(created.events, 1)
    assert.equal(created.consortia, 1)
    assert.equal(created.outcomes, 1)
    assert.equal(created.networks, 1)

    // The home page shows the main three from the same figures.
    const home = (await (await h().client()).get('/')).body
    assert.match(
      home,
      /<span class="counter-value">1<\/span><span class="counter-label">validated member<\/span>/,
    )
    assert.match(home, /<span class="counter-value">1<\/span><span class="counter-label">school<\/span>/)
    assert.match(
      home,
      /<span class="counter-value">1<\/span><span class="counter-label">approved project<\/span>/,
    )

    // Deleting (or un-publishing, merging, cancelling) takes each one out again.
    await h().db.deleteFrom('networks').where('id', '=', network.id).execute()
    await h().db.deleteFrom('outcomes').where('id', '=', outcome).execute()
    await h().db.deleteFrom('consortium_partners').where('consortium_id', '=', consortium.id).execute()
    await h().db.deleteFrom('consortia').where('id', '=', consortium.id).execute()
    await h().db.updateTable('events').set({ status: 'cancelled' }).where('id', '=', event.id).execute()
    await h().db.updateTable('projects').set({ status: 'returned' }).where('id', '=', approved.id).execute()
    await h()
      .db.updateTable('institutions')
      .set({ merged_into: university.id })
      .where('id', '=', school.id)
      .execute()
    await h().db.updateTable('people').set({ validated_at: null }).where('id', '=', teacher.id).execute()
    const after = await counters(h())
    assert.deepEqual(after, { ...zero, institutions: 1 })
  })

  test('the statistics page charts the same numbers as its tables, the CSV and the JSON downloads', async () => {
    const subject = await subjectOf(h())
    const teacher = await h().person({ role: 'member' })
    const schools = [await createInstitution(h().db, { type: 'school' }), await createInstitution(h().db)]
    await createInstitution(h().db, { type: 'vet_college' })
    for (const school of schools) {
      const project = await createProject(h().db, {
        founders: [{ personId: teacher.id, institutionId: school.id }],
      })
      await h()
        .db.insertInto('project_subjects')
        .values({ project_id: project.id, subject_id: subject.id })
        .execute()
    }
    invalidateStats(h().db)
    // What the data says (earlier tests of this file left records too).
    const byType = await h()
      .db.selectFrom('institutions')
      .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
      .where('merged_into', 'is', null)
      .groupBy('type')
      .execute()
    const expected = new Map(byType.map((r) => [String(r.type), Number(r.n)]))
    assert.equal(expected.get('vet_college'), 1)
    const approved = await h()
      .db.selectFrom('projects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow()

    const client = await h().client()
    const page = await client.get('/statistics')
    assert.equal(page.status, 200)
    // Server-drawn SVG, hidden from assistive technology, and a table with the same numbers.
    assert.match(
      page.body,
      /<div class="chart" aria-hidden="true"><svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    )
    assert.match(page.body, /<caption>Institutions by type<\/caption>/)
    const typeNames: Record<string, string> = {
      school: 'School',
      vet_college: 'VET college',
      university: 'University',
    }
    for (const [type, n] of expected) {
      if (typeNames[type])
        assert.match(
          page.body,
          new RegExp(`<th scope="row">${typeNames[type]}</th><td class="numeric">${n}</td>`),
        )
    }
    assert.match(page.body, new RegExp(`<th scope="row">${subject.name_en}</th><td class="numeric">2</td>`))
    // Every figure has its definition beside it and both downloads.
    for (const id of FIGURES) {
      assert.match(page.body, new RegExp(`href="/api/v1/stats/${id}\\?format=csv"`))
      assert.match(page.body, new RegExp(`href="/api/v1/stats/${id}\\?format=json"`))
    }
    assert.match(page.body, /Institutions in the registry \(merged records not counted\) by their type\./)

    const json = (await client.get('/api/v1/stats/institutions-by-type')).json<FigureJson>()
    assert.deepEqual(new Map(json.rows.map((r) => [String(r.type), r.institutions])), expected)
    assert.match(json.definition, /by their type/)
    const csvResponse = await client.get('/api/v1/stats/institutions-by-type?format=csv')
    assert.equal(csvResponse.status, 200)
    assert.match(String(csvResponse.headers['content-type']), /^text\/csv/)
    assert.match(
      String(csvResponse.headers['content-disposition']),
      /attachment; filename="korpu-institutions-by-type.csv"/,
    )
    assert.match(csvResponse.body, /^# Institutions by type\n# Institutions in the registry/)
    assert.deepEqual(
      csvRows(csvResponse.body).map((r) => [r.type, Number(r.institutions)]),
      json.rows.map((r) => [r.type, r.institutions]),
    )
    const bySubject = csvRows((await client.get('/api/v1/stats/projects-by-subject?format=csv')).body)
    assert.deepEqual(bySubject, [{ subject: subject.code, name: subject.name_en, projects: '2' }])
    const counterRows = csvRows((await client.get('/api/v1/stats/counters?format=csv')).body)
    assert.equal(counterRows.find((r) => r.metric === 'projects')?.value, String(approved.n))
    assert.match(page.body, new RegExp(`<th scope="row">Projects</th><td class="numeric">${approved.n}</td>`))
    assert.match(counterRows.find((r) => r.metric === 'teachers')?.definition ?? '', /validated/)

    // Another language: the same numbers, the texts in that language.
    const ru = (
      await client.get('/api/v1/stats/institutions-by-type', { 'accept-language': 'ru' })
    ).json<FigureJson>()
    assert.deepEqual(
      ru.rows.map((r) => [r.type, r.institutions]),
      json.rows.map((r) => [r.type, r.institutions]),
    )
    assert.equal(ru.rows.find((r) => r.type === 'school')?.name, 'Школа')
    assert.notEqual(ru.definition, json.definition)
  })

  test('the open-data bundle holds a CSV per figure and a README of their fields', async () => {
    await createInstitution(h().db, { type: 'school' })
    invalidateStats(h().db)
    const response = await h().app.inject({ method: 'GET', url: '/api/v1/stats/open-data.zip' })
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['content-type'], 'application/zip')
    const files = await unzip(response.rawPayload)
    assert.deepEqual([...files.keys()].sort(), ['README.md', ...FIGURES.map((f) => `${f}.csv`)].sort())
    const readme = files.get('README.md') ?? ''
    for (const id of FIGURES) assert.match(readme, new RegExp(`## ${id}\\.csv`))
    assert.match(readme, /\| institutions \| Number of institutions \|/)
    const client = await h().client()
    assert.equal(
      files.get('institutions-by-type.csv'),
      (await client.get('/api/v1/stats/institutions-by-type?format=csv')).body,
    )
  })

  test('downloads carry caching headers, answer 304 to a matching ETag, and change after a write', async () => {
    invalidateStats(h().db)
    const client = await h().client()
    const first = await client.get('/api/v1/stats/counters')
    assert.equal(first.headers['cache-control'], 'public, max-age=60')
    const etag = String(first.headers.etag)
    assert.match(etag, /^"[\w-]+"$/)
    const again = await client.get('/api/v1/stats/counters', { 'if-none-match': etag })
    assert.equal(again.status, 304)
    assert.equal(again.body, '')
    // Within the minute, a record written behind the app's back is not seen yet: the figures say "as of".
    await h().person({ role: 'member' })
    assert.equal((await client.get('/api/v1/stats/counters', { 'if-none-match': etag })).status, 304)
    // A change made through the web app makes the next reader count again.
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    assert.equal(
      (await coordinator.form('/statistics/entered', { month: '2015-06', teachers: '3,765' })).status,
      303,
    )
    const changed = await client.get('/api/v1/stats/counters', { 'if-none-match': etag })
    assert.equal(changed.status, 200)
    assert.notEqual(changed.headers.etag, etag)
    const teachers = changed.json<FigureJson>().rows.find((r) => r.metric === 'teachers')
    const validated = await h()
      .db.selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'adult')
      .where('validated_at', 'is not', null)
      .executeTakeFirstOrThrow()
    assert.equal(teachers?.value, Number(validated.n))
  })

  test('a coordinator enters published figures, shown and downloaded as entered, never replaced by computed ones', async () => {
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const form = await coordinator.get('/statistics/entered')
    assert.equal(form.status, 200)
    assert.equal(
      (
        await coordinator.form('/statistics/entered', {
          month: '2016-09',
          teachers: '3,765',
          schools: '1027',
          projects: '4 017',
          note: 'Annual report 2016',
        })
      ).status,
      303,
    )
    assert.equal(
      (
        await coordinator.form('/statistics/entered', {
          month: '2018-09',
          teachers: '4308',
          schools: '1141',
          projects: '5103',
        })
      ).status,
      303,
    )
    // A computed snapshot or rebuild for the same month leaves the entered figures alone.
    await takeSnapshot(h().db, new Date('2016-09-01T00:00:00Z'))
    await rebuildHistory(h().db)

    const history = (await coordinator.get('/api/v1/stats/history')).json<FigureJson>()
    const entered = history.rows.filter(
      (r) => r.source === 'entered' && ['2016-09', '2018-09'].includes(String(r.month)),
    )
    assert.deepEqual(entered.map((r) => [r.month, r.metric, r.value]).sort(), [
      ['2016-09', 'projects', 4017],
      ['2016-09', 'schools', 1027],
      ['2016-09', 'teachers', 3765],
      ['2018-09', 'projects', 5103],
      ['2018-09', 'schools', 1141],
      ['2018-09', 'teachers', 4308],
    ])
    assert.equal(entered[0]?.note ?? entered.find((r) => r.note)?.note, 'Annual report 2016')
    const csv = csvRows((await coordinator.get('/api/v1/stats/history?format=csv')).body)
    assert.deepEqual(
      csv.find((r) => r.month === '2018-09' && r.metric === 'teachers'),
      {
        month: '2018-09',
        metric: 'teachers',
        value: '4308',
        source: 'entered',
        note: '',
      },
    )
    const page = (await coordinator.get('/statistics')).body
    assert.match(
      page,
      /<th scope="row">2016-09<\/th><td class="numeric">3,765<span class="entered"> \(entered, not computed\)<\/span>/,
    )
    assert.match(page, /href="\/statistics\/entered"/)

    // Withdrawn: gone from the history.
    assert.equal((await coordinator.form('/statistics/entered/withdraw', { month: '2016-09' })).status, 303)
    const withdrawn = (await coordinator.get('/api/v1/stats/history')).json<FigureJson>()
    assert.equal(withdrawn.rows.filter((r) => r.month === '2016-09' && r.source === 'entered').length, 0)
  })

  test('bad figures are refused field by field with what was typed', async () => {
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const future = monthOf(nextMonthStart(new Date()))
    const cases: Array<[Record<string, string>, Record<string, RegExp>]> = [
      [{ month: '2019-13', teachers: '10' }, { month: /Enter the month as YYYY-MM/ }],
      [{ month: '19-06', teachers: '10' }, { month: /Enter the month as YYYY-MM/ }],
      [{ month: future, teachers: '10' }, { month: /cannot be in the future/ }],
      [{ month: '2019-06', teachers: '-5' }, { teachers: /cannot be negative/ }],
      [{ month: '2019-06', schools: '12.5.x' }, { schools: /Enter a whole number/ }],
      [{ month: '2019-06' }, { teachers: /Enter at least one figure/ }],
    ]
    for (const [fields, errors] of cases) {
      const response = await coordinator.form('/statistics/entered', fields)
      assert.equal(response.status, 400, JSON.stringify(fields))
      for (const [field, message] of Object.entries(errors)) {
        assert.match(response.body, new RegExp(`href="#field-${field}"`))
        assert.match(response.body, message)
      }
      assert.match(response.body, new RegExp(`value="${fields.month}"`))
    }
    assert.equal((await coordinator.form('/statistics/entered/withdraw', { month: 'last' })).status, 400)
    const rows = await h()
      .db.selectFrom('stats_snapshots')
      .select('month')
      .where('month', 'in', ['2019-06', future])
      .execute()
    assert.deepEqual(rows, [])
    // Unknown figures and formats are refused by the API.
    assert.equal((await coordinator.get('/api/v1/stats/people-by-shoe-size')).status, 400)
    assert.equal((await coordinator.get('/api/v1/stats/counters?format=xml')).status, 400)
  })

  test('only coordinators enter figures; everyone reads them', async () => {
    const roles: Array<Exclude<Role, 'visitor'>> = [
      'registered',
      'member',
      'pupil',
      'institution_admin',
      'editor',
      'platform_admin',
    ]
    const visitor = await h().client()
    assert.equal((await visitor.get('/statistics')).status, 200)
    assert.equal((await visitor.get('/api/v1/stats')).status, 200)
    // A visitor asking for the page is sent to sign in; a form sent without signing in is refused.
    const page = await visitor.get('/statistics/entered')
    assert.equal(page.status, 303)
    assert.match(String(page.headers.location), /^\/sign-in/)
    assert.equal((await visitor.form('/statistics/entered', { month: '2019-06', teachers: '1' })).status, 401)
    for (const role of roles) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.get('/statistics')).status, 200, role)
      assert.doesNotMatch((await client.get('/statistics')).body, /href="\/statistics\/entered"/, role)
      assert.equal((await client.get('/statistics/entered')).status, 403, role)
      assert.equal(
        (await client.form('/statistics/entered', { month: '2019-06', teachers: '1' })).status,
        403,
        role,
      )
      assert.equal(
        (await client.form('/statistics/entered/withdraw', { month: '2019-06' })).status,
        403,
        role,
      )
    }
    assert.deepEqual(
      await h().db.selectFrom('stats_snapshots').select('month').where('month', '=', '2019-06').execute(),
      [],
    )
  })

  test('the monthly job records the month, rebuilds an empty history first, and queues itself for the next month', async () => {
    const teacher = await h().person({ role: 'member' })
    const school = await createInstitution(h().db, { type: 'school' })
    // Dated records: validated in March 2024, registered in January 2024, approved in May 2024.
    await h()
      .db.updateTable('people')
      .set({ validated_at: '2024-03-15T10:00:00.000Z' })
      .where('id', '=', teacher.id)
      .execute()
    await h()
      .db.updateTable('institutions')
      .set({ created_at: '2024-01-20T10:00:00.000Z' })
      .where('id', '=', school.id)
      .execute()
    const project = await createProject(h().db, {
      founders: [{ personId: teacher.id, institutionId: school.id }],
    })
    await h()
      .db.updateTable('projects')
      .set({ approved_at: '2024-05-02T08:00:00.000Z' })
      .where('id', '=', project.id)
      .execute()

    // An empty history (earlier tests of this file recorded some): the job's first run rebuilds it.
    await h().db.deleteFrom('stats_snapshots').execute()
    const { enqueue } = await import('../../platform/jobs.ts')
    await enqueue(h().db, 'stats.snapshot', {})
    await h().runJobs()
    const rows = await h()
      .db.selectFrom('stats_snapshots')
      .select(['month', 'metric', 'value', 'source'])
      .where('metric', 'in', ['teachers', 'schools', 'projects'])
      .execute()
    const value = (month: string, metric: string) =>
      Number(rows.find((r) => r.month === month && r.metric === metric)?.value ?? Number.NaN)
    // The figure of a month is the count at its start: from the month after the first record to this month.
    assert.equal(value('2024-02', 'schools'), 1)
    assert.equal(value('2024-02', 'teachers'), 0)
    assert.equal(value('2024-04', 'teachers'), 1)
    assert.equal(value('2024-05', 'projects'), 0)
    assert.equal(value('2024-06', 'projects'), 1)
    assert.equal(value(monthOf(new Date()), 'projects'), 1)
    assert.ok(rows.every((r) => r.source === 'computed'))
    assert.equal(
      rows.some((r) => r.month === '2024-01'),
      false,
    )

    const next = await h()
      .db.selectFrom('jobs')
      .select(['run_at'])
      .where('kind', '=', 'stats.snapshot')
      .where('status', '=', 'pending')
      .execute()
    assert.equal(next.length, 1)
    assert.equal(new Date(next[0]?.run_at ?? '').toISOString(), nextMonthStart(new Date()).toISOString())

    // A later run (history present) records this month only, as counted now.
    await createInstitution(h().db, { type: 'school' })
    await takeSnapshot(h().db)
    const now = await h()
      .db.selectFrom('stats_snapshots')
      .select('value')
      .where('month', '=', monthOf(new Date()))
      .where('metric', '=', 'schools')
      .executeTakeFirstOrThrow()
    const schools = await h()
      .db.selectFrom('institutions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'school')
      .where('merged_into', 'is', null)
      .executeTakeFirstOrThrow()
    assert.equal(Number(now.value), Number(schools.n))
    // The page draws the history.
    invalidateStats(h().db)
    const page = (await (await h().client()).get('/statistics')).body
    assert.match(
      page,
      /<th scope="row">2024-06<\/th><td class="numeric">1<\/td><td class="numeric">1<\/td><td class="numeric">1<\/td>/,
    )
  })
})
