import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import { sendDigests } from '../../src/modules/notifications/digest.ts'
import { nextDigestAt } from '../../src/modules/notifications/digest-time.ts'
import { notify } from '../../src/modules/notifications/service.ts'
import { translator } from '../../src/platform/i18n.ts'
import { createPerson } from '../helpers/factories.ts'
import { waitForMail } from '../helpers/server.ts'
import { axeViolations, browserSuite, guideScreenshot, newContext, sessionCookie } from './support.ts'

const en = translator('en')

/**
 * A member goes from the notification centre to the email settings and takes project news by daily digest; the
 * digest arrives through the real SMTP server; its unsubscribe link, opened in a browser that is not signed in,
 * asks before it changes anything and then turns the mail off. Both pages are checked with axe.
 */
describe('email notification settings in a real browser', () => {
  const suite = browserSuite()

  async function assertAccessible(page: Page, what: string): Promise<void> {
    const report = await axeViolations(page)
    assert.equal(report, '', `axe found accessibility violations on ${what}:\n${report}`)
  }

  test('a member chooses the daily digest, receives it, and unsubscribes from its link', async () => {
    const { db, url, config, mail } = suite.server
    const member = await createPerson(db, { role: 'member', name: 'Aysel Quliyeva', locale: 'en' })
    const context = await newContext(suite.browser, { bypassCSP: true, locale: 'en' })
    await context.addCookies([
      { name: LANGUAGE_COOKIE, value: 'en', url },
      sessionCookie(suite.server, member.sessionToken),
    ])
    const page = await context.newPage()
    await page.goto(`${url}/notifications`)
    await page.getByRole('link', { name: en('notification_settings.title') }).click()
    await page.getByRole('heading', { level: 1, name: en('notification_settings.title') }).waitFor()
    await page
      .getByRole('group', { name: en('notification_settings.topics.projects.label') })
      .getByRole('radio', { name: en('notification_settings.modes.digest') })
      .check()
    await page.getByRole('button', { name: en('notification_settings.save') }).click()
    await page.getByText(en('notification_settings.saved')).waitFor()
    await assertAccessible(page, 'the email settings page')
    await guideScreenshot(page, 'member-notification-settings')

    // A project notification waits for the next morning's digest, which the job then sends.
    const morning = nextDigestAt(new Date(), config.timeZone)
    await db.transaction().execute((trx) =>
      notify(
        trx,
        config,
        {
          personId: member.id,
          kind: 'project.approved',
          title: { key: 'notification_settings.topics.projects.label' },
          body: { key: 'notification_settings.topics.projects.hint' },
          link: '/projects/mine',
        },
        new Date(morning.getTime() - 3_600_000),
      ),
    )
    assert.equal(await sendDigests(db, config, new Date(morning.getTime() + 60_000)), 1)
    const digest = await waitForMail(mail, member.email, suite.server.drain)
    assert.match(digest.subject, /daily digest \(1\)/)
    assert.match(digest.text, /\/projects\/mine/)

    // The digest's unsubscribe link, in a browser that is not signed in.
    const link = mail.linkTo(member.email, '/unsubscribe/')
    const visitor = await (await newContext(suite.browser, { bypassCSP: true, locale: 'en' })).newPage()
    await visitor.goto(link)
    await visitor
      .getByRole('heading', { level: 1, name: en('notification_settings.unsubscribe.title') })
      .waitFor()
    await assertAccessible(visitor, 'the unsubscribe page')
    await guideScreenshot(visitor, 'member-unsubscribe')
    await visitor.getByRole('button', { name: en('notification_settings.unsubscribe.button') }).click()
    await visitor
      .getByRole('heading', { level: 1, name: en('notification_settings.unsubscribe.done_title') })
      .waitFor()
    const modes = await db
      .selectFrom('notification_preferences')
      .select('mode')
      .where('person_id', '=', member.id)
      .execute()
    assert.ok(modes.length > 0 && modes.every((m) => m.mode === 'off'))
    await context.close()
  })
})
