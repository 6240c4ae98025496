/**
 * Migrations from an empty database and from the previous release's schema with data (issue 9, durability).
 *
 * The previous release is the migration level of the last landing: PREVIOUS_RELEASE. Its schema is made by running
 * the real migration files up to it (a Migrator whose provider lists only those names, nothing committed as a dump),
 * and filled with data written in that schema's own SQL (`oldData`), never through today's code, which follows
 * today's schema. Then today's migrations run over it.
 *
 * At each release: set PREVIOUS_RELEASE to the last migration of the release that landed, and bring `oldData` to that
 * schema (its columns as the release left them; add rows for the tables that release introduced). The test names the
 * statement and column that no longer fit.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import { Migrator, sql } from 'kysely'
import { createPostgresDatabase, type Dialect, testDialects } from '../../test/helpers/harness.ts'
import { assertIntact } from '../../test/helpers/integrity.ts'
import { buildApp, sessionCookieName } from '../app.ts'
import { loadConfig } from '../config.ts'
import { createSession } from '../platform/sessions.ts'
import { createRuntime } from '../runtime.ts'
import { createDatabase, type Db } from './database.ts'
import { migrateToLatest } from './migrate.ts'
import { migrations } from './migrations/index.ts'

/**
 * Stop 11 landed (CI green) with migrations up to 0032_site_search: 0030 is the portal schema of that landing, and
 * 0032 (site search) landed with it, so every installation of that release is at 0032, none at 0030.
 */
const PREVIOUS_RELEASE = '0032_site_search'

const T0 = '2026-10-01T08:00:00.000Z'
const T1 = '2026-10-02T09:30:00.000Z'
const id = (n: number) => `0192b000-0000-7000-8000-${String(n).padStart(12, '0')}`
const MEMBER = id(1)
const COORDINATOR = id(2)
const SCHOOL = id(10)
const UNIVERSITY = id(11)
const PROJECT = id(20)
const THREAD = id(21)
const POST = id(22)
const EVENT = id(30)
const REGISTRATION = id(31)

/** Rows of the previous release's schema, in insertion order (foreign keys first). */
const oldData: Array<[table: string, row: Record<string, string | number | null>]> = [
  [
    'people',
    {
      id: MEMBER,
      email: 'leyla.mammadova@example.az',
      name: 'Leyla Məmmədova',
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
      kind: 'adult',
      locale: 'az',
      email_verified_at: T0,
      validated_at: T0,
      created_at: T0,
      updated_at: T0,
    },
  ],
  [
    'people',
    {
      id: COORDINATOR,
      email: 'rashad.aliyev@example.az',
      name: 'Rəşad Əliyev',
      password_hash: null,
      kind: 'adult',
      locale: 'ru',
      email_verified_at: T0,
      validated_at: T0,
      created_at: T0,
      updated_at: T0,
    },
  ],
  ['role_grants', { person_id: COORDINATOR, role: 'coordinator', granted_at: T0 }],
  [
    'institutions',
    {
      id: SCHOOL,
      slug: 'baki-152-nomreli-mekteb',
      name: 'Bakı şəhəri 152 nömrəli tam orta məktəb',
      type: 'school',
      country: 'AZ',
      region: 'AZ-BA',
      city: 'Bakı',
      website: 'https://school152.example.az',
      national_id: 'AZ-152',
      description_az: 'Riyaziyyat və informatika təmayüllü məktəb.',
      name_key: 'baki seheri 152 nomreli tam orta mekteb',
      created_at: T0,
      updated_at: T0,
    },
  ],
  [
    'institutions',
    {
      id: UNIVERSITY,
      slug: 'ganja-state-university',
      name: 'Ganja State University',
      type: 'university',
      country: 'AZ',
      region: 'AZ-GA',
      city: 'Ganja',
      website: null,
      name_key: 'ganja state university',
      created_at: T0,
      updated_at: T0,
    },
  ],
  [
    'memberships',
    {
      id: id(40),
      person_id: MEMBER,
      institution_id: SCHOOL,
      role: 'institution_admin',
      status: 'confirmed',
      created_at: T0,
    },
  ],
  [
    'memberships',
    {
      id: id(41),
      person_id: COORDINATOR,
      institution_id: UNIVERSITY,
      role: 'member',
      status: 'pending',
      created_at: T1,
    },
  ],
  [
    'profiles',
    {
      person_id: MEMBER,
      subjects: '["mathematics"]',
      languages: '["az","en"]',
      age_min: 12,
      age_max: 15,
      idea: 'Riyaziyyat oyunları ilə birgə layihə',
      visibility: 'members',
      updated_at: T0,
    },
  ],
  [
    'projects',
    {
      id: PROJECT,
      slug: 'riyaziyyat-korpusu',
      scope: 'national',
      status: 'approved',
      wizard_step: 5,
      title_az: 'Riyaziyyat körpüsü',
      title_en: 'Mathematics bridge',
      summary_az: 'İki şəhərin şagirdləri birlikdə məsələ həll edir.',
      age_from: 12,
      age_to: 15,
      languages: '["az"]',
      start_date: '2026-09-01',
      end_date: '2027-06-30',
      created_by: MEMBER,
      created_at: T0,
      updated_at: T1,
      submitted_at: T0,
      decided_at: T1,
      decided_by: COORDINATOR,
      approved_at: T1,
      workspace_state: 'open',
    },
  ],
  [
    'project_members',
    {
      id: id(50),
      project_id: PROJECT,
      person_id: MEMBER,
      role: 'founder',
      status: 'active',
      institution_id: SCHOOL,
      invited_at: T0,
      joined_at: T0,
    },
  ],
  [
    'forum_threads',
    {
      id: THREAD,
      project_id: PROJECT,
      title: 'İlk görüş',
      author_id: MEMBER,
      created_at: T1,
      last_post_at: T1,
    },
  ],
  [
    'forum_posts',
    { id: POST, thread_id: THREAD, author_id: MEMBER, body: 'Salam! Cümə günü görüşək.', created_at: T1 },
  ],
  [
    'events',
    {
      id: EVENT,
      slug: 'ganja-regional-conference-2026',
      kind: 'conference',
      format: 'on_site',
      status: 'published',
      title_en: 'Ganja regional conference',
      title_ru: 'Региональная конференция в Гяндже',
      description_en: 'Teachers of the western region meet their partners.',
      venue: 'Ganja State University, main hall',
      city: 'Ganja',
      region: 'AZ-GA',
      country: 'AZ',
      starts_at: '2027-03-10T05:00:00.000Z',
      ends_at: '2027-03-11T13:00:00.000Z',
      time_zone: 'Asia/Baku',
      registration: 'members',
      capacity: 120,
      created_by: COORDINATOR,
      created_at: T0,
      updated_at: T0,
      published_at: T0,
    },
  ],
  [
    'event_registrations',
    {
      id: REGISTRATION,
      event_id: EVENT,
      person_id: MEMBER,
      status: 'confirmed',
      answers: '{}',
      institution_id: SCHOOL,
      institution_type: 'school',
      region: 'AZ-BA',
      country: 'AZ',
      ticket: 'TICKET-0192B-LEYLA',
      registered_at: T1,
      confirmed_at: T1,
    },
  ],
  [
    'notifications',
    {
      id: id(60),
      person_id: MEMBER,
      kind: 'project.approved',
      title: 'Layihəniz təsdiqləndi',
      body: 'Riyaziyyat körpüsü',
      link: `/projects/${PROJECT}`,
      created_at: T1,
      locale: 'az',
    },
  ],
  [
    'jobs',
    {
      id: id(70),
      kind: 'mail.send',
      payload: JSON.stringify({
        to: 'leyla.mammadova@example.az',
        subject: 'Xatırlatma',
        text: 'Sabah görüşürük.',
      }),
      status: 'pending',
      run_at: '2027-03-09T05:00:00.000Z',
      created_at: T1,
    },
  ],
  [
    'audit_log',
    {
      id: id(80),
      at: T1,
      actor_id: COORDINATOR,
      action: 'project.approve',
      subject_type: 'project',
      subject_id: PROJECT,
      details: '{}',
    },
  ],
]

/** A fresh empty database of the dialect, with its URL and how to drop it. */
async function emptyDatabase(dialect: Dialect, dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'postgres') return createPostgresDatabase()
  return { url: path.join(dir, `${Math.random().toString(36).slice(2)}.db`), drop: async () => {} }
}

/** Tables, columns (type, nullability) and indexes: what two ways of reaching the latest schema must agree on. */
async function schemaOf(db: Db, dialect: Dialect): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ line: string }>`
          select m.name || '.' || p.name || ' ' || p.type || ' ' || p."notnull" as line
          from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'
          union all select 'index ' || name from sqlite_master where type = 'index'`.execute(db)
      : await sql<{ line: string }>`
          select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable as line
          from information_schema.columns where table_schema = current_schema()
          union all select 'index ' || indexname from pg_indexes where schemaname = current_schema()`.execute(
          db,
        )
  return rows.rows.map((r) => r.line).sort()
}

for (const dialect of testDialects()) {
  describe(`migrations [${dialect}]`, () => {
    const names = Object.keys(migrations)

    test('the previous release is a migration of this build, and migration names sort in run order', () => {
      assert.ok(names.includes(PREVIOUS_RELEASE))
      assert.deepEqual([...names].sort(), names)
    })

    test('from an empty database every migration applies in order, from the previous release with its data the newer ones do; both reach the same schema, the data survives and the rules hold', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'korpu-migrations-'))
      const fresh = await emptyDatabase(dialect, dir)
      const upgraded = await emptyDatabase(dialect, dir)
      const fromEmpty = createDatabase(fresh.url)
      const db = createDatabase(upgraded.url)
      try {
        const applied = await migrateToLatest(fromEmpty)
        assert.deepEqual(
          applied?.map((r) => `${r.migrationName} ${r.status}`),
          names.map((name) => `${name} Success`),
        )
        assert.deepEqual(await migrateToLatest(fromEmpty), [], 'a second run applies nothing')
        await assertIntact(fromEmpty, dialect)

        // The previous release: its own migration files, run by name.
        const upToRelease = Object.fromEntries(
          Object.entries(migrations).filter(([name]) => name <= PREVIOUS_RELEASE),
        )
        const old = new Migrator({ db, provider: { getMigrations: async () => upToRelease } })
        const { error } = await old.migrateToLatest()
        assert.equal(error, undefined)
        for (const [table, row] of oldData) {
          const columns = Object.keys(row)
          await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
                    values (${sql.join(columns.map((c) => row[c]))})`
            .execute(db)
            .catch((failure: unknown) => {
              throw new Error(
                `oldData ${table} ${JSON.stringify(row)} no longer fits ${PREVIOUS_RELEASE}: ${failure}`,
              )
            })
        }

        const upgrade = await migrateToLatest(db)
        assert.deepEqual(
          upgrade?.map((r) => `${r.migrationName} ${r.status}`),
          names.filter((name) => name > PREVIOUS_RELEASE).map((name) => `${name} Success`),
        )
        assert.deepEqual(await schemaOf(db, dialect), await schemaOf(fromEmpty, dialect))
        await assertIntact(db, dialect)
        for (const [table, row] of oldData) {
          const key = 'id' in row ? 'id' : 'person_id'
          const found = await sql<Record<string, unknown>>`
            select * from ${sql.table(table)} where ${sql.ref(key)} = ${row[key]}`.execute(db)
          const kept = found.rows.find((r) =>
            Object.entries(row).every(([c, value]) => sameValue(r[c], value)),
          )
          assert.ok(kept, `${table} ${row[key]} changed by the upgrade: ${JSON.stringify(found.rows)}`)
        }
      } finally {
        await fromEmpty.destroy()
        await db.destroy()
        await fresh.drop()
      }

      // Today's application reads the upgraded data: public pages and a member's project forum.
      const config = loadConfig({
        KORPU_DATABASE_URL: upgraded.url,
        KORPU_FILES_DIR: path.join(dir, 'files'),
        KORPU_DEMO_DATA: 'false',
        KORPU_LOG_LEVEL: 'silent',
        KORPU_DEFAULT_LOCALE: 'en',
        // As in the harness: a cold first render on a busy machine must not be shed as overload (503).
        KORPU_MAX_EVENT_LOOP_DELAY_MS: '0',
      })
      const runtime = await createRuntime(config)
      const app = await buildApp(runtime)
      try {
        const event = await app.inject({ url: '/events/ganja-regional-conference-2026' })
        assert.equal(event.statusCode, 200)
        assert.match(event.body, /Ganja regional conference/)
        const school = await app.inject({ url: '/institutions/baki-152-nomreli-mekteb' })
        assert.equal(school.statusCode, 200)
        assert.match(school.body, /152 nömrəli/)
        const cookie = `${sessionCookieName(config)}=${await createSession(runtime.db, MEMBER)}`
        const thread = await app.inject({
          url: `/projects/${PROJECT}/workspace/forum/${THREAD}`,
          headers: { cookie },
        })
        assert.equal(thread.statusCode, 200)
        assert.match(thread.body, /Cümə günü görüşək/)
      } finally {
        await app.close()
        await runtime.close()
        await upgraded.drop()
        fs.rmSync(dir, { recursive: true, force: true })
      }
    })
  })
}

/** Values as both databases return them: numbers may come back as numbers or strings, timestamps as ISO strings. */
function sameValue(actual: unknown, expected: string | number | null): boolean {
  if (expected === null) return actual === null
  if (typeof expected === 'number') return Number(actual) === expected
  if (actual instanceof Date) return actual.toISOString() === expected
  if (/^\d{4}-\d\d-\d\dT/.test(expected) && typeof actual === 'string') {
    return new Date(actual).toISOString() === expected
  }
  return actual === expected
}
