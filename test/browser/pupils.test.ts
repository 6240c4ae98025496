import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import type { Locale } from '../../src/config.ts'
import { newId } from '../../src/db/ids.ts'
import { translator } from '../../src/platform/i18n.ts'
import { createInstitution, createPerson } from '../helpers/factories.ts'
import { createProject } from '../helpers/projects.ts'
import { axeViolations, browserSuite, horizontalOverflow, newContext, sessionCookie } from './support.ts'

const az = translator('az')
const ru = translator('ru')

/**
 * A teacher adds a pupil and gets the printable card; the pupil signs in with the code as typed from it and lands on
 * the project's workspace, where they answer in the project's discussion. Every page on the way is checked with axe (WCAG 2.1 A and AA), the card also in print.
 */
describe('pupils in a real browser', () => {
  const suite = browserSuite()

  async function contextFor(locale: Locale, sessionToken?: string, width = 1280): Promise<BrowserContext> {
    // CSP is bypassed for axe's injected script only.
    const context = await newContext(suite.browser, {
      bypassCSP: true,
      locale,
      viewport: { width, height: 800 },
    })
    await context.addCookies([
      { name: LANGUAGE_COOKIE, value: locale, url: suite.server.url },
      ...(sessionToken ? [sessionCookie(suite.server, sessionToken)] : []),
    ])
    return context
  }

  async function assertAccessible(page: Page, what: string): Promise<void> {
    const report = await axeViolations(page)
    assert.equal(report, '', `axe found accessibility violations on ${what}:\n${report}`)
  }

  async function teacherWithProject() {
    const { db } = suite.server
    const teacher = await createPerson(db, { role: 'member', name: 'Günel Əliyeva' })
    const cofounder = await createPerson(db, { role: 'member' })
    const [a, b] = [await createInstitution(db), await createInstitution(db)]
    const project = await createProject(db, {
      title: 'Our river',
      founders: [
        { personId: teacher.id, institutionId: a.id },
        { personId: cofounder.id, institutionId: b.id },
      ],
    })
    // The teacher opened a discussion the pupils answer in (pupils may reply, not start one).
    const now = new Date().toISOString()
    const threadId = newId()
    await db
      .insertInto('forum_threads')
      .values({
        id: threadId,
        project_id: project.id,
        title: 'Our first river walk',
        author_id: teacher.id,
        created_at: now,
        last_post_at: now,
      })
      .execute()
    await db
      .insertInto('forum_posts')
      .values({
        id: newId(),
        thread_id: threadId,
        author_id: teacher.id,
        body: 'What did you find by the river?',
        created_at: now,
        edited_at: null,
      })
      .execute()
    return { teacher, project }
  }

  test('a teacher adds a pupil and prints the card; the pupil signs in with the code', async () => {
    const { teacher, project } = await teacherWithProject()
    const teacherContext = await contextFor('az', teacher.sessionToken)
    const page = await teacherContext.newPage()
    const list = await page.goto(`${suite.server.url}/projects/${project.id}/pupils`)
    assert.equal(list?.status(), 200)
    await page
      .getByRole('heading', { level: 1, name: az('pupils.title_of', { project: 'Our river' }) })
      .waitFor()

    // An email address instead of a pseudonym is refused beside the field, with the summary on top.
    await page.getByLabel(az('pupils.pseudonym'), { exact: true }).fill('aysel@example.org')
    await page.getByRole('button', { name: az('pupils.add_submit') }).click()
    await page.locator('.error-summary').waitFor()
    assert.equal(await page.locator('#field-pseudonym').getAttribute('aria-invalid'), 'true')
    await assertAccessible(page, 'the pupils page with an error [az]')

    await page.getByLabel(az('pupils.pseudonym'), { exact: true }).fill('Aysel')
    await page.getByRole('button', { name: az('pupils.add_submit') }).click()
    await page.getByRole('heading', { level: 1, name: az('pupils.card_title', { name: 'Aysel' }) }).waitFor()
    const code = (await page.locator('.pupil-code').textContent()) ?? ''
    assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/)
    assert.equal(await page.getByText(`${suite.server.url}/sign-in/pupil`).count(), 1)
    await assertAccessible(page, 'the code card [az]')
    // Printed, the page is the card alone.
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('.site-header').isVisible(), false)
    assert.equal(await page.locator('h1').isVisible(), false)
    assert.equal(await page.locator('.pupil-card').isVisible(), true)
    await page.emulateMedia({ media: 'screen' })

    // The list shows the pupil; the delete confirmation is one step away.
    await page.getByRole('link', { name: az('pupils.back_to_list') }).click()
    await page.getByRole('cell', { name: 'Aysel', exact: true }).waitFor()
    await page.getByRole('link', { name: `${az('pupils.delete')} Aysel` }).click()
    await page
      .getByRole('heading', { level: 1, name: az('pupils.delete_title', { name: 'Aysel' }) })
      .waitFor()
    await assertAccessible(page, 'the delete confirmation [az]')
    await teacherContext.close()

    // The pupil: from the sign-in page's link, a wrong code first, then the card's code as a child might type it.
    const pupilContext = await contextFor('az')
    const pupilPage = await pupilContext.newPage()
    await pupilPage.goto(`${suite.server.url}/sign-in`)
    await pupilPage.getByRole('link', { name: az('pupils.sign_in_link') }).click()
    await pupilPage.waitForURL('**/sign-in/pupil')
    await pupilPage.getByLabel(az('pupils.code_label'), { exact: true }).fill('abcde fghjk')
    await pupilPage.getByRole('button', { name: az('pupils.sign_in_submit') }).click()
    await pupilPage.locator('.error-summary').waitFor()
    await assertAccessible(pupilPage, 'the pupil sign-in with an error [az]')
    await pupilPage
      .getByLabel(az('pupils.code_label'), { exact: true })
      .fill(code.toLowerCase().replace('-', ' '))
    await pupilPage.getByRole('button', { name: az('pupils.sign_in_submit') }).click()
    await pupilPage.waitForURL(`**/projects/${project.id}/workspace`)
    // Whatever the workspace shows, the pupil's header leads to their project and nowhere else in the site.
    const account = pupilPage.getByRole('navigation', { name: az('layout.account') })
    await account.getByRole('link', { name: az('pupils.my_project') }).waitFor()
    assert.equal(await pupilPage.getByRole('navigation', { name: az('layout.main_navigation') }).count(), 0)
    // The pupil answers in the project's discussion; the reply is there under their pseudonym.
    await pupilPage.getByRole('link', { name: 'Our first river walk' }).click()
    await pupilPage
      .getByLabel(az('workspace.forum.reply'), { exact: true })
      .fill('Three kinds of stones and a frog.')
    await pupilPage.getByRole('button', { name: az('workspace.forum.send') }).click()
    await pupilPage.getByText('Three kinds of stones and a frog.').waitFor()
    assert.ok((await pupilPage.locator('main').textContent())?.includes('Aysel'))
    await assertAccessible(pupilPage, "a discussion with the pupil's reply [az]")
    // Their profile: the pseudonym, the personal-data download, no placeholder address and nothing to edit.
    await account.getByRole('link', { name: 'Aysel' }).click()
    await pupilPage.waitForURL('**/profile')
    await pupilPage.getByRole('link', { name: az('personal_data.download') }).waitFor()
    assert.equal(await pupilPage.getByText('pupils.invalid').count(), 0)
    assert.equal(await pupilPage.locator('form[action="/profile"]').count(), 0)
    await assertAccessible(pupilPage, "a pupil's profile [az]")
    await pupilContext.close()
  })

  test('the card fits a 375 px phone screen in Russian', async () => {
    const { teacher, project } = await teacherWithProject()
    const context = await contextFor('ru', teacher.sessionToken, 375)
    const page = await context.newPage()
    await page.goto(`${suite.server.url}/projects/${project.id}/pupils`)
    await page.getByLabel(ru('pupils.pseudonym'), { exact: true }).fill('Камиль')
    await page.getByRole('button', { name: ru('pupils.add_submit') }).click()
    await page.getByRole('heading', { level: 1, name: ru('pupils.card_title', { name: 'Камиль' }) }).waitFor()
    assert.equal(await horizontalOverflow(page), 0)
    await assertAccessible(page, 'the code card [ru, 375 px]')
    await context.close()
  })
})
