import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { requireSubjectCodes } from './service.ts'

eachDatabase('subjects taxonomy', (h) => {
  test('the national school subjects and VET specialities are there from the first migration', async () => {
    const client = await h().client()
    const response = await client.get('/api/v1/subjects', { 'accept-language': 'az' })
    assert.equal(response.status, 200)
    const list = response.json<Array<{ code: string; kind: string; name: string }>>()
    assert.ok(list.some((s) => s.code === 'mathematics' && s.kind === 'school' && s.name === 'Riyaziyyat'))
    assert.ok(list.some((s) => s.code === 'welding' && s.kind === 'vet'))
  })

  test('a platform admin adds a subject, renames it and retires it; each change is audited', async () => {
    const admin = await h().client(await h().person({ role: 'platform_admin' }))
    const created = await admin.form('/admin/subjects', {
      code: 'robotics',
      kind: 'vet',
      name_az: 'Robototexnika',
      name_en: 'Robotics',
      name_ru: 'Робототехника',
    })
    assert.equal(created.status, 303)
    const renamed = await admin.form('/admin/subjects/robotics', {
      name_az: 'Robototexnika',
      name_en: 'Robotics and automation',
      name_ru: 'Робототехника',
      retired: 'yes',
    })
    assert.equal(renamed.status, 303)
    const page = await admin.get('/admin/subjects')
    assert.match(page.body, /Robotics and automation/)
    const offered = (await admin.get('/api/v1/subjects')).json<Array<{ code: string }>>()
    assert.ok(!offered.some((s) => s.code === 'robotics'), 'retired subjects are no longer offered')
    const audits = await h()
      .db.selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'subject')
      .execute()
    assert.deepEqual(audits.map((a) => a.action).sort(), ['subject.create', 'subject.update'])
  })

  test('bad input is refused with field messages and the typed values kept', async () => {
    const admin = await h().client(await h().person({ role: 'platform_admin' }))
    const duplicate = await admin.form('/admin/subjects', {
      code: 'mathematics',
      kind: 'school',
      name_az: 'X',
      name_en: 'X',
      name_ru: 'X',
    })
    assert.equal(duplicate.status, 409)
    assert.match(duplicate.body, /A subject with this code already exists/)
    const badCode = await admin.form('/admin/subjects', {
      code: 'Not A Code',
      kind: 'school',
      name_az: 'Ad',
      name_en: 'Name',
      name_ru: 'Имя',
    })
    assert.equal(badCode.status, 400)
    assert.match(badCode.body, /value="Not A Code"/)
    const tooLong = await admin.form('/admin/subjects', {
      code: 'long-name',
      kind: 'school',
      name_az: 'x'.repeat(121),
      name_en: 'y',
      name_ru: 'z',
    })
    assert.equal(tooLong.status, 400)
    assert.match(tooLong.body, /at most 120 characters/)
    const unknown = await admin.form('/admin/subjects/no-such-subject', {
      name_az: 'a',
      name_en: 'b',
      name_ru: 'c',
    })
    assert.equal(unknown.status, 404)
  })

  test('only platform admins edit the taxonomy', async () => {
    for (const role of ['member', 'coordinator', 'editor'] as const) {
      const client = await h().client(await h().person({ role }))
      assert.equal((await client.get('/admin/subjects')).status, 403, role)
      const post = await client.form('/admin/subjects', {
        code: 'x-y',
        kind: 'school',
        name_az: 'a',
        name_en: 'b',
        name_ru: 'c',
      })
      assert.equal(post.status, 403, role)
    }
    const visitor = await h().client()
    assert.equal((await visitor.get('/admin/subjects')).status, 303)
  })

  test('other modules can check subject codes', async () => {
    assert.deepEqual(await requireSubjectCodes(h().db, ['physics', 'physics', 'biology']), [
      'physics',
      'biology',
    ])
    await assert.rejects(requireSubjectCodes(h().db, ['physics', 'alchemy']), /invalid/)
  })
})
