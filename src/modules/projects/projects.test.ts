import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Client } from '../../../test/helpers/client.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { addProjectMember, createProject } from '../../../test/helpers/projects.ts'
import { foundersVerdict } from './rules.ts'
import { memberOf } from './test-support.ts'

async function projectRow(h: Harness, id: string) {
  return h.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

const BASICS = {
  intent: 'continue',
  scope: 'national',
  title_en: 'Rivers of Azerbaijan',
  summary_en: 'Pupils measure the water of their local rivers and compare.',
}
const TEACHING = {
  intent: 'continue',
  subjects: 'physics',
  topics: 'environment',
  age_from: '12',
  age_to: '15',
  languages: 'az',
  learning_model: 'steam',
}
const PLAN = {
  intent: 'continue',
  activities: 'Monthly measurements, a shared map, a closing video call.',
  expected_results: 'A water-quality atlas.',
  start_date: '2027-09-01',
  end_date: '2028-05-31',
}

/** Plans a project through the wizard's first three steps; returns its id. */
async function planThreeSteps(client: Client): Promise<string> {
  const created = await client.form('/projects/new', BASICS)
  assert.equal(created.status, 303, created.body.slice(0, 500))
  const match = /^\/projects\/([0-9a-f-]{36})\/plan\/2$/.exec(String(created.headers.location))
  assert.ok(match, String(created.headers.location))
  const id = match[1] ?? ''
  const teaching = await client.request({
    method: 'POST',
    url: `/projects/${id}/plan/2`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `${new URLSearchParams({ ...TEACHING, _csrf: await client.csrf() })}&languages=en&subjects=mathematics`,
  })
  assert.equal(teaching.status, 303, teaching.body.slice(0, 500))
  const plan = await client.form(`/projects/${id}/plan/3`, PLAN)
  assert.equal(plan.status, 303, plan.body.slice(0, 500))
  assert.equal(plan.headers.location, `/projects/${id}/plan/4`)
  return id
}

eachDatabase('projects: creation and approval', (harness) => {
  test('life cycle: draft → invite → accept → in review → returned → resubmitted → approved → in the gallery', async () => {
    const h = harness()
    const founder = await h.person({ role: 'member', name: 'Aysel Founder' })
    const cofounder = await h.person({ role: 'member', name: 'Rauf Partner' })
    const coordinator = await h.person({ role: 'coordinator' })
    const home = await memberOf(h, founder)
    const partner = await memberOf(h, cofounder)
    const a = await h.client(founder)
    assert.equal((await a.get('/projects/new')).status, 200)
    const id = await planThreeSteps(a)

    // The draft opens where it was left: at step 4.
    const mine = await a.get('/projects/mine')
    assert.match(mine.body, new RegExp(`/projects/${id}/plan"`))
    const reopened = await a.get(`/projects/${id}/plan`)
    assert.equal(reopened.headers.location, `/projects/${id}/plan/4`)
    const project = await projectRow(h, id)
    assert.equal(project.wizard_step, 3)
    assert.equal(project.status, 'draft')
    assert.equal(project.age_from, 12)
    assert.deepEqual(JSON.parse(project.languages).sort(), ['az', 'en'])

    // Co-founders are found by name among members, and invited without JavaScript.
    const search = await a.get(`/projects/${id}/plan/4?q=rauf`)
    assert.equal(search.status, 200)
    assert.match(search.body, /Rauf Partner/)
    assert.equal((await a.form(`/projects/${id}/plan/4/invite`, { invitee: cofounder.id })).status, 303)
    const step4 = await a.form(`/projects/${id}/plan/4`, { intent: 'continue', institution_id: home.id })
    assert.equal(step4.status, 303, step4.body.slice(0, 400))
    const review = await a.get(`/projects/${id}/plan/5`)
    assert.equal(review.status, 200)
    assert.match(review.body, /Rivers of Azerbaijan/)
    assert.match(review.body, /Rauf Partner/)
    const submitted = await a.form(`/projects/${id}/plan/5`, {})
    assert.equal(submitted.status, 303, submitted.body.slice(0, 400))
    assert.equal(submitted.headers.location, `/projects/${id}/status`)
    assert.equal((await projectRow(h, id)).status, 'awaiting_cofounders')
    const status = await a.get(`/projects/${id}/status`)
    assert.equal(status.status, 200)
    assert.match(status.body, /Rauf Partner/)

    // The co-founder answers from their projects page, for their own institution.
    const b = await h.client(cofounder)
    assert.match((await b.get('/projects/mine')).body, new RegExp(`/projects/${id}/invitation`))
    assert.equal((await b.get(`/projects/${id}/invitation`)).status, 200)
    const missing = await b.form(`/projects/${id}/invitation`, { answer: 'accept' })
    assert.equal(missing.status, 400)
    const accepted = await b.form(`/projects/${id}/invitation`, {
      answer: 'accept',
      institution_id: partner.id,
    })
    assert.equal(accepted.status, 303, accepted.body.slice(0, 400))
    assert.equal((await projectRow(h, id)).status, 'in_review')

    // The coordinator sends it back: a comment is required.
    const c = await h.client(coordinator)
    const queue = await c.get('/admin/projects')
    assert.equal(queue.status, 200)
    assert.match(queue.body, /Rivers of Azerbaijan/)
    assert.equal(
      (await c.get('/admin/projects?scope=international')).body.includes('Rivers of Azerbaijan'),
      false,
    )
    const page = await c.get(`/admin/projects/${id}`)
    assert.equal(page.status, 200)
    assert.match(page.body, new RegExp(partner.name))
    const noComment = await c.form(`/admin/projects/${id}`, { decision: 'return' })
    assert.equal(noComment.status, 400)
    const returned = await c.form(`/admin/projects/${id}`, {
      decision: 'return',
      comment: 'Please add how pupils share their results.',
    })
    assert.equal(returned.status, 303)
    assert.equal((await projectRow(h, id)).status, 'returned')
    const told = await h.db
      .selectFrom('notifications')
      .select(['person_id', 'body'])
      .where('kind', '=', 'project.returned')
      .execute()
    assert.deepEqual(told.map((n) => n.person_id).sort(), [founder.id, cofounder.id].sort())
    assert.ok(told.every((n) => n.body.includes('Please add how pupils share')))
    await h.runJobs()
    assert.ok(h.mail.messages.some((m) => m.to.includes(founder.email) && /sent back/.test(m.subject)))

    // The founders change the plan in the wizard and submit again.
    const again = await a.get(`/projects/${id}/plan/1`)
    assert.match(again.body, /sent the project back/)
    assert.equal(
      (await a.form(`/projects/${id}/plan/1`, { ...BASICS, title_az: 'Azərbaycanın çayları' })).status,
      303,
    )
    assert.equal((await a.form(`/projects/${id}/plan/5`, {})).status, 303)
    assert.equal((await projectRow(h, id)).status, 'in_review')
    assert.equal((await c.form(`/admin/projects/${id}`, { decision: 'approve' })).status, 303)
    const approved = await projectRow(h, id)
    assert.equal(approved.status, 'approved')
    assert.equal(approved.decided_by, coordinator.id)
    assert.equal(approved.waiting_since, null)
    // Decided once: a second decision is refused.
    assert.equal((await c.form(`/admin/projects/${id}`, { decision: 'approve' })).status, 409)

    const audits = await h.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .orderBy('at')
      .execute()
    assert.deepEqual(
      audits.map((x) => x.action),
      ['project.return', 'project.approve'],
    )

    // Only the founders choose to show it in the public gallery.
    assert.equal((await c.form(`/projects/${id}/status/gallery`, { show: 'yes' })).status, 404)
    assert.equal((await a.form(`/projects/${id}/status/gallery`, { show: 'yes' })).status, 303)
    assert.ok((await projectRow(h, id)).in_gallery_since)
    const listed = await h.db
      .selectFrom('project_gallery')
      .select('project_id')
      .where('project_id', '=', id)
      .execute()
    assert.equal(listed.length, 1)

    const history = await h.db
      .selectFrom('project_history')
      .select('kind')
      .where('project_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute()
    assert.deepEqual(
      history.map((x) => x.kind),
      [
        'created',
        'invited_founder',
        'submitted',
        'accepted_founder',
        'in_review',
        'returned',
        'resubmitted',
        'approved',
        'gallery_shown',
      ],
    )
    const statusPage = await a.get(`/projects/${id}/status`)
    assert.match(statusPage.body, /Please add how pupils share their results/)
    assert.match(statusPage.body, new RegExp(`href="/projects/${id}/workspace"`))
    assert.doesNotMatch((await c.get(`/projects/${id}/status`)).body, /\/workspace"/)
  })

  test('wizard: missing, over-long and reversed input are field errors with the typed values kept', async () => {
    const h = harness()
    const founder = await h.person({ role: 'member' })
    const other = await h.person({ role: 'member' })
    await memberOf(h, founder)
    const elsewhere = await memberOf(h, other)
    const a = await h.client(founder)

    const empty = await a.form('/projects/new', { intent: 'continue', scope: 'national' })
    assert.equal(empty.status, 400)
    assert.match(empty.body, /in at least one language/)
    const long = await a.form('/projects/new', { ...BASICS, title_en: 'x'.repeat(201) })
    assert.equal(long.status, 400)
    assert.match(long.body, /field-title_en-error/)
    assert.match(long.body, /Pupils measure the water/)
    const onlyTitle = await a.form('/projects/new', {
      intent: 'continue',
      scope: 'national',
      title_ru: 'Реки',
    })
    assert.equal(onlyTitle.status, 400)
    assert.match(onlyTitle.body, /field-summary_ru-error/)

    // Saving keeps an incomplete draft; it cannot be skipped ahead.
    const saved = await a.form('/projects/new', { intent: 'save', title_en: 'Half a plan' })
    assert.equal(saved.status, 303)
    const id = /\/projects\/([0-9a-f-]{36})\//.exec(String(saved.headers.location))?.[1] ?? ''
    assert.equal(saved.headers.location, `/projects/${id}/plan/1?saved=1`)
    assert.match((await a.get(String(saved.headers.location))).body, /Draft saved/)
    const skip = await a.get(`/projects/${id}/plan/5`)
    assert.equal(skip.status, 303)
    assert.equal(skip.headers.location, `/projects/${id}/plan/1`)
    assert.equal((await a.form(`/projects/${id}/plan/5`, {})).status, 400)

    const ages = await a.form(`/projects/${id}/plan/2`, { ...TEACHING, age_from: '15', age_to: '12' })
    assert.equal(ages.status, 400)
    assert.match(ages.body, /cannot be below/)
    const unknown = await a.form(`/projects/${id}/plan/2`, { ...TEACHING, subjects: 'alchemy' })
    assert.equal(unknown.status, 400)
    const noSubjects = await a.form(`/projects/${id}/plan/2`, {
      intent: 'continue',
      age_from: '10',
      age_to: '12',
    })
    assert.equal(noSubjects.status, 400)
    assert.match(noSubjects.body, /field-subjects-error|Choose at least one/)
    const dates = await a.form(`/projects/${id}/plan/3`, {
      ...PLAN,
      start_date: '2028-01-01',
      end_date: '2027-01-01',
    })
    assert.equal(dates.status, 400)
    assert.match(dates.body, /cannot be before the start date/)
    const badDate = await a.form(`/projects/${id}/plan/3`, { ...PLAN, start_date: '31/12/2027' })
    assert.equal(badDate.status, 400)
    const tooLong = await a.form(`/projects/${id}/plan/3`, { ...PLAN, activities: 'a'.repeat(5001) })
    assert.equal(tooLong.status, 400)

    const notTheirs = await a.form(`/projects/${id}/plan/4`, { intent: 'save', institution_id: elsewhere.id })
    assert.equal(notTheirs.status, 400)
    assert.match(notTheirs.body, /confirmed member of/)
    const garbage = await a.form(`/projects/${id}/plan/4/invite`, { invitee: 'not-an-id' })
    assert.equal(garbage.status, 400)
  })

  test('the founders’ rule: founders from one institution cannot submit a national project', async () => {
    const h = harness()
    const founder = await h.person({ role: 'member' })
    const colleague = await h.person({ role: 'member' })
    const home = await memberOf(h, founder)
    await h.db
      .insertInto('memberships')
      .values({
        id: crypto.randomUUID(),
        person_id: colleague.id,
        institution_id: home.id,
        role: 'member',
        status: 'confirmed',
        created_at: new Date().toISOString(),
      })
      .execute()
    const a = await h.client(founder)
    const id = await planThreeSteps(a)
    await a.form(`/projects/${id}/plan/4/invite`, { invitee: colleague.id })
    await a.form(`/projects/${id}/plan/4`, { intent: 'continue', institution_id: home.id })
    // The invited colleague accepts for the same school: the rule cannot hold.
    const b = await h.client(colleague)
    await b.form(`/projects/${id}/invitation`, { answer: 'accept', institution_id: home.id })
    const refused = await a.form(`/projects/${id}/plan/5`, {})
    assert.equal(refused.status, 400)
    assert.match(refused.body, /different institutions/)
    assert.equal((await projectRow(h, id)).status, 'draft')
  })

  test('the founders’ rule counts institutions (national) and countries (international)', () => {
    const config = {
      projects: { nationalMinInstitutions: 2, internationalMinCountries: 2, maxUploadBytes: 1 },
    }
    const f = (status: 'active' | 'invited', institution_id: string | null, country: string | null) => ({
      status,
      institution_id,
      country,
    })
    assert.equal(
      foundersVerdict(config, 'national', [f('active', 'a', 'AZ'), f('active', 'b', 'AZ')]),
      'holds',
    )
    assert.equal(
      foundersVerdict(config, 'national', [f('active', 'a', 'AZ'), f('active', 'a', 'AZ')]),
      'impossible',
    )
    assert.equal(
      foundersVerdict(config, 'national', [f('active', 'a', 'AZ'), f('invited', null, null)]),
      'awaiting',
    )
    assert.equal(
      foundersVerdict(config, 'international', [f('active', 'a', 'AZ'), f('active', 'b', 'AZ')]),
      'impossible',
    )
    assert.equal(
      foundersVerdict(config, 'international', [f('active', 'a', 'AZ'), f('active', 'c', 'GE')]),
      'holds',
    )
    assert.equal(
      foundersVerdict({ projects: { ...config.projects, nationalMinInstitutions: 3 } }, 'national', [
        f('active', 'a', 'AZ'),
        f('active', 'b', 'AZ'),
      ]),
      'impossible',
    )
  })

  test('an international project with a co-founder abroad goes to review once they accept', async () => {
    const h = harness()
    const founder = await h.person({ role: 'member' })
    const abroad = await h.person({ role: 'member', name: 'Nino Abroad' })
    const home = await memberOf(h, founder, 'AZ')
    const georgian = await memberOf(h, abroad, 'GE')
    const a = await h.client(founder)
    const id = await planThreeSteps(a)
    await a.form(`/projects/${id}/plan/1`, { ...BASICS, scope: 'international' })
    await a.form(`/projects/${id}/plan/4/invite`, { invitee: abroad.id })
    await a.form(`/projects/${id}/plan/4`, { intent: 'continue', institution_id: home.id })
    assert.equal((await a.form(`/projects/${id}/plan/5`, {})).status, 303)
    const b = await h.client(abroad)
    await b.form(`/projects/${id}/invitation`, { answer: 'accept', institution_id: georgian.id })
    assert.equal((await projectRow(h, id)).status, 'in_review')
  })

  test('authorization: every role on the project pages', async () => {
    const h = harness()
    const founder = await h.person({ role: 'member' })
    const home = await memberOf(h, founder)
    const draft = await createProject(h.db, {
      founders: [{ personId: founder.id, institutionId: home.id }],
      status: 'draft',
    })
    const inReview = await createProject(h.db, {
      founders: [{ personId: founder.id, institutionId: home.id }],
      status: 'in_review',
    })
    const pages = [
      `/projects/${draft.id}/plan/1`,
      `/projects/${draft.id}/status`,
      `/projects/${inReview.id}/status`,
    ]

    const visitor = await h.client()
    for (const url of ['/projects/new', '/projects/mine', ...pages, '/admin/projects']) {
      const response = await visitor.get(url)
      assert.equal(response.status, 303, url)
      assert.match(String(response.headers.location), /^\/sign-in/)
    }
    assert.equal((await visitor.form('/projects/new', BASICS)).status, 401)

    for (const role of ['registered', 'pupil'] as const) {
      const client = await h.client(await h.person({ role }))
      for (const url of ['/projects/new', '/projects/mine', ...pages, `/projects/${draft.id}/invitation`]) {
        assert.equal((await client.get(url)).status, 403, `${role} ${url}`)
      }
      assert.equal((await client.form('/projects/new', BASICS)).status, 403, role)
    }

    // Other members, and staff roles who are no part of the project, learn nothing about it.
    for (const role of ['member', 'institution_admin', 'editor', 'platform_admin'] as const) {
      const client = await h.client(await h.person({ role }))
      for (const url of [...pages, `/projects/${draft.id}/invitation`]) {
        assert.equal((await client.get(url)).status, 404, `${role} ${url}`)
      }
      assert.equal((await client.form(`/projects/${draft.id}/plan/1`, BASICS)).status, 404, role)
      assert.equal((await client.get('/admin/projects')).status, 403, role)
      assert.equal((await client.get(`/admin/projects/${inReview.id}`)).status, 403, role)
    }

    // The founder: their own draft and status pages; not a project under review in the wizard.
    const own = await h.client(founder)
    for (const url of pages) assert.equal((await own.get(url)).status, 200, url)
    assert.equal((await own.get(`/projects/${inReview.id}/plan/1`)).status, 403)
    assert.equal((await own.get('/admin/projects')).status, 403)

    // Coordinators see the status and decide, but not on a draft, and never on their own project.
    const coordinator = await h.person({ role: 'coordinator' })
    const c = await h.client(coordinator)
    assert.equal((await c.get(`/projects/${inReview.id}/status`)).status, 200)
    assert.equal((await c.get(`/admin/projects/${draft.id}`)).status, 404)
    assert.equal((await c.get(`/projects/${draft.id}/plan/1`)).status, 404)
    const partnerCoordinator = await h.person({ role: 'coordinator' })
    await addProjectMember(h.db, inReview.id, partnerCoordinator.id, 'teacher')
    const pc = await h.client(partnerCoordinator)
    const refusedPage = await pc.get(`/admin/projects/${inReview.id}`)
    assert.equal(refusedPage.status, 200)
    assert.match(refusedPage.body, /you may not decide it/)
    assert.equal((await pc.form(`/admin/projects/${inReview.id}`, { decision: 'approve' })).status, 403)
    assert.equal((await projectRow(h, inReview.id)).status, 'in_review')
    assert.equal((await c.form(`/admin/projects/${inReview.id}`, { decision: 'approve' })).status, 303)
  })

  test('a coordinator scoped to regions reviews only projects founded there; an unscoped one reviews all', async () => {
    const h = harness()
    const inRegion = async (region: string) => {
      const founder = await h.person({ role: 'member' })
      const home = await memberOf(h, founder)
      await h.db.updateTable('institutions').set({ region }).where('id', '=', home.id).execute()
      return createProject(h.db, {
        founders: [{ personId: founder.id, institutionId: home.id }],
        status: 'in_review',
        title: `Scoped project in ${region}`,
      })
    }
    const ganja = await inRegion('AZ-GA')
    const baku = await inRegion('AZ-BA')
    const regional = await h.person({ role: 'coordinator' })
    await h.db.insertInto('coordinator_regions').values({ person_id: regional.id, region: 'AZ-GA' }).execute()
    const r = await h.client(regional)
    const queue = await r.get('/admin/projects')
    assert.match(queue.body, /Scoped project in AZ-GA/)
    assert.doesNotMatch(queue.body, /Scoped project in AZ-BA/)
    assert.equal((await r.get(`/admin/projects/${baku.id}`)).status, 404)
    assert.equal((await r.form(`/admin/projects/${baku.id}`, { decision: 'approve' })).status, 404)
    assert.equal((await projectRow(h, baku.id)).status, 'in_review')
    assert.equal((await r.form(`/admin/projects/${ganja.id}`, { decision: 'approve' })).status, 303)

    const national = await h.client(await h.person({ role: 'coordinator' }))
    assert.match((await national.get('/admin/projects')).body, /Scoped project in AZ-BA/)
  })
})
