import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { translator } from '../../src/platform/i18n.ts'
import { createPerson, totpCode } from '../helpers/factories.ts'
import { axeViolations, browserSuite, guideScreenshot, newContext, submitSignIn } from './support.ts'

const az = translator('az')

describe('two-step verification in a real browser', () => {
  const suite = browserSuite()

  test('a coordinator is led to enrol at sign-in, scans (types) the key, then signs in with a code', async () => {
    const coordinator = await createPerson(suite.server.db, {
      role: 'coordinator',
      name: 'Nərmin Qasımova',
      secondFactor: false,
    })
    // CSP is bypassed for axe's injected script only.
    const context = await newContext(suite.browser, { bypassCSP: true })
    const page = await context.newPage()

    // 1. Password first: a coordinator without a second factor is sent to set it up before the review queue.
    await page.goto(`${suite.server.url}/sign-in?next=/review/applications`)
    await submitSignIn(page, coordinator.email, coordinator.password)
    await page.waitForURL('**/profile/second-factor?next=*')
    await page.getByRole('heading', { level: 1, name: az('second_factor.title') }).waitFor()
    await page.getByText(az('second_factor.required_notice')).waitFor()
    assert.equal(
      await page
        .getByRole('img', { name: az('second_factor.qr_label') })
        .locator('svg')
        .count(),
      1,
    )
    assert.equal(await axeViolations(page), '')
    await guideScreenshot(page, 'second-factor-enrol')

    // 2. The key as the app would read it from the QR code; a wrong code first, then the app's code.
    const key = (await page.locator('#second-factor-key').textContent()) ?? ''
    assert.match(key, /^[A-Z2-7]{32}$/)
    const codeField = page.getByLabel(az('second_factor.code'), { exact: true })
    await codeField.fill(totpCode(key) === '000000' ? '111111' : '000000')
    await page.getByRole('button', { name: az('second_factor.enrol_submit') }).click()
    await page.getByRole('alert').getByText(az('second_factor.code_wrong')).waitFor()
    assert.equal(await codeField.inputValue(), '', 'a code is never typed back into the page')
    await codeField.fill(totpCode(key))
    await page.getByRole('button', { name: az('second_factor.enrol_submit') }).click()
    await page.getByRole('heading', { level: 1, name: az('second_factor.enrolled_title') }).waitFor()
    assert.equal(await page.locator('.recovery-codes li').count(), 10)
    assert.equal(await axeViolations(page), '')
    await page.getByRole('link', { name: az('second_factor.continue') }).click()
    await page.waitForURL('**/review/applications')

    // 3. Signing out and in again: after the password, the code page; the app's next code opens the queue.
    await page.getByRole('button', { name: az('nav.sign_out') }).click()
    await page.waitForURL(`${suite.server.url}/`)
    await page.goto(`${suite.server.url}/sign-in?next=/review/applications`)
    await submitSignIn(page, coordinator.email, coordinator.password)
    await page.waitForURL('**/sign-in/code?next=*')
    await page.getByRole('heading', { level: 1, name: az('second_factor.sign_in_title') }).waitFor()
    assert.equal(await axeViolations(page), '')
    await page.getByLabel(az('second_factor.code'), { exact: true }).fill(totpCode(key, Date.now() + 30_000))
    await page.getByRole('button', { name: az('second_factor.sign_in_submit') }).click()
    await page.waitForURL('**/review/applications')

    // 4. The sessions page lists this browser, marked as the current session.
    await page.goto(`${suite.server.url}/profile/sessions`)
    await page.getByRole('heading', { level: 1, name: az('sessions.title') }).waitFor()
    await page
      .getByRole('cell', { name: /Chrome · Linux/ })
      .first()
      .waitFor()
    await page.getByText(az('sessions.this_one')).waitFor()
    assert.equal(await axeViolations(page), '')
    await context.close()
  })
})
