import type { Queryable } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import type { DocumentVisibility, NetworkKind, NetworkOfficersTable } from '../db/schema.ts'
import { insertInstitution } from '../modules/institutions/service.ts'
import { checkInstitution } from '../modules/institutions/values.ts'
import { DEMO_EVENT_SLUGS } from './events.ts'

/**
 * The demo networks. A rectors' conference that the demo consortium (DigiTeach) founded: Azerbaijan's universities
 * with the ministry as decision-maker, a chair and the demo lecturer as secretary general, a Caucasus regional
 * centre, its statute, and a working group on digital teaching that shares materials, discusses and records
 * decisions. And the Caucasus university alliance whose online conference is a demo event: universities of the
 * region and of the EU partners, with its own Caucasus centre. People are invented; institutions are real.
 */

/** Real universities of the region and beyond that belong to the alliance; added to the registry when missing. */
const FOREIGN = [
  { name: 'Tbilisi State University', country: 'GE', city: 'Tbilisi', website: 'https://www.tsu.ge' },
  { name: 'Ilia State University', country: 'GE', city: 'Tbilisi', website: 'https://iliauni.edu.ge' },
  { name: 'Yerevan State University', country: 'AM', city: 'Yerevan', website: 'https://www.ysu.am' },
  {
    name: 'Karadeniz Technical University',
    country: 'TR',
    city: 'Trabzon',
    website: 'https://www.ktu.edu.tr',
  },
  {
    name: 'Al-Farabi Kazakh National University',
    country: 'KZ',
    city: 'Almaty',
    website: 'https://www.kaznu.kz',
  },
  {
    name: 'Taras Shevchenko National University of Kyiv',
    country: 'UA',
    city: 'Kyiv',
    website: 'https://knu.ua',
  },
] as const

/** The EU partners of the demo consortium (src/demo/consortia.ts) also belong to the alliance. */
const EU_MEMBERS = [
  'Riga Technical University',
  'Tallinn University',
  'University of Porto',
  'Politecnico di Milano',
]
const MINISTRY = 'Ministry of Science and Education of the Republic of Azerbaijan'
const SECRETARY_EMAIL = 'lecturer@demo.korpu.az'

interface DemoNetwork {
  kind: NetworkKind
  name: [en: string, az: string, ru: string]
  acronym: string
  mission: [en: string, az: string, ru: string]
  /** Months before the load day. */
  foundedMonthsAgo: number
}

const CONFERENCE: DemoNetwork = {
  kind: 'rectors_conference',
  name: [
    "Azerbaijani Rectors' Conference",
    'Azərbaycan Rektorlar Konfransı',
    'Конференция ректоров Азербайджана',
  ],
  acronym: 'AzRC',
  mission: [
    'The rectors of Azerbaijan’s universities speak with one voice on quality, digital teaching and international cooperation, and carry the DigiTeach project’s results into every university.',
    'Azərbaycan universitetlərinin rektorları keyfiyyət, rəqəmsal tədris və beynəlxalq əməkdaşlıq məsələlərində vahid mövqe tutur və DigiTeach layihəsinin nəticələrini hər universitetə çatdırır.',
    'Ректоры университетов Азербайджана выступают единым голосом по вопросам качества, цифрового обучения и международного сотрудничества и распространяют результаты проекта DigiTeach во всех университетах.',
  ],
  foundedMonthsAgo: 4,
}

const ALLIANCE: DemoNetwork = {
  kind: 'university_alliance',
  name: ['Caucasus University Alliance', 'Qafqaz Universitetləri Alyansı', 'Альянс университетов Кавказа'],
  acronym: 'CUA',
  mission: [
    'Universities of the Caucasus and their European partners build joint virtual master’s programmes and open their courses to each other’s students.',
    'Qafqaz universitetləri və onların Avropa tərəfdaşları birgə virtual magistr proqramları qurur və kurslarını bir-birinin tələbələrinə açır.',
    'Университеты Кавказа и их европейские партнёры создают совместные виртуальные магистерские программы и открывают свои курсы студентам друг друга.',
  ],
  foundedMonthsAgo: 30,
}

const monthsAgo = (months: number) => {
  const today = new Date()
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, 1))
    .toISOString()
    .slice(0, 10)
}

async function insertNetwork(
  db: Queryable,
  n: DemoNetwork,
  foundedBy: string | null,
  createdBy: string | null,
): Promise<{ id: string; slug: string }> {
  const id = newId()
  const now = new Date().toISOString()
  const slug = n.name[0]
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
  await db
    .insertInto('networks')
    .values({
      id,
      slug,
      kind: n.kind,
      name_en: n.name[0],
      name_az: n.name[1],
      name_ru: n.name[2],
      acronym: n.acronym,
      mission_en: n.mission[0],
      mission_az: n.mission[1],
      mission_ru: n.mission[2],
      founded_on: monthsAgo(n.foundedMonthsAgo),
      founded_by_consortium_id: foundedBy,
      website: null,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    })
    .execute()
  return { id, slug }
}

async function addMembers(
  db: Queryable,
  networkId: string,
  institutionIds: string[],
  since: string,
  category: 'member' | 'decision_maker' = 'member',
) {
  const now = new Date().toISOString()
  for (const institutionId of institutionIds) {
    await db
      .insertInto('network_members')
      .values({
        id: newId(),
        network_id: networkId,
        institution_id: institutionId,
        category,
        status: 'active',
        member_since: since,
        member_until: null,
        message: null,
        requested_by: null,
        decided_by: null,
        created_at: now,
        decided_at: now,
      })
      .execute()
  }
}

/** An invented person holding an office (no password: they cannot sign in; the demo accounts are in the README). */
async function officerPerson(db: Queryable, email: string, name: string): Promise<string> {
  const id = newId()
  const now = new Date().toISOString()
  await db
    .insertInto('people')
    .values({
      id,
      email,
      name,
      password_hash: null,
      kind: 'adult',
      locale: 'az',
      email_verified_at: now,
      validated_at: now,
      locked_until: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  return id
}

async function addOfficer(
  db: Queryable,
  networkId: string,
  personId: string,
  role: NetworkOfficersTable['role'],
  termStart: string,
) {
  await db
    .insertInto('network_officers')
    .values({
      id: newId(),
      network_id: networkId,
      person_id: personId,
      role,
      term_start: termStart,
      term_end: null,
    })
    .execute()
}

async function addCentre(
  db: Queryable,
  networkId: string,
  institutionId: string,
  name: [string, string, string],
  countries: string[],
) {
  await db
    .insertInto('network_centres')
    .values({
      id: newId(),
      network_id: networkId,
      institution_id: institutionId,
      name_en: name[0],
      name_az: name[1],
      name_ru: name[2],
      countries: JSON.stringify(countries),
    })
    .execute()
}

async function addLink(
  db: Queryable,
  networkId: string,
  groupId: string | null,
  kind: 'statute' | 'document' | 'material',
  title: string,
  url: string,
  visibility: DocumentVisibility,
  by: string | null,
) {
  await db
    .insertInto('network_documents')
    .values({
      id: newId(),
      network_id: networkId,
      working_group_id: groupId,
      kind,
      title,
      url,
      stored_name: null,
      original_name: null,
      media_type: null,
      size: null,
      visibility,
      uploaded_by: by,
      created_at: new Date().toISOString(),
    })
    .execute()
}

/** Writes the demo networks; the demo consortium and events must be loaded first. Returns the networks' slugs. */
export async function seedNetworks(
  db: Queryable,
  coordinatorId?: string,
): Promise<{ conference: string; alliance: string }> {
  for (const university of FOREIGN) {
    const known = await db
      .selectFrom('institutions')
      .select('id')
      .where('name', '=', university.name)
      .executeTakeFirst()
    if (known) continue
    const { value, errors } = checkInstitution({ ...university, type: 'university' })
    if (Object.keys(errors).length > 0) throw new Error(`demo networks: ${university.name} is not valid`)
    await insertInstitution(db, value)
  }
  const institutions = await db.selectFrom('institutions').select(['id', 'name', 'type', 'country']).execute()
  const byName = new Map(institutions.map((i) => [i.name, i.id]))
  const named = (name: string) => {
    const id = byName.get(name)
    if (!id) throw new Error(`demo networks: no institution named "${name}"`)
    return id
  }
  const azUniversities = institutions
    .filter((i) => i.type === 'university' && i.country === 'AZ')
    .map((i) => i.id)
  const consortium = await db
    .selectFrom('consortia')
    .select('id')
    .where('acronym', '=', 'DigiTeach')
    .executeTakeFirst()
  const secretary = await db
    .selectFrom('people')
    .select('id')
    .where('email', '=', SECRETARY_EMAIL)
    .executeTakeFirstOrThrow()

  // The rectors' conference founded by the demo consortium.
  const { id: conference, slug: conferenceSlug } = await insertNetwork(
    db,
    CONFERENCE,
    consortium?.id ?? null,
    coordinatorId ?? null,
  )
  const founded = monthsAgo(CONFERENCE.foundedMonthsAgo)
  await addMembers(db, conference, azUniversities, founded)
  await addMembers(db, conference, [named(MINISTRY)], founded, 'decision_maker')
  const chair = await officerPerson(db, 'chair.azrc@demo.korpu.az', 'Prof. Aydın Məmmədli')
  await addOfficer(db, conference, chair, 'chair', founded)
  await addOfficer(db, conference, secretary.id, 'secretary_general', founded)
  await addCentre(
    db,
    conference,
    named('Ganja State University'),
    ['Caucasus centre', 'Qafqaz mərkəzi', 'Кавказский центр'],
    ['AZ', 'GE', 'AM'],
  )
  await addLink(
    db,
    conference,
    null,
    'statute',
    "Statute of the Azerbaijani Rectors' Conference",
    'https://www.example.org/azrc/statute.pdf',
    'public',
    secretary.id,
  )
  // Where the demo outcomes record the conference as an established body of the consortium, they point to it.
  if (consortium) {
    await db
      .updateTable('outcomes')
      .set({ network_id: conference })
      .where('consortium_id', '=', consortium.id)
      .where('type', '=', 'established_body')
      .where('network_id', 'is', null)
      .execute()
  }

  // Its working group on digital teaching: the secretary general leads it.
  const group = newId()
  const now = new Date().toISOString()
  await db
    .insertInto('working_groups')
    .values({
      id: group,
      network_id: conference,
      name: 'Digital teaching',
      description:
        'Vice-rectors for teaching bring the DigiTeach e-learning modules into every university’s curricula.',
      created_by: secretary.id,
      created_at: now,
    })
    .execute()
  await db
    .insertInto('working_group_members')
    .values([
      { working_group_id: group, person_id: secretary.id, role: 'lead', joined_at: now },
      { working_group_id: group, person_id: chair, role: 'member', joined_at: now },
    ])
    .execute()
  await addLink(
    db,
    conference,
    group,
    'material',
    'Guide to recognising e-learning modules (ECTS)',
    'https://www.example.org/azrc/ects-recognition-guide',
    'public',
    secretary.id,
  )
  await addLink(
    db,
    conference,
    group,
    'material',
    'Survey of digital teaching at member universities (draft)',
    'https://www.example.org/azrc/survey-draft',
    'network',
    secretary.id,
  )
  await addLink(
    db,
    conference,
    group,
    'material',
    'Notes of the group’s first meeting',
    'https://www.example.org/azrc/notes-1',
    'group',
    secretary.id,
  )
  const thread = newId()
  await db
    .insertInto('working_group_threads')
    .values({
      id: thread,
      working_group_id: group,
      title: 'Credit for the modules',
      author_id: secretary.id,
      created_at: now,
      last_post_at: now,
    })
    .execute()
  await db
    .insertInto('working_group_posts')
    .values({
      id: newId(),
      thread_id: thread,
      author_id: secretary.id,
      body: 'Shall we propose that every member university awards 5 ECTS for each DigiTeach module completed?',
      created_at: now,
    })
    .execute()
  await db
    .insertInto('working_group_decisions')
    .values({
      id: newId(),
      working_group_id: group,
      decided_on: monthsAgo(1),
      text: 'Member universities recognise the DigiTeach modules as electives from the next academic year.',
      recorded_by: secretary.id,
      created_at: now,
    })
    .execute()

  // The Caucasus university alliance, with its online conference from the demo events.
  const { id: alliance, slug: allianceSlug } = await insertNetwork(db, ALLIANCE, null, coordinatorId ?? null)
  const allianceSince = monthsAgo(ALLIANCE.foundedMonthsAgo)
  await addMembers(
    db,
    alliance,
    [
      ...azUniversities,
      ...FOREIGN.map((u) => named(u.name)),
      ...EU_MEMBERS.filter((n) => byName.has(n)).map(named),
    ],
    allianceSince,
  )
  await addOfficer(
    db,
    alliance,
    await officerPerson(db, 'chair.cua@demo.korpu.az', 'Prof. Lela Gelashvili'),
    'chair',
    allianceSince,
  )
  await addCentre(
    db,
    alliance,
    named('Baku State University'),
    ['Caucasus regional centre', 'Qafqaz regional mərkəzi', 'Кавказский региональный центр'],
    ['AZ', 'GE', 'AM'],
  )
  await db
    .updateTable('events')
    .set({ network_id: alliance })
    .where('slug', '=', DEMO_EVENT_SLUGS.onlineConference)
    .execute()
  return { conference: conferenceSlug, alliance: allianceSlug }
}
