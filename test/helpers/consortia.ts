import type { Db } from '../../src/db/database.ts'
import { newId } from '../../src/db/ids.ts'
import type { ConsortiumPartnerRole, NetworkKind } from '../../src/db/schema.ts'

/** A consortium written straight into the database, for tests of what is built on it. Running, Erasmus+ KA2. */
export async function createConsortium(
  db: Db,
  options: { title?: string; partners: Array<{ institutionId: string; role: ConsortiumPartnerRole }> },
): Promise<{ id: string; slug: string }> {
  const id = newId()
  const now = new Date().toISOString()
  const title = options.title ?? `Test consortium ${id.slice(-6)}`
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`
  await db
    .insertInto('consortia')
    .values({
      id,
      slug,
      reference: `${id.slice(-8)}-EPP-1-2024-1-AZ-EPPKA2-CBHE`,
      acronym: 'TEST',
      title_az: null,
      title_en: title,
      title_ru: null,
      programme: 'Erasmus+',
      key_action: 'KA2',
      action_type: 'Capacity building in higher education',
      funder: 'European Commission',
      call_year: 2024,
      coordinator_contact_name: null,
      coordinator_contact_email: null,
      start_date: '2025-01-15',
      end_date: '2028-01-14',
      grant_minor: 80_000_000,
      currency: 'EUR',
      status: 'running',
      summary_az: null,
      summary_en: `What ${title} does.`,
      summary_ru: null,
      website: null,
      results_url: null,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  for (const [position, partner] of options.partners.entries()) {
    await db
      .insertInto('consortium_partners')
      .values({
        id: newId(),
        consortium_id: id,
        institution_id: partner.institutionId,
        role: partner.role,
        position,
      })
      .execute()
  }
  return { id, slug }
}

/** A network written straight into the database, with officers (chair, open term) and active member institutions. */
export async function createNetwork(
  db: Db,
  options: { name?: string; kind?: NetworkKind; officers?: string[]; members?: string[] } = {},
): Promise<{ id: string; slug: string }> {
  const id = newId()
  const now = new Date().toISOString()
  const name = options.name ?? `Test network ${id.slice(-6)}`
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`
  await db
    .insertInto('networks')
    .values({
      id,
      slug,
      kind: options.kind ?? 'university_alliance',
      name_az: null,
      name_en: name,
      name_ru: null,
      acronym: null,
      mission_az: null,
      mission_en: `The mission of ${name}.`,
      mission_ru: null,
      founded_on: '2020-05-01',
      founded_by_consortium_id: null,
      website: null,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  for (const personId of options.officers ?? []) {
    await db
      .insertInto('network_officers')
      .values({
        id: newId(),
        network_id: id,
        person_id: personId,
        role: 'chair',
        term_start: '2020-05-01',
        term_end: null,
      })
      .execute()
  }
  for (const institutionId of options.members ?? []) {
    await db
      .insertInto('network_members')
      .values({
        id: newId(),
        network_id: id,
        institution_id: institutionId,
        category: 'member',
        status: 'active',
        member_since: '2020-05-01',
        member_until: null,
        message: null,
        requested_by: null,
        decided_by: null,
        created_at: now,
        decided_at: now,
      })
      .execute()
  }
  return { id, slug }
}
