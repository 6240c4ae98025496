import type { Queryable } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import type { ConsortiumPartnerRole, DeliverableStatus } from '../db/schema.ts'
import { insertPartner } from '../modules/consortia/queries.ts'
import { insertConsortium } from '../modules/consortia/service.ts'
import { insertInstitution } from '../modules/institutions/service.ts'
import { checkInstitution } from '../modules/institutions/values.ts'

/**
 * The demo consortium: an Erasmus+ capacity-building project (CBHE) coordinated by an Azerbaijani technical
 * university with three more Azerbaijani universities and four EU universities, the ministry as associated partner,
 * six work packages led by different partners, and deliverables at every stage. Its three years are placed around
 * the day the demo is loaded (22 months in), so it stays "running". Its nine e-learning modules are demo outcomes.
 */

/** Real EU universities taking part; added to the registry when it does not have them. */
const FOREIGN = [
  { name: 'Riga Technical University', country: 'LV', city: 'Riga', website: 'https://www.rtu.lv' },
  { name: 'Tallinn University', country: 'EE', city: 'Tallinn', website: 'https://www.tlu.ee' },
  { name: 'University of Porto', country: 'PT', city: 'Porto', website: 'https://www.up.pt' },
  { name: 'Politecnico di Milano', country: 'IT', city: 'Milan', website: 'https://www.polimi.it' },
] as const

const PARTNERS: ReadonlyArray<readonly [name: string, role: ConsortiumPartnerRole]> = [
  ['Azerbaijan Technical University', 'coordinator'],
  ['Riga Technical University', 'partner'],
  ['Tallinn University', 'partner'],
  ['University of Porto', 'partner'],
  ['Politecnico di Milano', 'partner'],
  ['Baku State University', 'partner'],
  ['Ganja State University', 'partner'],
  ['Azerbaijan State Pedagogic University', 'partner'],
  ['Ministry of Science and Education of the Republic of Azerbaijan', 'associated'],
]

/** Work packages: number, title, lead, months from the start to its start and end, and deliverables. */
const WORK_PACKAGES: ReadonlyArray<{
  title: string
  lead: string
  months: readonly [from: number, to: number]
  deliverables: ReadonlyArray<readonly [code: string, title: string, dueMonth: number]>
}> = [
  {
    title: 'Needs analysis of digital teaching in partner universities',
    lead: 'Riga Technical University',
    months: [0, 6],
    deliverables: [
      ['D1.1', 'Survey of 600 university teachers on digital teaching', 4],
      ['D1.2', 'Needs analysis report with recommendations', 6],
    ],
  },
  {
    title: 'Curriculum of nine e-learning modules for university teachers',
    lead: 'Azerbaijan Technical University',
    months: [4, 14],
    deliverables: [
      ['D2.1', 'Curriculum framework and learning outcomes', 8],
      ['D2.2', 'Accreditation file for the continuing-education programme', 14],
    ],
  },
  {
    title: 'Development of the e-learning modules',
    lead: 'Tallinn University',
    months: [8, 24],
    deliverables: [
      ['D3.1', 'Nine e-learning modules on the partners’ learning platforms', 20],
      ['D3.2', 'Open educational resources under CC BY 4.0', 24],
    ],
  },
  {
    title: 'Training of trainers and pilot delivery',
    lead: 'University of Porto',
    months: [12, 30],
    deliverables: [
      ['D4.1', 'Training of 40 trainers in Porto and Baku', 16],
      ['D4.2', 'Pilot delivery report (320 teachers)', 30],
    ],
  },
  {
    title: 'Quality assurance and evaluation',
    lead: 'Politecnico di Milano',
    months: [0, 36],
    deliverables: [
      ['D5.1', 'Quality plan', 3],
      ['D5.2', 'External evaluation report', 35],
    ],
  },
  {
    title: 'Dissemination, exploitation and sustainability',
    lead: 'Baku State University',
    months: [0, 36],
    deliverables: [
      ['D6.1', 'Dissemination plan and project website', 3],
      ['D6.2', 'National conference on digital teaching in higher education', 34],
    ],
  },
]

const addMonths = (date: Date, months: number) => {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1))
  return d.toISOString().slice(0, 10)
}

/** Writes the demo consortium (with its foreign partners in the registry); returns its id and slug. */
export async function seedConsortia(
  db: Queryable,
  coordinatorId?: string,
): Promise<{ id: string; slug: string }> {
  for (const university of FOREIGN) {
    const known = await db
      .selectFrom('institutions')
      .select('id')
      .where('name', '=', university.name)
      .executeTakeFirst()
    if (known) continue
    const { value, errors } = checkInstitution({ ...university, type: 'university' })
    if (Object.keys(errors).length > 0) throw new Error(`demo consortia: ${university.name} is not valid`)
    await insertInstitution(db, value)
  }
  const institutions = new Map(
    (await db.selectFrom('institutions').select(['id', 'name']).execute()).map((i) => [i.name, i.id]),
  )
  const institution = (name: string) => {
    const id = institutions.get(name)
    if (!id) throw new Error(`demo consortia: no institution named "${name}"`)
    return id
  }

  const today = new Date()
  // Three years long, 22 months in: work packages at every stage.
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 22, 1))
  const startDate = start.toISOString().slice(0, 10)
  const endDate = addMonths(start, 36)
  const consortium = await insertConsortium(
    db,
    {
      reference: `101083012-DIGITEACH-ERASMUS-EDU-${start.getUTCFullYear() - 1}-CBHE`,
      acronym: 'DigiTeach',
      title_az: 'Azərbaycan universitetlərində rəqəmsal tədris səriştələri',
      title_en: 'Digital Teaching Competences for Azerbaijani Universities',
      title_ru: 'Цифровые преподавательские компетенции для университетов Азербайджана',
      programme: 'Erasmus+',
      key_action: 'KA2 – Cooperation among organisations and institutions',
      action_type: 'Capacity building in the field of higher education',
      funder: 'European Education and Culture Executive Agency (EACEA)',
      call_year: start.getUTCFullYear() - 1,
      coordinator_contact_name: 'Prof. Elnur Məmmədov',
      coordinator_contact_email: 'digiteach@demo.korpu.az',
      target_groups: JSON.stringify(['academic_staff', 'students', 'policy_makers']),
      start_date: startDate,
      end_date: endDate,
      grant_minor: 79_987_550,
      currency: 'EUR',
      status: 'running',
      summary_az:
        'Layihə dörd Azərbaycan universitetinin müəllimləri üçün rəqəmsal tədris üzrə doqquz e-təlim modulundan ibarət kurikulum hazırlayır, 40 təlimçi yetişdirir və modulları 320 müəllimlə sınaqdan keçirir.',
      summary_en:
        'The project builds a curriculum of nine e-learning modules on digital teaching for teachers of four Azerbaijani universities, trains 40 trainers and pilots the modules with 320 teachers. The modules stay open as educational resources, and the national conference at the end hands the curriculum to the ministry.',
      summary_ru:
        'Проект создаёт учебную программу из девяти модулей электронного обучения по цифровому преподаванию для преподавателей четырёх университетов Азербайджана, готовит 40 тренеров и апробирует модули с 320 преподавателями.',
      website: null,
      results_url: null,
    },
    { coordinatorId: null, createdBy: coordinatorId ?? null, flags: { good_practice: 1, success_story: 0 } },
  )
  for (const [name, role] of PARTNERS) {
    await insertPartner(db, {
      id: newId(),
      consortiumId: consortium.id,
      institutionId: institution(name),
      role,
    })
  }
  const todayText = today.toISOString().slice(0, 10)
  for (const [index, wp] of WORK_PACKAGES.entries()) {
    const id = newId()
    await db
      .insertInto('work_packages')
      .values({
        id,
        consortium_id: consortium.id,
        number: index + 1,
        title: wp.title,
        description: null,
        lead_institution_id: institution(wp.lead),
        start_date: addMonths(start, wp.months[0]),
        end_date: addMonths(start, wp.months[1]),
      })
      .execute()
    for (const [code, title, dueMonth] of wp.deliverables) {
      const due = addMonths(start, dueMonth)
      // Due well before today: delivered; due within three months: in progress; later: planned.
      const status: DeliverableStatus =
        due < todayText ? 'delivered' : due < addMonths(today, 3) ? 'in_progress' : 'planned'
      await db
        .insertInto('deliverables')
        .values({
          id: newId(),
          work_package_id: id,
          code,
          title,
          due_date: due,
          status,
          delivered_on: status === 'delivered' ? due : null,
        })
        .execute()
    }
  }
  return consortium
}
