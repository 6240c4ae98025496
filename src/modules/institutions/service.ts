import type { Static } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Invalid } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import * as q from './queries.ts'
import type { InstitutionListQuery } from './schemas.ts'

function encodeCursor(row: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url')
}

/** Control characters (NUL above all, which PostgreSQL refuses in text) have no place in a search or a cursor. */
const CONTROL_CHARACTER = /\p{Cc}/u
const CONTROL_CHARACTERS = /\p{Cc}/gu
const ID = new RegExp(ID_PATTERN)

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]
    // A cursor is only ever made by encodeCursor from a real row; anything else is a tampered or truncated link.
    if (typeof name === 'string' && typeof id === 'string' && ID.test(id) && !CONTROL_CHARACTER.test(name)) {
      return { name, id }
    }
  } catch {}
  throw new Invalid({ after: { key: 'validation.cursor' } })
}

export async function listInstitutions(ctx: ServiceContext, query: Static<typeof InstitutionListQuery>) {
  authorize(ctx.actor, 'institutions.list', undefined)
  const limit = query.limit ?? 20
  const filter = {
    q: query.q?.replace(CONTROL_CHARACTERS, ' ').trim() || undefined,
    country: query.country?.toUpperCase(),
    type: query.type,
  }
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
