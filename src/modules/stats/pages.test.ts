import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { invalidateStats } from './service.ts'

eachDatabase('home and statistics pages kept for visitors', (h) => {
  test('a visitor gets the kept page; signed-in people never; new figures drop it', async () => {
    invalidateStats(h().db)
    const visitor = await h().client()
    for (const path of ['/', '/statistics']) {
      const first = await visitor.get(path)
      assert.equal(first.status, 200)
      assert.equal(first.headers['x-page-cache'], undefined, `${path}: rendered the first time`)
      const second = await visitor.get(path)
      assert.equal(second.headers['x-page-cache'], 'hit', `${path}: kept for the next visitor`)
      assert.equal(second.body, first.body)
    }
    // Each language is its own page.
    visitor.setCookie('korpu_lang', 'ru')
    const russian = await visitor.get('/')
    assert.equal(russian.headers['x-page-cache'], undefined)
    assert.match(russian.body, /<html lang="ru"/)

    const member = await h().client(await h().person({ role: 'member' }))
    const own = await member.get('/')
    assert.equal(
      own.headers['x-page-cache'],
      undefined,
      'a signed-in page carries its person: never kept or served',
    )
    assert.match(own.body, /Test member/)

    // New figures (any write through the app, or entered figures) drop the kept pages with them.
    const before = (await visitor.get('/statistics')).body
    await createInstitution(h().db, { name: 'Freshly Counted School' })
    invalidateStats(h().db)
    const after = await visitor.get('/statistics')
    assert.equal(after.headers['x-page-cache'], undefined)
    assert.notEqual(after.body, before)
  })
})
