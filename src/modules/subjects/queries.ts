import type { Queryable } from '../../db/database.ts'
import type { SubjectKind } from '../../db/schema.ts'

const COLUMNS = ['id', 'code', 'kind', 'name_az', 'name_en', 'name_ru', 'position', 'retired_at'] as const

export function listSubjects(db: Queryable, options: { includeRetired: boolean }) {
  let query = db.selectFrom('subjects').select(COLUMNS)
  if (!options.includeRetired) query = query.where('retired_at', 'is', null)
  return query.orderBy('kind').orderBy('position').orderBy('code').execute()
}

export function findSubjectByCode(db: Queryable, code: string) {
  return db.selectFrom('subjects').select(COLUMNS).where('code', '=', code).executeTakeFirst()
}

export async function nextPosition(db: Queryable, kind: SubjectKind): Promise<number> {
  const row = await db
    .selectFrom('subjects')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('kind', '=', kind)
    .executeTakeFirst()
  return Number(row?.max ?? -1) + 1
}
