import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createDatabase, type Db } from '../db/database.ts'
import { hashPassword, verifyPassword } from '../platform/passwords.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const BIN = path.join(ROOT, 'bin/korpu.js')
const ADMIN_PASSWORD = 'a long admin passphrase'

interface Run {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs `korpu …` as a separate process against the given settings, with no KORPU_* variables of the test
 * process leaking in; `input` is written to its standard input.
 */
function korpu(args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('KORPU_') && name !== 'NODE_ENV'),
  )
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...base, KORPU_LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
    if (input !== undefined) child.stdin?.end(input)
  })
}

describe('korpu command line', () => {
  let dir = ''
  const dbFile = (name: string) => path.join(dir, name)
  const envFor = (file: string, extra: Record<string, string> = {}) => ({
    KORPU_DATABASE_URL: file,
    KORPU_FILES_DIR: path.join(dir, 'files'),
    ...extra,
  })
  const open: Db[] = []
  const database = (file: string) => {
    const db = createDatabase(file)
    open.push(db)
    return db
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-cli-'))
  })
  after(async () => {
    for (const db of open) await db.destroy()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  test('migrate on a fresh file says which migrations it applied, then that nothing is left', async () => {
    const file = dbFile('migrate.db')
    const first = await korpu(['migrate'], envFor(file))
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout, /^applied: 0001_foundation$/m)
    assert.ok(fs.existsSync(file))
    const second = await korpu(['migrate'], envFor(file))
    assert.equal(second.code, 0, second.stderr)
    assert.match(second.stdout, /schema is up to date/)
    assert.doesNotMatch(second.stdout, /applied/)
  })

  test('admin create makes a verified platform admin and records it in the audit log', async () => {
    const file = dbFile('admin.db')
    const run = await korpu(
      ['admin', 'create', '--email', 'X@Example.org', '--name', 'X Y'],
      envFor(file, { KORPU_ADMIN_PASSWORD: ADMIN_PASSWORD }),
    )
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /created platform admin/)
    assert.ok(!run.stdout.includes(ADMIN_PASSWORD) && !run.stderr.includes(ADMIN_PASSWORD))

    const db = database(file)
    const person = await db
      .selectFrom('people')
      .selectAll()
      .where('email', '=', 'x@example.org')
      .executeTakeFirst()
    assert.ok(person, 'the person exists under the normalised address')
    assert.equal(person.name, 'X Y')
    assert.equal(person.kind, 'adult')
    assert.ok(person.email_verified_at, 'an admin made on the command line needs no confirmation mail')
    assert.ok(await verifyPassword(person.password_hash, ADMIN_PASSWORD))
    const grants = await db
      .selectFrom('role_grants')
      .select('role')
      .where('person_id', '=', person.id)
      .execute()
    assert.deepEqual(grants, [{ role: 'platform_admin' }])
    const audit = await db.selectFrom('audit_log').selectAll().where('subject_id', '=', person.id).execute()
    assert.equal(audit.length, 1)
    assert.equal(audit[0]?.action, 'role.grant')
    assert.equal(audit[0]?.actor_id, null)
    assert.deepEqual(JSON.parse(audit[0]?.details ?? '{}'), { role: 'platform_admin', via: 'cli' })

    // Again for the same address: nothing changes, not even the password, and nothing new is recorded.
    const again = await korpu(
      ['admin', 'create', '--email', 'x@example.org'],
      envFor(file, { KORPU_ADMIN_PASSWORD: 'a different passphrase' }),
    )
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stdout, /already a platform admin; nothing changed/)
    const people = await db.selectFrom('people').select(['id', 'password_hash']).execute()
    assert.equal(people.length, 1)
    assert.ok(await verifyPassword(people[0]?.password_hash ?? null, ADMIN_PASSWORD))
    assert.equal((await db.selectFrom('role_grants').select('role').execute()).length, 1)
    assert.equal((await db.selectFrom('audit_log').select('id').execute()).length, 1)
  })

  test('admin create gives the role to an existing account without touching its password', async () => {
    const file = dbFile('existing.db')
    assert.equal((await korpu(['migrate'], envFor(file))).code, 0)
    const db = database(file)
    const now = new Date().toISOString()
    const hash = await hashPassword('the member own passphrase')
    await db
      .insertInto('people')
      .values({
        id: 'existing-member',
        email: 'member@example.org',
        name: 'Existing Member',
        password_hash: hash,
        kind: 'adult',
        locale: 'az',
        email_verified_at: now,
        validated_at: now,
        locked_until: null,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const run = await korpu(
      ['admin', 'create', '--email', 'Member@example.org'],
      envFor(file, { KORPU_ADMIN_PASSWORD: ADMIN_PASSWORD }),
    )
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /granted platform admin to existing account existing-member/)
    const person = await db
      .selectFrom('people')
      .select(['name', 'password_hash'])
      .where('id', '=', 'existing-member')
      .executeTakeFirstOrThrow()
    assert.equal(person.name, 'Existing Member')
    assert.equal(person.password_hash, hash, 'the password stays the member own')
    const grants = await db
      .selectFrom('role_grants')
      .select('role')
      .where('person_id', '=', 'existing-member')
      .execute()
    assert.deepEqual(grants, [{ role: 'platform_admin' }])
    const audit = await db.selectFrom('audit_log').select(['action', 'subject_id']).execute()
    assert.deepEqual(audit, [{ action: 'role.grant', subject_id: 'existing-member' }])
  })

  test('the password can come from standard input', async () => {
    const file = dbFile('stdin.db')
    const run = await korpu(
      ['admin', 'create', '--email', 'stdin@example.org'],
      envFor(file),
      `${ADMIN_PASSWORD}\n`,
    )
    assert.equal(run.code, 0, run.stderr)
    const db = database(file)
    const person = await db
      .selectFrom('people')
      .select('password_hash')
      .where('email', '=', 'stdin@example.org')
      .executeTakeFirstOrThrow()
    assert.ok(await verifyPassword(person.password_hash, ADMIN_PASSWORD))
  })

  test('a short password is refused with a clear message and nothing is written', async () => {
    const file = dbFile('short.db')
    const run = await korpu(
      ['admin', 'create', '--email', 'short@example.org'],
      envFor(file, { KORPU_ADMIN_PASSWORD: 'too short' }),
    )
    assert.notEqual(run.code, 0)
    assert.match(run.stderr, /The password must have 12 to 128 characters/)
    assert.ok(!fs.existsSync(file), 'no database was created')
  })

  test('a bad email address or name is refused', async () => {
    const file = dbFile('bad.db')
    const email = await korpu(
      ['admin', 'create', '--email', 'not-an-address'],
      envFor(file, { KORPU_ADMIN_PASSWORD: ADMIN_PASSWORD }),
    )
    assert.notEqual(email.code, 0)
    assert.match(email.stderr, /not an email address/)
    const name = await korpu(
      ['admin', 'create', '--email', 'name@example.org', '--name', 'N'.repeat(121)],
      envFor(file, { KORPU_ADMIN_PASSWORD: ADMIN_PASSWORD }),
    )
    assert.notEqual(name.code, 0)
    assert.match(name.stderr, /The name must have 1 to 120 characters/)
    assert.ok(!fs.existsSync(file))
  })

  test('a configuration error names the variable and exits with status 2', async () => {
    const run = await korpu(['migrate'], envFor(dbFile('config.db'), { KORPU_PORT: 'eighty' }))
    assert.equal(run.code, 2)
    assert.match(run.stderr, /Configuration error: KORPU_PORT/)
  })
})
