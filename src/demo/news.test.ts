import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEvent } from '../../test/helpers/events.ts'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { seedNews } from './news.ts'

eachDatabase('demo news', (h) => {
  test('articles about the demo events in two or three languages: published, scheduled and one in review', async () => {
    const events = {
      regionalConference: await createEvent(h().db, { title: 'Ganja conference' }),
      vetSeminar: await createEvent(h().db, { title: 'VET seminar' }),
      onlineConference: await createEvent(h().db, { title: 'Online conference' }),
      draftWebinar: await createEvent(h().db, { title: 'Webinar', status: 'draft' }),
    }
    await h().person({ role: 'editor', email: 'editor@demo.korpu.az' })
    await seedNews(h().db, undefined, events)

    const visitor = await h().client()
    const list = (await visitor.get('/news')).body
    assert.match(list, /Teachers from every region met in Ganja/)
    assert.match(list, /VET networking seminar open for registration/)
    // Scheduled for later and in review: not public yet.
    assert.doesNotMatch(list, /University alliance meets online/)
    assert.doesNotMatch(list, /Safe internet for pupils/)
    // Written in Azerbaijani and English only: a Russian reader gets the English text and is told so.
    const ru = await h().client()
    ru.setCookie('korpu_lang', 'ru')
    const vet = (await ru.get('/news/vet-networking-seminar-open-for-registration')).body
    assert.match(vet, /Эта статья недоступна на русском/)
    const member = await h().client(await h().person({ role: 'member' }))
    assert.match(
      (await member.get(`/events/${events.regionalConference.slug}`)).body,
      /Teachers from every region met in Ganja/,
    )
  })
})
