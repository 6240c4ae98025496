import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createInstitution } from '../../../test/helpers/factories.ts'
import { eachDatabase, type Harness } from '../../../test/helpers/harness.ts'
import { createProject } from '../../../test/helpers/projects.ts'
import { newId } from '../../db/ids.ts'
import { refreshGalleryEntry } from './gallery-index.ts'

async function tagsOf(h: Harness, projectId: string): Promise<string[]> {
  const rows = await h.db
    .selectFrom('project_gallery_tags as t')
    .innerJoin('project_gallery as g', 'g.doc', 't.doc')
    .select('t.tag')
    .where('g.project_id', '=', projectId)
    .orderBy('t.tag')
    .execute()
  return rows.map((r) => r.tag)
}

async function count(h: Harness, filter: string, facet: string): Promise<number> {
  const row = await h.db
    .selectFrom('project_gallery_counts')
    .select('n')
    .where('filter_key', '=', filter)
    .where('facet_key', '=', facet)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

eachDatabase('gallery index: refreshGalleryEntry keeps the row, tags and counts current', (h) => {
  test('listed only while approved and opted in; labels and deletion are followed', async () => {
    const { db } = h()
    const school = await createInstitution(db, { country: 'GE' })
    const founder = await h().person()
    const project = await createProject(db, {
      founders: [{ personId: founder.id, institutionId: school.id }],
    })
    const before = await count(h(), '', '')

    await refreshGalleryEntry(db, project.id)
    assert.deepEqual(await tagsOf(h(), project.id), [], 'not opted in: not listed')

    await db
      .updateTable('projects')
      .set({ in_gallery_since: new Date().toISOString() })
      .where('id', '=', project.id)
      .execute()
    await refreshGalleryEntry(db, project.id)
    const year = new Date().getUTCFullYear()
    assert.deepEqual(await tagsOf(h(), project.id), [
      'a:11-14',
      'a:15-18',
      'c:GE',
      'p:national',
      'r:AZ-BA',
      `y:${year}`,
    ])
    assert.equal(await count(h(), '', ''), before + 1)

    await db
      .insertInto('project_labels')
      .values({
        id: newId(),
        project_id: project.id,
        level: 'national',
        country: 'GE',
        application_id: null,
        awarded_by: null,
        awarded_at: new Date().toISOString(),
      })
      .execute()
    await refreshGalleryEntry(db, project.id)
    assert.ok((await tagsOf(h(), project.id)).includes('l:national'))
    assert.ok((await count(h(), 'l:national', 'c:GE')) >= 1)

    await db.deleteFrom('projects').where('id', '=', project.id).execute()
    await refreshGalleryEntry(db, project.id)
    assert.deepEqual(await tagsOf(h(), project.id), [])
    assert.equal(await count(h(), '', ''), before)
    assert.equal(await count(h(), 'l:national', 'c:GE'), 0)
  })
})

eachDatabase('gallery index: an institution that moves takes its projects’ rows along', (h) => {
  test('a coordinator changing an institution’s country refreshes the gallery rows of its people’s projects', async () => {
    const { db } = h()
    const school = await createInstitution(db, { name: 'Moving Lyceum', country: 'AZ' })
    const slug = (
      await db.selectFrom('institutions').select('slug').where('id', '=', school.id).executeTakeFirstOrThrow()
    ).slug
    const founder = await h().person()
    const project = await createProject(db, {
      founders: [{ personId: founder.id, institutionId: school.id }],
      inGallery: true,
    })
    await refreshGalleryEntry(db, project.id)
    assert.ok((await tagsOf(h(), project.id)).includes('c:AZ'))

    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const moved = await coordinator.api('PUT', `/api/v1/institutions/${slug}`, {
      name: 'Moving Lyceum',
      type: 'school',
      country: 'GE',
      city: 'Tbilisi',
    })
    assert.equal(moved.status, 200, moved.body)
    const tags = await tagsOf(h(), project.id)
    assert.ok(tags.includes('c:GE') && !tags.includes('c:AZ'), tags.join())
  })
})
