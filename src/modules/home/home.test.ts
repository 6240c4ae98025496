import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { invalidateStats } from '../stats/service.ts'

eachDatabase('home page', (h) => {
  test('shows live counters computed from the data', async () => {
    const client = await h().client()
    const before = await client.get('/')
    assert.equal(before.status, 200)
    assert.match(before.body, /<span class="counter-value">0<\/span>/)
    await h().person({ role: 'member' })
    await h().person({ role: 'registered' })
    // The factory writes behind the app's back; a change made through the app forgets the counted figures itself.
    invalidateStats(h().db)
    const after = await client.get('/')
    // One validated member; the registration that is not validated yet is not counted.
    assert.match(
      after.body,
      /<span class="counter-value">1<\/span><span class="counter-label">validated member<\/span>/,
    )
  })

  test('a registered person who is not validated yet is shown the way to apply', async () => {
    const registered = await h().client(await h().person({ role: 'registered' }))
    assert.match((await registered.get('/')).body, /href="\/application"/)
    assert.match(
      (await registered.get('/profile')).body,
      /Apply to join so that a national coordinator can validate you/,
    )
    const member = await h().client(await h().person({ role: 'member' }))
    assert.doesNotMatch((await member.get('/')).body, /Apply to join so that/)
  })

  test('the language switch sets the page language and returns to the page', async () => {
    const client = await h().client()
    const switched = await client.get('/language/ru?next=%2Fevents')
    assert.equal(switched.status, 303)
    assert.equal(switched.headers.location, '/events')
    const page = await client.get('/events')
    assert.match(page.body, /<html lang="ru">/)
    assert.match(page.body, /Мероприятия/)
  })

  test('the language switch refuses an unknown language and never redirects off-site', async () => {
    const client = await h().client()
    assert.equal((await client.get('/language/de')).status, 400)
    const offsite = await client.get('/language/en?next=%2F%2Fevil.example')
    assert.equal(offsite.headers.location, '/')
  })

  test('Accept-Language picks the page language when no choice was made', async () => {
    const client = await h().client()
    const page = await client.get('/', { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' })
    assert.match(page.body, /<html lang="ru">/)
  })
})
