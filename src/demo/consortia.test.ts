import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createInstitution } from '../../test/helpers/factories.ts'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { seedConsortia } from './consortia.ts'

eachDatabase('demo consortium', (h) => {
  test('a running CBHE consortium of Azerbaijani and EU universities with work packages and deliverables, on its public page', async () => {
    for (const name of [
      'Azerbaijan Technical University',
      'Baku State University',
      'Ganja State University',
      'Azerbaijan State Pedagogic University',
    ])
      await createInstitution(h().db, { name, type: 'university' })
    await createInstitution(h().db, {
      name: 'Ministry of Science and Education of the Republic of Azerbaijan',
      type: 'ministry_agency',
    })
    const { slug } = await seedConsortia(h().db)
    const page = await (await h().client()).get(`/consortia/${slug}`)
    assert.equal(page.status, 200)
    assert.match(page.body, /DigiTeach — Digital Teaching Competences for Azerbaijani Universities/)
    assert.match(page.body, /Politecnico di Milano<\/a> \(Italy\) — Partner/)
    assert.match(page.body, /Azerbaijan Technical University<\/a> \(Azerbaijan\) — Coordinator/)
    assert.match(page.body, /Good practice/)
    const api = (await (await h().client()).get(`/api/v1/consortia/${slug}`)).json<{
      status: string
      partners: unknown[]
      work_packages: Array<{ deliverables: Array<{ status: string }> }>
    }>()
    assert.equal(api.status, 'running')
    assert.equal(api.partners.length, 9)
    assert.equal(api.work_packages.length, 6)
    const statuses = new Set(api.work_packages.flatMap((wp) => wp.deliverables.map((d) => d.status)))
    assert.ok(statuses.has('delivered') && statuses.has('planned'), [...statuses].join(', '))
  })
})
