import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import { newId } from '../../src/db/ids.ts'
import { createInstitution, createPerson, type TestPerson } from '../helpers/factories.ts'
import { axeViolations, browserSuite, newContext, sessionCookie } from './support.ts'

/** Nine modules of a CBHE curriculum, in the languages the partners teach them in. */
const MODULES = [
  ['Foundations of Digital Pedagogy', 'en'],
  ['Online Course Design', 'en'],
  ['Digital Assessment', 'az'],
  ['Open Educational Resources', 'en'],
  ['Learning Analytics for Teachers', 'ru'],
  ['Inclusive Digital Learning', 'az'],
  ['Blended Learning in Engineering', 'en'],
  ['Research Data Management', 'en'],
  ['Quality Assurance of E-learning', 'ru'],
] as const

/**
 * The walk through a consortium: the coordinator of an Erasmus+ capacity-building project (a lecturer of the
 * Azerbaijani coordinating university) records it with its foreign partners, adds a work package led by a foreign partner, records the nine
 * e-learning modules the partners wrote, and finds one of them in the outcomes catalogue. The outcome form, the
 * catalogue and an outcome's page are checked with axe (WCAG 2.1 A and AA).
 */
describe('consortia and outcomes in a real browser', () => {
  const suite = browserSuite()

  async function contextFor(person: TestPerson): Promise<BrowserContext> {
    // CSP is bypassed for axe's injected script only.
    const context = await newContext(suite.browser, { bypassCSP: true, locale: 'en-GB' })
    await context.addCookies([
      { name: LANGUAGE_COOKIE, value: 'en', url: suite.server.url },
      sessionCookie(suite.server, person.sessionToken),
    ])
    return context
  }

  async function assertAccessible(page: Page, what: string): Promise<void> {
    const report = await axeViolations(page)
    assert.equal(report, '', `axe found accessibility violations on ${what}:\n${report}`)
  }

  async function addPartner(page: Page, base: string, search: string, institutionId: string): Promise<void> {
    await page.goto(`${base}/manage`)
    await page.fill('#partner-q', search)
    await Promise.all([page.waitForURL(/[?&]q=/), page.locator('#partner-q').press('Enter')])
    await page.check(`#field-institution-${institutionId}`)
    await page.selectOption('#field-role', 'partner')
    await Promise.all([
      page.waitForURL(/done=partner_added/),
      page.locator('form[action$="/partners"] button[type=submit]').click(),
    ])
  }

  test('a coordinator records a consortium, a work package and nine modules, and finds one in the catalogue', async () => {
    const { db, url } = suite.server
    const baku = await createInstitution(db, { name: 'Baku Higher Technical University', type: 'university' })
    // The project's coordinator: a lecturer of the coordinating university.
    const coordinator = await createPerson(db, { role: 'member', name: 'Nigar Coordinator' })
    await db
      .insertInto('memberships')
      .values({
        id: newId(),
        person_id: coordinator.id,
        institution_id: baku.id,
        role: 'member',
        status: 'confirmed',
        created_at: new Date().toISOString(),
      })
      .execute()
    const leipzig = await createInstitution(db, {
      name: 'Leipzig Applied Sciences University',
      type: 'university',
      country: 'DE',
      city: 'Leipzig',
    })
    const krakow = await createInstitution(db, {
      name: 'Krakow Pedagogical University',
      type: 'university',
      country: 'PL',
      city: 'Kraków',
    })
    const context = await contextFor(coordinator)
    const page = await context.newPage()

    // ---- The consortium, coordinated by the Azerbaijani university.
    await page.goto(`${url}/consortia/new`)
    await page.fill('#field-title_en', 'Digital Teaching in Azerbaijani Universities')
    await page.fill('#field-acronym', 'DIGITAZ')
    await page.selectOption('#field-coordinator', baku.id)
    await page.fill('#field-start_date', '2025-01-15')
    await page.fill('#field-end_date', '2028-01-14')
    await Promise.all([
      page.waitForURL(/\/consortia\/[a-z0-9-]+\/manage\?done=created/),
      page.locator('form[action="/consortia/new"] button[type=submit]').click(),
    ])
    const base = new URL(page.url()).pathname.replace(/\/manage$/, '')
    const slug = base.split('/').pop() ?? ''

    // ---- Foreign partners from the registry, then a work package led by one of them.
    await addPartner(page, `${url}${base}`, 'Leipzig', leipzig.id)
    await addPartner(page, `${url}${base}`, 'Krakow', krakow.id)
    await page.goto(`${url}${base}/manage`)
    await page.fill('#field-title', 'Curriculum development')
    await page.selectOption('#field-lead', leipzig.id)
    await page.fill('#field-start_date', '2025-03-01')
    await page.fill('#field-end_date', '2027-06-30')
    await Promise.all([
      page.waitForURL(/done=work_package_added/),
      page.locator('form[action$="/work-packages"] button[type=submit]').click(),
    ])
    const consortiumPage = await page.goto(`${url}${base}`)
    assert.equal(consortiumPage?.status(), 200)
    const text = await page.locator('main').innerText()
    for (const name of [
      'Baku Higher Technical University',
      'Leipzig Applied Sciences University',
      'Krakow Pedagogical University',
      'Curriculum development',
    ])
      assert.ok(text.includes(name), name)

    // ---- Nine e-learning modules, owned in turn by the three partners.
    const owners = [baku.id, leipzig.id, krakow.id]
    for (const [i, [title, language]] of MODULES.entries()) {
      await page.goto(`${url}/outcomes/new?project=${slug}`)
      if (i === 0) await assertAccessible(page, 'the outcome form')
      await page.selectOption('#field-type', 'e_learning_module')
      await page.selectOption('#field-owner_institution_id', owners[i % owners.length] ?? baku.id)
      await page.fill('#field-title_en', title)
      await page.selectOption('#field-language', language)
      await page.selectOption('#field-level', 'master')
      await page.fill('#field-ects', String(3 + (i % 3)))
      await page.selectOption('#field-delivery_mode', 'online')
      await page.selectOption('#field-licence', 'CC-BY-4.0')
      await Promise.all([
        page.waitForURL(/\/outcomes\/[a-z0-9-]+\?done=created/),
        page.locator('form[action^="/outcomes/new"] button[type=submit]').click(),
      ])
    }
    await assertAccessible(page, "an outcome's page")

    // ---- The catalogue: the project's modules from the outcome page, then one language, then the module.
    await page.getByRole('link', { name: 'all outcomes of this project' }).click()
    await page.waitForURL(new RegExp(`/outcomes\\?project=${slug}`))
    assert.match(await page.locator('.result-count').innerText(), /^9 outcomes$/)
    await assertAccessible(page, 'the catalogue')
    await page.selectOption('#filter-language', 'ru')
    await page.locator('form.search-filters button[type=submit]').click()
    await page.waitForURL(/language=ru/)
    assert.match(await page.locator('.result-count').innerText(), /^2 outcomes$/)
    assert.match(page.url(), new RegExp(`project=${slug}`), 'the project filter stays in the shareable URL')
    await page.getByRole('link', { name: 'Learning Analytics for Teachers' }).click()
    await page.waitForURL(/\/outcomes\/learning-analytics-for-teachers/)
    assert.equal(await page.locator('h1').innerText(), 'Learning Analytics for Teachers')
    const course = JSON.parse(
      (await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}',
    )
    assert.equal(course['@type'], 'Course')
    assert.equal(course.inLanguage, 'ru')
    assert.equal(course.provider.name, 'Leipzig Applied Sciences University')
    await context.close()
  })
})
