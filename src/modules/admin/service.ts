import { ID_PATTERN } from '../../db/ids.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Invalid } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import * as q from './queries.ts'

const PAGE_SIZE = 50

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)_([0-9a-f-]{36})$/
const ID = new RegExp(ID_PATTERN)

/**
 * `<ISO time>_<id>` as made below from the last row shown. Anything else is refused rather than passed on: the
 * time is compared as text on SQLite and cast to timestamptz on PostgreSQL, where a stray value would be an error.
 */
function decodeCursor(before: string): { at: string; id: string } {
  const [, at = '', id = ''] = CURSOR.exec(before) ?? []
  const time = Date.parse(at)
  // Date.parse rolls impossible dates over (31 February is 2 March); a cursor we made never has one.
  const iso = Number.isNaN(time) ? '' : new Date(time).toISOString()
  if (iso.slice(0, 19) !== at.slice(0, 19) || !ID.test(id)) {
    throw new Invalid({ before: { key: 'validation.cursor' } })
  }
  return { at: iso, id }
}

export async function auditLog(ctx: ServiceContext, before: string | undefined) {
  authorize(ctx.actor, 'admin.audit.view', undefined)
  const cursor = before ? decodeCursor(before) : null
  const rows = await q.listAuditEntries(ctx.db, cursor, PAGE_SIZE)
  const entries = rows.slice(0, PAGE_SIZE)
  const last = entries.at(-1)
  return { entries, next: rows.length > PAGE_SIZE && last ? `${last.at}_${last.id}` : null }
}
