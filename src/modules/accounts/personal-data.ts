import { sql } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Invalid, NotFound } from '../../platform/errors.ts'
import { isLocale, translator } from '../../platform/i18n.ts'
import { verifyPassword } from '../../platform/passwords.ts'
import { authorize } from '../../platform/policy.ts'
import { forgetPerson } from '../partners/service.ts'

/** Columns never exported: secrets, and hashes of tokens that would let someone act as the person. */
const SECRET_COLUMN = /hash|token|secret|password/i

type Row = Record<string, unknown>

function withoutSecrets(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([column]) => !SECRET_COLUMN.test(column)))
}

/**
 * Every (table, column) whose foreign key refers to people, read from the database's own catalogue: tables that
 * other modules add later (applications, notifications…) are exported without this code knowing them.
 */
async function tablesReferringToPeople(
  db: Queryable,
  pg: boolean,
): Promise<Array<{ table: string; column: string }>> {
  if (pg) {
    const result = await sql<{ table: string; column: string }>`
      select cl.relname as "table", att.attname as "column"
      from pg_constraint con
      join pg_class cl on cl.oid = con.conrelid
      join pg_class ref on ref.oid = con.confrelid
      join pg_namespace ns on ns.oid = cl.relnamespace
      join pg_attribute att on att.attrelid = con.conrelid and att.attnum = any(con.conkey)
      where con.contype = 'f' and ref.relname = 'people' and ns.nspname = current_schema()
      order by 1, 2`.execute(db)
    return result.rows
  }
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
    db,
  )
  const found: Array<{ table: string; column: string }> = []
  for (const { name } of tables.rows) {
    // Virtual tables (FTS5) have no foreign keys; pragma on them is harmless but skip the shadow tables' noise.
    const keys = await sql<{
      table: string
      from: string
    }>`select * from pragma_foreign_key_list(${name})`.execute(db)
    for (const key of keys.rows) if (key.table === 'people') found.push({ table: name, column: key.from })
  }
  return found
}

export interface PersonalDataExport {
  exportedAt: string
  person: Row
  /** Rows of every table that refers to the person, by table name and then by the referring column. */
  tables: Record<string, Row[]>
  auditLog: Row[]
}

/** All the platform holds about the signed-in person, as JSON; no password or token hashes. */
export async function exportPersonalData(ctx: ServiceContext): Promise<PersonalDataExport> {
  authorize(ctx.actor, 'account.export_data', undefined)
  const personId = ctx.actor.person?.id ?? ''
  const person = await ctx.db.selectFrom('people').selectAll().where('id', '=', personId).executeTakeFirst()
  if (!person) throw new NotFound()
  const pg = ctx.config.dialect === 'postgres'
  const tables: Record<string, Row[]> = {}
  for (const { table, column } of await tablesReferringToPeople(ctx.db, pg)) {
    const result =
      await sql<Row>`select * from ${sql.table(table)} where ${sql.ref(column)} = ${personId}`.execute(ctx.db)
    if (result.rows.length === 0 && tables[table]) continue
    tables[table] = [...(tables[table] ?? []), ...result.rows.map(withoutSecrets)]
  }
  const auditLog = await ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.or([eb('actor_id', '=', personId), eb('subject_id', '=', personId)]))
    .orderBy('at', 'asc')
    .execute()
  return { exportedAt: new Date().toISOString(), person: withoutSecrets(person), tables, auditLog }
}

/**
 * What others hold that names the person in words rather than by a key, which no cascade reaches: notifications
 * about them (someone asks to join…) and the mail queue. Mail that carries their address goes; elsewhere their
 * name becomes "former member", in the notification's language.
 */
async function eraseNameAndAddress(
  db: Queryable,
  person: { name: string; email: string },
  defaultLocale: string,
): Promise<void> {
  // Payloads are JSON: the name and the address are matched as JSON writes them.
  const inJson = (text: string) => JSON.stringify(text).slice(1, -1)
  const formerMember = (locale: string | null) =>
    translator(isLocale(locale) ? locale : isLocale(defaultLocale) ? defaultLocale : 'en')(
      'partners.former_member',
    )
  await db
    .deleteFrom('jobs')
    .where('payload', 'like', `%${inJson(person.email)}%`)
    .execute()
  const jobs = await db
    .selectFrom('jobs')
    .select(['id', 'payload'])
    .where('payload', 'like', `%${inJson(person.name)}%`)
    .execute()
  for (const job of jobs) {
    const payload = job.payload.replaceAll(inJson(person.name), inJson(formerMember(null)))
    if (payload !== job.payload)
      await db.updateTable('jobs').set({ payload }).where('id', '=', job.id).execute()
  }
  const notifications = await db
    .selectFrom('notifications')
    .select(['id', 'locale', 'title', 'body'])
    .where((eb) => eb.or([eb('title', 'like', `%${person.name}%`), eb('body', 'like', `%${person.name}%`)]))
    .execute()
  for (const notification of notifications) {
    const label = formerMember(notification.locale)
    await db
      .updateTable('notifications')
      .set({
        title: notification.title.replaceAll(person.name, label),
        body: notification.body.replaceAll(person.name, label),
      })
      .where('id', '=', notification.id)
      .execute()
  }
}

/**
 * Deletes the signed-in person after checking their password. Their profile, memberships, sessions and tokens go
 * with them (foreign keys cascade); messages they sent stay with the recipients without a sender ("former member").
 * The audit log records that an account was deleted, and nothing that would identify whose.
 */
export async function deleteOwnAccount(ctx: ServiceContext, password: string): Promise<void> {
  authorize(ctx.actor, 'account.delete_own', undefined)
  const personId = ctx.actor.person?.id ?? ''
  const person = await ctx.db
    .selectFrom('people')
    .select(['id', 'name', 'email', 'password_hash'])
    .where('id', '=', personId)
    .executeTakeFirst()
  if (!person) throw new NotFound()
  if (!(await verifyPassword(person.password_hash, password))) {
    throw new Invalid({ password: { key: 'accounts.current_password_wrong' } })
  }
  await ctx.db.transaction().execute(async (trx) => {
    await forgetPerson(trx, personId)
    await eraseNameAndAddress(trx, person, ctx.config.defaultLocale)
    await trx.deleteFrom('people').where('id', '=', personId).execute()
    await audit(trx, { actorId: null, action: 'account.delete', subjectType: 'person', subjectId: null })
  })
}
