import type { Static } from 'typebox'
import type { Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, NotFound } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import { trimNames } from '../subjects/service.ts'
import './policy.ts'
import type { ModelBody, TaxonomyUpdateBody, TopicBody } from './schemas.ts'

/** The two taxonomies a project is described with; both are a code, three names, a position and a retired mark. */
export type Taxonomy = 'curriculum_topics' | 'learning_models'

const SUBJECT_TYPE: Record<Taxonomy, string> = {
  curriculum_topics: 'curriculum_topic',
  learning_models: 'learning_model',
}

// Both tables share these columns; Kysely is given the one name so the shared queries type-check once.
const shared = (taxonomy: Taxonomy) => taxonomy as 'learning_models'

/** Every entry, retired ones included, for the admin page. */
export async function listEntries(ctx: ServiceContext, taxonomy: Taxonomy) {
  authorize(ctx.actor, 'projects.taxonomy.manage', undefined)
  if (taxonomy === 'curriculum_topics') {
    return ctx.db.selectFrom('curriculum_topics').selectAll().orderBy('kind').orderBy('position').execute()
  }
  return ctx.db.selectFrom('learning_models').selectAll().orderBy('position').execute()
}

function findEntry(db: Queryable, taxonomy: Taxonomy, code: string) {
  return db
    .selectFrom(shared(taxonomy))
    .select(['id', 'retired_at'])
    .where('code', '=', code)
    .executeTakeFirst()
}

export async function addEntry(
  ctx: ServiceContext,
  taxonomy: Taxonomy,
  input: Static<typeof TopicBody> | Static<typeof ModelBody>,
): Promise<void> {
  authorize(ctx.actor, 'projects.taxonomy.manage', undefined)
  const names = trimNames(input)
  await ctx.db.transaction().execute(async (trx) => {
    if (await findEntry(trx, taxonomy, input.code)) {
      const taken = { key: 'projects.taxonomy.code_taken' }
      throw new Conflict(taken, { code: taken })
    }
    const last = await trx
      .selectFrom(shared(taxonomy))
      .select((eb) => eb.fn.max('position').as('max'))
      .executeTakeFirst()
    const id = newId()
    const row = {
      id,
      code: input.code,
      ...names,
      position: Number(last?.max ?? -1) + 1,
      created_at: new Date().toISOString(),
    }
    if (taxonomy === 'curriculum_topics') {
      const kind = 'kind' in input ? input.kind : 'school'
      await trx
        .insertInto('curriculum_topics')
        .values({ ...row, kind })
        .execute()
    } else {
      await trx.insertInto('learning_models').values(row).execute()
    }
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: `${SUBJECT_TYPE[taxonomy]}.create`,
      subjectType: SUBJECT_TYPE[taxonomy],
      subjectId: id,
      details: { code: input.code },
    })
  })
}

/** Renames an entry, or retires it: kept on the projects that use it, no longer offered in the wizard. */
export async function updateEntry(
  ctx: ServiceContext,
  taxonomy: Taxonomy,
  code: string,
  input: Static<typeof TaxonomyUpdateBody>,
): Promise<void> {
  authorize(ctx.actor, 'projects.taxonomy.manage', undefined)
  const names = trimNames(input)
  await ctx.db.transaction().execute(async (trx) => {
    const entry = await findEntry(trx, taxonomy, code)
    if (!entry) throw new NotFound()
    const retiredAt = input.retired === 'yes' ? (entry.retired_at ?? new Date().toISOString()) : null
    await trx
      .updateTable(shared(taxonomy))
      .set({ ...names, retired_at: retiredAt })
      .where('id', '=', entry.id)
      .execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: `${SUBJECT_TYPE[taxonomy]}.update`,
      subjectType: SUBJECT_TYPE[taxonomy],
      subjectId: entry.id,
      details: { code, retired: retiredAt !== null },
    })
  })
}
