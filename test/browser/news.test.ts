import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { BrowserContext } from 'playwright-core'
import { LANGUAGE_COOKIE } from '../../src/app.ts'
import { createEvent } from '../helpers/events.ts'
import { createPerson } from '../helpers/factories.ts'
import { axeViolations, browserSuite, newContext, sessionCookie } from './support.ts'

describe('news in the browser', () => {
  const suite = browserSuite()

  const contextFor = async (locale: 'az' | 'en' | 'ru', sessionToken?: string): Promise<BrowserContext> => {
    const { server, browser } = suite
    const context = await newContext(browser, { bypassCSP: true })
    await context.addCookies([
      { name: LANGUAGE_COOKIE, value: locale, url: server.url },
      ...(sessionToken ? [sessionCookie(server, sessionToken)] : []),
    ])
    return context
  }

  test('an editor writes in two languages about an event, a coordinator publishes, a visitor reads it in the third (fallback shown), in the feed and the search; axe is clean', async () => {
    const { server } = suite
    const event = await createEvent(server.db, { title: 'Regional conference in Ganja' })
    const editor = await createPerson(server.db, { role: 'editor' })
    const coordinator = await createPerson(server.db, { role: 'coordinator' })

    const writing = await (await contextFor('en', editor.sessionToken)).newPage()
    await writing.goto(`${server.url}/newsroom/new`)
    await writing.getByLabel('Title (AZ)').fill('Gəncədə müəllim konfransı')
    await writing.getByLabel('Title (EN)').fill('Teachers’ conference in Ganja')
    await writing.getByLabel('Lead (EN)').fill('Three days of workshops and new partnerships.')
    await writing.getByLabel('Text (EN)').fill('<p>Teachers from every region met.</p>')
    await writing.getByLabel('Text (AZ)').fill('<p>Bütün regionlardan müəllimlər görüşdü.</p>')
    await writing.getByLabel('Tags', { exact: true }).fill('conference, ganja')
    await writing.getByLabel('What the article is about').fill(`/events/${event.slug}`)
    await writing.getByRole('button', { name: 'Save as draft' }).click()
    await writing.getByRole('heading', { name: 'Teachers’ conference in Ganja', level: 1 }).waitFor()
    const articleUrl = writing.url().split('?')[0] ?? ''
    await writing.getByRole('button', { name: 'Submit for review' }).click()
    await writing.getByText('The article is submitted for review.').waitFor()
    assert.equal(await writing.getByRole('button', { name: 'Publish' }).count(), 0)

    const publishing = await (await contextFor('en', coordinator.sessionToken)).newPage()
    await publishing.goto(articleUrl)
    await publishing.getByRole('button', { name: 'Publish' }).click()
    await publishing.getByText('The article is published (or scheduled).').waitFor()

    const reading = await (await contextFor('ru')).newPage()
    await reading.goto(articleUrl)
    await reading.getByText('Эта статья недоступна на русском.').waitFor()
    const heading = reading.getByRole('heading', { level: 1 })
    assert.match(
      (await heading.textContent()) ?? '',
      /Gəncədə müəllim konfransı|Teachers’ conference in Ganja/,
    )
    assert.ok(['az', 'en'].includes((await heading.getAttribute('lang')) ?? ''))
    await reading.getByRole('link', { name: 'Regional conference in Ganja' }).waitFor()
    assert.equal(await axeViolations(reading), '')

    await reading.goto(`${server.url}/news`)
    await reading
      .getByRole('link', { name: /Gəncədə müəllim konfransı|Teachers’ conference in Ganja/ })
      .waitFor()
    assert.equal(await axeViolations(reading), '')

    const feed = await reading.request.get(`${server.url}/news/feed/ru`)
    assert.match(feed.headers()['content-type'] ?? '', /application\/atom\+xml/)
    assert.match(
      await feed.text(),
      new RegExp(`<link rel="alternate" type="text/html" href="[^"]*${new URL(articleUrl).pathname}"/>`),
    )

    await reading.goto(`${server.url}/search?q=${encodeURIComponent('Ganja')}`)
    await reading
      .locator(`a[href="${new URL(articleUrl).pathname}"]`)
      .first()
      .waitFor()
  })
})
