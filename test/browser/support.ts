import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { after, before } from 'node:test'
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core'
import { sessionCookieName } from '../../src/app.ts'
import { translator } from '../../src/platform/i18n.ts'
import { startServer, type TestServer } from '../helpers/server.ts'

/** Debian's Chromium, never a downloaded browser; flags keep it quiet and offline apart from the test server. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A fresh browser profile; `locale` sets Accept-Language, so the first page is in that language. */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: 'az-AZ', viewport: { width: 1280, height: 800 }, ...options })
}

export interface BrowserSuite {
  server: TestServer
  browser: Browser
}

/**
 * A test server and a browser for the enclosing describe block: started before its tests, stopped after them.
 * Read `server` and `browser` from the returned object inside the tests, once they have started.
 */
export function browserSuite(): BrowserSuite {
  const suite = {} as BrowserSuite
  before(async () => {
    suite.server = await startServer()
    suite.browser = await launchBrowser()
  })
  after(async () => {
    await suite.browser?.close()
    await suite.server?.stop()
  })
  return suite
}

/** The cookie that signs a browser context in with a session token (skipping the sign-in form). */
export function sessionCookie(
  server: TestServer,
  sessionToken: string,
): { name: string; value: string; url: string } {
  return { name: sessionCookieName(server.config), value: sessionToken, url: server.url }
}

/** Fills the Azerbaijani sign-in form already on the page and submits it. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  const az = translator('az')
  await page.getByLabel(az('accounts.email'), { exact: true }).fill(email)
  await page.getByLabel(az('accounts.password'), { exact: true }).fill(password)
  await page.getByRole('button', { name: az('accounts.sign_in_submit') }).click()
}

const GUIDE_SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/guide/screenshots')

/**
 * Saves what the page shows as docs/guide/screenshots/NAME.png for the guides, when KORPU_GUIDE_SCREENSHOTS is
 * set: the guides' pictures are of the real pages, refreshed by running the browser tests with it (not on every
 * run, which would rewrite the images in the working tree each time).
 */
export async function guideScreenshot(page: Page, name: string): Promise<void> {
  if (!process.env.KORPU_GUIDE_SCREENSHOTS) return
  fs.mkdirSync(GUIDE_SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: path.join(GUIDE_SCREENSHOTS, `${name}.png`) })
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeViolation {
  id: string
  impact?: string | null
  help: string
  helpUrl: string
  nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is and returns a readable list of violations,
 * empty when there are none. The page's context must have been created with `bypassCSP: true`: the site's
 * Content-Security-Policy (script-src 'self') would otherwise refuse the injected script.
 */
export async function axeViolations(page: Page): Promise<string> {
  await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    const { axe } = globalThis as unknown as {
      axe: { run(options: unknown): Promise<{ violations: AxeViolation[] }> }
    }
    const results = await axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }))
  })
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact ?? 'n/a'}): ${v.help} <${v.helpUrl}>\n` +
        v.nodes
          .map((n) => `    at ${JSON.stringify(n.target)}: ${n.html}\n      ${n.failureSummary ?? ''}`)
          .join('\n'),
    )
    .join('\n')
}

/** How many CSS pixels the page is wider than its viewport (0: no horizontal scrolling). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')
}
