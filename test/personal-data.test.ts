import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { uniqueEmail } from './helpers/addressed-client.ts'
import type { Client } from './helpers/client.ts'
import { createEvent } from './helpers/events.ts'
import { createInstitution } from './helpers/factories.ts'
import { eachDatabase, type Harness } from './helpers/harness.ts'
import { createProject } from './helpers/projects.ts'

/**
 * Column names that stand for a person, foreign key or not: who acted, wrote, sent, decided, created… A column that
 * refers to people must either be a foreign key to people (the export follows those) or be listed below.
 */
const PERSON_COLUMN =
  /(^|_)(person|people|actor|author|sender|recipient|owner|user|editor|reviewer|applicant|invitee)(_id)?$|_by$/

/** Person columns the export covers by other means than a foreign key, each with the reason. */
const COVERED_OTHERWISE: Record<string, string> = {
  'audit_log.actor_id':
    'the audit log outlives the people it names (no foreign key); the export lists the rows by actor and subject',
}

/** Columns the name rule takes for a person's that are not, each with what they hold. */
const NOT_A_PERSON: Record<string, string> = {
  'jobs.locked_by': 'the worker process that claimed the job',
}

interface Column {
  table: string
  column: string
  type: string
  refersToPeople: boolean
}

/** Every column of every table, with whether a foreign key ties it to people, from the database's own catalogue. */
async function columns(h: Harness): Promise<Column[]> {
  if (h.dialect === 'postgres') {
    const result = await sql<Column>`
      select c.table_name as "table", c.column_name as "column", c.data_type as "type",
        exists (
          select 1 from pg_constraint con
          join pg_class cl on cl.oid = con.conrelid
          join pg_class ref on ref.oid = con.confrelid
          join pg_attribute att on att.attrelid = con.conrelid and att.attnum = any (con.conkey)
          where con.contype = 'f' and ref.relname = 'people' and cl.relname = c.table_name
            and att.attname = c.column_name
        ) as "refersToPeople"
      from information_schema.columns c
      join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by 1, 2`.execute(h.db)
    return result.rows
  }
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
    h.db,
  )
  const all: Column[] = []
  for (const { name } of tables.rows) {
    const info = await sql<{
      name: string
      type: string
    }>`select name, type from pragma_table_info(${name})`.execute(h.db)
    const keys = await sql<{
      table: string
      from: string
    }>`select * from pragma_foreign_key_list(${name})`.execute(h.db)
    for (const column of info.rows) {
      const refersToPeople = keys.rows.some((k) => k.from === column.name && k.table === 'people')
      all.push({ table: name, column: column.name, type: column.type, refersToPeople })
    }
  }
  return all
}

/** The columns that refer to a person, by the rule: a foreign key to people, or a name that says so. */
async function personColumns(h: Harness): Promise<Column[]> {
  return (await columns(h)).filter(
    (c) =>
      c.table !== 'people' &&
      !NOT_A_PERSON[`${c.table}.${c.column}`] &&
      (c.refersToPeople || PERSON_COLUMN.test(c.column)),
  )
}

const isText = (type: string) => /char|text|json|clob/i.test(type) || type === ''

eachDatabase('personal data: export covers every table, deletion leaves no trace', (h) => {
  test('every table that refers to a person is in the export', async () => {
    const person = await h().person({ role: 'member' })
    const client = await h().client(person)
    const response = await client.get('/api/v1/me/data')
    assert.equal(response.status, 200)
    const exported = response.json<{ tables: Record<string, unknown[]>; auditLog: unknown[] }>()
    const found = await personColumns(h())
    assert.ok(found.length > 30, 'the person columns are found')
    const uncovered = found
      .map((c) => `${c.table}.${c.column}`)
      .filter((name) => {
        const table = name.split('.')[0] ?? ''
        return !(table in exported.tables) && !COVERED_OTHERWISE[name]
      })
    assert.deepEqual(uncovered, [], 'person columns whose table the export leaves out')
    // A person column that is no foreign key is not followed by the export: it must be listed, with its reason.
    const unlisted = found
      .filter((c) => !c.refersToPeople)
      .map((c) => `${c.table}.${c.column}`)
      .filter((name) => !COVERED_OTHERWISE[name])
    assert.deepEqual(unlisted, [], 'person columns without a foreign key to people, not covered otherwise')
    assert.ok(Array.isArray(exported.auditLog))
  })

  test("after deleting one's account, one's e-mail address and name are nowhere in the database", async () => {
    const name = `Zərifə Silinən ${Date.now().toString(36)}`
    const email = uniqueEmail('forget-me')
    const password = 'a passphrase to be forgotten'
    const coordinator = await h().client(await h().person({ role: 'coordinator' }))
    const institutionAdmin = await h().person({ role: 'institution_admin' })
    const colleague = await h().person({ role: 'member' })

    // Registered through the site, e-mail verified, applied and approved: a member.
    const visitor = await h().client()
    assert.equal((await visitor.form('/register', { name, email, password })).status, 303)
    await h().runJobs()
    const verify = new URL(h().mail.linkTo(email, '/verify-email?token='))
    await visitor.get(`${verify.pathname}${verify.search}`)
    const signIn = await visitor.form('/sign-in', { email, password })
    assert.equal(signIn.status, 303, signIn.body.slice(0, 300))
    const me: Client = visitor
    const personId = (await me.api('GET', '/api/v1/me')).json<{ id: string }>().id
    const admin = await h().client(await h().person({ role: 'platform_admin' }))
    await admin.form('/admin/application-forms', {
      code: 'forget-form',
      title_az: 'F',
      title_en: 'F',
      title_ru: 'F',
    })
    const school = await createInstitution(h().db)
    const applied = await me.api('POST', '/api/v1/application', {
      form: 'forget-form',
      institution_id: school.id,
      staff_role: 'teacher',
      subjects: [],
      languages: ['az'],
      answers: {},
    })
    assert.ok(applied.status < 300, applied.body)
    const application = await h()
      .db.selectFrom('applications')
      .select('id')
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow()
    const approved = await coordinator.form(`/review/applications/${application.id}/decision`, {
      decision: 'approve',
    })
    assert.equal(approved.status, 303)

    // A public profile, a membership request elsewhere, messages both ways, an event, a project with a discussion.
    const patched = await me.api('PATCH', '/api/v1/me', { visibility: 'public', idea: `Ideas of ${name}` })
    assert.equal(patched.status, 200, patched.body)
    const adminSchool = await h()
      .db.selectFrom('memberships')
      .innerJoin('institutions', 'institutions.id', 'memberships.institution_id')
      .select('institutions.slug')
      .where('memberships.person_id', '=', institutionAdmin.id)
      .executeTakeFirstOrThrow()
    await me.api('POST', `/api/v1/institutions/${adminSchool.slug}/membership`)
    await me.form(`/people/${colleague.id}/contact`, {
      subject: 'Hello',
      body: 'Shall we work together?',
    })
    await (await h().client(colleague)).form(`/people/${personId}/contact`, {
      subject: 'A project',
      body: 'Write to me.',
    })
    const event = await createEvent(h().db)
    assert.ok((await me.api('POST', `/api/v1/events/${event.slug}/registration`, {})).status < 300)
    const project = await createProject(h().db, {
      founders: [
        { personId, institutionId: school.id },
        { personId: colleague.id, institutionId: (await createInstitution(h().db)).id },
      ],
    })
    const thread = await me.form(`/projects/${project.id}/workspace/forum`, {
      title: 'Our plan',
      body: 'Let us begin.',
    })
    assert.ok(thread.status < 400, thread.body.slice(0, 300))
    await h().runJobs()

    const deleted = await me.form('/profile/delete', { password })
    assert.ok(deleted.status < 400, deleted.body.slice(0, 300))
    assert.equal(
      await h().db.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst(),
      undefined,
    )

    // Every text column of every table, searched for the address and the name.
    const traces: string[] = []
    for (const column of (await columns(h())).filter((c) => isText(c.type))) {
      const found = await sql<{ n: number | string }>`
        select count(*) as n from ${sql.table(column.table)}
        where lower(cast(${sql.ref(column.column)} as text)) like ${`%${email.toLowerCase()}%`}
           or lower(cast(${sql.ref(column.column)} as text)) like ${`%${name.toLowerCase()}%`}`.execute(
        h().db,
      )
      if (Number(found.rows[0]?.n ?? 0) > 0) traces.push(`${column.table}.${column.column}`)
    }
    assert.deepEqual(traces, [], 'columns that still hold the deleted person')
  })
})
