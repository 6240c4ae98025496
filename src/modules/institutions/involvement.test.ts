import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createConsortium, createNetwork } from '../../../test/helpers/consortia.ts'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { createProject } from '../../../test/helpers/projects.ts'
import { refreshGalleryEntry } from '../projects/gallery-index.ts'

eachDatabase('an institution page lists what it takes part in', (h) => {
  test('gallery projects of its people, consortia it is a partner of with their outcomes, networks it belongs to', async () => {
    const slugOf = async (id: string) =>
      (await h().db.selectFrom('institutions').select('slug').where('id', '=', id).executeTakeFirstOrThrow())
        .slug
    const school = await createInstitution(h().db, { name: 'Involved Lyceum' })
    const schoolSlug = await slugOf(school.id)
    const founder = await h().person({ role: 'member' })
    const shown = await createProject(h().db, {
      founders: [{ personId: founder.id, institutionId: school.id }],
      title: 'Rivers we share',
      inGallery: true,
    })
    await refreshGalleryEntry(h().db, shown.id)
    const unlisted = await createProject(h().db, {
      founders: [{ personId: founder.id, institutionId: school.id }],
      title: 'Private planning project',
      inGallery: false,
    })
    await refreshGalleryEntry(h().db, unlisted.id)
    const consortium = await createConsortium(h().db, {
      title: 'Digital skills consortium',
      partners: [{ institutionId: school.id, role: 'partner' }],
    })
    const network = await createNetwork(h().db, { name: 'Lyceum alliance', members: [school.id] })

    const page = await (await h().client()).get(`/institutions/${schoolSlug}`)
    assert.equal(page.status, 200)
    assert.match(page.body, new RegExp(`href="/projects/${shown.id}"`))
    assert.doesNotMatch(page.body, new RegExp(`/projects/${unlisted.id}`))
    assert.match(page.body, new RegExp(`href="/consortia/${consortium.slug}"`))
    assert.match(page.body, new RegExp(`href="/outcomes\\?institution=${schoolSlug}"`))
    assert.match(page.body, new RegExp(`href="/networks/${network.slug}"`))

    // An institution with none of these shows no empty sections.
    const other = await createInstitution(h().db, { name: 'Quiet Gymnasium' })
    const quiet = await (await h().client()).get(`/institutions/${await slugOf(other.id)}`)
    assert.doesNotMatch(quiet.body, /id="institution-(projects|consortia|networks)"/)
  })
})
