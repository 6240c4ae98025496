import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createInstitution } from './helpers/factories.ts'
import { eachDatabase } from './helpers/harness.ts'

interface Found {
  total: number
  results: Array<{ id: string; name: string; city: string | null; institution: { name: string } | null }>
}

/**
 * Partner search keeps a denormalised row per member; the modules that change what it carries (a decision on
 * a join application, an institution's edit or merge) update it in the same transaction.
 */
eachDatabase('partner search index follows the other modules', (h) => {
  test('an approved applicant becomes findable; an edit and a merge of their institution follow them', async () => {
    const admin = await h().client(await h().person({ role: 'platform_admin' }))
    const programme = await admin.form('/admin/application-forms', {
      code: 'index-programme',
      title_az: 'Proqram',
      title_en: 'Programme',
      title_ru: 'Программа',
    })
    assert.equal(programme.status, 303)
    const school = await createInstitution(h().db, { name: 'Quba Riverside School', city: 'Guba' })
    const applicant = await h().person({ role: 'registered', name: 'Zümrüd Searchable' })
    const client = await h().client(applicant)
    const applied = await client.api('POST', '/api/v1/application', {
      form: 'index-programme',
      institution_id: school.id,
      staff_role: 'teacher',
      subjects: ['mathematics'],
      languages: ['az'],
      age_from: 10,
      age_to: 14,
      answers: {},
    })
    assert.equal(applied.status, 201, applied.body)
    const searcher = await h().client(await h().person({ role: 'member' }))
    const search = async () => (await searcher.api('GET', '/api/v1/partners?q=zumrud')).json<Found>()
    assert.equal((await search()).total, 0, 'not findable before validation')

    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const { id } = (await client.api('GET', '/api/v1/application')).json<{ id: string }>()
    const decided = await coordinator.api('POST', `/api/v1/review/applications/${id}/decision`, {
      decision: 'approve',
    })
    assert.equal(decided.status, 200, decided.body)
    const found = await search()
    assert.equal(found.total, 1)
    assert.equal(found.results[0]?.id, applicant.id)
    assert.equal(found.results[0]?.city, 'Guba')
    // What they stated when applying starts their profile: partners find them by subject straight away.
    const bySubject = (
      await searcher.api('GET', '/api/v1/partners?q=zumrud&subject=mathematics')
    ).json<Found>()
    assert.equal(bySubject.total, 1)
    const profile = (await client.api('GET', '/api/v1/me')).json<{
      profile?: { subjects: string[]; ageMin: number }
    }>()
    assert.deepEqual(profile.profile?.subjects, ['mathematics'])

    const slug = (
      await h()
        .db.selectFrom('institutions')
        .select('slug')
        .where('id', '=', school.id)
        .executeTakeFirstOrThrow()
    ).slug
    const edited = await coordinator.api('PUT', `/api/v1/institutions/${slug}`, {
      name: 'Quba Riverside School',
      type: 'school',
      country: 'AZ',
      region: 'AZ-QUS',
      city: 'Qusar',
    })
    assert.equal(edited.status, 200, edited.body)
    assert.equal((await search()).results[0]?.city, 'Qusar')

    const survivor = await createInstitution(h().db, { name: 'Guba Riverside School', city: 'Guba' })
    const survivorSlug = (
      await h()
        .db.selectFrom('institutions')
        .select('slug')
        .where('id', '=', survivor.id)
        .executeTakeFirstOrThrow()
    ).slug
    const merged = await coordinator.api('POST', `/api/v1/institutions/${slug}/merge`, { into: survivorSlug })
    assert.ok(merged.status < 300, merged.body)
    assert.equal((await search()).results[0]?.institution?.name, 'Guba Riverside School')
  })
})
