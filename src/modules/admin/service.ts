import type { Locale } from '../../config.ts'
import { ID_PATTERN } from '../../db/ids.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import { subdivisionName, subdivisionsOf } from '../institutions/geo.ts'
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

// ---- Coordinators and their regions

export interface CoordinatorRow {
  id: string
  name: string
  email: string
  /** Subdivision codes; empty means every region of the country. */
  regions: Array<{ code: string; name: string }>
}

export interface RegionOptionGroup {
  label: string
  options: Array<{ code: string; name: string }>
}

/** Coordinators with their regions, and the country's subdivisions grouped by economic region for the form. */
export async function coordinatorsPage(
  ctx: ServiceContext,
  locale: Locale,
): Promise<{ coordinators: CoordinatorRow[]; groups: RegionOptionGroup[] }> {
  authorize(ctx.actor, 'admin.coordinators.manage', undefined)
  const suffix = ctx.t('institutions.city_suffix')
  const name = (code: string) => subdivisionName(code, locale, suffix)
  const people = await q.listCoordinators(ctx.db)
  const regions = await q.coordinatorRegions(
    ctx.db,
    people.map((p) => p.id),
  )
  const coordinators = people.map((p) => ({
    id: p.id,
    name: p.name,
    email: p.email,
    regions: regions
      .filter((r) => r.person_id === p.id)
      .map((r) => ({ code: r.region, name: name(r.region) })),
  }))

  const collator = new Intl.Collator(locale)
  const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name)
  const known = new Set(subdivisionsOf(ctx.config.country).map((s) => s.code))
  const groups = new Map<string, RegionOptionGroup>()
  const grouped = new Set<string>()
  for (const row of await q.regionGroupsWithMembers(ctx.db, ctx.config.country)) {
    if (!known.has(row.subdivision)) continue
    const group = groups.get(row.code) ?? { label: row[`name_${locale}`], options: [] }
    group.options.push({ code: row.subdivision, name: name(row.subdivision) })
    groups.set(row.code, group)
    grouped.add(row.subdivision)
  }
  const others = [...known].filter((code) => !grouped.has(code)).map((code) => ({ code, name: name(code) }))
  const list = [...groups.values()].map((g) => ({ ...g, options: g.options.sort(byName) }))
  if (others.length > 0)
    list.push({ label: ctx.t('admin.coordinators.other_regions'), options: others.sort(byName) })
  return { coordinators, groups: list }
}

/**
 * Sets the regions a coordinator reviews (ISO 3166-2 subdivisions of the installation's country; none = all).
 * The set is replaced as a whole, with one audit row naming the new set.
 */
export async function setCoordinatorRegions(
  ctx: ServiceContext,
  personId: string,
  input: readonly string[],
): Promise<void> {
  authorize(ctx.actor, 'admin.coordinators.manage', undefined)
  const known = new Set(subdivisionsOf(ctx.config.country).map((s) => s.code))
  const regions = [...new Set(input.map((r) => r.trim().toUpperCase()).filter(Boolean))].sort()
  const unknown = regions.find((r) => !known.has(r))
  if (unknown !== undefined) {
    throw new Invalid({
      regions: { key: 'admin.coordinators.errors.unknown_region', values: { value: unknown.slice(0, 10) } },
    })
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await q.holdsGrant(trx, personId, 'coordinator'))) throw new NotFound()
    await trx.deleteFrom('coordinator_regions').where('person_id', '=', personId).execute()
    if (regions.length > 0) {
      await trx
        .insertInto('coordinator_regions')
        .values(regions.map((region) => ({ person_id: personId, region })))
        .execute()
    }
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'coordinator.regions',
      subjectType: 'person',
      subjectId: personId,
      details: { regions },
    })
  })
}

/** Grants or revokes the coordinator role of an existing adult account; revoking clears its regions. Audited. */
export async function changeCoordinatorRole(
  ctx: ServiceContext,
  emailInput: string,
  action: 'grant' | 'revoke',
): Promise<void> {
  authorize(ctx.actor, 'admin.coordinators.manage', undefined)
  const email = emailInput.trim().toLowerCase()
  await ctx.db.transaction().execute(async (trx) => {
    const person = await q.personByEmail(trx, email)
    if (!person) throw new Invalid({ email: { key: 'admin.coordinators.errors.no_account' } })
    if (person.kind !== 'adult') throw new Invalid({ email: { key: 'admin.coordinators.errors.pupil' } })
    const holds = await q.holdsGrant(trx, person.id, 'coordinator')
    let cleared = 0
    if (action === 'grant') {
      if (holds)
        throw new Conflict(
          { key: 'admin.coordinators.errors.already' },
          { email: { key: 'admin.coordinators.errors.already' } },
        )
      await trx
        .insertInto('role_grants')
        .values({ person_id: person.id, role: 'coordinator', granted_at: new Date().toISOString() })
        .execute()
    } else {
      if (!holds)
        throw new Conflict(
          { key: 'admin.coordinators.errors.not_coordinator' },
          { email: { key: 'admin.coordinators.errors.not_coordinator' } },
        )
      await trx
        .deleteFrom('role_grants')
        .where('person_id', '=', person.id)
        .where('role', '=', 'coordinator')
        .execute()
      const result = await trx
        .deleteFrom('coordinator_regions')
        .where('person_id', '=', person.id)
        .executeTakeFirst()
      cleared = Number(result.numDeletedRows)
    }
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: action === 'grant' ? 'role.grant' : 'role.revoke',
      subjectType: 'person',
      subjectId: person.id,
      details:
        action === 'grant' ? { role: 'coordinator' } : { role: 'coordinator', regions_cleared: cleared },
    })
  })
}
