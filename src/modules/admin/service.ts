import type { ServiceContext } from '../../platform/context.ts'
import { Invalid } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import * as q from './queries.ts'

const PAGE_SIZE = 50

export async function auditLog(ctx: ServiceContext, before: string | undefined) {
  authorize(ctx.actor, 'admin.audit.view', undefined)
  let cursor: { at: string; id: string } | null = null
  if (before) {
    const [at, id] = before.split('_')
    if (!at || !id || Number.isNaN(Date.parse(at)))
      throw new Invalid({ before: { key: 'validation.cursor' } })
    cursor = { at, id }
  }
  const rows = await q.listAuditEntries(ctx.db, cursor, PAGE_SIZE)
  const entries = rows.slice(0, PAGE_SIZE)
  const last = entries.at(-1)
  return { entries, next: rows.length > PAGE_SIZE && last ? `${last.at}_${last.id}` : null }
}
