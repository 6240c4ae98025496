import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDatabase } from '../../../test/helpers/harness.ts'

const names = { name_az: 'Robototexnika', name_en: 'Robotics in class', name_ru: 'Робототехника' }

eachDatabase('projects: curriculum topics and learning models', (harness) => {
  test('a platform admin adds, renames and retires a topic; each change is audited', async () => {
    const h = harness()
    const admin = await h.client(await h.person({ role: 'platform_admin' }))
    assert.equal((await admin.get('/admin/curriculum-topics')).status, 200)
    const added = await admin.form('/admin/curriculum-topics', { code: 'robotics', kind: 'vet', ...names })
    assert.equal(added.status, 303)
    const duplicate = await admin.form('/admin/curriculum-topics', {
      code: 'robotics',
      kind: 'vet',
      ...names,
    })
    assert.equal(duplicate.status, 409)
    assert.match(duplicate.body, /already exists/)
    const renamed = await admin.form('/admin/curriculum-topics/robotics', {
      ...names,
      name_en: 'Robotics and automation',
      retired: 'yes',
    })
    assert.equal(renamed.status, 303)
    assert.match((await admin.get('/admin/curriculum-topics')).body, /Robotics and automation/)
    const topic = await h.db
      .selectFrom('curriculum_topics')
      .select(['id', 'retired_at', 'kind'])
      .where('code', '=', 'robotics')
      .executeTakeFirstOrThrow()
    assert.ok(topic.retired_at)
    assert.equal(topic.kind, 'vet')
    const audits = await h.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', topic.id)
      .orderBy('at')
      .execute()
    assert.deepEqual(
      audits.map((a) => a.action),
      ['curriculum_topic.create', 'curriculum_topic.update'],
    )
    assert.equal((await admin.form('/admin/curriculum-topics/no-such', names)).status, 404)
  })

  test('learning models: added and retired; a retired model is no longer offered in the wizard', async () => {
    const h = harness()
    const admin = await h.client(await h.person({ role: 'platform_admin' }))
    assert.equal(
      (await admin.form('/admin/learning-models', { code: 'design-thinking', ...names })).status,
      303,
    )
    const founder = await h.client(await h.person({ role: 'member' }))
    const draft = await founder.form('/projects/new', { intent: 'save', title_en: 'Models' })
    const step2 = `${String(draft.headers.location).replace(/\/1\?saved=1$/, '')}/2`
    // The teaching step is reached once the first is complete; the model list is what matters here.
    await founder.form(String(draft.headers.location).replace(/\?saved=1$/, ''), {
      intent: 'continue',
      scope: 'national',
      title_en: 'Models',
      summary_en: 'About models.',
    })
    assert.match((await founder.get(step2)).body, /value="design-thinking"/)
    await admin.form('/admin/learning-models/design-thinking', { ...names, retired: 'yes' })
    assert.doesNotMatch((await founder.get(step2)).body, /value="design-thinking"/)
  })

  test('bad input is refused with field errors; only platform admins reach these pages', async () => {
    const h = harness()
    const admin = await h.client(await h.person({ role: 'platform_admin' }))
    const badCode = await admin.form('/admin/learning-models', { code: 'Not A Code', ...names })
    assert.equal(badCode.status, 400)
    assert.match(badCode.body, /field-code-error/)
    const long = await admin.form('/admin/curriculum-topics', {
      code: 'long',
      kind: 'school',
      ...names,
      name_en: 'x'.repeat(201),
    })
    assert.equal(long.status, 400)
    assert.match(long.body, /field-name_en-error/)
    const blank = await admin.form('/admin/learning-models', { code: 'blank', ...names, name_ru: '   ' })
    assert.equal(blank.status, 400)
    const visitor = await h.client()
    assert.equal((await visitor.get('/admin/learning-models')).status, 303)
    for (const role of [
      'registered',
      'member',
      'pupil',
      'institution_admin',
      'editor',
      'coordinator',
    ] as const) {
      const client = await h.client(await h.person({ role }))
      for (const path of ['/admin/curriculum-topics', '/admin/learning-models']) {
        assert.equal((await client.get(path)).status, 403, `${role} ${path}`)
        assert.equal((await client.form(path, { code: 'x-y', kind: 'school', ...names })).status, 403, role)
      }
    }
  })
})
