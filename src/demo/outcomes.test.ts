import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { DIGITAL_TECHNOLOGIES_ACADEMY } from './outcomes.ts'
import { loadDemoData } from './seed.ts'

eachDatabase('demo outcomes', (h) => {
  test("the catalogue finds the demo consortium's nine modules and the academy's one Digital Technologies module", async () => {
    assert.equal(await loadDemoData(h().db), true)
    const consortium = await h()
      .db.selectFrom('consortia')
      .select(['id', 'slug'])
      .where('acronym', '=', 'DigiTeach')
      .executeTakeFirstOrThrow()
    const partners = await h()
      .db.selectFrom('consortium_partners as p')
      .innerJoin('institutions as i', 'i.id', 'p.institution_id')
      .select('i.name')
      .where('p.consortium_id', '=', consortium.id)
      .where('p.role', 'in', ['coordinator', 'partner'])
      .execute()

    const visitor = await h().client()
    type Result = { total: number; results: Array<{ slug: string; title: string; owner: { name: string } }> }
    const modules = (
      await visitor.get(`/api/v1/outcomes?project=${consortium.slug}&type=e_learning_module`)
    ).json<Result>()
    assert.equal(modules.total, 9)
    // Owned in turn by the partners, each a partner of the consortium.
    const owners = new Set(modules.results.map((r) => r.owner.name))
    assert.ok(owners.size > 1)
    for (const owner of owners)
      assert.ok(
        partners.some((p) => p.name === owner),
        owner,
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

    const degree = (
      await visitor.get(`/api/v1/outcomes?project=${consortium.slug}&type=joint_degree`)
    ).json<Result>()
    assert.equal(degree.total, 1)
    const view = (await visitor.get(`/api/v1/outcomes/${degree.results[0]?.slug}`)).json<{
      participants: Array<{ readiness: string }>
    }>()
    assert.equal(view.participants.length, partners.length - 1)
    const page = await visitor.get(`/outcomes/${modules.results[0]?.slug}`)
    assert.equal(page.status, 200)
    assert.match(page.body, /"@type":"Course"/)
  })
})
