import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { newId } from '../../db/ids.ts'
import { audit } from '../../platform/audit.ts'

eachDatabase('admin: audit log', (h) => {
  test('a visitor is sent to sign in, and comes back to the audit log afterwards', async () => {
    const response = await (await h().client()).get('/admin/audit')
    assert.equal(response.status, 303)
    assert.equal(response.headers.location, '/sign-in?next=%2Fadmin%2Faudit')
  })

  test('members, coordinators and other roles are refused (403)', async () => {
    for (const role of [
      'registered',
      'member',
      'pupil',
      'institution_admin',
      'editor',
      'coordinator',
    ] as const) {
      const response = await (await h().client(await h().person({ role }))).get('/admin/audit')
      assert.equal(response.status, 403, role)
      assert.doesNotMatch(response.body, /<table/, `${role} sees no entries`)
    }
  })

  test('a platform administrator sees the entries, newest first, with the actor name', async () => {
    const admin = await h().person({ role: 'platform_admin', name: 'Aygün Admin' })
    const subjectId = newId()
    await audit(h().db, {
      actorId: admin.id,
      action: 'role.grant',
      subjectType: 'person',
      subjectId,
      details: { role: 'coordinator' },
    })
    // A later millisecond, so that "newest" is decided by the time and not by the id's random part.
    await new Promise((resolve) => setTimeout(resolve, 5))
    await audit(h().db, { actorId: null, action: 'system.cleanup', subjectType: 'sessions' })
    const response = await (await h().client(admin)).get('/admin/audit')
    assert.equal(response.status, 200)
    assert.match(response.body, /<h1>Audit log<\/h1>/)
    assert.match(response.body, /<code>role\.grant<\/code>/)
    assert.ok(response.body.includes(subjectId), 'shows the subject')
    assert.match(response.body, /Aygün Admin/)
    assert.ok(
      response.body.indexOf('system.cleanup') < response.body.indexOf('role.grant'),
      'the newest entry comes first',
    )
  })

  test('pages of 50 follow each other without gaps or repeats', async () => {
    const admin = await h().person({ role: 'platform_admin' })
    const client = await h().client(admin)
    for (let i = 0; i < 60; i++) {
      await audit(h().db, {
        actorId: admin.id,
        action: `paging.step_${String(i).padStart(2, '0')}`,
        subjectType: 'test',
      })
    }
    const seen: string[] = []
    let url: string | undefined = '/admin/audit'
    let pages = 0
    while (url && pages < 5) {
      const response = await client.get(url)
      assert.equal(response.status, 200, url)
      seen.push(...[...response.body.matchAll(/<code>(paging\.step_\d+)<\/code>/g)].map((m) => m[1] ?? ''))
      url = response.body.match(/<a href="(\/admin\/audit\?before=[^"]+)" rel="next">/)?.[1]
      pages++
    }
    assert.ok(pages >= 2, 'more than one page')
    assert.equal(seen.length, 60)
    assert.equal(new Set(seen).size, 60, 'no entry twice')
  })

  test('a bad `before` cursor is a 400 page, not an error', async () => {
    const client = await h().client(await h().person({ role: 'platform_admin' }))
    for (const before of [
      'garbage',
      '1_abc',
      `2024-01-01T00:00:00.000Z_not-an-id`,
      `2024-02-31T00:00:00.000Z_${newId()}`,
      `2024-01-01T00:00:00.000Z_${newId()}_extra`,
      `2024-01-01T00:00:00.000Z_${newId().slice(0, 35)}\u0000`,
      `Tuesday, March 1 2022_${newId()}`,
    ]) {
      const response = await client.get(`/admin/audit?before=${encodeURIComponent(before)}`)
      assert.equal(response.status, 400, `before=${JSON.stringify(before)}`)
      assert.match(response.body, /This page link is not valid; start from the first page/)
    }
    const valid = await client.get(
      `/admin/audit?before=${encodeURIComponent(`2999-01-01T00:00:00.000Z_${newId()}`)}`,
    )
    assert.equal(valid.status, 200)
  })
})
