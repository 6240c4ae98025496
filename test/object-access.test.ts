import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { newId } from '../src/db/ids.ts'
import { can, type RouteAction, VISITOR } from '../src/platform/policy.ts'
import type { Client } from './helpers/client.ts'
import { createConsortium, createNetwork } from './helpers/consortia.ts'
import { createEvent } from './helpers/events.ts'
import { createInstitution, type TestPerson } from './helpers/factories.ts'
import { eachDatabase, type Harness } from './helpers/harness.ts'
import { createProject } from './helpers/projects.ts'
import { type Method, sendEmpty } from './helpers/roles.ts'
import { changedTables, snapshot } from './helpers/snapshot.ts'

/**
 * Two institutions, A and B, each with people, a project, an event, a network; a consortium whose partners lead
 * one work package each; a join application in each region. A person of A, in every role they hold there, is
 * sent to every route that carries an id of B's objects: they get 403 or 404, and nothing of B changes.
 */
interface World {
  institutionA: { id: string; slug: string }
  institutionB: { id: string; slug: string }
  adminA: TestPerson
  memberA: TestPerson
  memberB: TestPerson
  pupilA: TestPerson
  projectA: string
  projectB: string
  managerA: TestPerson
  eventB: string
  partnerStaff: TestPerson
  consortium: string
  workPackageB: string
  deliverableB: string
  officerA: TestPerson
  networkB: string
  requestB: string
  officeB: string
  coordinatorBaku: TestPerson
  applicationGanja: string
  notificationB: string
  privateTitle: string
  membersResource: string
  draftArticle: string
}

async function slugOf(h: Harness, id: string): Promise<string> {
  const row = await h.db
    .selectFrom('institutions')
    .select('slug')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return row.slug
}

async function confirmedMember(h: Harness, personId: string, institutionId: string): Promise<void> {
  await h.db
    .insertInto('memberships')
    .values({
      id: newId(),
      person_id: personId,
      institution_id: institutionId,
      role: 'member',
      status: 'confirmed',
      created_at: new Date().toISOString(),
    })
    .execute()
}

async function buildWorld(h: Harness): Promise<World> {
  const now = new Date().toISOString()
  const adminA = await h.person({ role: 'institution_admin' })
  const adminB = await h.person({ role: 'institution_admin' })
  const adminOf = async (person: TestPerson) => {
    const row = await h.db
      .selectFrom('memberships')
      .select('institution_id')
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow()
    return { id: row.institution_id, slug: await slugOf(h, row.institution_id) }
  }
  const institutionA = await adminOf(adminA)
  const institutionB = await adminOf(adminB)
  await h.db.updateTable('institutions').set({ region: 'AZ-GA' }).where('id', '=', institutionB.id).execute()
  const memberA = await h.person({ role: 'member' })
  const memberB = await h.person({ role: 'member', name: 'Berta of B' })
  await confirmedMember(h, memberA.id, institutionA.id)
  await confirmedMember(h, memberB.id, institutionB.id)

  // Projects: private (not in the gallery); A's has a pupil, added by its teacher.
  const partner = await createInstitution(h.db)
  const privateTitle = `Private project ${newId().slice(-6)}`
  const projectA = (
    await createProject(h.db, {
      founders: [
        { personId: memberA.id, institutionId: institutionA.id },
        { personId: (await h.person()).id, institutionId: partner.id },
      ],
    })
  ).id
  const projectB = (
    await createProject(h.db, {
      title: privateTitle,
      founders: [
        { personId: memberB.id, institutionId: institutionB.id },
        { personId: (await h.person()).id, institutionId: partner.id },
      ],
    })
  ).id
  const card = await (await h.client(memberA)).form(`/projects/${projectA}/pupils`, {
    pseudonym: 'Pupil of A',
  })
  assert.equal(card.status, 200, card.body.slice(0, 300))
  const code = card.body.match(/class="pupil-code">([A-Z0-9-]+)</)?.[1] ?? ''
  const pupilClient = await h.client()
  assert.equal((await pupilClient.form('/sign-in/pupil', { code })).status, 303)
  const pupilRow = await h.db
    .selectFrom('pupils')
    .select('person_id')
    .where('project_id', '=', projectA)
    .executeTakeFirstOrThrow()
  const pupilA: TestPerson = {
    id: pupilRow.person_id,
    email: '',
    name: 'Pupil of A',
    password: '',
    sessionToken: pupilClient.cookie('korpu_session') ?? '',
  }

  // Events, each run by its own manager.
  const managerA = await h.person({ role: 'member' })
  const managerB = await h.person({ role: 'member' })
  await createEvent(h.db, { managers: [managerA.id] })
  const eventB = (await createEvent(h.db, { managers: [managerB.id] })).slug

  // A consortium coordinated by a third institution; A and B lead one work package each.
  const coordinating = await createInstitution(h.db)
  const consortium = await createConsortium(h.db, {
    partners: [
      { institutionId: coordinating.id, role: 'coordinator' },
      { institutionId: institutionA.id, role: 'partner' },
      { institutionId: institutionB.id, role: 'partner' },
    ],
  })
  const workPackage = async (number: number, lead: string) => {
    const id = newId()
    await h.db
      .insertInto('work_packages')
      .values({
        id,
        consortium_id: consortium.id,
        number,
        title: `Work package ${number}`,
        description: null,
        lead_institution_id: lead,
        start_date: null,
        end_date: null,
      })
      .execute()
    return id
  }
  await workPackage(1, institutionA.id)
  const workPackageB = await workPackage(2, institutionB.id)
  const deliverableB = newId()
  await h.db
    .insertInto('deliverables')
    .values({
      id: deliverableB,
      work_package_id: workPackageB,
      code: 'D2.1',
      title: 'Report of B',
      due_date: null,
      status: 'planned',
      delivered_on: null,
    })
    .execute()

  // Networks, each with its officer; B's has an institution asking to join, waiting for B's officers.
  const officerA = await h.person({ role: 'member' })
  const officerB = await h.person({ role: 'member' })
  await createNetwork(h.db, { officers: [officerA.id] })
  const networkB = await createNetwork(h.db, { officers: [officerB.id] })
  const requestB = newId()
  await h.db
    .insertInto('network_members')
    .values({
      id: requestB,
      network_id: networkB.id,
      institution_id: (await createInstitution(h.db)).id,
      category: 'member',
      status: 'requested',
      member_since: null,
      member_until: null,
      message: null,
      requested_by: null,
      decided_by: null,
      created_at: now,
      decided_at: null,
    })
    .execute()
  const office = await h.db
    .selectFrom('network_officers')
    .select('id')
    .where('person_id', '=', officerB.id)
    .executeTakeFirstOrThrow()

  // A coordinator for the Baku region only, and an application from Ganja.
  const coordinatorBaku = await h.person({ role: 'coordinator' })
  await h.db
    .insertInto('coordinator_regions')
    .values({ person_id: coordinatorBaku.id, region: 'AZ-BA' })
    .execute()
  const platformAdmin = await h.client(await h.person({ role: 'platform_admin' }))
  await platformAdmin.form('/admin/application-forms', {
    code: 'object-form',
    title_az: 'F',
    title_en: 'F',
    title_ru: 'F',
  })
  const applicant = await h.person({ role: 'registered' })
  const applied = await (await h.client(applicant)).api('POST', '/api/v1/application', {
    form: 'object-form',
    institution_id: institutionB.id,
    staff_role: 'teacher',
    subjects: [],
    languages: ['az'],
    answers: {},
  })
  assert.ok(applied.status < 300, applied.body)
  const application = await h.db
    .selectFrom('applications')
    .select('id')
    .where('person_id', '=', applicant.id)
    .executeTakeFirstOrThrow()

  // B's own notification, a members-only resource, a draft article.
  const notificationB = newId()
  await h.db
    .insertInto('notifications')
    .values({
      id: notificationB,
      person_id: memberB.id,
      kind: 'membership.requested',
      title: 'For B only',
      body: 'Addressed to B.',
      link: null,
      created_at: now,
      read_at: null,
      locale: 'en',
      digest_due_at: null,
      digested_at: null,
    })
    .execute()
  const editor = await h.client(await h.person({ role: 'editor' }))
  const membersResource = `Members guide ${newId().slice(-6)}`
  const uploaded = await editor.upload(
    '/resources/new',
    {
      kind: 'guide',
      title_en: membersResource,
      description_en: 'For members.',
      language: 'en',
      licence: 'CC-BY-4.0',
      visibility: 'members',
    },
    [
      {
        field: 'file',
        filename: 'guide.pdf',
        contentType: 'application/pdf',
        content: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
      },
    ],
  )
  assert.equal(uploaded.status, 303, uploaded.body.slice(0, 300))
  const draftArticle = `Draft news ${newId().slice(-6)}`
  assert.equal(
    (await editor.form('/newsroom/new', { title_en: draftArticle, body_en: 'Not yet.' })).status,
    303,
  )

  return {
    institutionA,
    institutionB,
    adminA,
    memberA,
    memberB,
    pupilA,
    projectA,
    projectB,
    managerA,
    eventB,
    partnerStaff: await (async () => {
      const staff = await h.person({ role: 'member' })
      await confirmedMember(h, staff.id, institutionA.id)
      return staff
    })(),
    consortium: consortium.slug,
    workPackageB,
    deliverableB,
    officerA,
    networkB: networkB.slug,
    requestB,
    officeB: office.id,
    coordinatorBaku,
    applicationGanja: application.id,
    notificationB,
    privateTitle,
    membersResource,
    draftArticle,
  }
}

interface Sweep {
  /** Who acts, and as what. */
  who: string
  actor: (w: World) => TestPerson
  /** The routes that carry B's object: every route whose pattern starts with one of these. */
  prefixes: string[]
  /** The values of the routes' parameters: B's objects (a parameter not named here gets an unknown id). */
  params: (w: World) => Record<string, string>
  /** Routes that any signed-in person may use on B's object, by design, with the reason. */
  open?: Record<string, string>
  /** Public pages (readable by a visitor) are skipped unless B's object is not public: then they are checked. */
  checkPublicReads?: true
}

const SWEEPS: Sweep[] = [
  {
    who: "institution A's admin on institution B",
    actor: (w) => w.adminA,
    prefixes: ['/institutions/:slug', '/api/v1/institutions/:slug'],
    params: (w) => ({ slug: w.institutionB.slug, id: w.memberB.id }),
    open: {
      'POST /institutions/:slug/membership': 'anyone may ask to be listed at any institution',
      'POST /api/v1/institutions/:slug/membership': 'anyone may ask to be listed at any institution',
    },
  },
  {
    who: 'a coordinator of the Baku region on an application from Ganja',
    actor: (w) => w.coordinatorBaku,
    prefixes: ['/review/applications/:id', '/api/v1/review/applications/:id'],
    params: (w) => ({ id: w.applicationGanja }),
  },
  {
    who: "a pupil of project A on project B's pages and workspace",
    actor: (w) => w.pupilA,
    prefixes: ['/projects/:id', '/api/v1/projects/:id'],
    params: (w) => ({ id: w.projectB }),
    checkPublicReads: true,
  },
  {
    who: "a founder of project A on project B's plan, workspace, pupils and labels",
    actor: (w) => w.memberA,
    prefixes: ['/projects/:id', '/api/v1/projects/:id'],
    params: (w) => ({ id: w.projectB, step: '1' }),
    checkPublicReads: true,
  },
  {
    who: "event A's manager on event B",
    actor: (w) => w.managerA,
    prefixes: ['/events/:slug', '/api/v1/events/:slug'],
    params: (w) => ({ slug: w.eventB }),
    open: {
      'GET /events/:slug/register': "registering oneself for a published event is every member's right",
      'POST /events/:slug/register': "registering oneself for a published event is every member's right",
      'GET /events/:slug/registration': 'one’s own registration',
      'POST /events/:slug/registration/cancel': 'one’s own registration',
      'GET /api/v1/events/:slug/registration': 'one’s own registration',
      'POST /api/v1/events/:slug/registration':
        "registering oneself for a published event is every member's right",
      'DELETE /api/v1/events/:slug/registration': 'one’s own registration',
    },
  },
  {
    who: "a consortium partner's staff (work package 1) on work package 2 and the consortium",
    actor: (w) => w.partnerStaff,
    prefixes: ['/consortia/:slug'],
    params: (w) => ({ slug: w.consortium, id: w.workPackageB }),
  },
  {
    who: "a consortium partner's staff on another partner's deliverable",
    actor: (w) => w.partnerStaff,
    prefixes: ['/consortia/:slug/deliverables/:id'],
    params: (w) => ({ slug: w.consortium, id: w.deliverableB }),
  },
  {
    who: "network A's officer on network B's requests, officers and groups",
    actor: (w) => w.officerA,
    prefixes: ['/networks/:slug'],
    params: (w) => ({ slug: w.networkB, memberId: w.requestB, officerId: w.officeB }),
    open: {
      'GET /networks/:slug/join': 'any institution may ask to join a network',
      'POST /networks/:slug/join': 'any institution may ask to join a network',
    },
  },
]

function fill(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:(\w+)/g, (_m, name: string) => params[name] ?? newId())
}

eachDatabase('object access: a person of A gets 403/404 on every route that carries an id of B', (h) => {
  let w: World

  before(async () => {
    w = await buildWorld(h())
  })

  for (const sweep of SWEEPS) {
    test(sweep.who, async () => {
      const routes = h().app.routeTable.filter(
        (r) =>
          sweep.prefixes.some((prefix) => r.url === prefix || r.url.startsWith(`${prefix}/`)) &&
          !sweep.open?.[`${r.method} ${r.url}`] &&
          (sweep.checkPublicReads || r.method !== 'GET' || !can(VISITOR, r.access as RouteAction, undefined)),
      )
      assert.ok(routes.length > 0, 'routes carry the object')
      const actor = sweep.actor(w)
      const client: Client = await h().client(actor)
      const before = await snapshot(h())
      const accepted: string[] = []
      for (const route of routes) {
        const url = fill(route.url, sweep.params(w))
        const response = await sendEmpty(client, route.method as Method, url)
        // A write may be refused for its empty body (400) before the object is looked at; the snapshot below
        // shows that it changed nothing either way.
        const refused =
          [403, 404].includes(response.status) || (route.method !== 'GET' && response.status === 400)
        if (!refused) accepted.push(`${route.method} ${url}: ${response.status}`)
      }
      assert.deepEqual(accepted, [], `routes that let ${sweep.who} in`)
      assert.deepEqual(changedTables(before, await snapshot(h())), [], 'tables changed by refused requests')
    })
  }

  test("with a well-formed body too: A's admin editing B, a partner editing B's work package, an officer deciding B's request, a coordinator deciding outside their region", async () => {
    const cases: Array<[TestPerson, string, Record<string, string>]> = [
      [
        w.adminA,
        `/institutions/${w.institutionB.slug}/edit`,
        { name: 'Taken over', type: 'school', country: 'AZ', region: 'AZ-GA', city: 'Ganja' },
      ],
      [w.adminA, `/institutions/${w.institutionB.slug}/members/${w.memberB.id}`, { decision: 'decline' }],
      [
        w.partnerStaff,
        `/consortia/${w.consortium}/work-packages/${w.workPackageB}`,
        { number: '2', title: 'Taken over', lead: w.institutionA.id },
      ],
      [w.partnerStaff, `/consortia/${w.consortium}/work-packages/${w.workPackageB}/delete`, {}],
      [w.officerA, `/networks/${w.networkB}/members/${w.requestB}/decision`, { decision: 'approve' }],
      [w.coordinatorBaku, `/review/applications/${w.applicationGanja}/decision`, { decision: 'approve' }],
      [w.managerA, `/events/${w.eventB}/cancel`, {}],
      [w.memberA, `/projects/${w.projectB}/workspace/forum`, { title: 'Taken over', body: 'Hello' }],
      [w.pupilA, `/projects/${w.projectB}/workspace/forum`, { title: 'Taken over', body: 'Hello' }],
    ]
    const before = await snapshot(h())
    for (const [person, url, fields] of cases) {
      const response = await (await h().client(person)).form(url, fields)
      assert.ok([403, 404].includes(response.status), `${url}: ${response.status}`)
    }
    const reviewed = await (await h().client(w.coordinatorBaku)).api(
      'POST',
      '/api/v1/review/applications/bulk-approve',
      { ids: [w.applicationGanja] },
    )
    assert.ok(
      [400, 403, 404, 409].includes(reviewed.status),
      `bulk approval outside the regions: ${reviewed.status}`,
    )
    assert.deepEqual(changedTables(before, await snapshot(h())), [], 'tables changed by refused requests')
  })

  test("member A marking member B's notification read changes nothing and is answered as for an unknown id", async () => {
    // Marking read is scoped to the actor's own notifications, so another's id is a no-op rather than a refusal.
    const client = await h().client(w.memberA)
    const theirs = await client.api('POST', `/api/v1/notifications/${w.notificationB}/read`)
    const unknown = await client.api('POST', `/api/v1/notifications/${newId()}/read`)
    assert.equal(theirs.status, unknown.status)
    assert.equal(theirs.body, unknown.body)
    assert.equal((await client.form(`/notifications/${w.notificationB}/read`, {})).status, 303)
    const row = await h()
      .db.selectFrom('notifications')
      .select('read_at')
      .where('id', '=', w.notificationB)
      .executeTakeFirstOrThrow()
    assert.equal(row.read_at, null)
  })

  test("member A's profile changes touch A alone; B's hidden profile is not shown to A", async () => {
    await (await h().client(w.memberB)).api('PATCH', '/api/v1/me', { visibility: 'hidden' })
    const patched = await (await h().client(w.memberA)).api('PATCH', '/api/v1/me', { name: 'A renamed' })
    assert.equal(patched.status, 200, patched.body)
    const b = await h()
      .db.selectFrom('people')
      .select('name')
      .where('id', '=', w.memberB.id)
      .executeTakeFirstOrThrow()
    assert.equal(b.name, w.memberB.name)
    const client = await h().client(w.memberA)
    assert.equal((await client.get(`/people/${w.memberB.id}`)).status, 404)
  })

  test('lists and searches hold nothing the reader may not read', async () => {
    const visitor = await h().client()
    const pupil = await h().client(w.pupilA)
    const memberA = await h().client(w.memberA)
    const coordinator = await h().client(w.coordinatorBaku)
    const leaks: string[] = []
    const check = async (who: string, client: Client, url: string, secret: string) => {
      const response = await client.get(url)
      if (response.status < 400 && response.body.includes(secret))
        leaks.push(`${who}: ${url} shows "${secret}"`)
    }
    for (const [who, client] of [
      ['visitor', visitor],
      ['pupil', pupil],
      ['member of A', memberA],
    ] as const) {
      for (const url of [
        '/projects',
        '/api/v1/projects',
        `/api/v1/search?q=${w.privateTitle.split(' ').at(-1)}`,
      ])
        await check(who, client, url, w.privateTitle)
      for (const url of ['/news', '/api/v1/news', '/sitemap.xml', '/news/feed/en', '/search?q=Draft'])
        await check(who, client, url, w.draftArticle)
      await check(who, client, '/api/v1/notifications', 'For B only')
      await check(who, client, '/notifications', 'For B only')
    }
    for (const [who, client] of [
      ['visitor', visitor],
      ['pupil', pupil],
    ] as const) {
      for (const url of [
        '/resources',
        '/api/v1/resources',
        `/api/v1/search?q=${w.membersResource.split(' ').at(-1)}`,
      ])
        await check(who, client, url, w.membersResource)
    }
    for (const url of ['/review/applications', '/api/v1/review/applications'])
      await check('coordinator of Baku', coordinator, url, w.applicationGanja)
    await check('member of A', memberA, '/api/v1/application', w.applicationGanja)
    await check('event A manager', await h().client(w.managerA), '/events/mine', w.eventB)
    // Member B's registration for event B is theirs: member A asking about the same event learns nothing of it.
    const registered = await (await h().client(w.memberB)).api(
      'POST',
      `/api/v1/events/${w.eventB}/registration`,
      {},
    )
    assert.ok(registered.status < 300, registered.body)
    for (const url of [`/api/v1/events/${w.eventB}/registration`, `/events/${w.eventB}/registration`])
      await check('member of A', memberA, url, w.memberB.name)
    assert.deepEqual(leaks, [])
    // The same searches do find what the reader may read: a member finds the members' guide.
    const found = await memberA.get(`/api/v1/search?q=${w.membersResource.split(' ').at(-1)}`)
    assert.match(found.body, new RegExp(w.membersResource))
  })
})
