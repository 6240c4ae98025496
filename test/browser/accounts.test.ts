import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { translator } from '../../src/platform/i18n.ts'
import { waitForMail } from '../helpers/server.ts'
import { browserSuite, newContext, submitSignIn } from './support.ts'

const az = translator('az')
const en = translator('en')
const ru = translator('ru')

describe('accounts in a real browser', () => {
  const suite = browserSuite()

  test('register, confirm the email, sign in, switch language and sign out', async () => {
    const context = await newContext(suite.browser)
    const page = await context.newPage()
    const email = 'leyla.mammadova@example.org'
    const password = 'river lantern copper meadow'

    // The browser asks for Azerbaijani (Accept-Language), so the site starts in it.
    await page.goto(`${suite.server.url}/`)
    assert.equal(await page.locator('html').getAttribute('lang'), 'az')
    await page
      .getByRole('navigation', { name: az('layout.account') })
      .getByRole('link', { name: az('nav.register') })
      .click()
    await page.waitForURL('**/register')
    await page.getByRole('heading', { level: 1, name: az('accounts.register_title') }).waitFor()

    await page.getByLabel(az('accounts.name'), { exact: true }).fill('Leyla Məmmədova')
    await page.getByLabel(az('accounts.email'), { exact: true }).fill(email)
    await page.getByLabel(az('accounts.password'), { exact: true }).fill(password)
    await page.getByRole('button', { name: az('accounts.register_submit') }).click()
    await page.waitForURL('**/register/sent')
    await page.getByRole('heading', { level: 1, name: az('accounts.check_email_title') }).waitFor()

    // The verification email arrives through the real SMTP server, written in the language the person used.
    const message = await waitForMail(suite.server.mail, email, suite.server.drain)
    assert.equal(message.subject, az('mail.verify.subject'))
    const link = suite.server.mail.linkTo(email, '/verify-email?token=')
    assert.ok(link.startsWith(`${suite.server.url}/verify-email?token=`), link)

    const verified = await page.goto(link)
    assert.equal(verified?.status(), 200)
    await page.getByRole('heading', { level: 1, name: az('accounts.verified_title') }).waitFor()
    await page
      .getByRole('main')
      .getByRole('link', { name: az('nav.sign_in') })
      .click()
    await page.waitForURL('**/sign-in')

    await submitSignIn(page, email, password)
    await page.waitForURL('**/profile')
    await page.getByRole('heading', { level: 1, name: az('accounts.profile_title') }).waitFor()
    assert.equal(await page.getByRole('main').getByText(email).count(), 1)

    // The header's language switch: a link per language, returning to the same page.
    const languages = () => page.getByRole('navigation', { name: /^(Dil|Language|Язык)$/ })
    await languages().getByRole('link', { name: 'English' }).click()
    await page.waitForURL('**/profile')
    assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    await page.getByRole('heading', { level: 1, name: en('accounts.profile_title') }).waitFor()
    await languages().getByRole('link', { name: 'Русский' }).click()
    await page.waitForURL('**/profile')
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru')
    await page.getByRole('heading', { level: 1, name: ru('accounts.profile_title') }).waitFor()
    assert.equal(await page.title(), `${ru('accounts.profile_title')} · ${ru('site.name')}`)

    // Sign out with the header button; the profile then asks to sign in again.
    await page
      .getByRole('navigation', { name: ru('layout.account') })
      .getByRole('button', { name: ru('nav.sign_out') })
      .click()
    await page.waitForURL(`${suite.server.url}/`)
    await page
      .getByRole('navigation', { name: ru('layout.account') })
      .getByRole('link', { name: ru('nav.sign_in') })
      .waitFor()
    await page.goto(`${suite.server.url}/profile`)
    assert.equal(new URL(page.url()).pathname, '/sign-in')
    assert.equal(new URL(page.url()).searchParams.get('next'), '/profile')
    await page.getByRole('heading', { level: 1, name: ru('accounts.sign_in_title') }).waitFor()
    await context.close()
  })

  test('a malformed email address is reported in the summary and at the field, keeping what was typed', async () => {
    const context = await newContext(suite.browser)
    const page = await context.newPage()
    await page.goto(`${suite.server.url}/register`)
    await page.getByLabel(az('accounts.name'), { exact: true }).fill('Rəşad Əliyev')
    await page.getByLabel(az('accounts.email'), { exact: true }).fill('resad.example.org')
    await page.getByLabel(az('accounts.password'), { exact: true }).fill('a long enough passphrase')
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/register')),
      page.getByRole('button', { name: az('accounts.register_submit') }).click(),
    ])
    assert.equal(response.status(), 400)
    await page.waitForLoadState('domcontentloaded')

    const summary = page.getByRole('alert')
    await summary.getByRole('heading', { name: az('forms.error_summary') }).waitFor()
    // The page title says there is an error, and focus starts on the summary (autofocus, no script needed).
    assert.equal(
      await page.title(),
      `${az('forms.error_prefix')} ${az('accounts.register_title')} · ${az('site.name')}`,
    )
    assert.equal(
      await page.evaluate<string>('document.activeElement && document.activeElement.className'),
      'error-summary',
    )
    const summaryLink = summary.getByRole('link', {
      name: `${az('accounts.email')}: ${az('validation.format_email')}`,
    })
    assert.equal(await summaryLink.getAttribute('href'), '#field-email')

    const emailField = page.getByLabel(az('accounts.email'), { exact: true })
    assert.equal(await emailField.getAttribute('aria-invalid'), 'true')
    const describedBy = (await emailField.getAttribute('aria-describedby')) ?? ''
    assert.ok(describedBy.split(' ').includes('field-email-error'), describedBy)
    const fieldMessage = page.locator('#field-email-error')
    assert.match(
      await fieldMessage.innerText(),
      new RegExp(az('validation.format_email').replace('.', '\\.')),
    )

    // What was typed is kept, apart from the password, which is never sent back.
    assert.equal(await page.getByLabel(az('accounts.name'), { exact: true }).inputValue(), 'Rəşad Əliyev')
    assert.equal(await emailField.inputValue(), 'resad.example.org')
    assert.equal(await page.getByLabel(az('accounts.password'), { exact: true }).inputValue(), '')

    // The summary link moves focus to the field it names.
    await summaryLink.click()
    assert.equal(
      await page.evaluate<string>('document.activeElement && document.activeElement.id'),
      'field-email',
    )
    await context.close()
  })
})
