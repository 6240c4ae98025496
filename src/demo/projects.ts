import type { Queryable } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import type { MilestoneStatus, ProjectScope, ProjectStatus } from '../db/schema.ts'
import { refreshGalleryEntry } from '../modules/projects/gallery-index.ts'

/**
 * Demo projects at every stage of the life cycle, so that each role meets real work on first start: approved
 * projects in the gallery with pages, forum and milestones (one with national labels in two countries, ready for
 * a European nomination), one waiting for the coordinators, one waiting for a co-founder's answer (the demo
 * teacher's invitation), and a draft the demo teacher left half-planned.
 */
interface DemoProject {
  title: [az: string, en: string, ru: string]
  summary: [az: string, en: string, ru: string]
  scope: ProjectScope
  status: ProjectStatus
  /** Emails of the founders; the first one created the project. */
  founders: string[]
  /** Founders invited who have not answered yet. */
  invited?: string[]
  teachers?: string[]
  subjects: string[]
  topics: string[]
  model: string
  ages: [number, number]
  languages: string[]
  dates: [start: string, end: string]
  activities?: string
  results?: string
  inGallery?: boolean
  /** Countries whose national agencies awarded the project a national label. */
  nationalLabels?: string[]
  pages?: Array<{ title: string; html: string; public: boolean }>
  milestones?: Array<{ title: string; due: string; status: MilestoneStatus }>
  thread?: { title: string; posts: Array<[author: string, body: string]> }
  wizardStep?: number
}

const PROJECTS: DemoProject[] = [
  {
    title: [
      'Nağıllarımız rəqəmsal dünyada',
      'Our folk tales in the digital world',
      'Наши сказки в цифровом мире',
    ],
    summary: [
      'Şagirdlər Azərbaycan nağıllarını toplayır, səsləndirir və rəqəmsal hekayələrə çevirirlər.',
      'Pupils collect Azerbaijani folk tales, record them and turn them into illustrated digital stories.',
      'Ученики собирают азербайджанские сказки, озвучивают их и превращают в цифровые истории.',
    ],
    scope: 'national',
    status: 'approved',
    founders: ['teacher@demo.korpu.az', 'teacher1@demo.korpu.az'],
    teachers: ['teacher2@demo.korpu.az'],
    subjects: ['literature', 'azerbaijani-language', 'informatics'],
    topics: ['digital-literacy', 'cultural-heritage', 'reading-comprehension'],
    model: 'project-based-learning',
    ages: [10, 13],
    languages: ['az', 'en'],
    dates: ['2025-09-15', '2026-05-31'],
    activities:
      'Interviews with grandparents, storyboard workshops, recording sessions, an online exhibition.',
    results: 'Twelve illustrated digital tales, a shared glossary, an exhibition for parents.',
    inGallery: true,
    nationalLabels: ['AZ'],
    pages: [
      {
        title: 'How we record a tale',
        html: '<h2>Four steps</h2><ol><li>Listen to the tale at home.</li><li>Write the storyboard.</li><li>Record the voices.</li><li>Draw the pictures.</li></ol>',
        public: true,
      },
      {
        title: 'Interview questions',
        html: '<p>Questions the pupils agreed on before visiting their grandparents.</p><ul><li>Who told you this tale?</li><li>When was it told?</li></ul>',
        public: false,
      },
    ],
    milestones: [
      { title: 'Tales collected', due: '2025-11-30', status: 'done' },
      { title: 'Storyboards finished', due: '2026-02-28', status: 'done' },
      { title: 'Online exhibition', due: '2026-05-31', status: 'done' },
    ],
    thread: {
      title: 'Which tales do we start with?',
      posts: [
        [
          'teacher@demo.korpu.az',
          'I suggest "Tıq-tıq xanım" for the younger group. What do your pupils prefer?',
        ],
        ['teacher1@demo.korpu.az', 'Mine voted for "Məlikməmməd". We can record both and compare.'],
      ],
    },
  },
  {
    title: [
      'Təhlükəsiz qaynaq: ağıllı emalatxana',
      'Safe welding: a smart workshop',
      'Безопасная сварка: умная мастерская',
    ],
    summary: [
      'Peşə təhsili tələbələri sensorlarla emalatxanada təhlükəsizlik sistemi qururlar.',
      'Vocational students build a sensor-based safety system for their welding workshop.',
      'Студенты профтехобразования создают систему безопасности сварочной мастерской на датчиках.',
    ],
    scope: 'national',
    status: 'approved',
    founders: ['vet@demo.korpu.az', 'teacher11@demo.korpu.az'],
    subjects: ['welding', 'electrical-engineering'],
    topics: ['workplace-safety', 'digital-skills-vet'],
    model: 'technical-education-model',
    ages: [16, 19],
    languages: ['az', 'ru'],
    dates: ['2026-02-01', '2026-12-20'],
    activities: 'Risk mapping, sensor prototyping, a safety drill with a partner company.',
    results: 'A working prototype, a safety checklist for VET workshops.',
    inGallery: true,
    milestones: [
      { title: 'Risk map of both workshops', due: '2026-03-15', status: 'done' },
      { title: 'Sensor prototype', due: '2026-09-30', status: 'in_progress' },
      { title: 'Safety drill', due: '2026-12-10', status: 'planned' },
    ],
    thread: {
      title: 'Sensors we can afford',
      posts: [
        ['vet@demo.korpu.az', 'Our budget allows gas and temperature sensors; smoke sensors come next term.'],
      ],
    },
  },
  {
    title: ['Qafqazın su hekayələri', 'Water stories of the Caucasus', 'Водные истории Кавказа'],
    summary: [
      'Bakı və Tbilisi şagirdləri çaylarının suyunu ölçür və nəticələri müqayisə edirlər.',
      'Pupils in Baku and Tbilisi measure the water of their rivers and compare what they find.',
      'Школьники Баку и Тбилиси измеряют качество воды в своих реках и сравнивают результаты.',
    ],
    scope: 'international',
    status: 'approved',
    founders: ['teacher2@demo.korpu.az', 'nino.beridze@demo.korpu.ge'],
    subjects: ['biology', 'chemistry', 'english'],
    topics: ['environment', 'scientific-inquiry', 'foreign-languages'],
    model: 'inquiry-based-learning',
    ages: [13, 16],
    languages: ['en'],
    dates: ['2025-10-01', '2026-06-15'],
    results: 'A shared data set of water samples, a bilingual field guide, a joint online conference.',
    inGallery: true,
    nationalLabels: ['AZ', 'GE'],
    milestones: [
      { title: 'Sampling kits ready', due: '2025-10-20', status: 'done' },
      { title: 'Joint online conference', due: '2026-06-10', status: 'done' },
    ],
  },
  {
    title: ['İqlim detektivləri', 'Climate detectives', 'Климатические детективы'],
    summary: [
      'Şagirdlər məktəblərinin enerji istifadəsini araşdırır və qənaət planı hazırlayırlar.',
      'Pupils investigate their schools’ energy use and draw up a plan to save it.',
      'Ученики исследуют энергопотребление своих школ и составляют план экономии.',
    ],
    scope: 'national',
    status: 'in_review',
    founders: ['teacher3@demo.korpu.az', 'teacher4@demo.korpu.az'],
    subjects: ['physics', 'geography'],
    topics: ['environment', 'citizenship'],
    model: 'steam',
    ages: [12, 15],
    languages: ['az'],
    dates: ['2027-01-15', '2027-05-30'],
  },
  {
    title: ['Robototexnika dərnəyi', 'Robotics club across regions', 'Кружок робототехники'],
    summary: [
      'Bölgələrdəki məktəblər birlikdə sadə robotlar yığır və onlayn yarışlar keçirir.',
      'Schools in different regions build simple robots together and hold online contests.',
      'Школы разных регионов вместе собирают простых роботов и проводят онлайн-соревнования.',
    ],
    scope: 'national',
    status: 'awaiting_cofounders',
    founders: ['teacher7@demo.korpu.az'],
    invited: ['teacher@demo.korpu.az'],
    subjects: ['informatics', 'technology'],
    topics: ['digital-literacy'],
    model: 'steam',
    ages: [11, 14],
    languages: ['az'],
    dates: ['2027-02-01', '2027-06-15'],
  },
  {
    title: ['Bazarda riyaziyyat', 'Mathematics at the bazaar', 'Математика на базаре'],
    summary: ['', 'Pupils use prices and weights at the local bazaar to practise proportions.', ''],
    scope: 'national',
    status: 'draft',
    founders: ['teacher@demo.korpu.az'],
    subjects: ['mathematics'],
    topics: [],
    model: 'problem-based-learning',
    ages: [11, 12],
    languages: ['az'],
    dates: ['2027-03-01', '2027-05-15'],
    wizardStep: 2,
  },
]

/** A Georgian partner school and teacher, so the international project has a second country. */
export const FOREIGN_PARTNER = {
  institution: { name: 'Tbilisi Public School No. 51', country: 'GE', region: 'GE-TB', city: 'Tbilisi' },
  person: { email: 'nino.beridze@demo.korpu.ge', name: 'Nino Beridze' },
} as const

function daysBefore(iso: string, days: number): string {
  return new Date(Date.parse(iso) - days * 86_400_000).toISOString()
}

async function idsByCode(db: Queryable, table: 'subjects' | 'curriculum_topics', codes: string[]) {
  if (codes.length === 0) return []
  const rows = await db.selectFrom(table).select(['id', 'code']).where('code', 'in', codes).execute()
  // Every code must exist: a renamed code should fail the demo load rather than drop a subject silently.
  if (rows.length !== codes.length) throw new Error(`demo ${table} missing: ${codes.join(', ')}`)
  return rows.map((r) => r.id)
}

/** Loads the demo projects; people and institutions of the demo must exist. Returns the ids created. */
export async function seedProjects(db: Queryable, coordinatorId: string | undefined): Promise<string[]> {
  const now = new Date().toISOString()
  const people = new Map(
    (
      await db
        .selectFrom('people')
        .leftJoin('memberships', (j) =>
          j.onRef('memberships.person_id', '=', 'people.id').on('memberships.status', '=', 'confirmed'),
        )
        .select(['people.id', 'people.email', 'memberships.institution_id'])
        .where('people.email', 'like', '%@demo.korpu.%')
        .execute()
    ).map((p) => [p.email, { id: p.id, institutionId: p.institution_id }]),
  )
  const person = (email: string) => {
    const found = people.get(email)
    if (!found) throw new Error(`demo person ${email} is missing`)
    return found
  }
  const models = new Map(
    (await db.selectFrom('learning_models').select(['id', 'code']).execute()).map((m) => [m.code, m.id]),
  )

  const created: string[] = []
  for (const [index, p] of PROJECTS.entries()) {
    const id = newId()
    created.push(id)
    // Spread the creation dates so the gallery and the queue have an order and waiting times.
    const createdAt = daysBefore(now, 60 - index * 9)
    const submittedAt = p.status === 'draft' ? null : daysBefore(now, 50 - index * 9)
    const approvedAt = p.status === 'approved' ? daysBefore(now, 40 - index * 9) : null
    const [founderEmail] = p.founders
    const creator = founderEmail ? person(founderEmail) : undefined
    await db
      .insertInto('projects')
      .values({
        id,
        slug: `${p.title[1].toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`,
        scope: p.scope,
        status: p.status,
        wizard_step: p.wizardStep ?? 5,
        title_az: p.title[0] || null,
        title_en: p.title[1] || null,
        title_ru: p.title[2] || null,
        summary_az: p.summary[0] || null,
        summary_en: p.summary[1] || null,
        summary_ru: p.summary[2] || null,
        age_from: p.ages[0],
        age_to: p.ages[1],
        languages: JSON.stringify(p.languages),
        activities: p.activities ?? null,
        expected_results: p.results ?? null,
        start_date: p.dates[0],
        end_date: p.dates[1],
        learning_model_id: models.get(p.model) ?? null,
        event_id: null,
        created_by: creator?.id ?? null,
        created_at: createdAt,
        updated_at: approvedAt ?? submittedAt ?? createdAt,
        submitted_at: submittedAt,
        waiting_since: p.status === 'approved' || p.status === 'draft' ? null : submittedAt,
        decided_at: approvedAt,
        decided_by: approvedAt ? (coordinatorId ?? null) : null,
        approved_at: approvedAt,
        in_gallery_since: p.inGallery ? approvedAt : null,
      })
      .execute()
    for (const subjectId of await idsByCode(db, 'subjects', p.subjects)) {
      await db.insertInto('project_subjects').values({ project_id: id, subject_id: subjectId }).execute()
    }
    for (const topicId of await idsByCode(db, 'curriculum_topics', p.topics)) {
      await db.insertInto('project_curriculum_topics').values({ project_id: id, topic_id: topicId }).execute()
    }

    const members: Array<[string, 'founder' | 'teacher', 'active' | 'invited']> = [
      ...p.founders.map((e): [string, 'founder', 'active'] => [e, 'founder', 'active']),
      ...(p.invited ?? []).map((e): [string, 'founder', 'invited'] => [e, 'founder', 'invited']),
      ...(p.teachers ?? []).map((e): [string, 'teacher', 'active'] => [e, 'teacher', 'active']),
    ]
    for (const [email, role, status] of members) {
      const member = person(email)
      await db
        .insertInto('project_members')
        .values({
          id: newId(),
          project_id: id,
          person_id: member.id,
          role,
          status,
          institution_id: status === 'active' ? member.institutionId : null,
          invited_by: email === founderEmail ? null : (creator?.id ?? null),
          invited_at: createdAt,
          joined_at: status === 'active' ? createdAt : null,
        })
        .execute()
    }

    const history: Array<[string, string | null, string]> = [['created', creator?.id ?? null, createdAt]]
    if (submittedAt) history.push(['submitted', creator?.id ?? null, submittedAt])
    if (approvedAt) history.push(['approved', coordinatorId ?? null, approvedAt])
    for (const [kind, actorId, at] of history) {
      await db
        .insertInto('project_history')
        .values({ id: newId(), project_id: id, kind, actor_id: actorId, message: null, at })
        .execute()
    }

    for (const [position, page] of (p.pages ?? []).entries()) {
      await db
        .insertInto('project_pages')
        .values({
          id: newId(),
          project_id: id,
          title: page.title,
          body_html: page.html,
          author_id: creator?.id ?? null,
          position,
          public_since: page.public ? approvedAt : null,
          public_approved_by: page.public ? (creator?.id ?? null) : null,
          created_at: approvedAt ?? now,
          updated_at: approvedAt ?? now,
        })
        .execute()
    }
    for (const [position, milestone] of (p.milestones ?? []).entries()) {
      await db
        .insertInto('project_milestones')
        .values({
          id: newId(),
          project_id: id,
          title: milestone.title,
          description: null,
          due_date: milestone.due,
          status: milestone.status,
          position,
          created_at: approvedAt ?? now,
          updated_at: approvedAt ?? now,
        })
        .execute()
    }
    if (p.thread) {
      const threadId = newId()
      const posts = p.thread.posts.map(([email, body], i) => ({ email, body, at: daysBefore(now, 30 - i) }))
      await db
        .insertInto('forum_threads')
        .values({
          id: threadId,
          project_id: id,
          title: p.thread.title,
          author_id: posts[0] ? person(posts[0].email).id : null,
          created_at: posts[0]?.at ?? now,
          last_post_at: posts.at(-1)?.at ?? now,
        })
        .execute()
      for (const post of posts) {
        await db
          .insertInto('forum_posts')
          .values({
            id: newId(),
            thread_id: threadId,
            author_id: person(post.email).id,
            body: post.body,
            created_at: post.at,
            edited_at: null,
          })
          .execute()
      }
    }
    for (const country of p.nationalLabels ?? []) {
      await db
        .insertInto('project_labels')
        .values({
          id: newId(),
          project_id: id,
          level: 'national',
          country,
          application_id: null,
          awarded_by: country === 'AZ' ? (coordinatorId ?? null) : null,
          awarded_at: daysBefore(now, 10),
        })
        .execute()
    }
    await refreshGalleryEntry(db, id)
  }
  return created
}
