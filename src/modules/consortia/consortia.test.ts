import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { before, test } from 'node:test'
import type { Client } from '../../../test/helpers/client.ts'
import { createConsortium } from '../../../test/helpers/consortia.ts'
import { createEvent } from '../../../test/helpers/events.ts'
import { createInstitution, type TestPerson } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { newId } from '../../db/ids.ts'
import { translator } from '../../platform/i18n.ts'
import type { Role } from '../../platform/policy.ts'
import { importConsortia } from './import.ts'

const FIXTURE = path.resolve(import.meta.dirname, '../../../test/fixtures/erasmus-projects-overview.csv')

/** The form of a CBHE consortium as its coordinator's staff fill it in. */
function record(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title_en: 'Digital Skills for Engineering Education',
    title_az: 'Mühəndislik təhsili üçün rəqəmsal bacarıqlar',
    acronym: 'DIGIENG',
    reference: '619999-EPP-1-2020-1-AZ-EPPKA2-CBHE-JP',
    programme: 'Erasmus+',
    key_action: 'KA2',
    action_type: 'Capacity building in higher education',
    funder: 'European Commission',
    call_year: '2020',
    status: 'running',
    start_date: '2021-01-15',
    end_date: '2024-01-14',
    grant: '799 875.50',
    currency: 'EUR',
    target_groups: 'academic_staff',
    summary_en: 'Nine e-learning modules for engineering students.',
    website: 'https://digieng.example.org',
    ...overrides,
  }
}

eachDatabase('consortia: records, partners, work packages and the public pages', (h) => {
  let baku: { id: string; name: string }
  let riga: { id: string; name: string }
  let ganja: { id: string; name: string }
  let bakuStaff: TestPerson
  let rigaStaff: TestPerson
  let ganjaStaff: TestPerson
  let bakuClient: Client
  let rigaClient: Client
  let ganjaClient: Client
  let coordinatorClient: Client

  /** A person of the given role working for an institution (a confirmed membership). */
  async function staffOf(
    institutionId: string,
    role: Exclude<Role, 'visitor'> = 'member',
  ): Promise<TestPerson> {
    const person = await h().person({ role })
    await h()
      .db.insertInto('memberships')
      .values({
        id: newId(),
        person_id: person.id,
        institution_id: institutionId,
        role: role === 'institution_admin' ? 'institution_admin' : 'member',
        status: 'confirmed',
        created_at: new Date().toISOString(),
      })
      .execute()
    return person
  }

  before(async () => {
    baku = await createInstitution(h().db, { name: 'Baku Engineering University', type: 'university' })
    riga = await createInstitution(h().db, {
      name: 'Riga Technical University',
      type: 'university',
      country: 'LV',
      city: 'Riga',
    })
    ganja = await createInstitution(h().db, {
      name: 'Ganja State University',
      type: 'university',
      city: 'Ganja',
    })
    bakuStaff = await staffOf(baku.id)
    rigaStaff = await staffOf(riga.id)
    ganjaStaff = await staffOf(ganja.id)
    bakuClient = await h().client(bakuStaff)
    rigaClient = await h().client(rigaStaff)
    ganjaClient = await h().client(ganjaStaff)
    coordinatorClient = await h().client(await h().person({ role: 'coordinator' }))
  })

  /** Baku's staff record a consortium; returns its slug. */
  async function created(overrides: Record<string, string> = {}): Promise<string> {
    const response = await bakuClient.form('/consortia/new', record({ coordinator: baku.id, ...overrides }))
    assert.equal(response.status, 303, response.body.slice(0, 800))
    const location = String(response.headers.location)
    assert.match(location, /^\/consortia\/[a-z0-9-]+\/manage\?done=created$/)
    return location.split('/')[2] ?? ''
  }

  test('staff of an institution record a consortium, add foreign and local partners, work packages, deliverables and a meeting; visitors read it and the API', async () => {
    const slug = await created({ reference: '610001-EPP-1-2020-1-AZ-EPPKA2-CBHE-JP' })
    assert.equal(slug, 'digieng')
    const stored = await h()
      .db.selectFrom('consortia')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow()
    assert.equal(stored.grant_minor, 79_987_550)
    assert.equal(stored.target_groups, '["academic_staff"]')
    const coordinator = await h()
      .db.selectFrom('consortium_partners')
      .select(['institution_id', 'role'])
      .where('consortium_id', '=', stored.id)
      .execute()
    assert.deepEqual(coordinator, [{ institution_id: baku.id, role: 'coordinator' }])

    // Partners are found in the registry and added with a role.
    const search = await bakuClient.get(`/consortia/${slug}/manage?q=riga`)
    assert.equal(search.status, 200)
    assert.match(search.body, /Riga Technical University \(Riga, Latvia\)/)
    for (const [institution, role] of [
      [riga.id, 'partner'],
      [ganja.id, 'partner'],
    ] as const) {
      const added = await bakuClient.form(`/consortia/${slug}/partners`, { institution, role })
      assert.equal(added.status, 303, added.body.slice(0, 500))
    }

    // Work packages led by partners, with deliverables.
    const wp1 = await bakuClient.form(`/consortia/${slug}/work-packages`, {
      number: '1',
      title: 'Curriculum analysis',
      lead: riga.id,
      start_date: '2021-01-15',
      end_date: '2021-12-31',
    })
    assert.equal(wp1.status, 303, wp1.body.slice(0, 500))
    const wp2 = await bakuClient.form(`/consortia/${slug}/work-packages`, {
      number: '2',
      title: 'E-learning modules',
      lead: ganja.id,
    })
    assert.equal(wp2.status, 303)
    const packages = await h()
      .db.selectFrom('work_packages')
      .select(['id', 'number'])
      .where('consortium_id', '=', stored.id)
      .orderBy('number')
      .execute()
    const [first, second] = packages
    assert.ok(first && second)
    const deliverable = await bakuClient.form(`/consortia/${slug}/work-packages/${first.id}/deliverables`, {
      code: 'D1.1',
      title: 'Report on the needs of employers',
      due_date: '2021-06-30',
      status: 'planned',
    })
    assert.equal(deliverable.status, 303, deliverable.body.slice(0, 500))

    // A kick-off meeting is an event of the calendar, chosen among published ones.
    const kickOff = await createEvent(h().db, {
      title: 'DIGIENG kick-off',
      startsAt: new Date('2021-02-10T00:00:00Z'),
    })
    const manage = await bakuClient.get(`/consortia/${slug}/manage`)
    assert.match(manage.body, /DIGIENG kick-off/)
    const linked = await bakuClient.form(`/consortia/${slug}/meetings`, {
      event: kickOff.id,
      kind: 'kick_off',
    })
    assert.equal(linked.status, 303, linked.body.slice(0, 500))
    const twice = await bakuClient.form(`/consortia/${slug}/meetings`, {
      event: kickOff.id,
      kind: 'kick_off',
    })
    assert.equal(twice.status, 409)
    assert.match(
      twice.body,
      /already one of the consortium&#39;s meetings|already one of the consortium's meetings/,
    )

    const visitor = await h().client()
    const page = await visitor.get(`/consortia/${slug}`)
    assert.equal(page.status, 200)
    assert.match(page.body, /DIGIENG — Digital Skills for Engineering Education/)
    assert.match(page.body, /Riga Technical University<\/a> \(Latvia\) — Partner/)
    assert.match(page.body, /Baku Engineering University<\/a> \(Azerbaijan\) — Coordinator/)
    assert.match(page.body, /WP1: Curriculum analysis/)
    assert.match(page.body, /D1\.1/)
    assert.match(page.body, /€799,875\.50/)
    assert.match(page.body, new RegExp(`href="/events/${kickOff.slug}"`))
    assert.match(page.body, new RegExp(`href="/outcomes\\?project=${slug}"`))
    assert.doesNotMatch(page.body, /For the consortium&#39;s managers|For the consortium's managers/)
    const azPage = await visitor.get(`/consortia/${slug}`, { cookie: 'korpu_lang=az' })
    assert.match(azPage.body, /Mühəndislik təhsili üçün rəqəmsal bacarıqlar/)

    const list = await visitor.get('/consortia?country=LV&status=running')
    assert.match(list.body, new RegExp(`href="/consortia/${slug}"`))
    assert.doesNotMatch(
      (await visitor.get('/consortia?status=closed')).body,
      new RegExp(`href="/consortia/${slug}"`),
    )
    assert.match((await visitor.get('/consortia?q=digieng')).body, new RegExp(`href="/consortia/${slug}"`))

    const api = await visitor.get(`/api/v1/consortia/${slug}`)
    assert.equal(api.status, 200)
    const view = api.json<{
      grant: { amount: string; currency: string }
      partners: Array<{ role: string; institution: { name: string; country: string } }>
      work_packages: Array<{ number: number; lead: { name: string }; deliverables: Array<{ code: string }> }>
      meetings: Array<{ kind: string; event: string }>
    }>()
    assert.deepEqual(view.grant, { amount: '799875.50', currency: 'EUR' })
    assert.deepEqual(
      view.partners.map((p) => [p.institution.country, p.role]),
      [
        ['AZ', 'coordinator'],
        ['LV', 'partner'],
        ['AZ', 'partner'],
      ],
    )
    assert.equal(view.work_packages[0]?.lead.name, 'Riga Technical University')
    assert.deepEqual(
      view.work_packages[0]?.deliverables.map((d) => d.code),
      ['D1.1'],
    )
    assert.deepEqual(view.meetings, [{ kind: 'kick_off', event: kickOff.slug }])
    const listed = (await visitor.get('/api/v1/consortia?country=LV')).json<{
      total: number
      items: Array<{ slug: string }>
    }>()
    assert.ok(listed.items.some((i) => i.slug === slug))
    const openapi = (await visitor.get('/api/v1/openapi.json')).json<{ paths: Record<string, unknown> }>()
    assert.ok(openapi.paths['/api/v1/consortia'] && openapi.paths['/api/v1/consortia/{slug}'])

    // The record changes; the coordinator recognises it as a success story.
    const edited = await bakuClient.form(
      `/consortia/${slug}/edit`,
      record({ status: 'closed', reference: '610001-EPP-1-2020-1-AZ-EPPKA2-CBHE-JP' }),
    )
    assert.equal(edited.status, 303, edited.body.slice(0, 500))
    const flagged = await coordinatorClient.form(`/consortia/${slug}/flags`, { success_story: 'yes' })
    assert.equal(flagged.status, 303)
    const after = await visitor.get(`/consortia/${slug}`)
    assert.match(after.body, /Success story/)
    assert.match(after.body, /Closed/)
    assert.match(
      (await visitor.get('/consortia?flag=success_story')).body,
      new RegExp(`href="/consortia/${slug}"`),
    )
  })

  test("a partner's staff edit their own work package and its deliverables, not another's, nor the record", async () => {
    const consortium = await createConsortium(h().db, {
      partners: [
        { institutionId: baku.id, role: 'coordinator' },
        { institutionId: riga.id, role: 'partner' },
        { institutionId: ganja.id, role: 'partner' },
      ],
    })
    const slug = consortium.slug
    const add = (number: string, lead: string) =>
      bakuClient.form(`/consortia/${slug}/work-packages`, { number, title: `Package ${number}`, lead })
    assert.equal((await add('1', riga.id)).status, 303)
    assert.equal((await add('2', ganja.id)).status, 303)
    const [rigaPackage, ganjaPackage] = await h()
      .db.selectFrom('work_packages')
      .select(['id', 'number'])
      .where('consortium_id', '=', consortium.id)
      .orderBy('number')
      .execute()
    assert.ok(rigaPackage && ganjaPackage)

    // Riga's staff reach and change their own package (but not its lead), and add a deliverable to it.
    const own = await rigaClient.get(`/consortia/${slug}/work-packages/${rigaPackage.id}`)
    assert.equal(own.status, 200)
    assert.doesNotMatch(own.body, /name="lead" id=|<select[^>]*name="lead"/)
    const saved = await rigaClient.form(`/consortia/${slug}/work-packages/${rigaPackage.id}`, {
      number: '1',
      title: 'Needs analysis in partner countries',
      lead: riga.id,
    })
    assert.equal(saved.status, 303, saved.body.slice(0, 500))
    const handOver = await rigaClient.form(`/consortia/${slug}/work-packages/${rigaPackage.id}`, {
      number: '1',
      title: 'Needs analysis in partner countries',
      lead: ganja.id,
    })
    assert.equal(handOver.status, 400)
    assert.match(
      handOver.body,
      /Only the consortium&#39;s managers choose|Only the consortium's managers choose/,
    )
    assert.equal(
      (
        await rigaClient.form(`/consortia/${slug}/work-packages/${rigaPackage.id}/deliverables`, {
          code: 'D1.1',
          title: 'Survey',
          status: 'in_progress',
        })
      ).status,
      303,
    )
    const d = await h()
      .db.selectFrom('deliverables')
      .select('id')
      .where('work_package_id', '=', rigaPackage.id)
      .executeTakeFirstOrThrow()
    assert.equal(
      (await rigaClient.form(`/consortia/${slug}/deliverables/${d.id}`, { status: 'delivered' })).status,
      303,
    )
    const delivered = await h()
      .db.selectFrom('deliverables')
      .selectAll()
      .where('id', '=', d.id)
      .executeTakeFirstOrThrow()
    assert.equal(delivered.status, 'delivered')
    assert.equal(delivered.delivered_on, new Date().toISOString().slice(0, 10))

    // Another's package, its deliverables and the consortium's own pages are refused.
    assert.equal((await rigaClient.get(`/consortia/${slug}/work-packages/${ganjaPackage.id}`)).status, 403)
    assert.equal(
      (
        await rigaClient.form(`/consortia/${slug}/work-packages/${ganjaPackage.id}`, {
          number: '2',
          title: 'Taken over',
        })
      ).status,
      403,
    )
    assert.equal(
      (
        await rigaClient.form(`/consortia/${slug}/work-packages/${ganjaPackage.id}/deliverables`, {
          code: 'D2.1',
          title: 'X',
          status: 'planned',
        })
      ).status,
      403,
    )
    assert.equal((await rigaClient.get(`/consortia/${slug}/edit`)).status, 403)
    assert.equal((await rigaClient.get(`/consortia/${slug}/manage`)).status, 403)
    assert.equal(
      (await rigaClient.form(`/consortia/${slug}/partners`, { institution: riga.id, role: 'coordinator' }))
        .status,
      403,
    )
    assert.equal(
      (await rigaClient.form(`/consortia/${slug}/work-packages/${rigaPackage.id}/delete`, {})).status,
      403,
    )

    // The page offers each person the packages they may edit.
    const rigaView = await rigaClient.get(`/consortia/${slug}`)
    assert.match(rigaView.body, new RegExp(`/work-packages/${rigaPackage.id}"`))
    assert.doesNotMatch(rigaView.body, new RegExp(`/work-packages/${ganjaPackage.id}"`))
    const ganjaView = await ganjaClient.get(`/consortia/${slug}`)
    assert.match(ganjaView.body, new RegExp(`/work-packages/${ganjaPackage.id}"`))
    assert.doesNotMatch(ganjaView.body, new RegExp(`/work-packages/${rigaPackage.id}"`))
  })

  test('every role: who records, manages, recognises and imports', async () => {
    const consortium = await createConsortium(h().db, {
      partners: [
        { institutionId: baku.id, role: 'coordinator' },
        { institutionId: riga.id, role: 'partner' },
      ],
    })
    const slug = consortium.slug
    const bakuAdmin = await h().client(await staffOf(baku.id, 'institution_admin'))
    const cases: Array<[string, Client, { create: number; edit: number; flag: number; import: number }]> = [
      ['visitor', await h().client(), { create: 303, edit: 303, flag: 303, import: 303 }],
      [
        'registered',
        await h().client(await h().person({ role: 'registered' })),
        { create: 403, edit: 403, flag: 403, import: 403 },
      ],
      [
        'member elsewhere',
        await h().client(await h().person({ role: 'member' })),
        { create: 200, edit: 403, flag: 403, import: 403 },
      ],
      [
        'pupil',
        await h().client(await h().person({ role: 'pupil' })),
        { create: 403, edit: 403, flag: 403, import: 403 },
      ],
      [
        'institution admin elsewhere',
        await h().client(await h().person({ role: 'institution_admin' })),
        { create: 200, edit: 403, flag: 403, import: 403 },
      ],
      [
        'editor',
        await h().client(await h().person({ role: 'editor' })),
        { create: 200, edit: 403, flag: 403, import: 403 },
      ],
      [
        'platform admin',
        await h().client(await h().person({ role: 'platform_admin' })),
        { create: 200, edit: 403, flag: 403, import: 403 },
      ],
      ["coordinator institution's admin", bakuAdmin, { create: 200, edit: 200, flag: 403, import: 403 }],
      ["coordinator institution's member", bakuClient, { create: 200, edit: 200, flag: 403, import: 403 }],
      ['national coordinator', coordinatorClient, { create: 200, edit: 200, flag: 303, import: 200 }],
    ]
    for (const [who, client, expected] of cases) {
      assert.equal((await client.get(`/consortia/${slug}`)).status, 200, `${who} reads the page`)
      assert.equal((await client.get('/consortia/new')).status, expected.create, `${who}: new`)
      assert.equal((await client.get(`/consortia/${slug}/edit`)).status, expected.edit, `${who}: edit`)
      assert.equal((await client.get(`/consortia/${slug}/manage`)).status, expected.edit, `${who}: manage`)
      const flag = await client.form(`/consortia/${slug}/flags`, { good_practice: 'yes' })
      // A visitor's POST is refused with 401 (a form post is not redirected to sign in).
      assert.equal(
        flag.status,
        expected.flag === 303 && who === 'visitor' ? 401 : expected.flag,
        `${who}: flags`,
      )
      assert.equal((await client.get('/consortia/import')).status, expected.import, `${who}: import`)
    }
    // A member records a consortium for their own institution only; a national coordinator for any.
    const elsewhere = await h().client(await h().person({ role: 'member' }))
    const refused = await elsewhere.form(
      '/consortia/new',
      record({ coordinator: baku.id, reference: 'REF-NOT-YOURS' }),
    )
    assert.equal(refused.status, 400)
    assert.match(refused.body, /Choose an institution you work for/)
    const byCoordinator = await coordinatorClient.form(
      '/consortia/new',
      record({ coordinator: riga.id, reference: 'REF-BY-COORDINATOR', acronym: 'RIGACO' }),
    )
    assert.equal(byCoordinator.status, 303, byCoordinator.body.slice(0, 500))
  })

  test('bad input: end before start, negative or unreadable grant, a partner listed twice, a second coordinator, a clashing package number', async () => {
    const endBefore = await bakuClient.form(
      '/consortia/new',
      record({
        coordinator: baku.id,
        start_date: '2024-01-01',
        end_date: '2023-12-31',
        reference: 'REF-BAD-1',
      }),
    )
    assert.equal(endBefore.status, 400)
    assert.match(endBefore.body, /The end date must not be before the start date/)
    // The form comes back with what was typed.
    assert.match(endBefore.body, /value="Digital Skills for Engineering Education"/)
    const negative = await bakuClient.form(
      '/consortia/new',
      record({ coordinator: baku.id, grant: '-800000', reference: 'REF-BAD-2' }),
    )
    assert.equal(negative.status, 400)
    assert.match(negative.body, /The grant cannot be negative/)
    const unreadable = await bakuClient.form(
      '/consortia/new',
      record({ coordinator: baku.id, grant: 'a lot', reference: 'REF-BAD-3' }),
    )
    assert.equal(unreadable.status, 400)
    assert.match(unreadable.body, /Write the grant as a number/)
    const noTitle = await bakuClient.form(
      '/consortia/new',
      record({ coordinator: baku.id, title_en: '', title_az: '', reference: 'REF-BAD-4' }),
    )
    assert.equal(noTitle.status, 400)
    assert.equal(
      await h()
        .db.selectFrom('consortia')
        .select('id')
        .where('reference', 'like', 'REF-BAD-%')
        .executeTakeFirst(),
      undefined,
    )

    const slug = await created({ reference: 'REF-GOOD-1', acronym: 'GOODONE' })
    assert.equal(
      (await bakuClient.form(`/consortia/${slug}/partners`, { institution: riga.id, role: 'partner' }))
        .status,
      303,
    )
    const again = await bakuClient.form(`/consortia/${slug}/partners`, {
      institution: riga.id,
      role: 'associated',
      q: 'riga',
    })
    assert.equal(again.status, 409)
    assert.match(again.body, /This institution is already a partner of the consortium/)
    // The search comes back with the choice marked and the error next to it.
    assert.match(again.body, /id="field-institution"/)
    assert.match(again.body, new RegExp(`value="${riga.id}" checked`))
    const second = await bakuClient.form(`/consortia/${slug}/partners`, {
      institution: ganja.id,
      role: 'coordinator',
    })
    assert.equal(second.status, 409)
    assert.match(second.body, /The consortium already has a coordinator/)
    const unknown = await bakuClient.form(`/consortia/${slug}/partners`, {
      institution: newId(),
      role: 'partner',
    })
    assert.equal(unknown.status, 400)

    const duplicateReference = await bakuClient.form(
      '/consortia/new',
      record({ coordinator: baku.id, reference: 'REF-GOOD-1' }),
    )
    assert.equal(duplicateReference.status, 409)

    assert.equal(
      (await bakuClient.form(`/consortia/${slug}/work-packages`, { number: '1', title: 'One' })).status,
      303,
    )
    const clash = await bakuClient.form(`/consortia/${slug}/work-packages`, {
      number: '1',
      title: 'Also one',
    })
    assert.equal(clash.status, 400)
    assert.match(clash.body, /Another work package has this number/)
    const wpDates = await bakuClient.form(`/consortia/${slug}/work-packages`, {
      number: '2',
      title: 'Two',
      start_date: '2022-05-01',
      end_date: '2022-04-01',
    })
    assert.equal(wpDates.status, 400)
    assert.match(wpDates.body, /The end date must not be before the start date/)
    const notPartner = await bakuClient.form(`/consortia/${slug}/work-packages`, {
      number: '3',
      title: 'Three',
      lead: ganja.id,
    })
    assert.equal(notPartner.status, 400)
    assert.match(notPartner.body, /The lead must be one of the consortium/)
    const draft = await createEvent(h().db, { status: 'draft' })
    const meeting = await bakuClient.form(`/consortia/${slug}/meetings`, {
      event: draft.id,
      kind: 'steering',
    })
    assert.equal(meeting.status, 400)
    assert.match(meeting.body, /Choose a published event/)
    // The API answers bad input with a problem document naming the field.
    const badQuery = await (await h().client()).get('/api/v1/consortia?status=unknown&page=0')
    assert.equal(badQuery.status, 400)
    assert.match(String(badQuery.headers['content-type']), /application\/problem\+json/)
    const fields = badQuery.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field)
    assert.ok(fields.includes('status') && fields.includes('page'), fields.join(', '))
    assert.equal((await (await h().client()).get('/api/v1/consortia/no-such-consortium')).status, 404)
    assert.equal((await bakuClient.get('/consortia/no-such-consortium')).status, 404)
  })

  test('every consortium page speaks az, en and ru: no message key is left untranslated', async () => {
    const consortium = await createConsortium(h().db, {
      partners: [
        { institutionId: baku.id, role: 'coordinator' },
        { institutionId: riga.id, role: 'partner' },
      ],
    })
    assert.equal(
      (
        await bakuClient.form(`/consortia/${consortium.slug}/work-packages`, {
          number: '1',
          title: 'One',
          lead: riga.id,
        })
      ).status,
      303,
    )
    const wp = await h()
      .db.selectFrom('work_packages')
      .select('id')
      .where('consortium_id', '=', consortium.id)
      .executeTakeFirstOrThrow()
    await bakuClient.form(`/consortia/${consortium.slug}/work-packages/${wp.id}/deliverables`, {
      code: 'D1.1',
      title: 'Report',
      status: 'planned',
    })
    const pages = [
      '/consortia',
      `/consortia/${consortium.slug}`,
      `/consortia/${consortium.slug}/edit`,
      `/consortia/${consortium.slug}/manage?q=university`,
      `/consortia/${consortium.slug}/work-packages/${wp.id}`,
      '/consortia/new',
    ]
    // The language is switched as a person does (a cookie of the client), so the session is kept.
    for (const locale of ['az', 'ru', 'en']) {
      await bakuClient.get(`/language/${locale}`)
      await coordinatorClient.get(`/language/${locale}`)
      for (const url of pages) {
        const page = await bakuClient.get(url)
        assert.equal(page.status, 200, `${locale} ${url}`)
        assert.match(page.body, new RegExp(`<html lang="${locale}"`))
        assert.doesNotMatch(
          page.body,
          />[^<]*\bconsortia\.[a-z_]+\.?[a-z_.]*[^<]*</,
          `${locale} ${url}: an untranslated key`,
        )
      }
      const importPage = await coordinatorClient.get('/consortia/import')
      assert.doesNotMatch(importPage.body, />[^<]*\bconsortia\.[a-z_]+/, `${locale} import`)
    }
  })

  test('the Erasmus+ list import: registry matches, proposed organisations, EL and UK, rejected rows, a dry run, a second run, the upload form', async () => {
    // Two organisations of the file are in the registry already (folded names: case and accents do not matter).
    const atu = await createInstitution(h().db, {
      name: 'Azerbaijan Technical University',
      type: 'university',
    })
    const leeds = await createInstitution(h().db, {
      name: 'University of Leeds',
      type: 'university',
      country: 'GB',
      city: 'Leeds',
    })
    const csv = fs.readFileSync(FIXTURE)
    const t = translator('en')
    const progress: number[] = []
    const dry = await importConsortia(h().db, csv, {
      dryRun: true,
      actorId: null,
      t,
      onProgress: (done) => progress.push(done),
    })
    assert.equal(dry.dry_run, true)
    assert.equal(dry.created, 5)
    assert.equal(
      await h()
        .db.selectFrom('consortia')
        .select('id')
        .where('reference', '=', '2014-1-LI01-KA200-000005')
        .executeTakeFirst(),
      undefined,
    )
    assert.equal(progress.at(-1), dry.rows)

    const report = await importConsortia(h().db, csv, { dryRun: false, actorId: null, t })
    assert.equal(report.rows, 9)
    assert.equal(report.created, 5)
    assert.equal(report.updated, 0)
    assert.deepEqual(
      report.rejected.map((r) => [r.line, r.reasons.join(' ')]),
      [
        // Summaries run over several lines: the report names the line each row starts on.
        [17, 'Unknown country "XX" for Nowhere Institute.'],
        [18, 'The end date must not be before the start date.'],
        [19, 'The grant cannot be negative.'],
        [21, 'This row cannot be read (check its quotes).'],
      ],
    )
    // Matched organisations are not proposed; the others are, and are now in the registry.
    const proposedNames = report.proposed.map((p) => `${p.name} (${p.country})`)
    assert.ok(proposedNames.includes('Aristotle University of Thessaloniki (GR)'), proposedNames.join(', '))
    assert.ok(!proposedNames.some((n) => /Leeds|Azerbaijan Technical/i.test(n)))
    const cbhe = await h()
      .db.selectFrom('consortia')
      .selectAll()
      .where('reference', '=', '610999-EPP-1-2019-1-AZ-EPPKA2-CBHE-JP')
      .executeTakeFirstOrThrow()
    assert.equal(cbhe.grant_minor, 89_987_550)
    assert.equal(cbhe.status, 'running')
    assert.equal(cbhe.success_story, 1)
    assert.equal(cbhe.start_date, '2020-01-15')
    const partners = await h()
      .db.selectFrom('consortium_partners')
      .innerJoin('institutions', 'institutions.id', 'consortium_partners.institution_id')
      .select([
        'institutions.id',
        'institutions.country',
        'institutions.city',
        'institutions.type',
        'consortium_partners.role',
      ])
      .where('consortium_id', '=', cbhe.id)
      .orderBy('position')
      .execute()
    // The coordinator listed again as "Partner 3" takes part once.
    assert.deepEqual(
      partners.map((p) => [p.country, p.role]),
      [
        ['AZ', 'coordinator'],
        ['GR', 'partner'],
        ['GB', 'partner'],
      ],
    )
    assert.equal(partners[0]?.id, atu.id)
    assert.equal(partners[2]?.id, leeds.id)
    assert.equal(partners[1]?.city, 'Thessaloniki')
    assert.equal(partners[1]?.type, 'university')
    const ka2 = await h()
      .db.selectFrom('consortia')
      .selectAll()
      .where('reference', '=', '2014-1-LI01-KA200-000005')
      .executeTakeFirstOrThrow()
    assert.equal(ka2.good_practice, 1)
    assert.equal(ka2.status, 'closed')
    assert.equal(ka2.grant_minor, 11_252_793)
    assert.equal(ka2.call_year, 2014)
    const audited = await h()
      .db.selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'consortium.import')
      .execute()
    assert.equal(audited.length, 1)

    // A second run of the same file creates nothing and proposes nothing.
    const rerun = await importConsortia(h().db, csv, { dryRun: false, actorId: null, t })
    assert.equal(rerun.created, 0)
    assert.equal(rerun.updated, 5)
    assert.deepEqual(rerun.proposed, [])

    // The upload form: a coordinator sees the report; a file that is no list is refused on the form.
    const upload = await coordinatorClient.upload('/consortia/import', { dry_run: 'yes' }, [
      { field: 'file', filename: 'projects.csv', contentType: 'text/csv', content: csv },
    ])
    assert.equal(upload.status, 200, upload.body.slice(0, 500))
    assert.match(upload.body, /Check report \(nothing was saved\)/)
    assert.match(
      upload.body,
      /Unknown country &quot;XX&quot; for Nowhere Institute|Unknown country "XX" for Nowhere Institute/,
    )
    const csvLink = /href="(\/consortia\/import\/[^"]+\/rejected\.csv)"/.exec(upload.body)?.[1]
    assert.ok(csvLink)
    const rejectedCsv = await coordinatorClient.get(csvLink)
    assert.equal(rejectedCsv.status, 200)
    assert.match(rejectedCsv.body, /line,name,reasons/)
    const notAList = await coordinatorClient.upload('/consortia/import', {}, [
      {
        field: 'file',
        filename: 'x.csv',
        contentType: 'text/csv',
        content: Buffer.from('name,country\nSomething,AZ\n'),
      },
    ])
    assert.equal(notAList.status, 400)
    assert.match(notAList.body, /This is not a projects list/)
    const none = await coordinatorClient.upload('/consortia/import', {}, [])
    assert.equal(none.status, 400)
    const member = await bakuClient.upload('/consortia/import', {}, [
      { field: 'file', filename: 'p.csv', contentType: 'text/csv', content: csv },
    ])
    assert.equal(member.status, 403)
  })
})
