import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import { LOCALES, type Locale } from '../../src/config.ts'
import { translator } from '../../src/platform/i18n.ts'
import { createPerson } from '../helpers/factories.ts'
import { axeViolations, browserSuite, horizontalOverflow, newContext, sessionCookie } from './support.ts'

/** The pages every visitor meets first, and the signed-in profile, checked with axe in each language. */
describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  const suite = browserSuite()

  /** A context in the given language; signed in when `sessionToken` is given. CSP is bypassed for axe only. */
  async function contextFor(
    locale: Locale,
    options: { sessionToken?: string; width?: number } = {},
  ): Promise<BrowserContext> {
    const context = await newContext(suite.browser, {
      bypassCSP: true,
      locale,
      viewport: { width: options.width ?? 1280, height: 800 },
    })
    const cookies: Array<{ name: string; value: string; url: string }> = [
      { name: LANGUAGE_COOKIE, value: locale, url: suite.server.url },
    ]
    if (options.sessionToken) {
      cookies.push(sessionCookie(suite.server, options.sessionToken))
    }
    await context.addCookies(cookies)
    return context
  }

  async function open(page: Page, path: string, locale: Locale): Promise<void> {
    const response = await page.goto(`${suite.server.url}${path}`)
    assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`)
    assert.equal(await page.locator('html').getAttribute('lang'), locale)
  }

  /** Submits the registration form empty, so every field shows its message. */
  async function registrationWithErrors(page: Page, locale: Locale): Promise<void> {
    await open(page, '/register', locale)
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/register')),
      page.getByRole('button', { name: translator(locale)('accounts.register_submit') }).click(),
    ])
    assert.equal(response.status(), 400)
    await page.waitForLoadState('domcontentloaded')
    assert.equal(await page.locator('.error-message').count(), 3)
  }

  async function assertNoViolations(page: Page, what: string): Promise<void> {
    const report = await axeViolations(page)
    assert.equal(report, '', `axe found accessibility violations on ${what}:\n${report}`)
  }

  for (const locale of LOCALES) {
    describe(`in ${locale}`, () => {
      for (const path of ['/', '/sign-in', '/register']) {
        test(`${path} has no violations`, async () => {
          const context = await contextFor(locale)
          const page = await context.newPage()
          await open(page, path, locale)
          await assertNoViolations(page, `${path} [${locale}]`)
          await context.close()
        })
      }

      test('/register with validation errors has no violations', async () => {
        const context = await contextFor(locale)
        const page = await context.newPage()
        await registrationWithErrors(page, locale)
        await assertNoViolations(page, `/register with errors [${locale}]`)
        await context.close()
      })

      test('/profile (signed in) has no violations', async () => {
        const person = await createPerson(suite.server.db, { role: 'member', locale })
        const context = await contextFor(locale, { sessionToken: person.sessionToken })
        const page = await context.newPage()
        await open(page, '/profile', locale)
        await page
          .getByRole('heading', { level: 1, name: translator(locale)('accounts.profile_title') })
          .waitFor()
        await assertNoViolations(page, `/profile [${locale}]`)
        // The home page changes for a signed-in person (account menu, no call to join).
        await open(page, '/', locale)
        await assertNoViolations(page, `/ signed in [${locale}]`)
        await context.close()
      })

      test('a 375 px wide phone screen needs no horizontal scrolling', async () => {
        const person = await createPerson(suite.server.db, { role: 'member', locale })
        const visitor = await contextFor(locale, { width: 375 })
        const page = await visitor.newPage()
        await open(page, '/', locale)
        assert.equal(await horizontalOverflow(page), 0, `home [${locale}] scrolls sideways`)
        await registrationWithErrors(page, locale)
        assert.equal(await horizontalOverflow(page), 0, `registration errors [${locale}] scroll sideways`)
        await visitor.close()

        const member = await contextFor(locale, { width: 375, sessionToken: person.sessionToken })
        const profile = await member.newPage()
        await open(profile, '/profile', locale)
        assert.equal(await horizontalOverflow(profile), 0, `profile [${locale}] scrolls sideways`)
        await member.close()
      })
    })
  }
})
