import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { notify } from './service.ts'

eachDatabase('notification centre', (h) => {
  test('a notification keeps the language it was written in, and the page marks it when it differs', async () => {
    const person = await h().person({ role: 'member', locale: 'ru' })
    await h()
      .db.transaction()
      .execute((trx) =>
        notify(trx, h().config, {
          personId: person.id,
          kind: 'test.greeting',
          title: { key: 'notifications.title' },
          body: { key: 'notifications.unread' },
          link: null,
        }),
      )
    const stored = await h()
      .db.selectFrom('notifications')
      .select(['locale', 'title'])
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow()
    assert.equal(stored.locale, 'ru')

    const client = await h().client(person)
    client.setCookie('korpu_lang', 'en')
    const page = await client.get('/notifications')
    assert.equal(page.status, 200)
    assert.match(page.body, /<html lang="en"/)
    assert.match(page.body, new RegExp(`<span lang="ru">${stored.title}</span>`))
    assert.match(page.body, /<p lang="ru">/)

    // Read in the language it was written in, nothing needs marking.
    client.setCookie('korpu_lang', 'ru')
    assert.doesNotMatch((await client.get('/notifications')).body, /<span lang="ru">/)
  })
})
