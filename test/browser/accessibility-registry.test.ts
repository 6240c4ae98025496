import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import { LOCALES, type Locale } from '../../src/config.ts'
import { newId } from '../../src/db/ids.ts'
import { seedApplications } from '../../src/demo/applications.ts'
import { reindexInstitution } from '../../src/modules/partners/service.ts'
import { translator } from '../../src/platform/i18n.ts'
import { Client } from '../helpers/client.ts'
import { createInstitution, createPerson, type TestPerson } from '../helpers/factories.ts'
import { axeViolations, browserSuite, horizontalOverflow, newContext, sessionCookie } from './support.ts'

/**
 * The signed-in pages of the registry, applications, partners and administration, each opened as the role that
 * uses it, with real data on it (an institution, programme forms, applications in every state, a profile, a
 * message, notifications, audit entries), checked with axe in every language; the widest pages also at 375 px.
 */
/**
 * Single fields (not groups) shown in error whose control is not marked invalid, or not described by the message
 * beside it: a screen reader reaching the field would not hear what is wrong. Returns the fields' ids.
 */
const UNWIRED_ERRORS = `[...document.querySelectorAll('div.field-error')].filter((field) => {
  const control = field.querySelector('input, select, textarea')
  const message = field.querySelector('.error-message')
  return !control || !message || control.getAttribute('aria-invalid') !== 'true' ||
    !(control.getAttribute('aria-describedby') ?? '').split(' ').includes(message.id)
}).map((field) => field.querySelector('input, select, textarea')?.id ?? field.outerHTML.slice(0, 80))`

describe('accessibility of the signed-in pages (axe-core, WCAG 2.1 A and AA)', () => {
  const suite = browserSuite()

  const people = {} as Record<
    | 'visitor'
    | 'registered'
    | 'applicant'
    | 'asked'
    | 'approved'
    | 'member'
    | 'writer'
    | 'coordinator'
    | 'admin'
    | 'institutionAdmin',
    TestPerson | undefined
  >
  let slug = ''
  let adminSlug = ''
  let applicationId = ''

  before(async () => {
    const { db } = suite.server
    const institution = await createInstitution(db, { name: 'Baku City School No. 20' })
    const row = await db
      .selectFrom('institutions')
      .select('slug')
      .where('id', '=', institution.id)
      .executeTakeFirstOrThrow()
    slug = row.slug

    people.registered = await createPerson(db, { role: 'registered', name: 'Nigar Quliyeva' })
    people.applicant = await createPerson(db, { role: 'registered', name: 'Rəşad Əliyev' })
    people.asked = await createPerson(db, { role: 'registered', name: 'Elvin Hüseynov' })
    people.approved = await createPerson(db, { role: 'registered', name: 'Aynur Məmmədova' })
    people.member = await createPerson(db, { role: 'member', name: 'Leyla Həsənova' })
    people.writer = await createPerson(db, { role: 'member', name: 'Kamran Rzayev' })
    people.coordinator = await createPerson(db, { role: 'coordinator', name: 'Coordinator Cəfərov' })
    people.admin = await createPerson(db, { role: 'platform_admin', name: 'Admin Abbasova' })
    people.institutionAdmin = await createPerson(db, { role: 'institution_admin', name: 'Direktor Vəliyev' })

    const adminInstitution = await db
      .selectFrom('memberships')
      .innerJoin('institutions', 'institutions.id', 'memberships.institution_id')
      .select(['institutions.id', 'institutions.slug'])
      .where('memberships.person_id', '=', people.institutionAdmin.id)
      .executeTakeFirstOrThrow()
    adminSlug = adminInstitution.slug

    const now = new Date().toISOString()
    // Members of the school (one waiting for confirmation, at the institution admin's school).
    for (const [person, institutionId, status] of [
      [people.member, institution.id, 'confirmed'],
      [people.writer, institution.id, 'confirmed'],
      [people.member, adminInstitution.id, 'pending'],
    ] as const) {
      await db
        .insertInto('memberships')
        .values({
          id: newId(),
          person_id: person.id,
          institution_id: institutionId,
          role: 'member',
          status,
          created_at: now,
        })
        .execute()
    }

    // Programme forms and open applications (the second one with a question from the coordinator).
    await db.transaction().execute((trx) =>
      seedApplications(
        trx,
        [
          { personId: people.applicant?.id ?? '', institutionId: institution.id, vet: false },
          { personId: people.asked?.id ?? '', institutionId: institution.id, vet: true },
          { personId: people.approved?.id ?? '', institutionId: institution.id, vet: false },
        ],
        people.coordinator?.id,
      ),
    )
    const applications = await db.selectFrom('applications').select(['id', 'person_id']).execute()
    applicationId = applications.find((a) => a.person_id === people.applicant?.id)?.id ?? ''
    const approvedId = applications.find((a) => a.person_id === people.approved?.id)?.id ?? ''

    // The coordinator approves one (a notification and audit entries), and limits themself to a region.
    const coordinator = new Client(suite.server.app)
    coordinator.setCookie(...cookiePair(people.coordinator))
    const decided = await coordinator.api('POST', `/api/v1/review/applications/${approvedId}/decision`, {
      decision: 'approve',
    })
    assert.equal(decided.status, 200, decided.body)
    const admin = new Client(suite.server.app)
    admin.setCookie(...cookiePair(people.admin))
    const limited = await admin.form(`/admin/coordinators/${people.coordinator.id}/regions`, {
      regions: 'AZ-BA',
    })
    assert.ok(
      limited.status < 400,
      `setting regions answered ${limited.status}: ${limited.body.slice(0, 300)}`,
    )

    // A public profile with every field, found in the partner search, and a message written to it.
    const member = new Client(suite.server.app)
    member.setCookie(...cookiePair(people.member))
    const patched = await member.api('PATCH', '/api/v1/me', {
      subjects: ['mathematics', 'physics'],
      languages: ['az', 'en'],
      age_min: 11,
      age_max: 14,
      looking_for_partners: true,
      idea: 'Robotics club exchange with a school abroad',
      visibility: 'public',
    })
    assert.equal(patched.status, 200, patched.body)
    await reindexInstitution(db, institution.id)
    const writer = new Client(suite.server.app)
    writer.setCookie(...cookiePair(people.writer))
    const sent = await writer.api('POST', `/api/v1/people/${people.member.id}/messages`, {
      subject: 'Project on robotics',
      body: 'Shall we work together?',
    })
    assert.equal(sent.status, 202, sent.body)
  })

  function cookiePair(person: TestPerson | undefined): [string, string] {
    if (!person) throw new Error('set-up has not run')
    const cookie = sessionCookie(suite.server, person.sessionToken)
    return [cookie.name, cookie.value]
  }

  /** The pages each person opens (paths resolved after set-up). */
  function pagesOf(): Array<[who: keyof typeof people, paths: string[]]> {
    return [
      ['visitor', ['/institutions', `/institutions/${slug}`, '/partners']],
      ['registered', ['/application', '/profile']],
      ['applicant', ['/application']],
      ['asked', ['/application']],
      ['approved', ['/notifications']],
      ['member', ['/messages', '/profile', '/profile/delete']],
      ['writer', ['/partners', `/people/${people.member?.id}`, '/partners?q=robotics']],
      [
        'coordinator',
        [
          '/review/applications',
          `/review/applications/${applicationId}`,
          `/institutions/${slug}/edit`,
          `/institutions/${slug}/members`,
          '/institutions/import',
        ],
      ],
      [
        'institutionAdmin',
        [
          `/institutions/${adminSlug}`,
          `/institutions/${adminSlug}/edit`,
          `/institutions/${adminSlug}/members`,
        ],
      ],
      [
        'admin',
        [
          '/admin/application-forms',
          '/admin/application-forms/etwinning',
          '/admin/subjects',
          '/admin/coordinators',
          '/admin/audit',
        ],
      ],
    ]
  }

  /** A context in the given language, signed in as `who` (a visitor: no session). CSP is bypassed for axe only. */
  async function contextFor(locale: Locale, who: keyof typeof people, width = 1280): Promise<BrowserContext> {
    const context = await newContext(suite.browser, {
      bypassCSP: true,
      locale,
      viewport: { width, height: 800 },
    })
    const cookies: Array<{ name: string; value: string; url: string }> = [
      { name: LANGUAGE_COOKIE, value: locale, url: suite.server.url },
    ]
    const person = people[who]
    if (person) cookies.push(sessionCookie(suite.server, person.sessionToken))
    await context.addCookies(cookies)
    return context
  }

  async function open(page: Page, path: string, locale: Locale): Promise<void> {
    const response = await page.goto(`${suite.server.url}${path}`)
    assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`)
    assert.equal(await page.locator('html').getAttribute('lang'), locale)
  }

  for (const locale of LOCALES) {
    describe(`in ${locale}`, () => {
      // Russian shares every view with the other two; it is checked for width only, to keep the run short.
      if (locale !== 'ru') {
        test('every page has no violations', async () => {
          const reports: string[] = []
          for (const [who, paths] of pagesOf()) {
            const context = await contextFor(locale, who)
            const page = await context.newPage()
            for (const path of paths) {
              await open(page, path, locale)
              const report = await axeViolations(page)
              if (report) reports.push(`${path} as ${who} [${locale}]:\n${report}`)
            }
            await context.close()
          }
          assert.equal(
            reports.join('\n\n'),
            '',
            `axe found accessibility violations:\n${reports.join('\n\n')}`,
          )
        })

        test('forms sent back with errors have no violations', async () => {
          const t = translator(locale)
          const reports: string[] = []
          const clear = (selector: string) => (page: Page) => page.locator(selector).fill('')
          const cases: Array<
            [who: keyof typeof people, path: string, button: string, prepare?: (page: Page) => Promise<void>]
          > = [
            ['registered', '/application', 'applications.submit'],
            ['asked', '/application', 'applications.answer_submit'],
            // A rejection needs its reason.
            [
              'coordinator',
              `/review/applications/${applicationId}`,
              'applications.decide_submit',
              (page) => page.locator('#decision-reject').check(),
            ],
            ['coordinator', `/institutions/${slug}/edit`, 'forms.save', clear('input[name="name"]')],
            ['writer', `/people/${people.member?.id}`, 'partners.contact_send'],
            ['member', '/profile/delete', 'personal_data.delete_confirm'],
            ['admin', '/admin/application-forms', 'applications.form_add'],
            ['admin', '/admin/application-forms/etwinning', 'applications.field_add'],
            ['admin', '/admin/subjects', 'subjects.add_submit'],
          ]
          for (const [who, path, button, prepare] of cases) {
            const context = await contextFor(locale, who)
            const page = await context.newPage()
            await open(page, path, locale)
            await prepare?.(page)
            // The browser's own checks (required) would stop an empty form; the server's messages are what is tested.
            await page.evaluate('for (const f of document.forms) f.noValidate = true')
            const [response] = await Promise.all([
              page.waitForResponse((r) => r.request().method() === 'POST'),
              page
                .getByRole('button', { name: t(button), exact: true })
                .first()
                .click(),
            ])
            assert.equal(response.status(), 400, `${path}: ${t(button)} answered ${response.status()}`)
            await page.waitForLoadState('domcontentloaded')
            assert.ok(await page.locator('.error-summary').count(), `${path}: no error summary`)
            const report = await axeViolations(page)
            if (report) reports.push(`${path} with errors, as ${who} [${locale}]:\n${report}`)
            const unwired = await page.evaluate<string[]>(UNWIRED_ERRORS)
            if (unwired.length > 0) {
              reports.push(
                `${path} with errors, as ${who} [${locale}]: messages not tied to their field: ${unwired}`,
              )
            }
            await context.close()
          }
          assert.equal(
            reports.join('\n\n'),
            '',
            `axe found accessibility violations:\n${reports.join('\n\n')}`,
          )
        })
      }

      test('a 375 px wide phone screen needs no horizontal scrolling', async () => {
        const wide: string[] = []
        for (const [who, path] of [
          ['writer', '/partners'],
          ['writer', '/partners?q=robotics'],
          ['registered', '/application'],
          ['asked', '/application'],
          ['coordinator', '/review/applications'],
          ['coordinator', `/review/applications/${applicationId}`],
        ] as const) {
          const context = await contextFor(locale, who, 375)
          const page = await context.newPage()
          await open(page, path, locale)
          const overflow = await horizontalOverflow(page)
          if (overflow > 0) wide.push(`${path} as ${who} [${locale}] is ${overflow} px too wide`)
          await context.close()
        }
        assert.deepEqual(wide, [])
      })
    })
  }
})
