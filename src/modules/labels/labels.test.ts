import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { addProjectMember, createProject } from '../../../test/helpers/projects.ts'
import { newId } from '../../db/ids.ts'
import { labelsForInstitutions, labelsForProjects } from './badges.tsx'
import { CRITERIA } from './criteria.ts'

const PAST_END = '2025-06-30'
const FUTURE_END = '2099-06-30'

function evidence(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...Object.fromEntries(
      CRITERIA.map((c) => [`evidence_${c}`, `Our evidence for ${c}: pupils built and shared it.`]),
    ),
    ...overrides,
  }
}

function scores(value = '4'): Record<string, string> {
  return Object.fromEntries(CRITERIA.map((c) => [`score_${c}`, value]))
}

interface Team {
  projectId: string
  title: string
  founder: TestPerson
  cofounder: TestPerson
  teacher: TestPerson
  institutionA: string
  institutionB: string
}

/** An approved project of two founders (AZ and, for an international one, TR) and a partner teacher. */
async function team(
  h: Harness,
  options: {
    endDate?: string
    status?: 'approved' | 'in_review'
    partnerCountry?: string
    inGallery?: boolean
  } = {},
): Promise<Team> {
  const a = await createInstitution(h.db, { country: 'AZ' })
  const b = await createInstitution(h.db, { country: options.partnerCountry ?? 'AZ' })
  const founder = await h.person({ role: 'member' })
  const cofounder = await h.person({ role: 'member' })
  const teacher = await h.person({ role: 'member' })
  const title = `Rivers ${newId().slice(-6)}`
  const project = await createProject(h.db, {
    title,
    status: options.status ?? 'approved',
    inGallery: options.inGallery ?? false,
    founders: [
      { personId: founder.id, institutionId: a.id },
      { personId: cofounder.id, institutionId: b.id },
    ],
  })
  await addProjectMember(h.db, project.id, teacher.id, 'teacher', 'active', a.id)
  await h.db
    .updateTable('projects')
    .set({ end_date: options.endDate ?? PAST_END })
    .where('id', '=', project.id)
    .execute()
  return { projectId: project.id, title, founder, cofounder, teacher, institutionA: a.id, institutionB: b.id }
}

async function applicationsOf(h: Harness, projectId: string) {
  return h.db.selectFrom('label_applications').selectAll().where('project_id', '=', projectId).execute()
}

async function apply(h: Harness, t: Team): Promise<string> {
  const founder = await h.client(t.founder)
  const response = await founder.form(`/projects/${t.projectId}/labels`, evidence())
  assert.equal(response.status, 303, response.body.slice(0, 500))
  const [application] = await applicationsOf(h, t.projectId)
  assert.ok(application)
  return application.id
}

eachDatabase('quality labels', (h) => {
  let coordinator: TestPerson

  before(async () => {
    coordinator = await h().person({ role: 'coordinator' })
  })

  test('the criteria are published to everyone, with the rules each label follows', async () => {
    const page = await (await h().client()).get('/labels/criteria')
    assert.equal(page.status, 200)
    for (const name of [
      'Pedagogical innovation',
      'Curricular integration',
      'Collaboration between partners',
      'Use of technology',
      'Impact',
      'Documentation',
    ])
      assert.ok(page.body.includes(name), name)
    assert.match(page.body, /its end date has passed/)
    assert.match(page.body, /at least 2 of the countries/)
    for (const language of ['az', 'ru']) {
      const translated = await (await h().client()).get('/labels/criteria', { 'accept-language': language })
      assert.match(translated.body, new RegExp(`lang="${language}"`))
      assert.doesNotMatch(translated.body, /labels\.[a-z_]+/, `every message is translated into ${language}`)
    }
  })

  test('founders apply, a coordinator scores and awards, the founders are told and the badge shows', async () => {
    const t = await team(h(), { inGallery: true })
    const founder = await h().client(t.founder)
    const status = await founder.get(`/projects/${t.projectId}/status`)
    assert.ok(
      status.body.includes(`href="/projects/${t.projectId}/labels"`),
      'the status page leads to the labels',
    )
    const before = await founder.get(`/projects/${t.projectId}/labels`)
    assert.equal(before.status, 200)
    assert.match(before.body, /name="evidence_innovation"/)

    const id = await apply(h(), t)
    const waiting = await founder.get(`/projects/${t.projectId}/labels?done=applied`)
    assert.match(waiting.body, /Waiting for the coordinators/)
    assert.match(waiting.body, /An application is already waiting/)
    // One open application at a time.
    const again = await founder.form(`/projects/${t.projectId}/labels`, evidence())
    assert.equal(again.status, 409)
    assert.equal((await applicationsOf(h(), t.projectId)).length, 1)

    const coordinatorClient = await h().client(coordinator)
    const queue = await coordinatorClient.get('/admin/labels')
    assert.equal(queue.status, 200)
    assert.match(queue.body, /<a href="\/admin\/labels">Quality labels to review<\/a>/)
    assert.ok(queue.body.includes(`/admin/labels/${id}`))
    assert.ok(queue.body.includes(t.title))
    const review = await coordinatorClient.get(`/admin/labels/${id}`)
    assert.equal(review.status, 200)
    assert.match(review.body, /Our evidence for impact/)
    assert.match(review.body, /name="score_documentation"/)
    assert.ok(review.body.includes(`href="/admin/labels/projects/${t.projectId}"`))
    const projectAdmin = await coordinatorClient.get(`/admin/labels/projects/${t.projectId}`)
    assert.equal(projectAdmin.status, 200)
    assert.match(projectAdmin.body, /Only a project holding this country.s national label can be nominated/)

    for (const language of ['az', 'ru']) {
      const translated = await coordinatorClient.get(`/admin/labels/${id}`, { 'accept-language': language })
      assert.doesNotMatch(translated.body, /labels\.[a-z_]+/, `the review page in ${language}`)
    }
    const decided = await coordinatorClient.form(`/admin/labels/${id}/decision`, {
      ...scores('5'),
      decision: 'award',
      feedback: 'A model of partnership.',
    })
    assert.equal(decided.status, 303, decided.body.slice(0, 500))
    const [stored] = await applicationsOf(h(), t.projectId)
    assert.equal(stored?.status, 'awarded')
    assert.deepEqual(JSON.parse(stored?.scores ?? '{}'), Object.fromEntries(CRITERIA.map((c) => [c, 5])))
    const labels = await labelsForProjects(h().db, [t.projectId])
    assert.deepEqual(
      labels.get(t.projectId)?.map((l) => [l.level, l.country]),
      [['national', 'AZ']],
    )
    const galleryTags = await h()
      .db.selectFrom('project_gallery_tags as t')
      .innerJoin('project_gallery as g', 'g.doc', 't.doc')
      .select('t.tag')
      .where('g.project_id', '=', t.projectId)
      .execute()
    assert.ok(
      galleryTags.some((row) => row.tag === 'l:national'),
      'the gallery can be filtered by the new label',
    )
    const audit = await h()
      .db.selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', t.projectId)
      .execute()
    assert.deepEqual(audit.map((a) => a.action).sort(), ['labels.apply', 'labels.award'])
    for (const person of [t.founder, t.cofounder]) {
      const notes = await h()
        .db.selectFrom('notifications')
        .select('kind')
        .where('person_id', '=', person.id)
        .execute()
      assert.deepEqual(
        notes.map((n) => n.kind),
        ['labels.awarded'],
      )
    }
    const teacherNotes = await h()
      .db.selectFrom('notifications')
      .select('kind')
      .where('person_id', '=', t.teacher.id)
      .execute()
    assert.equal(teacherNotes.length, 0, 'only founders are told')
    await h().runJobs()
    assert.ok(
      h()
        .mail.to(t.founder.email)
        .some((m) => /national quality label/.test(m.subject)),
    )

    const after = await founder.get(`/projects/${t.projectId}/labels`)
    assert.match(after.body, /National quality label \(Azerbaijan\)/)
    assert.match(after.body, /The project already holds the national label/)
    // The partner teacher sees the status too, without the form.
    const teacherPage = await (await h().client(t.teacher)).get(`/projects/${t.projectId}/labels`)
    assert.equal(teacherPage.status, 200)
    assert.match(teacherPage.body, /National quality label \(Azerbaijan\)/)
    // The founders' profiles show their projects' labels.
    const profile = await (await h().client(await h().person())).get(`/people/${t.cofounder.id}`)
    assert.equal(profile.status, 200)
    assert.match(profile.body, /Labels of this member.s projects/)
    assert.match(profile.body, /National quality label \(Azerbaijan\)/)
    // Deciding twice is refused.
    const twice = await coordinatorClient.form(`/admin/labels/${id}/decision`, {
      ...scores(),
      decision: 'decline',
      feedback: 'x',
    })
    assert.equal(twice.status, 409)
  })

  test('a decline needs feedback, which the founders read; they may then apply again', async () => {
    const t = await team(h())
    const id = await apply(h(), t)
    const coordinatorClient = await h().client(coordinator)
    const bare = await coordinatorClient.form(`/admin/labels/${id}/decision`, {
      ...scores('1'),
      decision: 'decline',
      feedback: '  ',
    })
    assert.equal(bare.status, 400)
    assert.match(bare.body, /Give the founders feedback when you decline/)
    const declined = await coordinatorClient.form(`/admin/labels/${id}/decision`, {
      ...scores('1'),
      decision: 'decline',
      feedback: 'The impact is not yet shown; add the pupils’ own evaluation.',
    })
    assert.equal(declined.status, 303)
    const founder = await h().client(t.founder)
    const page = await founder.get(`/projects/${t.projectId}/labels`)
    assert.match(page.body, /Declined/)
    assert.match(page.body, /add the pupils’ own evaluation/)
    assert.match(page.body, /score 1 of 5/)
    assert.match(page.body, /name="evidence_innovation"/, 'the form is offered again')
    assert.equal((await labelsForProjects(h().db, [t.projectId])).size, 0)
    const notes = await h()
      .db.selectFrom('notifications')
      .select(['kind', 'body'])
      .where('person_id', '=', t.founder.id)
      .execute()
    assert.equal(notes[0]?.kind, 'labels.declined')
    assert.match(notes[0]?.body ?? '', /pupils’ own evaluation/)
    const second = await founder.form(`/projects/${t.projectId}/labels`, evidence())
    assert.equal(second.status, 303)
  })

  test('the API: criteria for all; founders apply and read the status; bad input as problem+json; outsiders 404', async () => {
    const criteria = await (await h().client()).api('GET', '/api/v1/labels/criteria')
    assert.equal(criteria.status, 200)
    const body = criteria.json<{
      criteria: Array<{ code: string; name: string }>
      rules: { europeanMinCountries: number }
    }>()
    assert.deepEqual(
      body.criteria.map((c) => c.code),
      [...CRITERIA],
    )
    assert.equal(body.criteria[0]?.name, 'Pedagogical innovation')
    assert.equal(body.rules.europeanMinCountries, 2)

    const t = await team(h())
    const founder = await h().client(t.founder)
    const tooLong = await founder.api('POST', `/api/v1/projects/${t.projectId}/labels`, {
      ...evidence(),
      evidence_impact: 'z'.repeat(2001),
    })
    assert.equal(tooLong.status, 400)
    assert.match(String(tooLong.headers['content-type']), /^application\/problem\+json/)
    assert.deepEqual(
      tooLong.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field),
      ['evidence_impact'],
    )
    const missing = await founder.api('POST', `/api/v1/projects/${t.projectId}/labels`, {})
    assert.equal(missing.status, 400)
    assert.equal(missing.json<{ errors: unknown[] }>().errors.length, CRITERIA.length)

    const created = await founder.api('POST', `/api/v1/projects/${t.projectId}/labels`, evidence())
    assert.equal(created.status, 201)
    const { id } = created.json<{ id: string }>()
    const again = await founder.api('POST', `/api/v1/projects/${t.projectId}/labels`, evidence())
    assert.equal(again.status, 409)
    const status = await founder.api('GET', `/api/v1/projects/${t.projectId}/labels`)
    assert.equal(status.status, 200)
    const view = status.json<{
      canApply: boolean
      blockedBy: string
      applications: Array<{ id: string; status: string; evidence: Record<string, string> }>
    }>()
    assert.equal(view.canApply, false)
    assert.match(view.blockedBy, /already waiting/)
    assert.equal(view.applications[0]?.id, id)
    assert.equal(view.applications[0]?.status, 'submitted')
    assert.match(view.applications[0]?.evidence.impact ?? '', /Our evidence for impact/)

    const outsider = await h().client(await h().person())
    assert.equal((await outsider.api('GET', `/api/v1/projects/${t.projectId}/labels`)).status, 404)
    assert.equal(
      (await outsider.api('POST', `/api/v1/projects/${t.projectId}/labels`, evidence())).status,
      404,
    )
    assert.equal(
      (await (await h().client(t.teacher)).api('POST', `/api/v1/projects/${t.projectId}/labels`, evidence()))
        .status,
      403,
    )
    assert.equal(
      (await (await h().client()).api('GET', `/api/v1/projects/${t.projectId}/labels`)).status,
      401,
    )
  })

  test('two applications sent at once leave one open application', async () => {
    const t = await team(h())
    const [a, b] = [await h().client(t.founder), await h().client(t.cofounder)]
    await Promise.all([a.csrf(), b.csrf()])
    const statuses = (
      await Promise.all([
        a.form(`/projects/${t.projectId}/labels`, evidence()),
        b.form(`/projects/${t.projectId}/labels`, evidence()),
      ])
    ).map((r) => r.status)
    assert.deepEqual(statuses.sort(), [303, 409])
    assert.equal((await applicationsOf(h(), t.projectId)).length, 1)
  })

  test('only an approved project that has run may apply', async () => {
    const running = await team(h(), { endDate: FUTURE_END })
    const founder = await h().client(running.founder)
    const page = await founder.get(`/projects/${running.projectId}/labels`)
    assert.match(page.body, /The project has not run yet/)
    assert.doesNotMatch(page.body, /name="evidence_innovation"/)
    const refused = await founder.form(`/projects/${running.projectId}/labels`, evidence())
    assert.equal(refused.status, 409)
    assert.match(refused.body, /The project has not run yet/)

    const inReview = await team(h(), { status: 'in_review' })
    const reviewFounder = await h().client(inReview.founder)
    const reviewPage = await reviewFounder.get(`/projects/${inReview.projectId}/labels`)
    assert.match(reviewPage.body, /Only an approved project can apply/)
    assert.equal((await reviewFounder.form(`/projects/${inReview.projectId}/labels`, evidence())).status, 403)
    assert.equal((await applicationsOf(h(), running.projectId)).length, 0)
    assert.equal((await applicationsOf(h(), inReview.projectId)).length, 0)
  })

  test('bad input is sent back with the field messages and the typed text, and nothing is stored', async () => {
    const t = await team(h())
    const founder = await h().client(t.founder)
    const missing = await founder.form(`/projects/${t.projectId}/labels`, evidence({ evidence_impact: '' }))
    assert.equal(missing.status, 400)
    assert.match(missing.body, /href="#field-evidence_impact"/)
    assert.match(missing.body, /Our evidence for curriculum/, 'typed evidence is kept')
    const long = await founder.form(
      `/projects/${t.projectId}/labels`,
      evidence({ evidence_documentation: 'x'.repeat(2001) }),
    )
    assert.equal(long.status, 400)
    assert.match(long.body, /Use at most 2000 characters/)
    assert.equal((await applicationsOf(h(), t.projectId)).length, 0)

    const id = await apply(h(), t)
    const coordinatorClient = await h().client(coordinator)
    const outOfRange = await coordinatorClient.form(`/admin/labels/${id}/decision`, {
      ...scores(),
      score_impact: '7',
      decision: 'award',
    })
    assert.equal(outOfRange.status, 400)
    assert.match(outOfRange.body, /href="#field-score_impact"/)
    const unscored = await coordinatorClient.form(`/admin/labels/${id}/decision`, {
      ...scores(),
      score_technology: '',
      decision: 'award',
    })
    assert.equal(unscored.status, 400)
    assert.match(unscored.body, /href="#field-score_technology"/)
    const longFeedback = await coordinatorClient.form(`/admin/labels/${id}/decision`, {
      ...scores(),
      decision: 'decline',
      feedback: 'y'.repeat(4001),
    })
    assert.equal(longFeedback.status, 400)
    const [stored] = await applicationsOf(h(), t.projectId)
    assert.equal(stored?.status, 'submitted')
  })

  test('who may reach a project’s label page and apply, and who may decide', async () => {
    const t = await team(h())
    const url = `/projects/${t.projectId}/labels`
    const visitor = await h().client()
    const asVisitor = await visitor.get(url)
    assert.equal(asVisitor.status, 303)
    assert.match(String(asVisitor.headers.location), /^\/sign-in/)
    for (const role of ['registered', 'pupil'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.get(url)).status, 403, role)
    }
    // Outsiders, whatever their role, learn nothing about the project.
    for (const role of ['member', 'institution_admin', 'editor', 'coordinator', 'platform_admin'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.get(url)).status, 404, role)
      assert.equal((await client.form(url, evidence())).status, 404, role)
    }
    // A pupil of this very project does not see the label page.
    const pupil = await h().person({ role: 'pupil' })
    await addProjectMember(h().db, t.projectId, pupil.id, 'pupil')
    assert.equal((await (await h().client(pupil)).get(url)).status, 403)
    // A partner teacher reads the status but may not apply.
    const teacher = await h().client(t.teacher)
    assert.equal((await teacher.get(url)).status, 200)
    assert.equal((await teacher.form(url, evidence())).status, 403)
    assert.equal((await applicationsOf(h(), t.projectId)).length, 0)

    const id = await apply(h(), t)
    // The coordinators' pages: coordinators only.
    for (const role of ['member', 'institution_admin', 'editor', 'platform_admin'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.get('/admin/labels')).status, 403, role)
      assert.equal((await client.get(`/admin/labels/${id}`)).status, 403, role)
      assert.equal(
        (await client.form(`/admin/labels/${id}/decision`, { ...scores(), decision: 'award' })).status,
        403,
        role,
      )
    }
    assert.equal(
      (
        await (
          await h().client(t.founder)
        ).form(`/admin/labels/${id}/decision`, { ...scores(), decision: 'award' })
      ).status,
      403,
    )
    // A coordinator on the project's team reads it but may not decide.
    const insider = await h().person({ role: 'coordinator' })
    await addProjectMember(h().db, t.projectId, insider.id, 'teacher', 'active', t.institutionA)
    const insiderClient = await h().client(insider)
    const insiderReview = await insiderClient.get(`/admin/labels/${id}`)
    assert.equal(insiderReview.status, 200)
    assert.match(insiderReview.body, /another coordinator decides/)
    assert.doesNotMatch(insiderReview.body, /name="score_impact"/)
    const refused = await insiderClient.form(`/admin/labels/${id}/decision`, {
      ...scores(),
      decision: 'award',
    })
    assert.equal(refused.status, 403)
    const nominate = await insiderClient.form(`/admin/labels/projects/${t.projectId}/nominate`, {})
    assert.equal(nominate.status, 403)
    const record = await insiderClient.form(`/admin/labels/projects/${t.projectId}/national`, {
      country: 'AZ',
    })
    assert.equal(record.status, 403)
    assert.equal((await applicationsOf(h(), t.projectId))[0]?.status, 'submitted')
  })

  test('a European label needs national labels in two partner countries; a coordinator records the partner’s', async () => {
    const t = await team(h(), { partnerCountry: 'TR' })
    await h()
      .db.insertInto('project_labels')
      .values({
        id: newId(),
        project_id: t.projectId,
        level: 'national',
        country: 'AZ',
        application_id: null,
        awarded_by: null,
        awarded_at: new Date().toISOString(),
      })
      .execute()
    const coordinatorClient = await h().client(coordinator)
    const queue = await coordinatorClient.get('/admin/labels')
    assert.ok(queue.body.includes(`/admin/labels/projects/${t.projectId}`), 'listed as a candidate')
    const nominated = await coordinatorClient.form(`/admin/labels/projects/${t.projectId}/nominate`, {})
    assert.equal(nominated.status, 303)
    assert.equal(
      (await coordinatorClient.form(`/admin/labels/projects/${t.projectId}/nominate`, {})).status,
      409,
    )
    const nomination = (await applicationsOf(h(), t.projectId)).find((a) => a.level === 'european')
    assert.ok(nomination)

    // One country (AZ) of two: refused, saying what is missing.
    const review = await coordinatorClient.get(`/admin/labels/${nomination.id}`)
    assert.match(
      review.body,
      /the project holds 1\. Still without one: Türkiye|the project holds 1\. Still without one: Turkey/,
    )
    const early = await coordinatorClient.form(`/admin/labels/${nomination.id}/decision`, {
      decision: 'award',
    })
    assert.equal(early.status, 409)
    assert.match(early.body, /needs national labels in 2 partner countries; the project holds 1 \(AZ\)/)

    // Only the project's partner countries may be recorded.
    const foreign = await coordinatorClient.form(`/admin/labels/projects/${t.projectId}/national`, {
      country: 'FR',
    })
    assert.equal(foreign.status, 400)
    assert.match(foreign.body, /Choose a country of one of the project/)
    const recorded = await coordinatorClient.form(`/admin/labels/projects/${t.projectId}/national`, {
      country: 'TR',
    })
    assert.equal(recorded.status, 303)
    assert.equal(
      (await coordinatorClient.form(`/admin/labels/projects/${t.projectId}/national`, { country: 'TR' }))
        .status,
      400,
    )

    const awarded = await coordinatorClient.form(`/admin/labels/${nomination.id}/decision`, {
      decision: 'award',
    })
    assert.equal(awarded.status, 303, awarded.body.slice(0, 500))
    const labels = await labelsForProjects(h().db, [t.projectId])
    assert.deepEqual(
      labels
        .get(t.projectId)
        ?.map((l) => `${l.level}:${l.country}`)
        .sort(),
      ['european:AZ', 'national:AZ', 'national:TR'],
    )
    const page = await (await h().client(t.founder)).get(`/projects/${t.projectId}/labels`)
    assert.match(page.body, /European quality label/)
  })

  test('a school label is computed from the data, awarded with its figures, and stops showing when it expires', async () => {
    const db = h().db
    const school = await createInstitution(db, { country: 'AZ', name: `Lyceum ${newId().slice(-6)}` })
    const schoolAdmin = await h().person()
    await db
      .insertInto('memberships')
      .values({
        id: newId(),
        person_id: schoolAdmin.id,
        institution_id: school.id,
        role: 'institution_admin',
        status: 'confirmed',
        created_at: new Date().toISOString(),
      })
      .execute()
    const young = await createInstitution(db, { country: 'AZ', name: `Young school ${newId().slice(-6)}` })
    const threeYearsAgo = new Date(Date.now() - 3 * 366 * 24 * 3600_000).toISOString()
    const now = new Date().toISOString()
    // Three confirmed members of each school, all active in an open approved project founded for it.
    for (const institution of [school, young]) {
      const people = [await h().person(), await h().person(), await h().person()]
      for (const person of people) {
        await db
          .insertInto('memberships')
          .values({
            id: newId(),
            person_id: person.id,
            institution_id: institution.id,
            role: 'member',
            status: 'confirmed',
            created_at: now,
          })
          .execute()
      }
      const [first, ...others] = people as [TestPerson, TestPerson, TestPerson]
      const project = await createProject(db, {
        founders: [{ personId: first.id, institutionId: institution.id }],
      })
      for (const other of others)
        await addProjectMember(db, project.id, other.id, 'teacher', 'active', institution.id)
      await db
        .insertInto('project_labels')
        .values({
          id: newId(),
          project_id: project.id,
          level: 'national',
          country: 'AZ',
          application_id: null,
          awarded_by: null,
          awarded_at: now,
        })
        .execute()
      if (institution === school)
        await db
          .updateTable('project_members')
          .set({ joined_at: threeYearsAgo })
          .where('project_id', '=', project.id)
          .where('person_id', '=', first.id)
          .execute()
    }
    const coordinatorClient = await h().client(coordinator)
    const list = await coordinatorClient.get('/admin/labels/schools')
    assert.equal(list.status, 200)
    assert.ok(
      list.body.includes(school.name),
      'the school with two years, three members and a label is eligible',
    )
    assert.ok(!list.body.includes(young.name), 'a school active for less than two years is not')
    assert.match(list.body, /\(3 years\)/)

    const refused = await coordinatorClient.form(`/admin/labels/schools/${young.id}`, {})
    assert.equal(refused.status, 409)
    // Two coordinators awarding at once: one label.
    const second = await h().client(await h().person({ role: 'coordinator' }))
    await second.csrf()
    const awards = await Promise.all([
      coordinatorClient.form(`/admin/labels/schools/${school.id}`, {}),
      second.form(`/admin/labels/schools/${school.id}`, {}),
    ])
    assert.deepEqual(awards.map((r) => r.status).sort(), [303, 409])
    const rows = await db
      .selectFrom('institution_labels')
      .selectAll()
      .where('institution_id', '=', school.id)
      .execute()
    assert.equal(rows.length, 1)
    const [stored] = rows
    assert.ok(stored)
    assert.deepEqual(
      { ...JSON.parse(stored.basis), activeSince: undefined },
      { activeSince: undefined, years: 3, activeMembers: 3, nationalLabels: 1 },
    )
    assert.ok(stored.valid_until > new Date(Date.now() + 700 * 24 * 3600_000).toISOString())
    assert.ok(
      !(await coordinatorClient.get('/admin/labels/schools')).body.includes(school.name),
      'holders are not listed again',
    )

    const told = await db
      .selectFrom('notifications')
      .select(['kind', 'title'])
      .where('person_id', '=', schoolAdmin.id)
      .execute()
    assert.deepEqual(
      told.map((n) => n.kind),
      ['labels.school_awarded'],
    )
    assert.ok(told[0]?.title.includes(school.name))
    const slug = (
      await db.selectFrom('institutions').select('slug').where('id', '=', school.id).executeTakeFirstOrThrow()
    ).slug
    const page = await (await h().client()).get(`/institutions/${slug}`)
    assert.match(page.body, /School label, valid until/)
    assert.equal((await labelsForInstitutions(db, [school.id])).size, 1)
    await db
      .updateTable('institution_labels')
      .set({ valid_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', stored.id)
      .execute()
    assert.equal((await labelsForInstitutions(db, [school.id])).size, 0)
    assert.doesNotMatch(
      (await (await h().client()).get(`/institutions/${slug}`)).body,
      /School label, valid until/,
    )

    for (const role of ['member', 'institution_admin', 'editor', 'platform_admin'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.get('/admin/labels/schools')).status, 403, role)
      assert.equal((await client.form(`/admin/labels/schools/${school.id}`, {})).status, 403, role)
    }
  })
})
