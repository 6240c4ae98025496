import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { setImmediate } from 'node:timers/promises'
import { sql } from 'kysely'
import * as tar from 'tar'
import { createInstitution } from '../../test/helpers/factories.ts'
import { createPostgresDatabase, eachDatabase, type Harness } from '../../test/helpers/harness.ts'
import { type Config, loadConfig } from '../config.ts'
import { createDatabase, type Db } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import { loadDemoData } from '../demo/seed.ts'
import { BackupError, type BackupManifest, backup, findPgTool, restore } from './backup.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** `korpu backup` as its own process (as an operator runs it beside the server), settings from `config`. */
function korpuBackup(
  config: Config,
  target: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KORPU_')))
  const env = {
    ...base,
    KORPU_DATABASE_URL: config.databaseUrl,
    KORPU_FILES_DIR: config.filesDir,
    KORPU_LOG_LEVEL: 'silent',
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/korpu.js'), 'backup', target],
      { cwd: ROOT, env, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

/** Tables of the database, shadow tables of full-text indexes included. */
async function tables(db: Db, dialect: Config['dialect']): Promise<string[]> {
  const result =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`
          select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
          db,
        )
      : await sql<{ name: string }>`
          select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
  return result.rows.map((r) => r.name)
}

/** Row count and a hash of every table's rows (in a stable order), leaving out the rows `skip` names. */
async function contents(
  db: Db,
  dialect: Config['dialect'],
  skip: (table: string, row: Record<string, unknown>) => boolean = () => false,
): Promise<Record<string, string>> {
  const summary: Record<string, string> = {}
  for (const table of await tables(db, dialect)) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows
    const lines = rows.filter((row) => !skip(table, row)).map((row) => JSON.stringify(row))
    lines.sort()
    summary[table] = `${lines.length} ${createHash('sha256').update(lines.join('\n')).digest('hex')}`
  }
  return summary
}

function fileHashes(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {}
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    hashes[path.relative(dir, file)] = createHash('sha256').update(fs.readFileSync(file)).digest('hex')
  }
  return hashes
}

/** A configuration like the harness's, on a new empty database and files directory. */
async function freshInstance(
  h: Harness,
  dir: string,
  name: string,
): Promise<{ config: Config; drop(): Promise<void> }> {
  const pgDb = h.dialect === 'postgres' ? await createPostgresDatabase() : null
  const config = loadConfig({
    KORPU_DATABASE_URL: pgDb ? pgDb.url : path.join(dir, name, 'korpu.db'),
    KORPU_FILES_DIR: path.join(dir, name, 'files'),
    KORPU_LOG_LEVEL: 'silent',
  })
  return { config, drop: async () => pgDb?.drop() }
}

/** Unpacks an archive, lets `change` alter it, and packs it again under a new name. */
async function alteredArchive(archive: string, change: (dir: string) => void): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-altered-'))
  await tar.x({ file: archive, cwd: dir })
  change(dir)
  const altered = path.join(path.dirname(archive), `altered-${randomBytes(3).toString('hex')}.tar`)
  await tar.c({ file: altered, cwd: dir }, fs.readdirSync(dir))
  fs.rmSync(dir, { recursive: true, force: true })
  return altered
}

eachDatabase('korpu backup and restore', (h) => {
  let dir = ''
  let archive = ''
  /** The load's writes, in order: person k and their membership, in one transaction each. */
  const written: string[] = []

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-backup-test-'))
    await loadDemoData(h().db)
    // Uploaded files of several kinds and depths, as the modules store them.
    const files = h().config.filesDir
    fs.mkdirSync(path.join(files, 'logos'), { recursive: true })
    fs.mkdirSync(path.join(files, 'projects', 'a1'), { recursive: true })
    fs.writeFileSync(path.join(files, 'logos', 'one.png'), randomBytes(2048))
    fs.writeFileSync(path.join(files, 'projects', 'a1', 'material.pdf'), randomBytes(300_000))
    fs.writeFileSync(path.join(files, 'notes.txt'), 'plain text\n')
  })
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  test('a backup taken by `korpu backup` under a steady write load restores into a fresh instance: every table and file as of the backup', async () => {
    const db = h().db
    const institution = await createInstitution(db)
    let stop = false
    const load = (async () => {
      while (!stop) {
        const id = newId()
        const now = new Date().toISOString()
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('people')
            .values({
              id,
              email: `load-${written.length + 1}@example.org`,
              name: `Load ${written.length + 1}`,
              password_hash: null,
              kind: 'adult',
              locale: null,
              email_verified_at: now,
              validated_at: now,
              locked_until: null,
              created_at: now,
              updated_at: now,
            })
            .execute()
          await trx
            .insertInto('memberships')
            .values({
              id: newId(),
              person_id: id,
              institution_id: institution.id,
              role: 'member',
              status: 'confirmed',
              created_at: now,
            })
            .execute()
        })
        written.push(id)
        // SQLite answers without I/O waits: without this the loop would never let the child's exit be seen.
        await setImmediate()
      }
    })()
    const before = written.length
    const run = await korpuBackup(h().config, `${dir}${path.sep}`)
    const during = written.length - before
    stop = true
    await load
    assert.equal(run.code, 0, run.stderr)
    const file = run.stdout.match(/backup written: (\S+)/)?.[1]
    assert.ok(file && fs.existsSync(file), run.stdout)
    assert.ok(during > 0, 'the load wrote while the backup ran')
    archive = file

    const fresh = await freshInstance(h(), dir, 'restored')
    try {
      const { manifest, applied } = await restore(fresh.config, archive, { force: false })
      assert.equal(manifest.dialect, h().dialect)
      assert.deepEqual(applied, [], 'the archive is at the latest schema already')
      const restored = createDatabase(fresh.config.databaseUrl)
      try {
        // The backup's consistent point: the load's writes 1..m are there, whole, and none after.
        const ids = (
          await restored.selectFrom('people').select('id').where('email', 'like', 'load-%').execute()
        ).map((r) => r.id)
        const m = ids.length
        assert.deepEqual(new Set(ids), new Set(written.slice(0, m)), 'the load writes 1..m, no gap')
        assert.ok(m < written.length, 'writes after the backup point are not in it')
        const later = new Set(written.slice(m))
        const afterPoint = (table: string, row: Record<string, unknown>) =>
          (table === 'people' && later.has(String(row.id))) ||
          (table === 'memberships' && later.has(String(row.person_id)))
        assert.deepEqual(
          await contents(restored, h().dialect),
          await contents(h().db, h().dialect, afterPoint),
        )
      } finally {
        await restored.destroy()
      }
      assert.deepEqual(fileHashes(fresh.config.filesDir), fileHashes(h().config.filesDir))
      assert.equal(Object.keys(fileHashes(fresh.config.filesDir)).length, 3)

      // A second restore into the now-used instance is refused without --force, and replaces it with it.
      await assert.rejects(restore(fresh.config, archive, { force: false }), /database is not empty.*--force/)
      fs.writeFileSync(path.join(fresh.config.filesDir, 'stray.txt'), 'not in the backup')
      await restore(fresh.config, archive, { force: true })
      assert.equal(fs.existsSync(path.join(fresh.config.filesDir, 'stray.txt')), false)
      assert.deepEqual(fileHashes(fresh.config.filesDir), fileHashes(h().config.filesDir))
    } finally {
      await fresh.drop()
    }
  })

  test('restore refuses a damaged archive, one from a newer schema, and one of the other database', async () => {
    assert.ok(archive, 'the archive of the first test')
    const fresh = await freshInstance(h(), dir, 'refused')
    const database = h().dialect === 'sqlite' ? 'database/korpu.db' : 'database/korpu.dump'
    try {
      const damaged = await alteredArchive(archive, (d) => {
        const file = path.join(d, database)
        const bytes = fs.readFileSync(file)
        bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff
        fs.writeFileSync(file, bytes)
      })
      await assert.rejects(restore(fresh.config, damaged, { force: false }), /checksum mismatch for database/)

      const smuggled = await alteredArchive(archive, (d) =>
        fs.writeFileSync(path.join(d, 'files', 'x.sh'), 'rm'),
      )
      await assert.rejects(restore(fresh.config, smuggled, { force: false }), /does not list: files\/x\.sh/)

      const editManifest = (edit: (m: BackupManifest) => void) =>
        alteredArchive(archive, (d) => {
          const file = path.join(d, 'manifest.json')
          const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest
          edit(manifest)
          fs.writeFileSync(file, JSON.stringify(manifest))
        })
      const newer = await editManifest((m) => {
        m.migration = '9999_from_the_future'
      })
      await assert.rejects(restore(fresh.config, newer, { force: false }), /newer than this Körpü/)
      const other = await editManifest((m) => {
        m.dialect = m.dialect === 'sqlite' ? 'postgres' : 'sqlite'
      })
      await assert.rejects(
        restore(fresh.config, other, { force: false }),
        /holds a (postgres|sqlite) database/,
      )
      await assert.rejects(
        restore(fresh.config, path.join(dir, 'missing.tar'), { force: false }),
        /does not exist/,
      )

      // Nothing was restored by the refusals.
      const restored = createDatabase(fresh.config.databaseUrl)
      try {
        assert.deepEqual(await tables(restored, h().dialect), [])
      } finally {
        await restored.destroy()
      }
    } finally {
      await fresh.drop()
    }
  })

  test('with files in S3 the archive holds the database only and says so', async () => {
    const config: Config = {
      ...h().config,
      storage: {
        backend: 's3',
        bucket: 'korpu-files',
        region: 'eu-central-1',
        endpoint: '',
        accessKeyId: '',
        secretAccessKey: '',
        forcePathStyle: false,
      },
    }
    const { manifest } = await backup(config, path.join(dir, 's3.tar'))
    assert.equal(manifest.files, 's3')
    assert.deepEqual(
      manifest.entries.map((e) => e.path.split('/')[0]),
      ['database'],
    )
    await assert.rejects(backup(config, path.join(dir, 's3.tar')), /already exists/)
  })
})

test('pg_dump missing: a clear error naming KORPU_PG_BIN', () => {
  assert.throws(
    () => findPgTool('pg_dump', { KORPU_PG_BIN: '/nonexistent/bin' }),
    (error) => error instanceof BackupError && /pg_dump was not found in KORPU_PG_BIN/.test(error.message),
  )
  assert.throws(
    () => findPgTool('pg_restore', { PATH: '/nonexistent' }),
    /pg_restore was not found on the PATH/,
  )
})
