import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eachDatabase } from '../../../test/helpers/harness.ts'
import { ensureEconomicRegions } from './service.ts'

eachDatabase('economic regions: reference data every Azerbaijani installation starts with', (h) => {
  test('processes starting at once on a new database add each region once, and none fails', async () => {
    const { db } = h()
    await db.deleteFrom('region_group_members').execute()
    await db.deleteFrom('region_groups').execute()
    const added = await Promise.all([
      ensureEconomicRegions(db),
      ensureEconomicRegions(db),
      ensureEconomicRegions(db),
    ])
    const rows = await db.selectFrom('region_groups').select('code').execute()
    assert.equal(new Set(rows.map((r) => r.code)).size, rows.length, 'one row per code')
    assert.equal(
      added.reduce((a, b) => a + b, 0),
      rows.length,
      'each region added by exactly one of them',
    )
    const members = await db.selectFrom('region_group_members').select(['group_id', 'subdivision']).execute()
    assert.equal(new Set(members.map((m) => `${m.group_id}:${m.subdivision}`)).size, members.length)
    assert.equal(await ensureEconomicRegions(db), 0, 'a later start adds nothing')
  })
})
