import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { createInstitution } from '../../test/helpers/factories.ts'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { loadConfig } from '../config.ts'
import '../modules/partners/policy.ts'
import { reindexInstitution, reindexPerson, search } from '../modules/partners/service.ts'
import { translator } from '../platform/i18n.ts'
import { VISITOR } from '../platform/policy.ts'
import { createDatabase, type Db } from './database.ts'
import { newId } from './ids.ts'
import { createReadDatabase } from './read-pool.ts'

/** A statement that keeps SQLite busy for about a second (three million rows counted). */
const SLOW = sql<{
  n: number
}>`with recursive c(n) as (select 1 union all select n + 1 from c where n < 3000000)
  select count(*) as n from c`
/** A statement whose 200,000 rows of 200 characters do not fit in a 16 MB heap. */
const HUGE = sql`with recursive c(n) as (select 1 union all select n + 1 from c where n < 200000)
  select n, printf('%0200d', n) as s from c`

describe('read pool (SQLite reads on worker threads)', () => {
  let dir = ''
  let file = ''
  let db: Db
  const pools: Db[] = []
  const readDb = (options: Parameters<typeof createReadDatabase>[3] = {}, readers = 2) => {
    const pool = createReadDatabase(file, db, readers, options)
    pools.push(pool)
    return pool
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-read-pool-'))
    file = path.join(dir, 'pool.db')
    db = createDatabase(file)
    await sql`create table t (n integer primary key, r real, s text, b blob)`.execute(db)
    await sql`insert into t values (1, 1.5, 'Gəncə', x'00ff'), (2, null, null, null), (9007199254740991, -0.25, '', x'')`.execute(
      db,
    )
  })

  after(async () => {
    for (const pool of pools) if (pool !== db) await pool.destroy()
    await db.destroy()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  test('reads on reader threads return what the main connection returns, and see its committed writes', async () => {
    const pool = readDb()
    assert.notEqual(pool, db, 'a file database with readers gets a pool')
    const all = sql`select * from t order by n`
    assert.deepEqual((await all.execute(pool)).rows, (await all.execute(db)).rows)
    const built = pool.selectFrom('partner_search_version' as never).selectAll()
    await assert.rejects(built.execute(), /no such table/)
    await sql`insert into t (n, s) values (3, 'new')`.execute(db)
    const row = await sql<{ s: string }>`select s from t where n = ${3}`.execute(pool)
    assert.deepEqual(row.rows, [{ s: 'new' }])
    // Several at once: each waits for a free reader, none is lost.
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sql<{ v: number }>`select ${i} as v`.execute(pool)),
    )
    assert.deepEqual(
      many.map((r) => r.rows[0]?.v),
      Array.from({ length: 20 }, (_, i) => i),
    )
  })

  test('no pool where a second connection cannot read: :memory:, PostgreSQL, or readers set to 0', () => {
    const memory = createDatabase(':memory:')
    assert.equal(createReadDatabase(':memory:', memory, 2), memory)
    assert.equal(createReadDatabase('postgres://x@localhost/korpu', memory, 2), memory)
    assert.equal(createReadDatabase(file, db, 0), db)
    return memory.destroy()
  })

  test('a failing statement is an ordinary error with its SQLite code, and the reader goes on', async () => {
    const pool = readDb({}, 1)
    await assert.rejects(sql`select nope from t`.execute(pool), (error: Error & { code?: string }) => {
      assert.match(error.message, /no such column: nope/)
      assert.equal(error.code, 'SQLITE_ERROR')
      return true
    })
    assert.deepEqual((await sql`select count(*) as n from t`.execute(pool)).rows, [{ n: 4 }])
  })

  test('writes and transactions are refused: the readers are read-only', async () => {
    const pool = readDb({}, 1)
    await assert.rejects(
      sql`insert into t (n) values (10)`.execute(pool),
      /only runs statements that return rows/,
    )
    await assert.rejects(sql`delete from t returning n`.execute(pool), /readonly/)
    await assert.rejects(
      pool.transaction().execute(async () => {}),
      /transactions .* belong on the main connection/,
    )
    assert.deepEqual((await sql`select count(*) as n from t`.execute(db)).rows, [{ n: 4 }])
  })

  test('a statement over its time fails instead of hanging, and a new reader takes over', async () => {
    const pool = readDb({ timeoutMs: 100 }, 1)
    await assert.rejects(SLOW.execute(pool), /took longer than 100 ms/)
    // Waiting statements were not lost with the replaced reader.
    const next = await sql<{ n: number }>`select count(*) as n from t`.execute(pool)
    assert.deepEqual(next.rows, [{ n: 4 }])
  })

  test('a reader that crashes (its heap exhausted) fails its statement; the next one runs on a new reader', async () => {
    const pool = readDb({ maxHeapMb: 16 }, 1)
    const queued = sql<{ n: number }>`select count(*) as n from t`.execute(pool)
    await assert.rejects(HUGE.execute(pool), /out of memory|heap/i)
    assert.deepEqual((await queued).rows, [{ n: 4 }])
    assert.deepEqual((await sql`select 1 as one`.execute(pool)).rows, [{ one: 1 }])
  })

  test('a file the readers cannot open fails the statements at once, not at their timeout', async () => {
    const missing = createReadDatabase(path.join(dir, 'missing.db'), db, 1, { timeoutMs: 60_000 })
    pools.push(missing)
    const started = Date.now()
    await assert.rejects(sql`select 1`.execute(missing), /unable to open|does not exist|directory/i)
    assert.ok(Date.now() - started < 30_000)
  })

  test('destroy ends the readers: statements afterwards fail, none hangs', async () => {
    const pool = createReadDatabase(file, db, 2)
    await sql`select 1`.execute(pool)
    await pool.destroy()
    await assert.rejects(sql`select 1`.execute(pool), /closed|destroyed/)
  })
})

type SearchParams = Parameters<typeof search>[1]

/** The same searches through the main connection and through the read database give the same answers. */
eachDatabase('partner search on the read database', (h) => {
  before(async () => {
    const countries = ['AZ', 'DE', 'TR']
    for (let i = 0; i < 12; i++) {
      const institution = await createInstitution(h().db, {
        name: `Robotics School ${i}`,
        country: countries[i % 3],
        city: i % 2 ? 'Ganja' : 'Baku',
        type: i % 4 ? 'school' : 'university',
      })
      const person = await h().person({ name: `Teacher Məmmədova ${i}` })
      await h()
        .db.insertInto('memberships')
        .values({
          id: newId(),
          person_id: person.id,
          institution_id: institution.id,
          role: 'member',
          status: 'confirmed',
          created_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
        })
        .execute()
      const client = await h().client(person)
      const saved = await client.api('PATCH', '/api/v1/me', {
        subjects: i % 2 ? ['mathematics'] : ['history', 'physics'],
        languages: i % 3 ? ['en'] : ['az', 'ru'],
        age_min: 6 + (i % 3) * 4,
        age_max: 10 + (i % 3) * 4,
        looking_for_partners: i % 2 === 0,
        idea: i % 2 === 0 ? 'Climate robots' : undefined,
        visibility: i % 5 ? 'public' : 'members',
      })
      assert.equal(saved.status, 200, saved.body)
      await reindexInstitution(h().db, institution.id)
      await reindexPerson(h().db, person.id)
    }
  })

  test('the read database is a pool of readers on SQLite and the same pool on PostgreSQL', () => {
    const { db, readDb } = h().app.deps
    if (h().dialect === 'postgres') assert.equal(readDb, db)
    else assert.notEqual(readDb, db)
  })

  test('every shape of search answers the same through the readers as through the main connection', async () => {
    const ctx = {
      db: h().db,
      config: loadConfig({}),
      storage: h().app.deps.storage,
      actor: VISITOR,
      t: translator('en'),
    }
    // As the query string arrives (the schema's literal unions do not survive TypeBox's static types here).
    const queries: Array<Record<string, string | number>> = [
      {},
      { q: 'robot' },
      { q: 'mammadova', sort: 'recent' },
      { q: 'sch', country: 'DE' },
      { country: 'AZ' },
      { country: 'TR', subject: 'mathematics' },
      { type: 'school', language: 'en', age: '11-14' },
      { looking: 'yes', kind: 'person', page: 2 },
      { subject: 'history', language: 'ru', country: 'AZ', looking: 'yes' },
      { q: 'nothing-matches-this' },
    ]
    for (const params of queries) {
      const main = await search(ctx, params as SearchParams)
      const read = await search(ctx, params as SearchParams, h().app.deps.readDb)
      assert.deepEqual(read, main, JSON.stringify(params))
      if (params.q !== 'nothing-matches-this') assert.ok(main.total > 0, JSON.stringify(params))
    }
  })
})
