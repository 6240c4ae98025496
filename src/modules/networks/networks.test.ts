import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import type { Client } from '../../../test/helpers/client.ts'
import { createConsortium, createNetwork } from '../../../test/helpers/consortia.ts'
import { createEvent } from '../../../test/helpers/events.ts'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import type { Db } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')

/** Makes the person a confirmed member (or administrator) of the institution. */
async function joinInstitution(
  db: Db,
  personId: string,
  institutionId: string,
  role: 'member' | 'institution_admin' = 'member',
) {
  await db
    .insertInto('memberships')
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

/** The field names of a problem+json answer. */
function problemFields(body: string): string[] {
  const problem = JSON.parse(body) as { errors?: Array<{ field: string }> }
  return (problem.errors ?? []).map((e) => e.field)
}

const pdf = (filename = 'plan.pdf') => ({
  field: 'file',
  filename,
  contentType: 'application/pdf',
  content: PDF,
})

eachDatabase('networks: life cycle, members, officers, working groups and materials', (h) => {
  let coordinator: TestPerson
  let officer: TestPerson
  let staff: TestPerson
  let groupie: TestPerson
  let outsider: TestPerson
  let admin: TestPerson
  let clients: Record<
    'coordinator' | 'officer' | 'staff' | 'groupie' | 'outsider' | 'admin' | 'visitor',
    Client
  >
  let ada: { id: string; name: string }
  let tbilisi: { id: string; name: string }
  let applicant: { id: string; name: string }
  let network: { id: string; slug: string }

  before(async () => {
    coordinator = await h().person({ role: 'coordinator' })
    officer = await h().person({ name: 'Leyla Officer' })
    staff = await h().person({ name: 'Rauf Staff' })
    groupie = await h().person({ name: 'Sevda Groupie' })
    outsider = await h().person({ name: 'Orxan Outsider' })
    admin = await h().person({ name: 'Kamala Admin' })
    ada = await createInstitution(h().db, { name: 'ADA University', type: 'university' })
    tbilisi = await createInstitution(h().db, {
      name: 'Tbilisi State University',
      type: 'university',
      country: 'GE',
      city: 'Tbilisi',
    })
    applicant = await createInstitution(h().db, {
      name: 'Ganja State University',
      type: 'university',
      city: 'Ganja',
    })
    await joinInstitution(h().db, staff.id, ada.id)
    await joinInstitution(h().db, groupie.id, tbilisi.id)
    await joinInstitution(h().db, admin.id, applicant.id, 'institution_admin')
    network = await createNetwork(h().db, {
      name: 'Caucasus University Alliance',
      officers: [officer.id],
      members: [ada.id, tbilisi.id],
    })
    clients = {
      coordinator: await h().client(coordinator),
      officer: await h().client(officer),
      staff: await h().client(staff),
      groupie: await h().client(groupie),
      outsider: await h().client(outsider),
      admin: await h().client(admin),
      visitor: await h().client(),
    }
  })

  test('a coordinator sets a network up, founded by a consortium; others may not', async () => {
    const consortium = await createConsortium(h().db, {
      title: 'Rectors Project',
      partners: [{ institutionId: ada.id, role: 'coordinator' }],
    })
    const fields = {
      kind: 'rectors_conference',
      name_en: 'Azerbaijani Rectors Conference',
      name_az: 'Azərbaycan Rektorlar Konfransı',
      mission_en: 'Universities speaking with one voice.',
      founded_on: '2023-06-01',
      founded_by: consortium.slug,
      website: '',
    }
    const created = await clients.coordinator.form('/networks', fields)
    assert.equal(created.status, 303)
    const location = String(created.headers.location)
    assert.match(location, /^\/networks\/azerbaijani-rectors-conference\/manage\?done=created/)
    const page = await clients.visitor.get('/networks/azerbaijani-rectors-conference')
    assert.equal(page.status, 200)
    assert.match(page.body, /Azerbaijani Rectors Conference/)
    assert.match(page.body, /Rectors' conference/)
    assert.match(page.body, new RegExp(`href="/consortia/${consortium.slug}"`))
    assert.match(page.body, /Universities speaking with one voice/)
    assert.doesNotMatch(page.body, /Manage the network/)

    // Editing: the coordinator may, a member of the public may not.
    const edit = await clients.coordinator.form('/networks/azerbaijani-rectors-conference', {
      ...fields,
      acronym: 'ARC',
    })
    assert.equal(edit.status, 303)
    assert.match((await clients.visitor.get('/networks/azerbaijani-rectors-conference')).body, /\(ARC\)/)
    assert.equal((await clients.staff.form('/networks/azerbaijani-rectors-conference', fields)).status, 403)

    assert.equal((await clients.staff.form('/networks', fields)).status, 403)
    assert.equal((await clients.officer.get('/networks/new')).status, 403)
    const visitorTry = await clients.visitor.form('/networks', fields)
    assert.equal(visitorTry.status, 401)
    const list = await clients.visitor.get('/networks')
    assert.match(list.body, /Azerbaijani Rectors Conference/)
  })

  test('bad input comes back with field messages and the typed values: unknown kind, over-long name, future date', async () => {
    const unknownKind = await clients.coordinator.form('/networks', {
      kind: 'secret_society',
      name_en: 'Typed name kept',
    })
    assert.equal(unknownKind.status, 400)
    assert.match(unknownKind.body, /id="field-kind"/)
    assert.match(unknownKind.body, /class="error-summary"/)
    assert.match(unknownKind.body, /value="Typed name kept"/)

    const long = await clients.coordinator.form('/networks', { kind: 'other', name_en: 'x'.repeat(301) })
    assert.equal(long.status, 400)
    assert.match(long.body, /field-name_en-error/)

    const noName = await clients.coordinator.form('/networks', { kind: 'other', name_en: '' })
    assert.equal(noName.status, 400)
    assert.match(noName.body, /Give the name in at least one language/)

    const future = await clients.coordinator.form('/networks', {
      kind: 'other',
      name_en: 'Later',
      founded_on: '2999-01-01',
    })
    assert.equal(future.status, 400)
    assert.match(future.body, /This date lies in the future/)

    const badConsortium = await clients.coordinator.form('/networks', {
      kind: 'other',
      name_en: 'X',
      founded_by: 'no-such-project',
    })
    assert.equal(badConsortium.status, 400)
    assert.match(badConsortium.body, /No consortium project has this address/)
  })

  test('the API creates a network with its members, refusing a member listed twice and an unknown kind', async () => {
    const twice = await clients.coordinator.api('POST', '/api/v1/networks', {
      kind: 'university_alliance',
      name_en: 'Twice alliance',
      members: [
        { institution: ada.name, category: 'member' },
        { institution: ada.name.toUpperCase(), category: 'member' },
      ],
    })
    assert.equal(twice.status, 400)
    assert.deepEqual(problemFields(twice.body), ['members/1/institution'])

    const kind = await clients.coordinator.api('POST', '/api/v1/networks', { kind: 'cartel', name_en: 'K' })
    assert.equal(kind.status, 400)
    assert.deepEqual(problemFields(kind.body), ['kind'])

    const unknown = await clients.coordinator.api('POST', '/api/v1/networks', {
      kind: 'vet_network',
      name_en: 'VET net',
      members: [{ institution: 'No Such College', category: 'member' }],
    })
    assert.equal(unknown.status, 400)
    assert.deepEqual(problemFields(unknown.body), ['members/0/institution'])

    assert.equal(
      (await clients.staff.api('POST', '/api/v1/networks', { kind: 'other', name_en: 'Mine' })).status,
      403,
    )

    const ok = await clients.coordinator.api('POST', '/api/v1/networks', {
      kind: 'vet_network',
      name_en: 'VET Colleges Network',
      members: [
        { institution: ada.name, category: 'member' },
        { institution: tbilisi.name, category: 'observer', member_since: '2021-01-01' },
      ],
    })
    assert.equal(ok.status, 201)
    const slug = ok.json<{ slug: string }>().slug
    const detail = (await clients.visitor.api('GET', `/api/v1/networks/${slug}`)).json<{
      members: number
      countries: number
    }>()
    assert.equal(detail.members, 2)
    assert.equal(detail.countries, 2)
  })

  test('officers: a term may not end before it starts; only managers add officers, and an ended term no longer manages', async () => {
    const base = `/networks/${network.slug}`
    const reversed = await clients.officer.form(`${base}/officers`, {
      email: staff.email,
      role: 'secretary_general',
      term_start: '2025-09-01',
      term_end: '2025-01-01',
    })
    assert.equal(reversed.status, 400)
    assert.match(reversed.body, /The term cannot end before it starts/)
    assert.match(reversed.body, new RegExp(`value="${staff.email}"`))

    assert.equal(
      (
        await clients.staff.form(`${base}/officers`, {
          email: staff.email,
          role: 'chair',
          term_start: '2025-01-01',
        })
      ).status,
      403,
    )
    assert.equal((await clients.staff.get(`${base}/manage`)).status, 403)

    const retired = await h().person({ name: 'Retired Chair' })
    const added = await clients.officer.form(`${base}/officers`, {
      email: retired.email,
      role: 'board_member',
      term_start: '2019-01-01',
      term_end: '2020-12-31',
    })
    assert.equal(added.status, 303)
    const retiredClient = await h().client(retired)
    assert.equal((await retiredClient.get(`${base}/manage`)).status, 403)

    // A term ends today at an officer's word; one already over cannot end again, and only managers end terms.
    const deputy = await h().person({ name: 'Deputy Chair' })
    await clients.officer.form(`${base}/officers`, {
      email: deputy.email,
      role: 'vice_chair',
      term_start: '2024-01-01',
    })
    const terms = await h()
      .db.selectFrom('network_officers')
      .select(['id', 'person_id'])
      .where('network_id', '=', network.id)
      .execute()
    const deputyTerm = terms.find((o) => o.person_id === deputy.id)?.id
    const retiredTerm = terms.find((o) => o.person_id === retired.id)?.id
    assert.ok(deputyTerm && retiredTerm)
    const deputyClient = await h().client(deputy)
    assert.equal((await deputyClient.get(`${base}/manage`)).status, 200)
    assert.equal((await clients.staff.form(`${base}/officers/${deputyTerm}/end`, {})).status, 403)
    assert.equal((await clients.officer.form(`${base}/officers/${retiredTerm}/end`, {})).status, 409)
    assert.equal((await clients.officer.form(`${base}/officers/${deputyTerm}/end`, {})).status, 303)
    // Ended today: the term still covers today, and from tomorrow the deputy no longer acts.
    const ended = await h()
      .db.selectFrom('network_officers')
      .select('term_end')
      .where('id', '=', deputyTerm)
      .executeTakeFirstOrThrow()
    assert.equal(ended.term_end, new Date().toISOString().slice(0, 10))
    // The public page lists the officers in office only.
    const page = (await clients.visitor.get(base)).body
    assert.match(page, /Leyla Officer/)
    assert.doesNotMatch(page, /Retired Chair/)
  })

  test('membership: an institution admin asks, a non-officer may not decide, an officer approves; asking twice is refused', async () => {
    const base = `/networks/${network.slug}`
    // Someone who administers no institution cannot ask for one they do not represent.
    assert.equal((await clients.outsider.form(`${base}/join`, { institution: applicant.id })).status, 403)
    const asked = await clients.admin.form(`${base}/join`, {
      institution: applicant.id,
      message: 'We teach engineering.',
    })
    assert.equal(asked.status, 303)
    const again = await clients.admin.form(`${base}/join`, { institution: applicant.id })
    // The institution is no longer offered: the form comes back refusing the choice.
    assert.equal(again.status, 409)

    const row = await h()
      .db.selectFrom('network_members')
      .select(['id', 'status'])
      .where('network_id', '=', network.id)
      .where('institution_id', '=', applicant.id)
      .executeTakeFirstOrThrow()
    assert.equal(row.status, 'requested')
    // The officer is told.
    const told = await h()
      .db.selectFrom('notifications')
      .select('kind')
      .where('person_id', '=', officer.id)
      .execute()
    assert.ok(told.some((n) => n.kind === 'networks.request'))
    assert.match((await clients.officer.get(`${base}/manage`)).body, /We teach engineering/)

    for (const who of ['staff', 'groupie', 'admin', 'outsider'] as const) {
      const refused = await clients[who].form(`${base}/members/${row.id}/decision`, { decision: 'approve' })
      assert.equal(refused.status, 403, `${who} may not decide`)
    }
    assert.equal(
      (await clients.visitor.form(`${base}/members/${row.id}/decision`, { decision: 'approve' })).status,
      401,
    )
    const approved = await clients.officer.form(`${base}/members/${row.id}/decision`, { decision: 'approve' })
    assert.equal(approved.status, 303)
    assert.equal(
      (await clients.officer.form(`${base}/members/${row.id}/decision`, { decision: 'approve' })).status,
      409,
    )
    const page = (await clients.visitor.get(base)).body
    assert.match(page, /Ganja State University/)
    assert.match(page, /3 universities from 2 countries/)
    const told2 = await h()
      .db.selectFrom('notifications')
      .select('kind')
      .where('person_id', '=', admin.id)
      .execute()
    assert.ok(told2.some((n) => n.kind === 'networks.decision'))
  })

  test('invitations: an officer invites, the institution admin accepts; listing a member twice is a field error', async () => {
    const base = `/networks/${network.slug}`
    const college = await createInstitution(h().db, {
      name: 'Baku State Vocational College',
      type: 'vet_college',
    })
    const collegeAdmin = await h().person({ name: 'College Admin' })
    await joinInstitution(h().db, collegeAdmin.id, college.id, 'institution_admin')
    const invited = await clients.officer.form(`${base}/members`, {
      institution: college.name,
      category: 'member',
      mode: 'invite',
      member_since: '',
    })
    assert.equal(invited.status, 303)
    const twice = await clients.officer.form(`${base}/members`, {
      institution: ada.name,
      category: 'member',
      mode: 'add',
      member_since: '',
    })
    assert.equal(twice.status, 409)
    assert.match(twice.body, /This institution is already listed in the network/)
    assert.match(twice.body, /id="member-institution-error"/)
    // The error summary links to the field of the form that failed (one of several on the page).
    assert.match(twice.body, /href="#member-institution"/)
    assert.match(twice.body, /id="member-institution"/)
    const unknownCategory = await clients.officer.form(`${base}/members`, {
      institution: college.name,
      category: 'king',
      mode: 'add',
    })
    assert.equal(unknownCategory.status, 400)

    const row = await h()
      .db.selectFrom('network_members')
      .select('id')
      .where('institution_id', '=', college.id)
      .executeTakeFirstOrThrow()
    // Only the invited institution's administrator accepts.
    assert.equal((await clients.admin.form(`${base}/members/${row.id}/accept`, {})).status, 403)
    const collegeClient = await h().client(collegeAdmin)
    assert.match((await collegeClient.get(`${base}/join`)).body, /Accept for Baku State Vocational College/)
    assert.equal((await collegeClient.form(`${base}/members/${row.id}/accept`, {})).status, 303)
    const status = await h()
      .db.selectFrom('network_members')
      .select('status')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow()
    assert.equal(status.status, 'active')
  })

  test('regional centres: unknown country codes are refused; the public page shows the centre', async () => {
    const base = `/networks/${network.slug}`
    const bad = await clients.officer.form(`${base}/centres`, {
      institution: ada.name,
      name_en: 'Caucasus centre',
      countries: 'AZ, XX',
    })
    assert.equal(bad.status, 400)
    assert.match(bad.body, /XX is not a country code/)
    assert.equal(
      (
        await clients.staff.form(`${base}/centres`, {
          institution: ada.name,
          name_en: 'Mine',
          countries: 'AZ',
        })
      ).status,
      403,
    )
    const ok = await clients.officer.form(`${base}/centres`, {
      institution: ada.name,
      name_en: 'Caucasus centre',
      countries: 'AZ, GE, am',
    })
    assert.equal(ok.status, 303)
    const page = (await clients.visitor.get(base)).body
    assert.match(page, /Caucasus centre/)
    assert.match(page, /Armenia/)
  })

  test('working groups: a group member, a network member and an outsider each see what is theirs; a visitor sees only public materials', async () => {
    const base = `/networks/${network.slug}`
    const created = await clients.officer.form(`${base}/groups`, {
      name: 'Quality assurance',
      description: 'Shared standards.',
    })
    assert.equal(created.status, 303)
    const group = await h()
      .db.selectFrom('working_groups')
      .select('id')
      .where('network_id', '=', network.id)
      .executeTakeFirstOrThrow()
    const gbase = `${base}/groups/${group.id}`

    // Only people of the network join a group; the lead adds them.
    const notInNetwork = await clients.officer.form(`${gbase}/members`, {
      email: outsider.email,
      role: 'member',
    })
    assert.equal(notInNetwork.status, 400)
    assert.match(notInNetwork.body, /does not belong to a member institution/)
    assert.equal(
      (await clients.officer.form(`${gbase}/members`, { email: groupie.email, role: 'member' })).status,
      303,
    )
    assert.equal(
      (await clients.staff.form(`${gbase}/members`, { email: staff.email, role: 'lead' })).status,
      403,
    )

    // The group member shares three materials: for the group, the network and the public.
    const shared: Record<string, string> = {}
    for (const visibility of ['group', 'network', 'public'] as const) {
      const response = await clients.groupie.upload(
        `${gbase}/materials`,
        { title: `Plan for ${visibility}`, visibility },
        [pdf()],
      )
      assert.equal(response.status, 303, `${visibility}: ${response.body.slice(0, 300)}`)
      const row = await h()
        .db.selectFrom('network_documents')
        .select('id')
        .where('title', '=', `Plan for ${visibility}`)
        .executeTakeFirstOrThrow()
      shared[visibility] = row.id
    }
    const link = await clients.groupie.upload(`${gbase}/materials`, {
      title: 'Bologna handbook',
      visibility: 'public',
      url: 'https://example.org/handbook',
    })
    assert.equal(link.status, 303)

    // The group member sees all three and takes part in discussions.
    const groupieView = (await clients.groupie.get(gbase)).body
    for (const v of ['group', 'network', 'public']) assert.match(groupieView, new RegExp(`Plan for ${v}`))
    assert.equal((await clients.groupie.get(`${base}/documents/${shared.group}`)).status, 200)
    const thread = await clients.groupie.form(`${gbase}/threads`, {
      title: 'Next meeting',
      body: 'Shall we meet in Tbilisi?',
    })
    assert.equal(thread.status, 303)
    const threadUrl = String(thread.headers.location)
    assert.equal((await clients.officer.form(threadUrl, { body: 'Yes, in May.' })).status, 303)
    assert.match((await clients.groupie.get(threadUrl)).body, /Yes, in May\./)
    // The other members of the group are told of new messages; the author is not.
    const told = await h()
      .db.selectFrom('notifications')
      .select(['person_id', 'kind'])
      .where('kind', '=', 'networks.group_message')
      .execute()
    assert.ok(
      told.some((n) => n.person_id === groupie.id),
      'the group member hears of the reply',
    )
    assert.ok(!told.some((n) => n.person_id === officer.id), 'the officer, not in the group, is not told')

    // A network member outside the group sees the page with what is shared with the network, but not the group's own.
    const staffView = await clients.staff.get(gbase)
    assert.equal(staffView.status, 200)
    assert.match(staffView.body, /Plan for network/)
    assert.doesNotMatch(staffView.body, /Plan for group/)
    assert.doesNotMatch(staffView.body, /Next meeting/)
    assert.equal((await clients.staff.get(`${base}/documents/${shared.group}`)).status, 404)
    assert.equal((await clients.staff.get(`${base}/documents/${shared.network}`)).status, 200)
    assert.equal((await clients.staff.get(threadUrl)).status, 403)
    assert.equal((await clients.staff.form(`${gbase}/threads`, { title: 'Mine', body: 'x' })).status, 403)
    assert.equal(
      (await clients.staff.upload(`${gbase}/materials`, { title: 'Mine', visibility: 'public' }, [pdf()]))
        .status,
      403,
    )

    // An outsider and a visitor do not learn about the group; they see public materials only.
    assert.equal((await clients.outsider.get(gbase)).status, 404)
    assert.equal((await clients.outsider.get(`${base}/documents/${shared.network}`)).status, 404)
    assert.equal((await clients.visitor.get(`${base}/documents/${shared.group}`)).status, 404)
    assert.equal((await clients.visitor.get(`${base}/documents/${shared.network}`)).status, 404)
    const download = await clients.visitor.get(`${base}/documents/${shared.public}`)
    assert.equal(download.status, 200)
    assert.equal(download.headers['content-type'], 'application/pdf')
    const publicPage = (await clients.visitor.get(base)).body
    assert.match(publicPage, /Plan for public/)
    assert.match(publicPage, /Bologna handbook/)
    assert.doesNotMatch(publicPage, /Plan for network|Plan for group|Quality assurance/)
    // Network members see the working groups from the network page.
    assert.match((await clients.staff.get(base)).body, /Quality assurance/)
    const api = (await clients.visitor.api('GET', `/api/v1/networks/${network.slug}`)).json<{
      documents: Array<{ title: string }>
    }>()
    assert.deepEqual(api.documents.map((d) => d.title).sort(), ['Bologna handbook', 'Plan for public'])
  })

  test('uploads: forbidden types, a disguised file, a file and a link at once and an over-long title are refused', async () => {
    const base = `/networks/${network.slug}`
    const html = await clients.officer.upload(
      `${base}/documents`,
      { title: 'Statute', kind: 'statute', visibility: 'public' },
      [
        {
          field: 'file',
          filename: 'statute.html',
          contentType: 'text/html',
          content: Buffer.from('<script>alert(1)</script>'),
        },
      ],
    )
    assert.equal(html.status, 400)
    assert.match(html.body, /This kind of file cannot be shared/)
    assert.match(html.body, /value="Statute"/)
    const exe = await clients.officer.upload(`${base}/documents`, { title: 'Tool', visibility: 'network' }, [
      {
        field: 'file',
        filename: 'tool.exe',
        contentType: 'application/octet-stream',
        content: Buffer.from('MZ'),
      },
    ])
    assert.equal(exe.status, 400)
    const disguised = await clients.officer.upload(
      `${base}/documents`,
      { title: 'Fake', visibility: 'network' },
      [
        {
          field: 'file',
          filename: 'fake.pdf',
          contentType: 'application/pdf',
          content: Buffer.from('<html>not a pdf</html>'),
        },
      ],
    )
    assert.equal(disguised.status, 400)
    const both = await clients.officer.upload(
      `${base}/documents`,
      { title: 'Both', visibility: 'public', url: 'https://example.org/x' },
      [pdf()],
    )
    assert.equal(both.status, 400)
    assert.match(both.body, /Give either a file or a link/)
    const long = await clients.officer.upload(
      `${base}/documents`,
      { title: 't'.repeat(301), visibility: 'public' },
      [pdf()],
    )
    assert.equal(long.status, 400)
    // A network's own document is for the network or the public, never for a group.
    const groupOnly = await clients.officer.upload(
      `${base}/documents`,
      { title: 'Odd', visibility: 'group' },
      [pdf()],
    )
    assert.equal(groupOnly.status, 400)
    const statute = await clients.officer.upload(
      `${base}/documents`,
      { title: 'Statute of the alliance', kind: 'statute', visibility: 'public' },
      [pdf('statute.pdf')],
    )
    assert.equal(statute.status, 303)
    assert.match(
      (await clients.visitor.get(base)).body,
      /Statute: <a href="\/networks\/[^"]+\/documents\/[^"]+">Statute of the alliance/,
    )
    assert.equal(
      (await clients.staff.upload(`${base}/documents`, { title: 'Mine', visibility: 'public' }, [pdf()]))
        .status,
      403,
    )
  })

  test('group leads record decisions and link meetings; members may not; bad dates and unknown events are field errors', async () => {
    const base = `/networks/${network.slug}`
    const group = await h()
      .db.selectFrom('working_groups')
      .select('id')
      .where('network_id', '=', network.id)
      .executeTakeFirstOrThrow()
    const gbase = `${base}/groups/${group.id}`
    assert.equal(
      (await clients.groupie.form(`${gbase}/decisions`, { decided_on: '2025-05-01', text: 'Adopt.' })).status,
      403,
    )
    const future = await clients.officer.form(`${gbase}/decisions`, {
      decided_on: '2999-05-01',
      text: 'Adopt.',
    })
    assert.equal(future.status, 400)
    const notADate = await clients.officer.form(`${gbase}/decisions`, {
      decided_on: '01/05/2025',
      text: 'Adopt.',
    })
    assert.equal(notADate.status, 400)
    // The officer makes the group member a lead, who records a decision.
    assert.equal(
      (await clients.officer.form(`${gbase}/members`, { email: groupie.email, role: 'lead' })).status,
      303,
    )
    assert.equal(
      (
        await clients.groupie.form(`${gbase}/decisions`, {
          decided_on: '2025-05-01',
          text: 'Adopt the common QA handbook.',
        })
      ).status,
      303,
    )
    assert.equal((await clients.groupie.form(`${gbase}/meetings`, { event: 'no-such-event' })).status, 400)
    const event = await createEvent(h().db, { title: 'QA working group meeting' })
    assert.equal((await clients.groupie.form(`${gbase}/meetings`, { event: event.slug })).status, 303)
    assert.equal((await clients.staff.form(`${gbase}/meetings`, { event: event.slug })).status, 403)
    const page = (await clients.staff.get(gbase)).body
    assert.match(page, /Adopt the common QA handbook/)
    assert.match(page, /QA working group meeting/)
  })

  test('ending a membership: staff of a former member institution are no longer in the network', async () => {
    const base = `/networks/${network.slug}`
    const row = await h()
      .db.selectFrom('network_members')
      .select('id')
      .where('network_id', '=', network.id)
      .where('institution_id', '=', ada.id)
      .executeTakeFirstOrThrow()
    assert.equal(
      (await clients.staff.form(`${base}/members/${row.id}/decision`, { decision: 'end' })).status,
      403,
    )
    assert.equal(
      (await clients.officer.form(`${base}/members/${row.id}/decision`, { decision: 'end' })).status,
      303,
    )
    const group = await h()
      .db.selectFrom('working_groups')
      .select('id')
      .where('network_id', '=', network.id)
      .executeTakeFirstOrThrow()
    assert.equal((await clients.staff.get(`${base}/groups/${group.id}`)).status, 404)
    const ended = await h()
      .db.selectFrom('network_members')
      .select(['status', 'member_until'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow()
    assert.equal(ended.status, 'left')
    assert.equal(ended.member_until, new Date().toISOString().slice(0, 10))
  })

  test('the API lists networks with computed counters, and the OpenAPI document describes them', async () => {
    const list = (await clients.visitor.api('GET', '/api/v1/networks')).json<{
      networks: Array<{ slug: string; members: number; countries: number }>
    }>()
    const mine = list.networks.find((n) => n.slug === network.slug)
    assert.ok(mine)
    assert.ok(mine.members >= 3)
    assert.ok(mine.countries >= 2)
    assert.equal((await clients.visitor.api('GET', '/api/v1/networks/no-such-network')).status, 404)
    const openapi = (await clients.visitor.get('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>
    }>()
    assert.ok(openapi.paths['/api/v1/networks']?.get)
    assert.ok(openapi.paths['/api/v1/networks']?.post)
    assert.ok(openapi.paths['/api/v1/networks/{slug}']?.get)
  })
})

eachDatabase(
  'networks: an oversized upload',
  (h) => {
    test('a file over the limit is refused with 413 and the form comes back with the typed title', async () => {
      const officer = await h().person()
      const network = await createNetwork(h().db, { officers: [officer.id] })
      const client = await h().client(officer)
      const big = { ...pdf('big.pdf'), content: Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10)]) }
      const response = await client.upload(
        `/networks/${network.slug}/documents`,
        { title: 'Annual report', visibility: 'public' },
        [big],
      )
      assert.equal(response.status, 413)
      assert.match(response.body, /The file is larger than 1 MB/)
      assert.match(response.body, /value="Annual report"/)
      const stored = await h()
        .db.selectFrom('network_documents')
        .select('id')
        .where('network_id', '=', network.id)
        .execute()
      assert.equal(stored.length, 0)
    })
  },
  { KORPU_PROJECT_MAX_UPLOAD_MB: '1' },
)
