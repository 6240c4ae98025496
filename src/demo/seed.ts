import fs from 'node:fs'
import path from 'node:path'
import type { Db } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import type { InstitutionType, MembershipRole, PlatformRole, ProfileVisibility } from '../db/schema.ts'
import { nameKey } from '../modules/institutions/normalise.ts'
import { ensureEconomicRegions } from '../modules/institutions/service.ts'
import { reindexInstitution, reindexPerson } from '../modules/partners/service.ts'
import { requireSubjectCodes } from '../modules/subjects/service.ts'
import { hashPassword } from '../platform/passwords.ts'
import { type DemoApplicant, seedApplications } from './applications.ts'
import { seedAttendance } from './attendance.ts'
import { seedConsortia } from './consortia.ts'
import { seedEvents } from './events.ts'
import { seedNetworks } from './networks.ts'
import { seedNews } from './news.ts'
import { seedOutcomes } from './outcomes.ts'
import { FOREIGN_PARTNER, seedProjects } from './projects.ts'

/** The password of every demo account: for local use only, listed in the README. */
export const DEMO_PASSWORD = 'korpu-demo-2026'
const DEMO_MARKER_EMAIL = 'admin@demo.korpu.az'

interface UniversityRecord {
  name: string
  alpha_two_code: string
  web_pages: string[]
}

/** Cities of the Hipo records whose names say where they are; the rest are in Baku. */
const CITY_OF: Array<[RegExp, string, string]> = [
  [/Ganja/, 'Ganja', 'AZ-GA'],
  [/Lankaran/, 'Lankaran', 'AZ-LA'],
  [/Mingechevir/, 'Mingachevir', 'AZ-MI'],
  [/Nakhchivan/, 'Nakhchivan', 'AZ-NX'],
  [/Sumgait/, 'Sumgait', 'AZ-SM'],
]

/** Schools and VET colleges of the demo: invented names of the usual public form, in real cities and regions. */
const SCHOOLS: Array<{ name: string; type: InstitutionType; city: string; region: string }> = [
  { name: 'Baku City School No. 20', type: 'school', city: 'Baku', region: 'AZ-BA' },
  { name: 'Baku City School No. 134', type: 'school', city: 'Baku', region: 'AZ-BA' },
  { name: 'Ganja City School No. 12', type: 'school', city: 'Ganja', region: 'AZ-GA' },
  { name: 'Ganja City Lyceum No. 3', type: 'school', city: 'Ganja', region: 'AZ-GA' },
  { name: 'Sheki City School No. 7', type: 'school', city: 'Sheki', region: 'AZ-SA' },
  { name: 'Lankaran City School No. 5', type: 'school', city: 'Lankaran', region: 'AZ-LA' },
  { name: 'Guba District School No. 2', type: 'school', city: 'Guba', region: 'AZ-QBA' },
  { name: 'Shamakhi District School No. 1', type: 'school', city: 'Shamakhi', region: 'AZ-SMI' },
  {
    name: 'Baku State Vocational Education Centre for Industry and Innovation',
    type: 'vet_college',
    city: 'Baku',
    region: 'AZ-BA',
  },
  { name: 'Ganja State Vocational Education Centre', type: 'vet_college', city: 'Ganja', region: 'AZ-GA' },
  {
    name: 'Sumgait State Vocational Education Centre',
    type: 'vet_college',
    city: 'Sumgait',
    region: 'AZ-SM',
  },
  {
    name: 'Ministry of Science and Education of the Republic of Azerbaijan',
    type: 'ministry_agency',
    city: 'Baku',
    region: 'AZ-BA',
  },
]

/** What a demo member tells others (the profile page's fields); subjects are codes of the subjects taxonomy. */
interface DemoProfile {
  subjects: string[]
  languages: string[]
  ages: [min: number, max: number]
  /** A short project idea: set, the person is looking for partners. */
  idea?: string
  visibility: ProfileVisibility
}

interface DemoPerson {
  email: string
  name: string
  locale: 'az' | 'en' | 'ru'
  validated: boolean
  grants?: PlatformRole[]
  institution?: string
  membershipRole?: MembershipRole
  profile?: DemoProfile
}

/** Demo accounts for each role (README lists them) and invented teachers to make the counters tell a story. */
const PEOPLE: DemoPerson[] = [
  {
    email: DEMO_MARKER_EMAIL,
    name: 'Rəşad Orucov (demo admin)',
    locale: 'en',
    validated: true,
    grants: ['platform_admin'],
  },
  {
    email: 'coordinator@demo.korpu.az',
    name: 'Nərmin Qasımova',
    locale: 'az',
    validated: true,
    grants: ['coordinator'],
  },
  {
    email: 'editor@demo.korpu.az',
    name: 'Elvin Hüseynov',
    locale: 'az',
    validated: true,
    grants: ['editor'],
  },
  {
    email: 'head@demo.korpu.az',
    name: 'Səbinə Rzayeva',
    locale: 'az',
    validated: true,
    institution: 'Ganja City School No. 12',
    membershipRole: 'institution_admin',
    profile: {
      subjects: ['azerbaijani-language', 'literature'],
      languages: ['az', 'ru'],
      ages: [11, 17],
      visibility: 'members',
    },
  },
  {
    email: 'teacher@demo.korpu.az',
    name: 'Aysel Babayeva',
    locale: 'az',
    validated: true,
    institution: 'Ganja City School No. 12',
    membershipRole: 'member',
    profile: {
      subjects: ['geography', 'biology', 'english'],
      languages: ['az', 'en'],
      ages: [12, 15],
      idea: 'Gəncə və Şəki məktəbləri arasında ortaq iqlim gündəliyi: şagirdlər hər həftə temperaturu, yağıntını və köçəri quşları qeyd edir, sonra nəticələri onlayn müqayisə edirik.',
      visibility: 'members',
    },
  },
  {
    email: 'lecturer@demo.korpu.az',
    name: 'Tural Nəsirov',
    locale: 'en',
    validated: true,
    institution: 'Ganja State University',
    membershipRole: 'member',
    profile: {
      subjects: ['informatics', 'mathematics'],
      languages: ['en', 'az', 'tr'],
      ages: [18, 22],
      idea: 'An open-data module for first-year students: build low-cost air-quality sensors and compare readings from Ganja with a partner university abroad.',
      visibility: 'public',
    },
  },
  {
    email: 'vet@demo.korpu.az',
    name: 'Kamran İsmayılov',
    locale: 'ru',
    validated: true,
    institution: 'Baku State Vocational Education Centre for Industry and Innovation',
    membershipRole: 'member',
    profile: {
      subjects: ['ict-programming', 'electrical-engineering'],
      languages: ['ru', 'az', 'en'],
      ages: [15, 19],
      idea: 'Smart-home wiring and a small web dashboard built together by electrician and programming learners of two VET centres.',
      visibility: 'members',
    },
  },
  {
    email: 'applicant@demo.korpu.az',
    name: 'Günel Vəliyeva',
    locale: 'az',
    validated: false,
    institution: 'Sheki City School No. 7',
    membershipRole: 'member',
  },
]

const FIRST_NAMES = [
  'Aynur',
  'Fidan',
  'Orxan',
  'Lalə',
  'Nigar',
  'Ramin',
  'Səidə',
  'Vüsal',
  'Zaur',
  'Könül',
  'Elnarə',
  'Fərid',
]
const LAST_NAMES = [
  'Məmmədli',
  'Quliyeva',
  'Abbaslı',
  'Cəfərova',
  'Kərimli',
  'Sadıqova',
  'Həsənli',
  'Novruzova',
]

/** Subject pairs, pupils' ages, second languages and project ideas the invented teachers take in turn. */
const SCHOOL_SUBJECTS = [
  ['mathematics', 'physics'],
  ['english'],
  ['informatics', 'mathematics'],
  ['history', 'geography'],
  ['biology', 'chemistry'],
  ['primary-education', 'life-skills'],
  ['russian', 'literature'],
  ['music', 'visual-arts'],
  ['german', 'english'],
]
const VET_SUBJECTS = [
  ['welding', 'mechanical-engineering'],
  ['tourism-hospitality', 'culinary-arts'],
  ['ict-programming'],
  ['agriculture'],
]
const SCHOOL_AGES: Array<[number, number]> = [
  [6, 10],
  [11, 14],
  [15, 17],
  [12, 16],
]
const VET_AGES: Array<[number, number]> = [
  [15, 19],
  [16, 20],
]
const SECOND_LANGUAGES = ['en', 'ru', 'tr', 'de']
const IDEAS = [
  'Şəki və Quba məktəbləri üçün "Doğma şəhərimin tarixi" virtual muzeyi: hər sinif bir tarixi binanı foto və qısa mətnlə təqdim edir.',
  'A bilingual e-book of folk tales from Lankaran and a partner school abroad, illustrated by pupils aged 8 to 10.',
  'Riyaziyyat üzrə onlayn məsələ mübadiləsi: iki məktəbin şagirdləri bir-birinə hər həftə tapşırıq göndərir və həllərini yoxlayır.',
  'A shared recycling challenge: classes in Baku and Sumgait weigh their plastic waste for six weeks and chart the results together.',
  'Turizm tələbələri ilə ortaq layihə: Şəki və Qəbələ marşrutlarını ingilis dilində kiçik bələdçi kitabçasına çevirmək.',
  "Coding club exchange: pupils write small Scratch games for the younger pupils of a partner school and test each other's games.",
]

function teacherProfile(i: number, vet: boolean): DemoProfile {
  const subjects = vet ? VET_SUBJECTS[i % VET_SUBJECTS.length] : SCHOOL_SUBJECTS[i % SCHOOL_SUBJECTS.length]
  const ages = vet ? VET_AGES[i % VET_AGES.length] : SCHOOL_AGES[i % SCHOOL_AGES.length]
  return {
    subjects: subjects ?? ['english'],
    languages: ['az', SECOND_LANGUAGES[i % SECOND_LANGUAGES.length] ?? 'en'],
    ages: ages ?? [11, 14],
    // Every third teacher is looking for partners; a few profiles are public, the rest for members only.
    idea: i % 3 === 0 ? IDEAS[(i / 3) % IDEAS.length] : undefined,
    visibility: i % 5 === 2 ? 'public' : 'members',
  }
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 150)
}

/**
 * Loads the demo once into an empty database: a second start finds the demo admin and does nothing.
 * Everything goes in one transaction, so an interrupted load leaves no half-demo behind.
 */
export async function loadDemoData(db: Db): Promise<boolean> {
  const existing = await db
    .selectFrom('people')
    .select('id')
    .where('email', '=', DEMO_MARKER_EMAIL)
    .executeTakeFirst()
  if (existing) return false
  const universities = JSON.parse(
    fs.readFileSync(path.resolve(import.meta.dirname, 'data/universities_AZ.json'), 'utf8'),
  ) as UniversityRecord[]
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const now = new Date().toISOString()

  await db.transaction().execute(async (trx) => {
    // Azerbaijan's economic regions (seed data that administrators may edit afterwards).
    await ensureEconomicRegions(trx)
    const institutionIds = new Map<string, string>()
    const institutionRows = [
      ...universities.map((u) => {
        const place = CITY_OF.find(([pattern]) => pattern.test(u.name))
        return {
          name: u.name,
          type: (/Academy|Conservator|Institute/.test(u.name) ? 'academy' : 'university') as InstitutionType,
          city: place?.[1] ?? 'Baku',
          region: place?.[2] ?? 'AZ-BA',
          website: u.web_pages[0] ?? null,
        }
      }),
      ...SCHOOLS.map((s) => ({ ...s, website: null })),
      { ...FOREIGN_PARTNER.institution, type: 'school' as InstitutionType, website: null },
    ]
    const foreignSchool = FOREIGN_PARTNER.institution
    for (const row of institutionRows) {
      const id = newId()
      institutionIds.set(row.name, id)
      await trx
        .insertInto('institutions')
        .values({
          id,
          slug: slugify(row.name),
          name: row.name,
          name_key: nameKey(row.name),
          type: row.type,
          country: row.name === foreignSchool.name ? foreignSchool.country : 'AZ',
          region: row.region,
          city: row.city,
          website: row.website,
          created_at: now,
          updated_at: now,
        })
        .execute()
    }

    const schools = SCHOOLS.filter((s) => s.type !== 'ministry_agency')
    const teachers: DemoPerson[] = []
    for (let i = 0; i < 24; i++) {
      const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Aynur'
      const last = LAST_NAMES[(i * 5) % LAST_NAMES.length] ?? 'Məmmədli'
      const school = schools[i % schools.length]
      const validated = i % 6 !== 5
      teachers.push({
        email: `teacher${i + 1}@demo.korpu.az`,
        name: `${first} ${last}`,
        locale: 'az',
        validated,
        institution: school?.name,
        membershipRole: 'member',
        // Those still waiting for validation have only their application so far.
        profile: validated ? teacherProfile(i, school?.type === 'vet_college') : undefined,
      })
    }

    const applicants: DemoApplicant[] = []
    const unaffiliated: string[] = []
    let coordinatorId: string | undefined
    const partner: DemoPerson = {
      ...FOREIGN_PARTNER.person,
      locale: 'en',
      validated: true,
      institution: foreignSchool.name,
      membershipRole: 'member',
      profile: {
        subjects: ['biology', 'english'],
        languages: ['ka', 'en'],
        ages: [13, 16],
        visibility: 'public',
      },
    }
    for (const person of [...PEOPLE, ...teachers, partner]) {
      const id = newId()
      await trx
        .insertInto('people')
        .values({
          id,
          email: person.email,
          name: person.name,
          password_hash: passwordHash,
          kind: 'adult',
          locale: person.locale,
          email_verified_at: now,
          validated_at: person.validated ? now : null,
          locked_until: null,
          created_at: now,
          updated_at: now,
        })
        .execute()
      if (person.profile) {
        const p = person.profile
        await trx
          .insertInto('profiles')
          .values({
            person_id: id,
            // Checked against the taxonomy, so a renamed subject code fails the load instead of a silent facet.
            subjects: JSON.stringify(await requireSubjectCodes(trx, p.subjects)),
            languages: JSON.stringify(p.languages),
            age_min: p.ages[0],
            age_max: p.ages[1],
            looking_since: p.idea ? now : null,
            idea: p.idea ?? null,
            visibility: p.visibility,
            updated_at: now,
          })
          .execute()
      }
      if (!person.institution) unaffiliated.push(id)
      for (const role of person.grants ?? []) {
        await trx.insertInto('role_grants').values({ person_id: id, role, granted_at: now }).execute()
      }
      const institutionId = person.institution ? institutionIds.get(person.institution) : undefined
      if (institutionId && person.membershipRole) {
        await trx
          .insertInto('memberships')
          .values({
            id: newId(),
            person_id: id,
            institution_id: institutionId,
            role: person.membershipRole,
            status: person.validated ? 'confirmed' : 'pending',
            created_at: now,
          })
          .execute()
        // Everyone not validated yet has an open join application in the coordinators' queue.
        if (!person.validated)
          applicants.push({ personId: id, institutionId, vet: /Vocational/.test(person.institution ?? '') })
      }
      if (person.grants?.includes('coordinator')) coordinatorId = id
    }
    await seedApplications(trx, applicants, coordinatorId)
    await seedProjects(trx, coordinatorId)
    const events = await seedEvents(trx, coordinatorId)
    await seedAttendance(trx, events.regionalConference, coordinatorId)
    const consortium = await seedConsortia(trx, coordinatorId)
    await seedOutcomes(trx, consortium.id)
    await seedNetworks(trx, coordinatorId)
    await seedNews(trx, coordinatorId, events)

    // Partner search: every institution's row with its members' rows, then the people without an institution.
    // In the same transaction, so the demo is never searchable half-loaded.
    for (const id of institutionIds.values()) await reindexInstitution(trx, id)
    for (const id of unaffiliated) await reindexPerson(trx, id)
  })
  return true
}
