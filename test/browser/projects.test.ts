import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import type { Locale } from '../../src/config.ts'
import { newId } from '../../src/db/ids.ts'
import { translator } from '../../src/platform/i18n.ts'
import { createInstitution, createPerson } from '../helpers/factories.ts'
import {
  axeViolations,
  browserSuite,
  guideScreenshot,
  horizontalOverflow,
  newContext,
  sessionCookie,
} from './support.ts'

const az = translator('az')
const ru = translator('ru')

/**
 * Two members of two schools found a project: the first plans it through the wizard (a reversed date sent back
 * first), finds the second by name and invites them, and submits; the second accepts for their school; a
 * coordinator finds it from the header and approves it; the founders put it in the gallery. Every page on the way
 * is checked with axe (WCAG 2.1 A and AA).
 */
describe('creating and approving a project in a real browser', () => {
  const suite = browserSuite()

  async function contextFor(locale: Locale, sessionToken: string, width = 1280): Promise<BrowserContext> {
    // CSP is bypassed for axe's injected script only.
    const context = await newContext(suite.browser, {
      bypassCSP: true,
      locale,
      viewport: { width, height: 800 },
    })
    await context.addCookies([
      { name: LANGUAGE_COOKIE, value: locale, url: suite.server.url },
      sessionCookie(suite.server, sessionToken),
    ])
    return context
  }

  async function assertAccessible(page: Page, what: string): Promise<void> {
    const report = await axeViolations(page)
    assert.equal(report, '', `axe found accessibility violations on ${what}:\n${report}`)
  }

  async function memberOfSchool(name: string, school: string) {
    const { db } = suite.server
    const person = await createPerson(db, { role: 'member', name })
    const institution = await createInstitution(db, { name: school })
    await db
      .insertInto('memberships')
      .values({
        id: newId(),
        person_id: person.id,
        institution_id: institution.id,
        role: 'member',
        status: 'confirmed',
        created_at: new Date().toISOString(),
      })
      .execute()
    return { person, institution }
  }

  const title = (l: Locale) => az('projects.fields.title', { language: az(`projects.language.${l}`) })
  const summary = (l: Locale) => az('projects.fields.summary', { language: az(`projects.language.${l}`) })

  test('two members of two schools found a project and a coordinator approves it', async () => {
    const founder = await memberOfSchool('Leyla Məmmədova', 'Gəncə 5 nömrəli məktəb')
    const partner = await memberOfSchool('Tural Əliyev', 'Şəki 2 nömrəli məktəb')

    const founderContext = await contextFor('az', founder.person.sessionToken)
    const page = await founderContext.newPage()
    await page.goto(`${suite.server.url}/`)
    await page.getByRole('link', { name: az('projects.mine_title') }).click()
    await page.getByRole('link', { name: az('projects.new') }).click()
    await page.getByRole('heading', { level: 1, name: az('projects.wizard.title_new') }).waitFor()
    await assertAccessible(page, 'the first wizard step [az]')
    await page.getByLabel(title('az'), { exact: true }).fill('Kür çayının quşları')
    await page
      .getByLabel(summary('az'), { exact: true })
      .fill('Şagirdlər çay sahilində quşları müşahidə edir.')
    await page.getByRole('button', { name: az('projects.wizard.continue') }).click()

    await page.getByRole('heading', { level: 2, name: az('projects.steps.teaching') }).waitFor()
    await assertAccessible(page, 'the teaching step [az]')
    await page.getByRole('checkbox', { name: 'Biologiya' }).check()
    await page.getByRole('checkbox', { name: az('profiles.lang.az') }).check()
    await page.getByLabel(az('projects.fields.age_from'), { exact: true }).fill('11')
    await page.getByLabel(az('projects.fields.age_to'), { exact: true }).fill('14')
    await page.getByRole('button', { name: az('projects.wizard.continue') }).click()

    // Dates the wrong way round: the message beside the end date, the text typed kept.
    await page.getByRole('heading', { level: 2, name: az('projects.steps.plan') }).waitFor()
    await page
      .getByLabel(az('projects.fields.activities'), { exact: true })
      .fill('Aylıq müşahidələr və ortaq xəritə.')
    await page.getByLabel(az('projects.fields.expected_results'), { exact: true }).fill('Quşlar atlası.')
    await page.getByLabel(az('projects.fields.start_date'), { exact: true }).fill('2027-09-01')
    await page.getByLabel(az('projects.fields.end_date'), { exact: true }).fill('2027-05-31')
    await page.getByRole('button', { name: az('projects.wizard.continue') }).click()
    await page.locator('.error-summary').waitFor()
    assert.equal(await page.locator('#field-end_date').getAttribute('aria-invalid'), 'true')
    assert.equal(await page.locator('#field-activities').inputValue(), 'Aylıq müşahidələr və ortaq xəritə.')
    await assertAccessible(page, 'the plan step with an error [az]')
    await page.getByLabel(az('projects.fields.end_date'), { exact: true }).fill('2028-05-31')
    await page.getByRole('button', { name: az('projects.wizard.continue') }).click()

    // Partners: the founder's own school, and the co-founder found by name.
    await page.getByRole('heading', { level: 2, name: az('projects.steps.partners') }).waitFor()
    await page
      .getByLabel(az('projects.fields.institution'), { exact: true })
      .selectOption(founder.institution.id)
    await page.getByRole('button', { name: az('projects.wizard.save') }).click()
    await page.getByText(az('projects.wizard.saved')).waitFor()
    await page.getByLabel(az('projects.wizard.find_member'), { exact: true }).fill('Tural')
    await page.getByRole('button', { name: az('projects.wizard.search') }).click()
    await page
      .getByRole('button', { name: az('projects.wizard.invite_person', { name: 'Tural Əliyev' }) })
      .click()
    await page.getByText(az('projects.founder_invited'), { exact: false }).waitFor()
    await assertAccessible(page, 'the partners step [az]')
    await page.getByRole('button', { name: az('projects.wizard.continue') }).click()

    await page.getByRole('heading', { level: 2, name: az('projects.steps.review') }).waitFor()
    await assertAccessible(page, 'the review step [az]')
    await page.getByRole('button', { name: az('projects.wizard.submit') }).click()
    await page.getByRole('heading', { level: 1, name: 'Kür çayının quşları' }).waitFor()
    await page.getByText(az('projects.statuses.awaiting_cofounders')).waitFor()
    await assertAccessible(page, 'the status page [az]')

    // The co-founder answers from their projects page, for their own school.
    const partnerContext = await contextFor('az', partner.person.sessionToken)
    const invited = await partnerContext.newPage()
    await invited.goto(`${suite.server.url}/projects/mine`)
    await invited.getByRole('link', { name: 'Kür çayının quşları' }).click()
    await assertAccessible(invited, 'the invitation [az]')
    await invited
      .getByLabel(az('projects.fields.institution'), { exact: true })
      .selectOption(partner.institution.id)
    await invited.getByRole('button', { name: az('projects.invitation.accept') }).click()
    await invited.getByText(az('projects.statuses.in_review')).waitFor()
    await partnerContext.close()

    // The coordinator: from the header to the queue and the review, then the approval.
    const coordinator = await createPerson(suite.server.db, { role: 'coordinator' })
    const coordinatorContext = await contextFor('az', coordinator.sessionToken)
    const review = await coordinatorContext.newPage()
    await review.goto(`${suite.server.url}/`)
    await review.getByRole('link', { name: az('projects.queue_title') }).click()
    await review.getByRole('heading', { level: 1, name: az('projects.queue_title') }).waitFor()
    await assertAccessible(review, 'the project queue [az]')
    await review.getByRole('link', { name: 'Kür çayının quşları' }).click()
    await review.getByText('Şəki 2 nömrəli məktəb', { exact: false }).first().waitFor()
    await assertAccessible(review, 'the project review [az]')
    await guideScreenshot(review, 'coordinator-project-review')
    await review.getByRole('button', { name: az('projects.review.approve') }).click()
    await review.getByText(az('projects.statuses.approved')).first().waitFor()
    await coordinatorContext.close()

    // The founders put it in the public gallery.
    await page.reload()
    await page.getByText(az('projects.statuses.approved')).first().waitFor()
    await page.getByRole('button', { name: az('projects.gallery.show') }).click()
    await page.getByText(az('projects.gallery.shown')).waitFor()
    await assertAccessible(page, 'the status page of the approved project [az]')
    await founderContext.close()
  })

  test('the first wizard step fits a 375 px phone screen in Russian', async () => {
    const person = await createPerson(suite.server.db, { role: 'member' })
    const context = await contextFor('ru', person.sessionToken, 375)
    const page = await context.newPage()
    await page.goto(`${suite.server.url}/projects/new`)
    await page.getByRole('heading', { level: 1, name: ru('projects.wizard.title_new') }).waitFor()
    assert.equal(await horizontalOverflow(page), 0)
    await assertAccessible(page, 'the first wizard step [ru, 375 px]')
    await context.close()
  })
})
