import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { createDatabase, type Db } from '../db/database.ts'
import { Snapshots } from './snapshots.ts'

/** A real database with a table of numbers; the copy is their list, the fingerprint their count. */
async function numbers() {
  const db = createDatabase(':memory:')
  await sql`create table numbers (n integer not null)`.execute(db)
  const add = (n: number) => sql`insert into numbers (n) values (${n})`.execute(db)
  let loads = 0
  let failNext = false
  const snapshots = new Snapshots<number[]>({
    ttlMs: 1_000,
    fullReloadMs: 10_000,
    async load(readDb: Db) {
      loads++
      if (failNext) {
        failNext = false
        throw new Error('the database is away')
      }
      const rows = await sql<{ n: number }>`select n from numbers order by n`.execute(readDb)
      return rows.rows.map((r) => r.n)
    },
    async fingerprint(readDb: Db) {
      const rows = await sql<{ c: number }>`select count(*) as c from numbers`.execute(readDb)
      return String(rows.rows[0]?.c)
    },
  })
  return { db, add, snapshots, loads: () => loads, failOnce: () => (failNext = true) }
}

/** Lets the background check and load finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

test('a copy is loaded once, and again at once after this process forgets it', async () => {
  const { db, add, snapshots, loads } = await numbers()
  await add(1)
  assert.deepEqual(await snapshots.get(db, db, 0), [1])
  await add(2)
  assert.deepEqual(await snapshots.get(db, db, 500), [1], 'within the ttl: the same copy')
  assert.equal(loads(), 1)
  snapshots.forget(db)
  assert.deepEqual(await snapshots.get(db, db, 600), [1, 2], 'a change here shows at the next read')
  assert.equal(loads(), 2)
  await db.destroy()
})

test("another process's change shows after the ttl through the fingerprint; the rest after the full reload", async () => {
  const { db, add, snapshots, loads } = await numbers()
  await add(1)
  await snapshots.get(db, db, 0)
  assert.deepEqual(await snapshots.get(db, db, 1_500), [1], 'same fingerprint: no reload')
  await settle()
  assert.equal(loads(), 1)
  await add(2)
  assert.deepEqual(await snapshots.get(db, db, 3_000), [1], 'the old copy while the new one loads')
  await settle()
  assert.deepEqual(await snapshots.get(db, db, 3_100), [1, 2])
  assert.equal(loads(), 2)
  await sql`update numbers set n = 3 where n = 2`.execute(db)
  await snapshots.get(db, db, 5_000)
  await settle()
  assert.deepEqual(
    await snapshots.get(db, db, 5_100),
    [1, 2],
    'same count: the change waits for the full reload',
  )
  await snapshots.get(db, db, 20_000)
  await settle()
  assert.deepEqual(await snapshots.get(db, db, 20_100), [1, 3])
  await db.destroy()
})

test('a failed load is not kept: the next reader tries again', async () => {
  const { db, add, snapshots, failOnce } = await numbers()
  await add(1)
  failOnce()
  await assert.rejects(snapshots.get(db, db, 0), /away/)
  assert.deepEqual(await snapshots.get(db, db, 1), [1])
  await db.destroy()
})
