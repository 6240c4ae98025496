import type { Static } from 'typebox'
import type { Queryable } from '../../db/database.ts'
import type { ProfileVisibility } from '../../db/schema.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Invalid, NotFound } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import { PROFILE_LANGUAGES } from '../partners/facets.ts'
import { reindexPerson } from '../partners/service.ts'
import { requireSubjectCodes } from '../subjects/service.ts'
import type { ProfileFormBody, ProfilePatchBody } from './schemas.ts'

/** What a person tells others about their teaching (issue 4: profiles). */
export interface ProfileDetails {
  subjects: string[]
  languages: string[]
  ageMin: number | null
  ageMax: number | null
  lookingForPartners: boolean
  idea: string | null
  visibility: ProfileVisibility
}

const DEFAULTS: ProfileDetails = {
  subjects: [],
  languages: [],
  ageMin: null,
  ageMax: null,
  lookingForPartners: false,
  idea: null,
  visibility: 'members',
}

function list(json: string): string[] {
  const value: unknown = JSON.parse(json)
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

export async function profileDetails(db: Queryable, personId: string): Promise<ProfileDetails> {
  const row = await db.selectFrom('profiles').selectAll().where('person_id', '=', personId).executeTakeFirst()
  if (!row) return { ...DEFAULTS }
  return {
    subjects: list(row.subjects),
    languages: list(row.languages),
    ageMin: row.age_min,
    ageMax: row.age_max,
    lookingForPartners: row.looking_since !== null,
    idea: row.idea,
    visibility: row.visibility,
  }
}

type Patch = Static<typeof ProfilePatchBody>

/**
 * Saves name, language and profile in one transaction with the person's search row, so partner search never
 * shows a profile other than the one stored.
 */
export async function saveProfile(ctx: ServiceContext, patch: Patch): Promise<void> {
  authorize(ctx.actor, 'account.update_own', undefined)
  const personId = ctx.actor.person?.id ?? ''
  const current = await profileDetails(ctx.db, personId)
  const next: ProfileDetails = {
    subjects: patch.subjects ?? current.subjects,
    languages: patch.languages ? [...new Set(patch.languages)] : current.languages,
    ageMin: patch.age_min !== undefined ? patch.age_min : current.ageMin,
    ageMax: patch.age_max !== undefined ? patch.age_max : current.ageMax,
    lookingForPartners: patch.looking_for_partners ?? current.lookingForPartners,
    idea: patch.idea !== undefined ? patch.idea?.trim() || null : current.idea,
    visibility: patch.visibility ?? current.visibility,
  }
  const errors: ConstructorParameters<typeof Invalid>[0] = {}
  if (next.ageMin !== null && next.ageMax !== null && next.ageMin > next.ageMax) {
    errors.age_max = { key: 'profiles.age_range_order' }
  }
  const name = patch.name?.trim()
  if (patch.name !== undefined && !name) errors.name = { key: 'validation.required' }
  if (Object.keys(errors).length > 0) throw new Invalid(errors)
  next.subjects = await requireSubjectCodes(ctx.db, next.subjects)

  await ctx.db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    const person = await trx.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst()
    if (!person) throw new NotFound()
    await trx
      .updateTable('people')
      .set({ ...(name ? { name } : {}), ...(patch.locale ? { locale: patch.locale } : {}), updated_at: now })
      .where('id', '=', personId)
      .execute()
    const existing = await trx
      .selectFrom('profiles')
      .select('looking_since')
      .where('person_id', '=', personId)
      .executeTakeFirst()
    const values = {
      subjects: JSON.stringify(next.subjects),
      languages: JSON.stringify(next.languages),
      age_min: next.ageMin,
      age_max: next.ageMax,
      // Keeps the date the person started looking, so "recent" sorting is not reset by every save.
      looking_since: next.lookingForPartners ? (existing?.looking_since ?? now) : null,
      idea: next.idea,
      visibility: next.visibility,
      updated_at: now,
    }
    if (existing) await trx.updateTable('profiles').set(values).where('person_id', '=', personId).execute()
    else
      await trx
        .insertInto('profiles')
        .values({ person_id: personId, ...values })
        .execute()
    await reindexPerson(trx, personId)
  })
}

/**
 * Starts a new member's profile from what they stated when applying to join (subjects, pupils' ages,
 * languages), so partner search finds them by it from the start. A profile the person already made is kept.
 * The caller reindexes the person in the same transaction.
 */
export async function startProfileFromApplication(
  trx: Queryable,
  personId: string,
  stated: { subjects: string; languages: string; ageFrom: number | null; ageTo: number | null },
): Promise<void> {
  const languages = list(stated.languages).filter((code) =>
    (PROFILE_LANGUAGES as readonly string[]).includes(code),
  )
  await trx
    .insertInto('profiles')
    .values({
      person_id: personId,
      subjects: JSON.stringify(list(stated.subjects)),
      languages: JSON.stringify(languages),
      age_min: stated.ageFrom,
      age_max: stated.ageTo,
      looking_since: null,
      idea: null,
      visibility: DEFAULTS.visibility,
      updated_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('person_id').doNothing())
    .execute()
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined || value === '') return []
  return (Array.isArray(value) ? value : [value]).filter(Boolean)
}

function asAge(value: string | undefined): number | null {
  return value ? Number.parseInt(value, 10) : null
}

/** The HTML form sends strings (and a single checkbox as a string, not a list): turn it into the API's patch. */
export function patchFromForm(form: Static<typeof ProfileFormBody>): Patch {
  return {
    name: form.name,
    locale: form.locale,
    subjects: asList(form.subjects),
    languages: asList(form.languages) as Patch['languages'],
    age_min: asAge(form.age_min),
    age_max: asAge(form.age_max),
    looking_for_partners: form.looking === 'yes',
    idea: form.idea ?? null,
    visibility: form.visibility,
  }
}
