import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'

eachDatabase('choosing one’s institution when applying', (h) => {
  test('matches regardless of case and Azerbaijani letters, and never offers a merged duplicate', async () => {
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const kept = await createInstitution(h().db, { name: 'Şəki Şəhər Məktəbi № 7', city: 'Şəki' })
    const duplicate = await createInstitution(h().db, { name: 'Şəki şəhər məktəbi 7', city: 'Şəki' })
    const slugOf = async (id: string) =>
      (await h().db.selectFrom('institutions').select('slug').where('id', '=', id).executeTakeFirstOrThrow())
        .slug
    const merged = await coordinator.api('POST', `/api/v1/institutions/${await slugOf(duplicate.id)}/merge`, {
      into: await slugOf(kept.id),
    })
    assert.equal(merged.status, 200, merged.body)

    const applicant = await h().client(await h().person({ role: 'registered' }))
    for (const typed of ['seki mektebi', 'ŞƏKİ', 'Şəki 7']) {
      const page = await applicant.get(`/application/institutions?q=${encodeURIComponent(typed)}`)
      assert.equal(page.status, 200)
      assert.ok(page.body.includes(kept.id), `"${typed}" finds the school`)
      assert.ok(!page.body.includes(duplicate.id), `"${typed}" does not offer the merged duplicate`)
    }
    const wildcard = await applicant.get('/application/institutions?q=%25')
    assert.equal(wildcard.status, 200)
  })
})
