import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import pino from 'pino'
import { eachDatabase } from '../../test/helpers/harness.ts'
import { MailCatcher } from '../../test/helpers/mail.ts'
import { KorpuProcess, waitFor } from '../../test/helpers/processes.ts'
import { loadConfig } from '../config.ts'
import { createDatabase } from '../db/database.ts'
import { enqueue, Worker } from '../platform/jobs.ts'
import { createRuntime, startWorker } from '../runtime.ts'
import { describeDatabase } from './worker.ts'

test('the worker names its database without the credentials of a PostgreSQL URL', () => {
  assert.equal(
    describeDatabase({ dialect: 'postgres', databaseUrl: 'postgres://korpu:s3cret@db.internal:5432/korpu' }),
    'postgres db.internal:5432/korpu',
  )
  assert.equal(
    describeDatabase({ dialect: 'sqlite', databaseUrl: '/var/lib/korpu/korpu.db' }),
    'sqlite /var/lib/korpu/korpu.db',
  )
})

eachDatabase('starting workers', (h) => {
  test('workers starting at the same moment queue each periodic job once', async () => {
    await h().db.deleteFrom('jobs').execute()
    // Each with its own connections on PostgreSQL, as separate processes have; SQLite's one connection serialises.
    const connections =
      h().dialect === 'postgres'
        ? Array.from({ length: 4 }, () => createDatabase(h().config.databaseUrl))
        : []
    const workers = Array.from({ length: 4 }, (_, n) => {
      const db = connections[n] ?? h().db
      // A poll far away: the test looks at what start-up queued, not at what the worker would then run.
      return {
        config: h().config,
        db,
        worker: new Worker(db, h().dialect, pino({ level: 'silent' }), { pollMs: 3600_000 }),
      }
    })
    try {
      await Promise.all(workers.map((w) => startWorker(w)))
      await Promise.all(workers.map((w) => w.worker.stop()))
    } finally {
      for (const db of connections) await db.destroy()
    }
    const jobs = await h()
      .db.selectFrom('jobs')
      .select(['kind', 'status', 'run_at'])
      .orderBy('kind')
      .execute()
    assert.deepEqual(
      jobs.map((job) => [job.kind, job.status]),
      [
        ['notifications.digest', 'pending'],
        ['stats.snapshot', 'pending'],
      ],
    )
    const digest = jobs[0]
    assert.ok(digest && Date.parse(digest.run_at) > Date.now(), 'the digest waits for its morning')
  })
})

describe('korpu worker processes on one SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-worker-'))
  const mail = new MailCatcher()
  const workers: KorpuProcess[] = []
  const recipients = Array.from({ length: 40 }, (_, n) => `queued-${n}@example.org`)
  let env: Record<string, string> = {}

  before(async () => {
    env = {
      KORPU_DATABASE_URL: path.join(dir, 'korpu.db'),
      KORPU_FILES_DIR: path.join(dir, 'files'),
      KORPU_SMTP_URL: await mail.start(),
      KORPU_LOG_LEVEL: 'info',
      KORPU_DEMO_DATA: 'false',
    }
    // The file is prepared (schema, reference data) and the mail queued before the workers start.
    const runtime = await createRuntime(loadConfig(env))
    for (const to of recipients)
      await enqueue(runtime.db, 'mail.send', { to, subject: 'Queued', text: 'Hello' })
    await runtime.close()
  })

  after(async () => {
    for (const worker of workers) await worker.stop('SIGKILL')
    await mail.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  test('two workers deliver every queued mail once; SIGTERM lets the job in hand finish before the exit', async () => {
    workers.push(new KorpuProcess('src/cli/main.ts', ['worker'], env))
    workers.push(new KorpuProcess('src/cli/main.ts', ['worker'], env))
    const [first, second] = workers
    assert.ok(first && second)
    for (const worker of workers) {
      const started = await worker.waitForLog(/^worker started$/)
      assert.equal(started.database, `sqlite ${env.KORPU_DATABASE_URL}`)
      await worker.waitForLog(/^SQLite: one worker per database file is the supported set-up/)
    }

    await waitFor(() => mail.messages.length > 0, 'the first mail')
    assert.deepEqual(await first.stop('SIGTERM'), { code: 0, signal: null }, first.output())
    const messages = first.logLines().map((line) => line.msg)
    assert.ok(messages.includes('worker stopping: finishing the job in hand'))
    assert.equal(messages.at(-1), 'worker stopped')

    const db = createDatabase(env.KORPU_DATABASE_URL ?? '')
    try {
      // A stopped worker leaves no job claimed: the one in hand was finished and recorded.
      const claimed = await db
        .selectFrom('jobs')
        .select('locked_by')
        .where('status', '=', 'running')
        .execute()
      for (const job of claimed)
        assert.match(job.locked_by ?? '', new RegExp(`:${second.pid}:`), 'held by the other')
      await waitFor(() => mail.messages.length >= recipients.length, 'the other worker to send the rest')
      await waitFor(
        async () =>
          (
            await db
              .selectFrom('jobs')
              .select('id')
              .where('kind', '=', 'mail.send')
              .where('status', '!=', 'done')
              .execute()
          ).length === 0,
        'every job recorded done',
      )
      const jobs = await db
        .selectFrom('jobs')
        .select(['attempts', 'locked_by'])
        .where('kind', '=', 'mail.send')
        .execute()
      assert.equal(jobs.length, recipients.length)
      assert.ok(
        jobs.every((job) => job.attempts === 1 && job.locked_by === null),
        'each job claimed once',
      )
    } finally {
      await db.destroy()
    }
    for (const to of recipients) assert.equal(mail.to(to).length, 1, `one mail to ${to}`)
    assert.equal(mail.messages.length, recipients.length)
    assert.deepEqual(await second.stop('SIGTERM'), { code: 0, signal: null }, second.output())
  })
})
