import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createConsortium } from '../../test/helpers/consortia.ts'
import { createInstitution } from '../../test/helpers/factories.ts'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { DIGITAL_TECHNOLOGIES_ACADEMY, seedOutcomes } from './outcomes.ts'
import { loadDemoData } from './seed.ts'

eachDatabase('demo outcomes', (h) => {
  test("the catalogue finds a consortium's nine modules and the academy's one Digital Technologies module", async () => {
    await loadDemoData(h().db)
    const baku = await h()
      .db.selectFrom('institutions')
      .select('id')
      .where('name', '=', 'Baku State University')
      .executeTakeFirstOrThrow()
    const foreign = await createInstitution(h().db, {
      name: 'Tallinn University',
      type: 'university',
      country: 'EE',
    })
    const consortium = await createConsortium(h().db, {
      partners: [
        { institutionId: baku.id, role: 'coordinator' },
        { institutionId: foreign.id, role: 'partner' },
      ],
    })
    const seeded = await seedOutcomes(h().db, consortium.id)
    assert.equal(seeded.modules.length, 9)

    const visitor = await h().client()
    type Result = { total: number; results: Array<{ slug: string; title: string; owner: { name: string } }> }
    const modules = (
      await visitor.get(`/api/v1/outcomes?project=${consortium.slug}&type=e_learning_module`)
    ).json<Result>()
    assert.equal(modules.total, 9)
    assert.deepEqual(
      new Set(modules.results.map((r) => r.owner.name)),
      new Set(['Baku State University', 'Tallinn University']),
    )
    const academySlug = (
      await h()
        .db.selectFrom('institutions')
        .select('slug')
        .where('name', '=', DIGITAL_TECHNOLOGIES_ACADEMY)
        .executeTakeFirstOrThrow()
    ).slug
    const academy = (await visitor.get(`/api/v1/outcomes?institution=${academySlug}`)).json<Result>()
    assert.deepEqual(
      academy.results.map((r) => r.title),
      ['Digital Technologies'],
    )

    const degree = (await visitor.get(`/api/v1/outcomes/${seeded.jointDegree}`)).json<{
      participants: Array<{ institution: { name: string }; readiness: string }>
    }>()
    assert.deepEqual(
      degree.participants.map((p) => p.institution.name),
      ['Tallinn University'],
    )
    const page = await visitor.get(`/outcomes/${seeded.modules[0]}`)
    assert.equal(page.status, 200)
    assert.match(page.body, /"@type":"Course"/)
  })
})
