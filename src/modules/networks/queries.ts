import type { Insertable, Updateable } from 'kysely'
import type { Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type {
  NetworkCentresTable,
  NetworkDocumentsTable,
  NetworkMembersTable,
  NetworkOfficersTable,
  NetworksTable,
  WorkingGroupDecisionsTable,
  WorkingGroupsTable,
} from '../../db/schema.ts'

// ---- Networks

/** Every network with its active members and their countries counted (a handful of networks per installation). */
export function listNetworks(db: Queryable) {
  return db
    .selectFrom('networks')
    .leftJoin('network_members as m', (join) =>
      join.onRef('m.network_id', '=', 'networks.id').on('m.status', '=', 'active'),
    )
    .leftJoin('institutions as i', 'i.id', 'm.institution_id')
    .select((eb) => [
      'networks.id',
      'networks.slug',
      'networks.kind',
      'networks.name_az',
      'networks.name_en',
      'networks.name_ru',
      'networks.acronym',
      'networks.founded_on',
      eb.fn.count<number>('m.id').as('members'),
      eb.fn.count<number>('i.country').distinct().as('countries'),
    ])
    .groupBy([
      'networks.id',
      'networks.slug',
      'networks.kind',
      'networks.name_az',
      'networks.name_en',
      'networks.name_ru',
      'networks.acronym',
      'networks.founded_on',
    ])
    .orderBy('networks.name_en')
    .execute()
}

export function networkBySlug(db: Queryable, slug: string) {
  return db.selectFrom('networks').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function slugTaken(db: Queryable, slug: string): Promise<boolean> {
  return (
    (await db.selectFrom('networks').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined
  )
}

export function insertNetwork(db: Queryable, row: Insertable<NetworksTable>) {
  return db.insertInto('networks').values(row).execute()
}

export function updateNetwork(db: Queryable, id: string, row: Updateable<NetworksTable>) {
  return db.updateTable('networks').set(row).where('id', '=', id).execute()
}

export function consortiumBySlug(db: Queryable, slug: string) {
  return db
    .selectFrom('consortia')
    .select(['id', 'slug', 'acronym', 'title_az', 'title_en', 'title_ru'])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

export function consortiumById(db: Queryable, id: string) {
  return db
    .selectFrom('consortia')
    .select(['id', 'slug', 'acronym', 'title_az', 'title_en', 'title_ru'])
    .where('id', '=', id)
    .executeTakeFirst()
}

// ---- Members

export function membersOf(db: Queryable, networkId: string) {
  return db
    .selectFrom('network_members as m')
    .innerJoin('institutions as i', 'i.id', 'm.institution_id')
    .select([
      'm.id',
      'm.institution_id',
      'm.category',
      'm.status',
      'm.member_since',
      'm.member_until',
      'm.message',
      'm.created_at',
      'i.slug as institution_slug',
      'i.name as institution_name',
      'i.country',
      'i.type as institution_type',
    ])
    .where('m.network_id', '=', networkId)
    .orderBy('i.country')
    .orderBy('i.name')
    .execute()
}

export type MemberRow = Awaited<ReturnType<typeof membersOf>>[number]

export function memberById(db: Queryable, networkId: string, memberId: string) {
  return db
    .selectFrom('network_members')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('id', '=', memberId)
    .executeTakeFirst()
}

export function memberByInstitution(db: Queryable, networkId: string, institutionId: string) {
  return db
    .selectFrom('network_members')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('institution_id', '=', institutionId)
    .executeTakeFirst()
}

export function insertMember(db: Queryable, row: Insertable<NetworkMembersTable>) {
  return db.insertInto('network_members').values(row).execute()
}

export function updateMember(db: Queryable, id: string, row: Updateable<NetworkMembersTable>) {
  return db.updateTable('network_members').set(row).where('id', '=', id).execute()
}

/** Institutions the person administers (confirmed), which they may speak for. */
export function administeredInstitutions(db: Queryable, personId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('institutions as i', 'i.id', 'memberships.institution_id')
    .select(['i.id', 'i.slug', 'i.name', 'i.country'])
    .where('memberships.person_id', '=', personId)
    .where('memberships.role', '=', 'institution_admin')
    .where('memberships.status', '=', 'confirmed')
    .orderBy('i.name')
    .execute()
}

export async function adminsOf(db: Queryable, institutionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('person_id')
    .where('institution_id', '=', institutionId)
    .where('role', '=', 'institution_admin')
    .where('status', '=', 'confirmed')
    .execute()
  return rows.map((r) => r.person_id)
}

// ---- Officers and centres

export function officersOf(db: Queryable, networkId: string) {
  return db
    .selectFrom('network_officers as o')
    .innerJoin('people as p', 'p.id', 'o.person_id')
    .select(['o.id', 'o.person_id', 'o.role', 'o.term_start', 'o.term_end', 'p.name'])
    .where('o.network_id', '=', networkId)
    .orderBy('o.term_start', 'desc')
    .execute()
}

export function insertOfficer(db: Queryable, row: Insertable<NetworkOfficersTable>) {
  return db.insertInto('network_officers').values(row).execute()
}

export function endTerm(db: Queryable, networkId: string, officerId: string, day: string) {
  return db
    .updateTable('network_officers')
    .set({ term_end: day })
    .where('network_id', '=', networkId)
    .where('id', '=', officerId)
    .where((eb) => eb.or([eb('term_end', 'is', null), eb('term_end', '>', day)]))
    .executeTakeFirst()
}

export function centresOf(db: Queryable, networkId: string) {
  return db
    .selectFrom('network_centres as c')
    .innerJoin('institutions as i', 'i.id', 'c.institution_id')
    .select([
      'c.id',
      'c.name_az',
      'c.name_en',
      'c.name_ru',
      'c.countries',
      'i.slug as institution_slug',
      'i.name as institution_name',
      'i.country',
    ])
    .where('c.network_id', '=', networkId)
    .orderBy('i.name')
    .execute()
}

export function insertCentre(db: Queryable, row: Insertable<NetworkCentresTable>) {
  return db.insertInto('network_centres').values(row).execute()
}

// ---- Documents and materials

/** The network's own documents (groupId null) or one working group's materials. */
export function documentsOf(db: Queryable, networkId: string, groupId: string | null) {
  let query = db.selectFrom('network_documents').selectAll().where('network_id', '=', networkId)
  query =
    groupId === null
      ? query.where('working_group_id', 'is', null)
      : query.where('working_group_id', '=', groupId)
  return query.orderBy('created_at', 'desc').execute()
}

/** Everything of the network shared with the public: its documents and its groups' public materials. */
export function publicDocumentsOf(db: Queryable, networkId: string) {
  return db
    .selectFrom('network_documents')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('visibility', '=', 'public')
    .orderBy('created_at', 'desc')
    .execute()
}

export type DocumentRow = Awaited<ReturnType<typeof documentsOf>>[number]

export function documentById(db: Queryable, networkId: string, documentId: string) {
  return db
    .selectFrom('network_documents')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('id', '=', documentId)
    .executeTakeFirst()
}

export function insertDocument(db: Queryable, row: Insertable<NetworkDocumentsTable>) {
  return db.insertInto('network_documents').values(row).execute()
}

// ---- Events and outcomes linked to the network

export function eventsOf(db: Queryable, networkId: string) {
  return db
    .selectFrom('events')
    .select(['id', 'slug', 'title_az', 'title_en', 'title_ru', 'starts_at'])
    .where('network_id', '=', networkId)
    .where('status', '=', 'published')
    .orderBy('starts_at', 'desc')
    .limit(50)
    .execute()
}

export function outcomesOf(db: Queryable, networkId: string) {
  return db
    .selectFrom('outcomes')
    .select(['id', 'slug', 'title_az', 'title_en', 'title_ru'])
    .where('network_id', '=', networkId)
    .orderBy('created_at')
    .execute()
}

/** An event to link as a working group's meeting, by its address. */
export function eventBySlug(db: Queryable, slug: string) {
  return db.selectFrom('events').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirst()
}

// ---- Working groups

export function groupsOf(db: Queryable, networkId: string) {
  return db
    .selectFrom('working_groups')
    .select(['id', 'name', 'description', 'created_at'])
    .where('network_id', '=', networkId)
    .orderBy('name')
    .execute()
}

export function groupById(db: Queryable, networkId: string, groupId: string) {
  return db
    .selectFrom('working_groups')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('id', '=', groupId)
    .executeTakeFirst()
}

export function insertGroup(db: Queryable, row: Insertable<WorkingGroupsTable>) {
  return db.insertInto('working_groups').values(row).execute()
}

export function groupMembers(db: Queryable, groupId: string) {
  return db
    .selectFrom('working_group_members as g')
    .innerJoin('people as p', 'p.id', 'g.person_id')
    .select(['g.person_id', 'g.role', 'g.joined_at', 'p.name'])
    .where('g.working_group_id', '=', groupId)
    .orderBy('g.role')
    .orderBy('p.name')
    .execute()
}

export function upsertGroupMember(db: Queryable, groupId: string, personId: string, role: 'lead' | 'member') {
  return db
    .insertInto('working_group_members')
    .values({ working_group_id: groupId, person_id: personId, role, joined_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['working_group_id', 'person_id']).doUpdateSet({ role }))
    .execute()
}

export function threadsOf(db: Queryable, groupId: string) {
  return db
    .selectFrom('working_group_threads as t')
    .leftJoin('people as p', 'p.id', 't.author_id')
    .select(['t.id', 't.title', 't.last_post_at', 'p.name as author'])
    .where('t.working_group_id', '=', groupId)
    .orderBy('t.last_post_at', 'desc')
    .execute()
}

export function threadById(db: Queryable, groupId: string, threadId: string) {
  return db
    .selectFrom('working_group_threads')
    .selectAll()
    .where('working_group_id', '=', groupId)
    .where('id', '=', threadId)
    .executeTakeFirst()
}

export function postsOf(db: Queryable, threadId: string) {
  return db
    .selectFrom('working_group_posts as w')
    .leftJoin('people as p', 'p.id', 'w.author_id')
    .select(['w.id', 'w.body', 'w.created_at', 'p.name as author'])
    .where('w.thread_id', '=', threadId)
    .orderBy('w.created_at')
    .execute()
}

export async function insertThread(
  db: Queryable,
  row: { id: string; groupId: string; title: string; authorId: string | null; body: string },
): Promise<void> {
  const now = new Date().toISOString()
  await db
    .insertInto('working_group_threads')
    .values({
      id: row.id,
      working_group_id: row.groupId,
      title: row.title,
      author_id: row.authorId,
      created_at: now,
      last_post_at: now,
    })
    .execute()
  await insertPost(db, row.id, row.authorId, row.body, now)
}

export async function insertPost(
  db: Queryable,
  threadId: string,
  authorId: string | null,
  body: string,
  at = new Date().toISOString(),
): Promise<void> {
  await db
    .insertInto('working_group_posts')
    .values({ id: newId(), thread_id: threadId, author_id: authorId, body, created_at: at })
    .execute()
  await db.updateTable('working_group_threads').set({ last_post_at: at }).where('id', '=', threadId).execute()
}

export function decisionsOf(db: Queryable, groupId: string) {
  return db
    .selectFrom('working_group_decisions')
    .select(['id', 'decided_on', 'text'])
    .where('working_group_id', '=', groupId)
    .orderBy('decided_on', 'desc')
    .execute()
}

export function insertDecision(db: Queryable, row: Insertable<WorkingGroupDecisionsTable>) {
  return db.insertInto('working_group_decisions').values(row).execute()
}

export function meetingsOf(db: Queryable, groupId: string) {
  return db
    .selectFrom('working_group_meetings as m')
    .innerJoin('events as e', 'e.id', 'm.event_id')
    .select(['e.slug', 'e.title_az', 'e.title_en', 'e.title_ru', 'e.starts_at', 'e.status'])
    .where('m.working_group_id', '=', groupId)
    .orderBy('e.starts_at', 'desc')
    .execute()
}

export function insertMeeting(db: Queryable, groupId: string, eventId: string) {
  return db
    .insertInto('working_group_meetings')
    .values({ working_group_id: groupId, event_id: eventId })
    .onConflict((oc) => oc.columns(['working_group_id', 'event_id']).doNothing())
    .execute()
}

/** Networks an institution is an active member of, by name. */
export function networksOfInstitution(db: Queryable, institutionId: string, limit: number) {
  return db
    .selectFrom('network_members as nm')
    .innerJoin('networks as n', 'n.id', 'nm.network_id')
    .select(['n.slug', 'n.acronym', 'n.name_az', 'n.name_en', 'n.name_ru'])
    .where('nm.institution_id', '=', institutionId)
    .where('nm.status', '=', 'active')
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute()
}
