import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import type { Locale } from '../../src/config.ts'
import { newId } from '../../src/db/ids.ts'
import { translator } from '../../src/platform/i18n.ts'
import { createInstitution, createPerson } from '../helpers/factories.ts'
import { axeViolations, browserSuite, guideScreenshot, newContext, sessionCookie } from './support.ts'

const en = translator('en')
const az = translator('az')
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')

/**
 * A coordinator sets a network up and names its secretary general; the officer records a member university, adds a
 * Caucasus regional centre and a working group, puts a member of the network into the group and shares a file with
 * the network's members; that member finds and downloads it, and a visitor sees the centre but not the file. Every
 * page on the way is checked with axe (WCAG 2.1 A and AA).
 */
describe('networks in a real browser', () => {
  const suite = browserSuite()

  async function contextFor(locale: Locale, sessionToken?: string): Promise<BrowserContext> {
    // CSP is bypassed for axe's injected script only.
    const context = await newContext(suite.browser, { bypassCSP: true, locale })
    await context.addCookies([{ name: LANGUAGE_COOKIE, value: locale, url: suite.server.url }])
    if (sessionToken) await context.addCookies([sessionCookie(suite.server, sessionToken)])
    return context
  }

  async function assertAccessible(page: Page, what: string): Promise<void> {
    const report = await axeViolations(page)
    assert.equal(report, '', `axe found accessibility violations on ${what}:\n${report}`)
  }

  test('an officer sets up a network with a regional centre and a working group that shares a file with members', async () => {
    const { db } = suite.server
    const coordinator = await createPerson(db, { role: 'coordinator', name: 'Nərmin Coordinator' })
    const officer = await createPerson(db, { role: 'member', name: 'Leyla Secretary' })
    const member = await createPerson(db, { role: 'member', name: 'Rauf Lecturer' })
    const host = await createInstitution(db, {
      name: `Khazar University ${newId().slice(-4)}`,
      type: 'university',
    })
    await db
      .insertInto('memberships')
      .values({
        id: newId(),
        person_id: member.id,
        institution_id: host.id,
        role: 'member',
        status: 'confirmed',
        created_at: new Date().toISOString(),
      })
      .execute()

    // The coordinator sets the network up and names its secretary general.
    const coordinatorContext = await contextFor('en', coordinator.sessionToken)
    const setUp = await coordinatorContext.newPage()
    await setUp.goto(`${suite.server.url}/networks`)
    await setUp.getByRole('link', { name: en('networks.new') }).click()
    await setUp.getByLabel(en('networks.fields.kind')).selectOption('university_alliance')
    await setUp.getByLabel(en('networks.fields.name_en'), { exact: true }).fill('Caspian University Alliance')
    await setUp
      .getByLabel(en('networks.fields.mission_en'), { exact: true })
      .fill('Universities around the Caspian teach together.')
    // A founding day in the future is sent back with the typed name kept.
    await setUp.getByLabel(en('networks.fields.founded_on'), { exact: true }).fill('2999-01-01')
    await setUp.getByRole('button', { name: en('networks.save') }).click()
    await setUp.locator('.error-summary').waitFor()
    assert.equal(
      await setUp.getByLabel(en('networks.fields.name_en'), { exact: true }).inputValue(),
      'Caspian University Alliance',
    )
    await assertAccessible(setUp, 'the network form with an error [en]')
    await setUp.getByLabel(en('networks.fields.founded_on'), { exact: true }).fill('2024-04-15')
    await setUp.getByRole('button', { name: en('networks.save') }).click()
    await setUp.getByRole('heading', { level: 1, name: en('networks.manage') }).waitFor()
    await setUp.getByLabel(en('networks.fields.email'), { exact: true }).fill(officer.email)
    await setUp.getByLabel(en('networks.fields.role'), { exact: true }).selectOption('secretary_general')
    await setUp.getByLabel(en('networks.fields.term_start'), { exact: true }).fill('2024-04-15')
    await setUp.getByRole('button', { name: en('networks.add_officer') }).click()
    await setUp.getByText(en('networks.done.officer')).waitFor()
    const manageUrl = setUp.url().split('?')[0] ?? ''
    const networkUrl = manageUrl.replace(/\/manage$/, '')

    // The officer records a member university, adds the Caucasus centre and a working group.
    const officerContext = await contextFor('en', officer.sessionToken)
    const page = await officerContext.newPage()
    await page.goto(networkUrl)
    await page.getByRole('link', { name: en('networks.manage') }).click()
    await page.getByRole('heading', { level: 1, name: en('networks.manage') }).waitFor()
    await assertAccessible(page, 'the management page [en]')
    await guideScreenshot(page, 'officer-network-manage')
    await page.getByLabel(en('networks.fields.institution'), { exact: true }).fill(host.name)
    await page.getByLabel(en('networks.mode_add')).check()
    await page.getByRole('button', { name: en('networks.add_member') }).click()
    await page.getByText(en('networks.done.added')).waitFor()

    await page.getByLabel(en('networks.fields.host'), { exact: true }).fill(host.name)
    await page.getByLabel(en('networks.fields.centre_name_en'), { exact: true }).fill('Caucasus centre')
    await page.getByLabel(en('networks.fields.countries'), { exact: true }).fill('AZ, GE, AM')
    await page.getByRole('button', { name: en('networks.add_centre') }).click()
    await page.getByText(en('networks.done.centre')).waitFor()

    await page.getByLabel(en('networks.fields.group_name'), { exact: true }).fill('Joint virtual master')
    await page.getByRole('button', { name: en('networks.add_group') }).click()
    await page.getByText(en('networks.done.group')).waitFor()
    await page.getByRole('link', { name: 'Joint virtual master' }).click()
    await page.getByRole('heading', { level: 1, name: 'Joint virtual master' }).waitFor()
    const groupUrl = page.url().split('?')[0] ?? ''

    await page.getByLabel(en('networks.fields.email'), { exact: true }).fill(member.email)
    await page.getByRole('button', { name: en('networks.add_group_member') }).click()
    await page.getByText(en('networks.done.group_member')).waitFor()

    // A forbidden file type is refused beside the field, the title kept; then the PDF is shared with the network.
    await page.getByLabel(en('networks.fields.title'), { exact: true }).fill('Study plan of the joint master')
    await page.getByLabel(en('networks.visibility_choice.network')).check()
    await page.getByLabel(en('networks.fields.file'), { exact: true }).setInputFiles({
      name: 'plan.html',
      mimeType: 'text/html',
      buffer: Buffer.from('<script>alert(1)</script>'),
    })
    await page.getByRole('button', { name: en('networks.share_material') }).click()
    await page.locator('.error-summary').waitFor()
    assert.equal(
      await page.getByLabel(en('networks.fields.title'), { exact: true }).inputValue(),
      'Study plan of the joint master',
    )
    await assertAccessible(page, 'the working group with a refused file [en]')
    await page.getByLabel(en('networks.fields.file'), { exact: true }).setInputFiles({
      name: 'study-plan.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    })
    await page.getByRole('button', { name: en('networks.share_material') }).click()
    await page.getByText(en('networks.done.material')).waitFor()
    await assertAccessible(page, 'the working group page [en]')

    // The member of the network finds the group from the network page and downloads the file.
    const memberContext = await contextFor('az', member.sessionToken)
    const memberPage = await memberContext.newPage()
    await memberPage.goto(networkUrl)
    await memberPage.getByRole('link', { name: 'Joint virtual master' }).click()
    const link = memberPage.getByRole('link', { name: 'Study plan of the joint master' })
    await link.waitFor()
    await assertAccessible(memberPage, 'the working group page for a member [az]')
    await guideScreenshot(memberPage, 'member-working-group')
    const href = (await link.getAttribute('href')) ?? ''
    const download = await memberContext.request.get(`${suite.server.url}${href}`)
    assert.equal(download.status(), 200)
    assert.equal(download.headers()['content-type'], 'application/pdf')
    assert.ok((await download.body()).equals(PDF))
    assert.equal(memberPage.url().split('?')[0], groupUrl)

    // A visitor sees the centre and the member, but neither the group nor the file.
    const visitorContext = await contextFor('az')
    const visitorPage = await visitorContext.newPage()
    await visitorPage.goto(networkUrl)
    await visitorPage.getByRole('heading', { level: 2, name: az('networks.centres') }).waitFor()
    const body = (await visitorPage.content()).replace(/\s+/g, ' ')
    assert.match(body, /Caucasus centre/)
    assert.match(body, new RegExp(host.name))
    assert.doesNotMatch(body, /Joint virtual master|Study plan/)
    await assertAccessible(visitorPage, 'the public network page [az]')
    const refused = await visitorContext.request.get(`${suite.server.url}${href}`)
    assert.equal(refused.status(), 404)

    for (const context of [coordinatorContext, officerContext, memberContext, visitorContext])
      await context.close()
  })
})
