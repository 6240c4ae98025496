import type { Static } from 'typebox'
import type { ServiceContext } from '../../platform/context.ts'
import { Invalid } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import * as q from './queries.ts'
import type { InstitutionListQuery } from './schemas.ts'

function encodeCursor(row: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url')
}

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]
    if (typeof name === 'string' && typeof id === 'string') return { name, id }
  } catch {}
  throw new Invalid({ after: { key: 'validation.cursor' } })
}

export async function listInstitutions(ctx: ServiceContext, query: Static<typeof InstitutionListQuery>) {
  authorize(ctx.actor, 'institutions.list', undefined)
  const limit = query.limit ?? 20
  const filter = { q: query.q?.trim() || undefined, country: query.country?.toUpperCase(), type: query.type }
  const [rows, total] = await Promise.all([
    q.listInstitutions(ctx.db, filter, query.after ? decodeCursor(query.after) : null, limit),
    q.countInstitutions(ctx.db, filter),
  ])
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, total, next: rows.length > limit && last ? encodeCursor(last) : null }
}

export function countInstitutions(ctx: Pick<ServiceContext, 'db'>): Promise<number> {
  return q.countInstitutions(ctx.db)
}
