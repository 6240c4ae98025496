import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import type { Locale } from '../../src/config.ts'
import { countryName } from '../../src/modules/institutions/geo.ts'
import { CRITERIA, criterionName } from '../../src/modules/labels/criteria.ts'
import { translator } from '../../src/platform/i18n.ts'
import { createInstitution, createPerson } from '../helpers/factories.ts'
import { createProject } from '../helpers/projects.ts'
import { axeViolations, browserSuite, horizontalOverflow, newContext, sessionCookie } from './support.ts'

const az = translator('az')
const ru = translator('ru')

/**
 * Founders of a project that has run apply for the national label with evidence per criterion (a missing one sent
 * back first); a coordinator finds it from the header, scores every criterion and awards it; the founders see the
 * badge. Every page on the way is checked with axe (WCAG 2.1 A and AA).
 */
describe('quality labels in a real browser', () => {
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

  async function projectThatHasRun() {
    const { db } = suite.server
    const founder = await createPerson(db, { role: 'member', name: 'Leyla Həsənova' })
    const cofounder = await createPerson(db, { role: 'member' })
    const [a, b] = [await createInstitution(db), await createInstitution(db)]
    const project = await createProject(db, {
      title: 'Caspian birds',
      founders: [
        { personId: founder.id, institutionId: a.id },
        { personId: cofounder.id, institutionId: b.id },
      ],
    })
    await db.updateTable('projects').set({ end_date: '2025-06-30' }).where('id', '=', project.id).execute()
    return { founder, project }
  }

  test('founders apply, a coordinator scores and awards, and the founders see the badge', async () => {
    const { founder, project } = await projectThatHasRun()
    const founderContext = await contextFor('az', founder.sessionToken)
    const page = await founderContext.newPage()
    await page.goto(`${suite.server.url}/projects/${project.id}/status`)
    await page.getByRole('link', { name: az('labels.status_link') }).click()
    await page.getByRole('heading', { level: 1, name: az('labels.project_title') }).waitFor()
    await assertAccessible(page, "the founders' label page [az]")

    // Every criterion but the last: sent back with the message beside the empty one and the rest kept.
    for (const code of CRITERIA.slice(0, -1)) {
      await page
        .getByLabel(az(criterionName(code)), { exact: true })
        .fill(`${code}: the pupils mapped the birds of the Caspian shore with their partners.`)
    }
    await page.getByRole('button', { name: az('labels.apply_submit') }).click()
    await page.locator('.error-summary').waitFor()
    assert.equal(await page.locator('#field-evidence_documentation').getAttribute('aria-invalid'), 'true')
    assert.match(await page.locator('#field-evidence_innovation').inputValue(), /Caspian shore/)
    await assertAccessible(page, 'the label application with an error [az]')
    await page
      .getByLabel(az(criterionName('documentation')), { exact: true })
      .fill('Everything is in the workspace pages and the shared map.')
    await page.getByRole('button', { name: az('labels.apply_submit') }).click()
    await page.getByText(az('labels.notice_applied')).waitFor()

    // The coordinator: from the header to the queue, the review, the scores and the award.
    const coordinator = await createPerson(suite.server.db, { role: 'coordinator' })
    const coordinatorContext = await contextFor('az', coordinator.sessionToken)
    const review = await coordinatorContext.newPage()
    await review.goto(`${suite.server.url}/`)
    await review.getByRole('link', { name: az('labels.nav_queue') }).click()
    await review.getByRole('heading', { level: 1, name: az('labels.queue_title') }).waitFor()
    await assertAccessible(review, 'the label queue [az]')
    await review.getByRole('link', { name: 'Caspian birds' }).click()
    await review
      .getByText(/Caspian shore/)
      .first()
      .waitFor()
    await assertAccessible(review, 'the label review [az]')
    for (const code of CRITERIA)
      await review.getByLabel(az(criterionName(code)), { exact: true }).selectOption('4')
    await review.getByLabel(az('labels.decision'), { exact: true }).selectOption('award')
    await review.getByLabel(az('labels.feedback'), { exact: true }).fill('Təbriklər, nümunəvi layihədir.')
    await review.getByRole('button', { name: az('labels.decide_submit') }).click()
    await review.getByText(az('labels.statuses.awarded')).first().waitFor()
    await coordinatorContext.close()

    await page.reload()
    await page
      .getByText(az('labels.badge.national', { country: countryName('AZ', 'az') }))
      .first()
      .waitFor()
    await page.getByText('Təbriklər, nümunəvi layihədir.').waitFor()
    await assertAccessible(page, 'the label page with the award [az]')
    await founderContext.close()
  })

  test('the criteria page fits a 375 px phone screen in Russian', async () => {
    const person = await createPerson(suite.server.db, { role: 'member' })
    const context = await contextFor('ru', person.sessionToken, 375)
    const page = await context.newPage()
    await page.goto(`${suite.server.url}/labels/criteria`)
    await page.getByRole('heading', { level: 1, name: ru('labels.criteria_title') }).waitFor()
    assert.equal(await horizontalOverflow(page), 0)
    await assertAccessible(page, 'the criteria page [ru, 375 px]')
    await context.close()
  })
})
