import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import { invalidateStats } from '../../src/modules/stats/service.ts'
import { createInstitution, createPerson } from '../helpers/factories.ts'
import { createProject } from '../helpers/projects.ts'
import { axeViolations, browserSuite, newContext, sessionCookie } from './support.ts'

describe('statistics in the browser', () => {
  const suite = browserSuite()

  test('a coordinator enters published figures; a visitor reads charts whose numbers match the CSV; axe is clean', async () => {
    const { server, browser } = suite
    const teacher = await createPerson(server.db, { role: 'member' })
    for (const type of ['school', 'school', 'university'] as const) {
      const institution = await createInstitution(server.db, { type })
      await createProject(server.db, { founders: [{ personId: teacher.id, institutionId: institution.id }] })
    }
    invalidateStats(server.db)

    // The coordinator: a wrong month first (the form says so, axe-clean), then the two published dates.
    const coordinator = await createPerson(server.db, { role: 'coordinator' })
    const staff = await newContext(browser, { bypassCSP: true })
    await staff.addCookies([
      sessionCookie(server, coordinator.sessionToken),
      { name: LANGUAGE_COOKIE, value: 'en', url: server.url },
    ])
    const page = await staff.newPage()
    await page.goto(`${server.url}/statistics/entered`)
    await page.getByLabel('Month').fill('2016/09')
    await page.getByLabel('Teachers').fill('3,765')
    await page.getByRole('button', { name: 'Save the figures' }).click()
    await page.getByText('Enter the month as YYYY-MM').first().waitFor()
    assert.equal(await page.getByLabel('Teachers').inputValue(), '3,765')
    assert.equal(await axeViolations(page), '')
    for (const [month, teachers, schools, projects] of [
      ['2016-09', '3,765', '1,027', '4,017'],
      ['2018-09', '4,308', '1,141', '5,103'],
    ]) {
      await page.getByLabel('Month').fill(month ?? '')
      await page.getByLabel('Teachers').fill(teachers ?? '')
      await page.getByLabel('Schools').fill(schools ?? '')
      await page.getByLabel('Projects').fill(projects ?? '')
      await page.getByRole('button', { name: 'Save the figures' }).click()
      await page.getByRole('row', { name: new RegExp(month ?? '') }).waitFor()
    }
    await staff.close()

    // The visitor.
    const context = await newContext(browser, { bypassCSP: true })
    await context.addCookies([{ name: LANGUAGE_COOKIE, value: 'en', url: server.url }])
    const visitor = await context.newPage()
    await visitor.goto(`${server.url}/`)
    assert.equal(await axeViolations(visitor), '')
    await visitor.getByRole('link', { name: 'All statistics, with charts and open data' }).click()
    await visitor.getByRole('heading', { name: 'Statistics', level: 1 }).waitFor()
    assert.equal(await axeViolations(visitor), '')
    assert.ok((await visitor.locator('.chart svg').count()) >= 5)

    // The type table, the chart's numbers, against the CSV download.
    const table = visitor.getByRole('table', { name: 'Institutions by type' })
    const shown = new Map<string, string>()
    for (const row of await table.locator('tbody tr').all()) {
      shown.set((await row.locator('th').innerText()).trim(), (await row.locator('td').innerText()).trim())
    }
    assert.deepEqual(Object.fromEntries(shown), { School: '2', University: '1' })
    const csv = await (
      await visitor.request.get(`${server.url}/api/v1/stats/institutions-by-type?format=csv`)
    ).text()
    const rows = parse(csv, { columns: true, comment: '#' }) as Array<Record<string, string>>
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.name, r.institutions])), Object.fromEntries(shown))
    // The entered months, marked in words.
    const history = visitor.getByRole('table', { name: 'Teachers, schools and projects over time' })
    assert.match(
      await history.getByRole('row', { name: /2016-09/ }).innerText(),
      /3,765 \(entered, not computed\)/,
    )
    assert.match(
      await history.getByRole('row', { name: /2018-09/ }).innerText(),
      /5,103 \(entered, not computed\)/,
    )
    await context.close()
  })
})
