import assert from 'node:assert/strict'
import { beforeEach, test } from 'node:test'
import pino from 'pino'
import { eachDatabase, type Harness } from '../../test/helpers/harness.ts'
import { backoffMs, enqueue, Worker } from './jobs.ts'
import type { Mail } from './mail.ts'

const silent = pino({ level: 'silent' })

function mail(n: number): Mail {
  return { to: `person${n}@example.org`, subject: `Message ${n}`, text: 'Hello' }
}

function jobRow(h: Harness, id: string) {
  return h.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
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
      assert.equal(await w.drain(), 1, `attempt ${attempt}`)
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
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) })
    const w = new Worker(h().db, h().dialect, log)
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

  test('workers draining at the same time run each job exactly once', async () => {
    const ids: string[] = []
    for (let n = 0; n < 30; n++) ids.push(await enqueue(h().db, 'mail.send', mail(100 + n)))
    const calls = new Map<string, number>()
    const handler = async (payload: Mail) => {
      calls.set(payload.to, (calls.get(payload.to) ?? 0) + 1)
    }
    const counts = await Promise.all([
      worker(handler).drain(),
      worker(handler).drain(),
      worker(handler).drain(),
    ])
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      30,
    )
    assert.equal(calls.size, 30)
    assert.ok(
      [...calls.values()].every((n) => n === 1),
      'no job ran twice',
    )
    const statuses = await h().db.selectFrom('jobs').select('status').where('id', 'in', ids).execute()
    assert.ok(statuses.every((row) => row.status === 'done'))
  })

  test('a started worker picks up jobs by itself and stops cleanly', async () => {
    const w = new Worker(h().db, h().dialect, silent, 1)
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
