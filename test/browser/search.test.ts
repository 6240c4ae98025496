import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import { seedResources } from '../../src/demo/resources.ts'
import { rebuildSearch } from '../../src/modules/search/service.ts'
import { createInstitution, createPerson } from '../helpers/factories.ts'
import { axeViolations, browserSuite, newContext, sessionCookie } from './support.ts'

describe('site search and resources in the browser', () => {
  const suite = browserSuite()

  test('a visitor searches from the header and downloads a brochure; members-only resources stay hidden from them; axe is clean', async () => {
    const { server, browser } = suite
    await createInstitution(server.db, { name: 'Gəncə Application Lyceum', city: 'Ganja' })
    await seedResources(server.db, server.app.deps.storage)
    await rebuildSearch(server.db)

    const context = await newContext(browser, { bypassCSP: true })
    await context.addCookies([{ name: LANGUAGE_COOKIE, value: 'en', url: server.url }])
    const page = await context.newPage()
    await page.goto(`${server.url}/`)
    await page.getByRole('searchbox', { name: 'Search the portal' }).fill('application')
    await page.getByRole('button', { name: 'Search', exact: true }).first().press('Enter')
    await page.getByRole('heading', { name: 'Search', level: 1 }).waitFor()
    await page.getByRole('heading', { name: /Resources/, level: 3 }).waitFor()
    await page.getByRole('link', { name: 'School project application form' }).waitFor()
    await page.getByRole('link', { name: 'Gəncə Application Lyceum' }).waitFor()
    assert.equal(await page.getByText('Erasmus+ capacity building: application guide').count(), 0)
    assert.equal(await axeViolations(page), '')

    await page.getByRole('link', { name: 'School project application form' }).click()
    await page.getByRole('heading', { name: 'School project application form', level: 1 }).waitFor()
    assert.equal(await axeViolations(page), '')
    const download = await page.request.get(
      `${server.url}/resources/school-project-application-form/download`,
    )
    assert.equal(download.headers()['content-type'], 'application/pdf')
    assert.ok((await download.body()).subarray(0, 5).toString() === '%PDF-')

    await page.goto(`${server.url}/resources`)
    assert.equal(await page.getByText('Erasmus+ capacity building: application guide').count(), 0)
    assert.equal(await axeViolations(page), '')
    await context.close()

    // A member finds the members' guide too.
    const member = await createPerson(server.db, { role: 'member' })
    const signedIn = await newContext(browser, { bypassCSP: true })
    await signedIn.addCookies([
      sessionCookie(server, member.sessionToken),
      { name: LANGUAGE_COOKIE, value: 'en', url: server.url },
    ])
    const memberPage = await signedIn.newPage()
    await memberPage.goto(`${server.url}/search?q=application`)
    await memberPage.getByRole('link', { name: 'Erasmus+ capacity building: application guide' }).waitFor()
    assert.equal(await axeViolations(memberPage), '')
    await signedIn.close()
  })
})
