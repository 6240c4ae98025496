import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'

/** A programme form with one field of every kind, created through the admin pages. */
async function createProgramme(h: Harness) {
  const admin = await h.client(await h.person({ role: 'platform_admin' }))
  const created = await admin.form('/admin/application-forms', {
    code: 'test-programme',
    title_az: 'Sınaq',
    title_en: 'Test programme',
    title_ru: 'Тест',
  })
  assert.equal(created.status, 303)
  const fields: Array<Record<string, string>> = [
    { key: 'motivation', kind: 'long_text', required: 'yes', max_length: '50' },
    {
      key: 'level',
      kind: 'choice',
      required: 'yes',
      options: 'primary | İbtidai | Primary | Начальный\nsecondary',
    },
    { key: 'topics', kind: 'multiple_choice', options: 'stem\narts\nlanguages' },
    { key: 'started', kind: 'date' },
    { key: 'pupils', kind: 'number' },
    { key: 'letter', kind: 'file' },
    { key: 'terms', kind: 'consent', required: 'yes' },
  ]
  for (const field of fields) {
    const response = await admin.form('/admin/application-forms/test-programme/fields', {
      label_az: String(field.key),
      label_en: `Label ${field.key}`,
      label_ru: String(field.key),
      ...field,
    })
    assert.equal(response.status, 303, `${field.key}: ${response.body.slice(0, 300)}`)
  }
}

const goodAnswers = {
  motivation: 'We want to work with partners abroad.',
  level: 'primary',
  topics: ['stem', 'arts'],
  started: '2020-09-15',
  pupils: '24',
  terms: 'yes',
}

function applyBody(institutionId: string, answers: Record<string, unknown> = goodAnswers) {
  return {
    form: 'test-programme',
    institution_id: institutionId,
    staff_role: 'teacher',
    subjects: ['mathematics', 'physics'],
    languages: ['az', 'en'],
    age_from: 10,
    age_to: 14,
    answers,
  }
}

eachDatabase('join applications', (h) => {
  let baku: { id: string }
  let ganja: { id: string }

  before(async () => {
    await createProgramme(h())
    baku = await createInstitution(h().db, { name: 'Baku School One' })
    ganja = await createInstitution(h().db, { name: 'Ganja School Two', city: 'Ganja' })
    await h().db.updateTable('institutions').set({ region: 'AZ-GA' }).where('id', '=', ganja.id).execute()
  })

  test('apply on the web form with a file → coordinator approves → member, membership confirmed, audited, notified once', async () => {
    const person = await h().person({ role: 'registered', locale: 'en' })
    const client = await h().client(person)
    const page = await client.get('/application')
    assert.equal(page.status, 200)
    assert.match(page.body, /Test programme/)
    const search = await client.get('/application/institutions?q=baku%20school')
    assert.match(search.body, /Baku School One/)

    const submitted = await client.upload(
      '/application',
      {
        form: 'test-programme',
        institution_id: baku.id,
        staff_role: 'teacher',
        subjects: ['mathematics', 'physics'],
        languages: 'az',
        age_from: '10',
        age_to: '14',
        'answers/motivation': goodAnswers.motivation,
        'answers/level': 'primary',
        'answers/topics': ['stem', 'arts'],
        'answers/started': '2020-09-15',
        'answers/pupils': '24',
        'answers/terms': 'yes',
      },
      // The browser's file name is hostile on purpose: it must never reach the disk.
      [
        {
          field: 'answers/letter',
          filename: '../../etc/passwd',
          contentType: 'application/pdf',
          content: Buffer.from('%PDF-1.4 a letter'),
        },
      ],
    )
    assert.equal(submitted.status, 303, submitted.body.slice(0, 500))
    const status = await client.get('/application')
    assert.match(status.body, /A national coordinator reviews your application/)

    const own = (await client.api('GET', '/api/v1/application')).json<{
      id: string
      answers: Record<string, unknown>
    }>()
    const letter = own.answers.letter as { file: string }
    assert.ok(letter.file, 'the file answer refers to the stored file')
    const file = await h()
      .db.selectFrom('application_files')
      .selectAll()
      .where('id', '=', letter.file)
      .executeTakeFirstOrThrow()
    assert.doesNotMatch(file.stored_name, /passwd|\.\./)
    assert.equal(file.media_type, 'application/pdf')

    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const queue = await coordinator.get('/review/applications')
    assert.match(queue.body, new RegExp(person.name))
    const detail = await coordinator.get(`/review/applications/${own.id}`)
    assert.match(detail.body, /We want to work with partners abroad/)
    const download = await coordinator.get(`/application-files/${letter.file}`)
    assert.equal(download.status, 200)
    assert.match(String(download.headers['content-disposition']), /^attachment/)

    const decided = await coordinator.form(`/review/applications/${own.id}/decision`, { decision: 'approve' })
    assert.equal(decided.status, 303)

    const row = await h()
      .db.selectFrom('people')
      .select('validated_at')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    assert.ok(row.validated_at)
    const membership = await h()
      .db.selectFrom('memberships')
      .select('status')
      .where('person_id', '=', person.id)
      .where('institution_id', '=', baku.id)
      .executeTakeFirstOrThrow()
    assert.equal(membership.status, 'confirmed')
    const audits = await h()
      .db.selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('subject_id', '=', own.id)
      .execute()
    assert.deepEqual(
      audits.map((a) => a.action),
      ['application.approve'],
    )

    await h().runJobs()
    await h().runJobs()
    const mails = h()
      .mail.to(person.email)
      .filter((m) => /approved/.test(m.subject))
    assert.equal(mails.length, 1, 'exactly one email')
    const notes = (await client.api('GET', '/api/v1/notifications')).json<{
      unread: number
      items: Array<{ id: string; kind: string }>
    }>()
    assert.equal(notes.unread, 1)
    assert.equal(notes.items[0]?.kind, 'application.approved')
    const home = await client.get('/')
    assert.match(home.body, /Notifications \(1\)/)
    assert.equal((await client.form(`/notifications/${notes.items[0]?.id}/read`, {})).status, 303)
    assert.equal((await client.api('GET', '/api/v1/notifications')).json<{ unread: number }>().unread, 0)
    // Now a member: applying again is refused.
    assert.equal((await client.api('POST', '/api/v1/application', applyBody(baku.id))).status, 403)
  })

  test('ask for more information → the applicant answers → back in the queue → rejected with a reason', async () => {
    const person = await h().person({ role: 'registered' })
    const client = await h().client(person)
    const created = await client.api('POST', '/api/v1/application', applyBody(baku.id))
    assert.equal(created.status, 201, created.body)
    const { id } = created.json<{ id: string }>()
    assert.equal((await client.api('POST', '/api/v1/application', applyBody(baku.id))).status, 409)
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const noQuestion = await coordinator.api('POST', `/api/v1/review/applications/${id}/decision`, {
      decision: 'request_info',
    })
    assert.equal(noQuestion.status, 400)
    const asked = await coordinator.api('POST', `/api/v1/review/applications/${id}/decision`, {
      decision: 'request_info',
      message: 'Which classes do you teach?',
    })
    assert.equal(asked.status, 200)
    const own = (await client.api('GET', '/api/v1/application')).json<{ status: string; nextActor: string }>()
    assert.equal(own.status, 'info_requested')
    assert.equal(own.nextActor, 'applicant')
    assert.equal((await client.form('/application/answer', { message: 'Grades 5 to 8' })).status, 303)
    const rejectedWithout = await coordinator.form(`/review/applications/${id}/decision`, {
      decision: 'reject',
    })
    assert.equal(rejectedWithout.status, 400)
    assert.match(rejectedWithout.body, /Give the reason or the question/)
    const rejected = await coordinator.api('POST', `/api/v1/review/applications/${id}/decision`, {
      decision: 'reject',
      message: 'Not a school teacher',
    })
    assert.equal(rejected.status, 200)
    const final = (await client.api('GET', '/api/v1/application')).json<{
      status: string
      decisionReason: string
      timeline: Array<{ kind: string }>
    }>()
    assert.equal(final.status, 'rejected')
    assert.equal(final.decisionReason, 'Not a school teacher')
    assert.deepEqual(
      final.timeline.map((e) => e.kind),
      ['submitted', 'info_requested', 'answered', 'rejected'],
    )
    const audits = await h()
      .db.selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .orderBy('at')
      .execute()
    assert.deepEqual(
      audits.map((a) => a.action),
      ['application.request_info', 'application.reject'],
    )
    assert.equal(
      (await coordinator.api('POST', `/api/v1/review/applications/${id}/decision`, { decision: 'approve' }))
        .status,
      409,
    )
  })

  test('bad input gets field messages', async () => {
    const client = await h().client(await h().person({ role: 'registered' }))
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...goodAnswers, motivation: '' }, 'answers/motivation'],
      [{ ...goodAnswers, motivation: 'x'.repeat(51) }, 'answers/motivation'],
      [{ ...goodAnswers, level: 'university' }, 'answers/level'],
      [{ ...goodAnswers, topics: ['stem', 'cooking'] }, 'answers/topics'],
      [{ ...goodAnswers, started: '2020-02-30' }, 'answers/started'],
      [{ ...goodAnswers, pupils: 'many' }, 'answers/pupils'],
      [{ ...goodAnswers, terms: 'no' }, 'answers/terms'],
      [{ ...goodAnswers, unknown: 'x' }, 'answers/unknown'],
    ]
    for (const [answers, field] of cases) {
      const response = await client.api('POST', '/api/v1/application', applyBody(baku.id, answers))
      assert.equal(response.status, 400, field)
      const fields = response.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field)
      assert.ok(fields.includes(field), `${field} in ${fields.join(', ')}`)
    }
    const unknownSubject = await client.api('POST', '/api/v1/application', {
      ...applyBody(baku.id),
      subjects: ['alchemy'],
    })
    assert.equal(unknownSubject.status, 400)
    assert.match(unknownSubject.body, /subjects/)
    const noInstitution = await client.api('POST', '/api/v1/application', {
      ...applyBody(baku.id),
      institution_id: undefined,
    })
    assert.equal(noInstitution.status, 400)
    // The web form keeps what was typed and names the field.
    const page = await client.form('/application', {
      form: 'test-programme',
      institution_id: baku.id,
      staff_role: 'teacher',
      'answers/motivation': 'Kept text',
      'answers/level': 'nope',
      'answers/terms': 'yes',
    })
    assert.equal(page.status, 400)
    assert.match(page.body, /Kept text/)
    assert.match(page.body, /href="#field-answers\/level"/)
    // An oversized file is refused before it is stored; the form comes back with what was typed before it.
    const big = await client.upload(
      '/application',
      {
        form: 'test-programme',
        institution_id: baku.id,
        staff_role: 'teacher',
        'answers/motivation': 'Typed before the file',
      },
      [
        {
          field: 'answers/letter',
          filename: 'letter.pdf',
          contentType: 'application/pdf',
          content: Buffer.alloc(5 * 1024 * 1024 + 10, 1),
        },
      ],
    )
    assert.equal(big.status, 413)
    assert.match(big.body, /Typed before the file/)
    assert.match(big.body, /The file must be at most 5 MB/)
    assert.match(big.body, /href="#field-answers\/letter"/)
  })

  test('coordinators scoped to a region decide only there; bulk approve with one id outside refuses everything', async () => {
    const inBaku = await h().person({ role: 'registered' })
    const inGanja = await h().person({ role: 'registered' })
    const a = (await (await h().client(inBaku)).api('POST', '/api/v1/application', applyBody(baku.id))).json<{
      id: string
    }>()
    const b = (
      await (await h().client(inGanja)).api('POST', '/api/v1/application', applyBody(ganja.id))
    ).json<{ id: string }>()
    const scopedPerson = await h().person({ role: 'coordinator' })
    await h()
      .db.insertInto('coordinator_regions')
      .values({ person_id: scopedPerson.id, region: 'AZ-BA' })
      .execute()
    const scoped = await h().client(scopedPerson)

    const queue = (await scoped.api('GET', '/api/v1/review/applications')).json<{
      items: Array<{ id: string }>
    }>()
    assert.ok(queue.items.some((i) => i.id === a.id))
    assert.ok(!queue.items.some((i) => i.id === b.id), 'the queue hides other regions')
    assert.equal((await scoped.get(`/review/applications/${b.id}`)).status, 404)
    assert.equal(
      (await scoped.api('POST', `/api/v1/review/applications/${b.id}/decision`, { decision: 'approve' }))
        .status,
      404,
    )

    const bulk = await scoped.api('POST', '/api/v1/review/applications/bulk-approve', { ids: [a.id, b.id] })
    assert.equal(bulk.status, 404)
    const statuses = await h()
      .db.selectFrom('applications')
      .select(['id', 'status'])
      .where('id', 'in', [a.id, b.id])
      .execute()
    assert.ok(
      statuses.every((s) => s.status === 'submitted'),
      'nothing changed',
    )
    assert.equal(
      (await h().db.selectFrom('audit_log').select('id').where('subject_id', 'in', [a.id, b.id]).execute())
        .length,
      0,
    )

    const unscoped = await h().client(await h().person({ role: 'coordinator' }))
    const ok = await unscoped.form('/review/applications/bulk-approve', {}) // no ids: a form error, not a change
    assert.equal(ok.status, 400)
    const approved = await unscoped.api('POST', '/api/v1/review/applications/bulk-approve', {
      ids: [a.id, b.id],
    })
    assert.equal(approved.status, 200)
    assert.equal(approved.json<{ approved: number }>().approved, 2)
  })

  test('who may do what', async () => {
    const visitor = await h().client()
    assert.equal((await visitor.get('/application')).status, 303)
    assert.equal((await visitor.api('POST', '/api/v1/application', applyBody(baku.id))).status, 401)
    for (const role of ['member', 'institution_admin', 'editor', 'platform_admin'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.api('POST', '/api/v1/application', applyBody(baku.id))).status, 403, role)
      assert.equal((await client.get('/review/applications')).status, 403, role)
    }
    const pupil = await h().client(await h().person({ role: 'pupil' }))
    assert.equal((await pupil.get('/application')).status, 403)
    const registered = await h().client(await h().person({ role: 'registered' }))
    assert.equal((await registered.get('/review/applications')).status, 403)
    assert.equal((await registered.get('/admin/application-forms')).status, 403)
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    assert.equal((await coordinator.get('/admin/application-forms')).status, 403)
    // A coordinator's own application is not theirs to decide.
    const forms = await visitor.get('/api/v1/application-forms')
    assert.equal(forms.status, 200)
    assert.ok(forms.json<Array<{ code: string }>>().some((f) => f.code === 'test-programme'))
  })
})
