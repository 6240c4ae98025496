import type { Static } from 'typebox'
import type { Locale } from '../../config.ts'
import type { Db } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import * as q from './queries.ts'
import type { SubjectBody, SubjectUpdateBody } from './schemas.ts'

export type Subject = Awaited<ReturnType<typeof q.listSubjects>>[number]

export function subjectName(
  subject: Pick<Subject, 'name_az' | 'name_en' | 'name_ru'>,
  locale: Locale,
): string {
  return { az: subject.name_az, en: subject.name_en, ru: subject.name_ru }[locale]
}

/** The current taxonomy (retired subjects only for admins who edit it). */
export function listSubjects(db: Db, options: { includeRetired?: boolean } = {}): Promise<Subject[]> {
  return q.listSubjects(db, { includeRetired: options.includeRetired ?? false })
}

/**
 * Checks that every code names a current subject; other modules call this before storing subject codes.
 * Throws Invalid on `field` naming the unknown codes.
 */
export async function requireSubjectCodes(
  db: Db,
  codes: readonly string[],
  field = 'subjects',
): Promise<string[]> {
  const unique = [...new Set(codes)]
  if (unique.length === 0) return []
  const known = new Set((await q.listSubjects(db, { includeRetired: false })).map((s) => s.code))
  const unknown = unique.filter((code) => !known.has(code))
  if (unknown.length > 0)
    throw new Invalid({ [field]: { key: 'subjects.unknown', values: { codes: unknown.join(', ') } } })
  return unique
}

export async function createSubject(ctx: ServiceContext, input: Static<typeof SubjectBody>): Promise<void> {
  authorize(ctx.actor, 'subjects.manage', undefined)
  await ctx.db.transaction().execute(async (trx) => {
    if (await q.findSubjectByCode(trx, input.code)) {
      throw new Conflict({ key: 'subjects.code_taken' }, { code: { key: 'subjects.code_taken' } })
    }
    const id = newId()
    await trx
      .insertInto('subjects')
      .values({
        id,
        ...trimNames(input),
        code: input.code,
        kind: input.kind,
        position: await q.nextPosition(trx, input.kind),
        created_at: new Date().toISOString(),
      })
      .execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'subject.create',
      subjectType: 'subject',
      subjectId: id,
      details: { code: input.code },
    })
  })
}

/** Renames a subject, or retires it (kept for what already refers to it, no longer offered). */
export async function updateSubject(
  ctx: ServiceContext,
  code: string,
  input: Static<typeof SubjectUpdateBody>,
): Promise<void> {
  authorize(ctx.actor, 'subjects.manage', undefined)
  await ctx.db.transaction().execute(async (trx) => {
    const subject = await q.findSubjectByCode(trx, code)
    if (!subject) throw new NotFound()
    const retiredAt = input.retired === 'yes' ? (subject.retired_at ?? new Date().toISOString()) : null
    await trx
      .updateTable('subjects')
      .set({ ...trimNames(input), retired_at: retiredAt })
      .where('id', '=', subject.id)
      .execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'subject.update',
      subjectType: 'subject',
      subjectId: subject.id,
      details: { code, retired: retiredAt !== null },
    })
  })
}

/** The three names of a taxonomy entry, trimmed; each is required. */
export function trimNames(input: { name_az: string; name_en: string; name_ru: string }) {
  const names = {
    name_az: input.name_az.trim(),
    name_en: input.name_en.trim(),
    name_ru: input.name_ru.trim(),
  }
  for (const [field, value] of Object.entries(names)) {
    if (!value) throw new Invalid({ [field]: { key: 'validation.required' } })
  }
  return names
}
