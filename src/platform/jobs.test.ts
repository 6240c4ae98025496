import assert from 'node:assert/strict'
import os from 'node:os'
import { beforeEach, test } from 'node:test'
import { setImmediate } from 'node:timers/promises'
import pino from 'pino'
import { eachDatabase, type Harness } from '../../test/helpers/harness.ts'
import { createDatabase } from '../db/database.ts'
import { backoffMs, enqueue, Worker } from './jobs.ts'
import type { Mail } from './mail.ts'

const silent = pino({ level: 'silent' })

function mail(n: number): Mail {
  return { to: `person${n}@example.org`, subject: `Message ${n}`, text: 'Hello' }
}

function jobRow(h: Harness, id: string) {
  return h.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

/** Ends a running job's lease now, as if its handler had been busy for longer than the lease. */
async function expireLease(h: Harness, id: string): Promise<void> {
  await h.db
    .updateTable('jobs')
    .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
    .where('id', '=', id)
    .execute()
}

/** A promise the test opens by hand: holds a handler mid-job, or tells the test that a handler has started. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { opened, open }
}

function capture(lines: string[]) {
  return pino({ level: 'info' }, { write: (line: string) => lines.push(line) })
}

/** Makes a rescheduled job due now, as if its backoff had passed. */
async function makeDue(h: Harness, id: string): Promise<void> {
  await h.db
    .updateTable('jobs')
    .set({ run_at: new Date(Date.now() - 1000).toISOString() })
    .where('id', '=', id)
    .execute()
}

eachDatabase('background jobs', (h) => {
  const worker = (handler: (payload: Mail) => Promise<void>) => {
    const w = new Worker(h().db, h().dialect, silent)
    w.handle('mail.send', handler)
    return w
  }

  beforeEach(async () => {
    await h().db.deleteFrom('jobs').execute()
  })

  test('a job that succeeds runs exactly once', async () => {
    const id = await enqueue(h().db, 'mail.send', mail(1))
    const seen: Mail[] = []
    const w = worker(async (payload) => {
      seen.push(payload)
    })
    assert.equal(await w.drain(), 1)
    assert.equal(await w.drain(), 0)
    assert.deepEqual(seen, [mail(1)])
    const row = await jobRow(h(), id)
    assert.equal(row.status, 'done')
    assert.equal(row.attempts, 1)
    assert.equal(row.last_error, null)
    assert.equal(row.locked_until, null)
    assert.ok(row.finished_at)
  })

  test('a job whose handler throws is retried later, then succeeds', async () => {
    const id = await enqueue(h().db, 'mail.send', mail(2))
    let calls = 0
    let fail = true
    const w = worker(async () => {
      calls++
      if (fail) throw new Error('SMTP server said no')
    })
    const start = Date.now()
    assert.equal(await w.drain(), 1)
    const failed = await jobRow(h(), id)
    assert.equal(failed.status, 'pending')
    assert.equal(failed.attempts, 1)
    assert.equal(failed.last_error, 'SMTP server said no')
    assert.equal(failed.locked_until, null)
    assert.equal(failed.finished_at, null)
    assert.ok(Date.parse(failed.run_at) >= start + backoffMs(1), `run_at ${failed.run_at} is later`)

    // Not due yet: draining again does not touch it.
    assert.equal(await w.drain(), 0)
    assert.equal(calls, 1)

    fail = false
    await makeDue(h(), id)
    assert.equal(await w.drain(), 1)
    const done = await jobRow(h(), id)
    assert.equal(done.status, 'done')
    assert.equal(done.attempts, 2)
    assert.equal(done.last_error, null)
    assert.equal(calls, 2)
  })

  test('retries wait longer each time and stop after the last attempt', async () => {
    assert.ok(backoffMs(2) > backoffMs(1))
    assert.ok(backoffMs(5) > backoffMs(4))
    const id = await enqueue(h().db, 'mail.send', mail(3))
    let calls = 0
    const w = worker(async () => {
      calls++
      throw new Error(`failure ${calls}`)
    })
    for (let attempt = 1; attempt <= 6; attempt++) {
      const before = Date.now()
      assert.equal(await w.drain(), 1, `attempt ${attempt}`)
      const after = Date.now()
      const row = await jobRow(h(), id)
      assert.equal(row.attempts, attempt)
      const runAt = Date.parse(row.run_at)
      assert.ok(
        runAt >= before + backoffMs(attempt) && runAt <= after + backoffMs(attempt),
        `attempt ${attempt} waits ${backoffMs(attempt)} ms`,
      )
      if (attempt < 6) assert.equal(row.status, 'pending')
      await makeDue(h(), id)
    }
    const row = await jobRow(h(), id)
    assert.equal(row.status, 'failed')
    assert.equal(row.attempts, 6)
    assert.equal(row.last_error, 'failure 6')
    assert.ok(row.finished_at)
    assert.equal(await w.drain(), 0, 'a failed job is not run again')
    assert.equal(calls, 6)
  })

  test("a failing job's log line names the job, never the recipient's address", async () => {
    const lines: string[] = []
    const w = new Worker(h().db, h().dialect, capture(lines))
    w.handle('mail.send', async (payload) => {
      throw new Error(`550 5.1.1 <${payload.to}>: Recipient address rejected`)
    })
    await enqueue(h().db, 'mail.send', mail(7))
    assert.equal(await w.drain(), 1)
    assert.equal(lines.length, 1)
    assert.match(lines[0] ?? '', /Recipient address rejected/)
    assert.doesNotMatch(lines[0] ?? '', /person7@example\.org/)
  })

  test('a job of a kind without a handler fails with a message instead of stopping the queue', async () => {
    const orphan = await enqueue(h().db, 'mail.send', mail(4))
    const next = await enqueue(h().db, 'mail.send', mail(5))
    const w = new Worker(h().db, h().dialect, silent)
    assert.equal(await w.drain(), 2)
    for (const id of [orphan, next]) {
      const row = await jobRow(h(), id)
      assert.equal(row.status, 'pending')
      assert.match(row.last_error ?? '', /no handler for job kind mail\.send/)
    }
  })

  test('a job is enqueued only when its transaction commits', async () => {
    await assert.rejects(
      h()
        .db.transaction()
        .execute(async (trx) => {
          await enqueue(trx, 'mail.send', mail(6))
          throw new Error('the change failed')
        }),
      /the change failed/,
    )
    const count = await h().db.selectFrom('jobs').select('id').execute()
    assert.equal(count.length, 0)
  })

  test('a job scheduled for later waits for its time', async () => {
    const id = await enqueue(h().db, 'mail.send', mail(7), new Date(Date.now() + 3600_000))
    let calls = 0
    const w = worker(async () => {
      calls++
    })
    assert.equal(await w.drain(), 0)
    await makeDue(h(), id)
    assert.equal(await w.drain(), 1)
    assert.equal(calls, 1)
  })

  test('a job left running by a crashed worker is taken again once its lease ends', async () => {
    const stale = await enqueue(h().db, 'mail.send', mail(8))
    const leased = await enqueue(h().db, 'mail.send', mail(9))
    const past = new Date(Date.now() - 1000).toISOString()
    const future = new Date(Date.now() + 3600_000).toISOString()
    await h()
      .db.updateTable('jobs')
      .set({ status: 'running', locked_until: past, attempts: 1 })
      .where('id', '=', stale)
      .execute()
    await h()
      .db.updateTable('jobs')
      .set({ status: 'running', locked_until: future, attempts: 1 })
      .where('id', '=', leased)
      .execute()
    const seen: string[] = []
    const w = worker(async (payload) => {
      seen.push(payload.to)
    })
    assert.equal(await w.drain(), 1)
    assert.deepEqual(seen, [mail(8).to])
    assert.equal((await jobRow(h(), stale)).status, 'done')
    assert.equal((await jobRow(h(), stale)).attempts, 2)
    assert.equal((await jobRow(h(), leased)).status, 'running', 'a live lease is respected')
  })

  test('a job whose worker died on its last attempt is failed, not claimed again', async () => {
    const fatal = await enqueue(h().db, 'mail.send', mail(10))
    await h()
      .db.updateTable('jobs')
      .set({ status: 'running', locked_until: new Date(Date.now() - 1000).toISOString(), attempts: 6 })
      .where('id', '=', fatal)
      .execute()
    const w = worker(async () => assert.fail('an abandoned last attempt is not run again'))
    assert.equal(await w.drain(), 0)
    const row = await jobRow(h(), fatal)
    assert.equal(row.status, 'failed')
    assert.equal(row.attempts, 6)
    assert.match(row.last_error ?? '', /last attempt/)
  })

  test('four workers, each with its own connections, draining 200 jobs at once run each exactly once', async () => {
    const ids = new Set<string>()
    for (let n = 0; n < 200; n++) ids.add(await enqueue(h().db, 'mail.send', mail(1000 + n)))
    const calls = new Map<string, number>()
    const connections = Array.from({ length: 4 }, () => createDatabase(h().config.databaseUrl))
    try {
      const counts = await Promise.all(
        connections.map((db) => {
          const w = new Worker(db, h().dialect, silent)
          w.handle('mail.send', async (payload) => {
            calls.set(payload.to, (calls.get(payload.to) ?? 0) + 1)
            // Gives the other workers a turn between claim and completion, as a real send would.
            await setImmediate()
          })
          return w.drain()
        }),
      )
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        200,
      )
      if (h().dialect === 'postgres')
        assert.ok(
          counts.every((n) => n > 0),
          `all four took jobs: ${counts}`,
        )
    } finally {
      for (const db of connections) await db.destroy()
    }
    assert.equal(calls.size, 200)
    assert.ok(
      [...calls.values()].every((n) => n === 1),
      'no job ran twice',
    )
    const rows = await h().db.selectFrom('jobs').select(['id', 'status', 'attempts', 'locked_by']).execute()
    assert.equal(rows.length, 200)
    for (const row of rows) {
      assert.ok(ids.has(row.id))
      assert.deepEqual([row.status, row.attempts, row.locked_by], ['done', 1, null], row.id)
    }
  })

  test('a job taken over after its lease ended is recorded by the worker that took it, not by the first', async () => {
    const id = await enqueue(h().db, 'mail.send', mail(20))
    const lines: string[] = []
    const first = new Worker(h().db, h().dialect, capture(lines))
    const stuck = gate()
    const inHand = gate()
    first.handle('mail.send', async () => {
      inHand.open()
      await stuck.opened
    })
    const firstRun = first.drain()
    await inHand.opened
    const claimed = await jobRow(h(), id)
    assert.equal(claimed.status, 'running')
    assert.match(
      claimed.locked_by ?? '',
      new RegExp(`^${os.hostname().slice(0, 60)}:${process.pid}:[0-9a-f]{12}$`),
    )

    await expireLease(h(), id)
    let secondCalls = 0
    assert.equal(
      await worker(async () => {
        secondCalls++
      }).drain(),
      1,
    )
    const recorded = await jobRow(h(), id)
    assert.deepEqual([recorded.status, recorded.attempts, recorded.locked_by], ['done', 2, null])

    stuck.open()
    assert.equal(await firstRun, 1)
    assert.deepEqual(await jobRow(h(), id), recorded, "the first worker's late result changes nothing")
    assert.equal(secondCalls, 1)
    const warning = lines.find((line) => /not recorded/.test(line))
    assert.ok(warning, `the late finish is logged:\n${lines.join('')}`)
    assert.match(warning, new RegExp(id))
    assert.doesNotMatch(warning, /person20@example\.org/)
  })

  test('a handler that fails after its job was taken over does not put the job back in the queue', async () => {
    const id = await enqueue(h().db, 'mail.send', mail(21))
    const first = new Worker(h().db, h().dialect, silent)
    const stuck = gate()
    const inHand = gate()
    first.handle('mail.send', async () => {
      inHand.open()
      await stuck.opened
      throw new Error('connection reset')
    })
    const firstRun = first.drain()
    await inHand.opened
    await expireLease(h(), id)
    assert.equal(await worker(async () => undefined).drain(), 1)
    stuck.open()
    await firstRun
    const row = await jobRow(h(), id)
    assert.deepEqual([row.status, row.attempts, row.last_error], ['done', 2, null])
  })

  test('a handler still running when its lease ends is named in the log, and its result counts if nobody took over', async () => {
    const id = await enqueue(h().db, 'mail.send', mail(22))
    const overrun = gate()
    const lines: string[] = []
    const log = pino(
      { level: 'info' },
      {
        write: (line: string) => {
          lines.push(line)
          if (/after its lease ended/.test(line)) overrun.open()
        },
      },
    )
    const w = new Worker(h().db, h().dialect, log, { leaseMs: 20 })
    // Finishes only once the warning is out: the test waits for the log line, not for a time.
    w.handle('mail.send', () => overrun.opened)
    assert.equal(await w.drain(), 1)
    const warning = lines.find((line) => /after its lease ended/.test(line)) ?? ''
    assert.match(warning, new RegExp(id))
    assert.match(warning, /"kind":"mail\.send"/)
    assert.doesNotMatch(warning, /person22@example\.org/)
    assert.equal((await jobRow(h(), id)).status, 'done', 'no other worker took it: the run is recorded')
  })

  test('stop() lets the job in hand finish and be recorded, and claims no other', async () => {
    const first = await enqueue(h().db, 'mail.send', mail(23))
    const second = await enqueue(h().db, 'mail.send', mail(24), new Date(Date.now() + 1))
    const w = new Worker(h().db, h().dialect, silent, { pollMs: 1 })
    const stuck = gate()
    const inHand = gate()
    w.handle('mail.send', async () => {
      inHand.open()
      await stuck.opened
    })
    w.start()
    await inHand.opened
    const stopped = w.stop()
    stuck.open()
    await stopped
    assert.equal((await jobRow(h(), first)).status, 'done')
    assert.equal((await jobRow(h(), second)).status, 'pending')
  })

  test('a started worker picks up jobs by itself and stops cleanly', async () => {
    const w = new Worker(h().db, h().dialect, silent, { pollMs: 1 })
    const delivered = new Promise<Mail>((resolve) => {
      w.handle('mail.send', async (payload) => resolve(payload))
    })
    await enqueue(h().db, 'mail.send', mail(10))
    w.start()
    assert.deepEqual(await delivered, mail(10))
    await w.stop()
    const rows = await h().db.selectFrom('jobs').select('status').execute()
    // The handler resolved before the status was written; stop() waits for that write.
    assert.deepEqual(rows, [{ status: 'done' }])
  })
})
