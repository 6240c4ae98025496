import type { Queryable } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import type { OutcomesTable } from '../db/schema.ts'
import { slugify } from '../modules/institutions/normalise.ts'

/**
 * Demo outcomes: the nine e-learning modules the demo consortium's partners wrote (a CBHE curriculum for teaching
 * with digital tools), the joint master's programme they prepare, and the one "Digital Technologies" module an
 * academy made on its own, so the catalogue shows both stories the issue tells.
 */

type Titles = readonly [en: string, az: string, ru: string]

const MODULES: ReadonlyArray<{
  title: Titles
  language: string
  level: 'master' | 'professional'
  ects: number
  delivery: 'online' | 'blended'
  subject?: string
}> = [
  {
    title: [
      'Foundations of Digital Pedagogy',
      'Rəqəmsal pedaqogikanın əsasları',
      'Основы цифровой педагогики',
    ],
    language: 'en',
    level: 'professional',
    ects: 4,
    delivery: 'online',
  },
  {
    title: [
      'Online Course Design and Learning Management Systems',
      'Onlayn kurs dizaynı və təlimin idarəetmə sistemləri',
      'Проектирование онлайн-курсов и системы управления обучением',
    ],
    language: 'en',
    level: 'professional',
    ects: 5,
    delivery: 'online',
    subject: 'informatics',
  },
  {
    title: [
      'Digital Assessment and Academic Integrity',
      'Rəqəmsal qiymətləndirmə və akademik dürüstlük',
      'Цифровое оценивание и академическая честность',
    ],
    language: 'az',
    level: 'professional',
    ects: 3,
    delivery: 'online',
  },
  {
    title: [
      'Open Educational Resources and Licensing',
      'Açıq təhsil resursları və lisenziyalaşdırma',
      'Открытые образовательные ресурсы и лицензирование',
    ],
    language: 'en',
    level: 'professional',
    ects: 3,
    delivery: 'online',
  },
  {
    title: [
      'Learning Analytics for Teachers',
      'Müəllimlər üçün təlim analitikası',
      'Учебная аналитика для преподавателей',
    ],
    language: 'ru',
    level: 'master',
    ects: 5,
    delivery: 'blended',
    subject: 'informatics',
  },
  {
    title: [
      'Accessibility and Inclusive Digital Learning',
      'Əlçatanlıq və inklüziv rəqəmsal təlim',
      'Доступность и инклюзивное цифровое обучение',
    ],
    language: 'az',
    level: 'professional',
    ects: 3,
    delivery: 'online',
  },
  {
    title: [
      'Blended Learning in Engineering Education',
      'Mühəndislik təhsilində qarışıq təlim',
      'Смешанное обучение в инженерном образовании',
    ],
    language: 'en',
    level: 'master',
    ects: 6,
    delivery: 'blended',
  },
  {
    title: [
      'Research Data Management',
      'Tədqiqat məlumatlarının idarə edilməsi',
      'Управление исследовательскими данными',
    ],
    language: 'en',
    level: 'master',
    ects: 4,
    delivery: 'online',
    subject: 'informatics',
  },
  {
    title: [
      'Quality Assurance of E-learning',
      'E-təlimin keyfiyyət təminatı',
      'Обеспечение качества электронного обучения',
    ],
    language: 'ru',
    level: 'professional',
    ects: 3,
    delivery: 'online',
  },
]

/** The academy whose own module the catalogue finds by institution: a real one of the demo registry. */
export const DIGITAL_TECHNOLOGIES_ACADEMY = 'The Academy of Public Administration'

const base = (now: string) =>
  ({
    category: 'Teaching and learning materials',
    description_az: null,
    description_ru: null,
    url: null,
    file_stored_name: null,
    file_original_name: null,
    file_media_type: null,
    file_size: null,
    degree: null,
    degree_status: null,
    network_id: null,
    created_by: null,
    created_at: now,
    updated_at: now,
  }) satisfies Partial<OutcomesTable>

async function subjectId(db: Queryable, code: string): Promise<string | null> {
  const row = await db.selectFrom('subjects').select('id').where('code', '=', code).executeTakeFirst()
  return row?.id ?? null
}

/**
 * Writes the outcomes. `consortiumId` is the demo consortium (its partners own the modules in turn, the coordinator
 * first); the academy is looked up by name. Returns the slugs, modules first.
 */
export async function seedOutcomes(
  db: Queryable,
  consortiumId: string,
): Promise<{ modules: string[]; jointDegree: string; digitalTechnologies: string }> {
  const partners = await db
    .selectFrom('consortium_partners as p')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .select(['i.id', 'i.country', 'p.role'])
    .where('p.consortium_id', '=', consortiumId)
    .where('p.role', 'in', ['coordinator', 'partner'])
    .orderBy('p.position')
    .execute()
  if (partners.length === 0) throw new Error('The demo consortium has no partners to own its outcomes')
  const academy = await db
    .selectFrom('institutions')
    .select(['id', 'country'])
    .where('name', '=', DIGITAL_TECHNOLOGIES_ACADEMY)
    .executeTakeFirstOrThrow()
  const informatics = await subjectId(db, 'informatics')
  const ict = await subjectId(db, 'ict-programming')
  // One second apart, oldest first, so the catalogue lists them in a stable order.
  const start = Date.now() - 60_000
  const at = (i: number) => new Date(start + i * 1000).toISOString()
  const slug = (title: string, id: string) => `${slugify(title)}-${id.slice(-6)}`

  const modules: string[] = []
  for (const [i, m] of MODULES.entries()) {
    const owner = partners[i % partners.length]
    if (!owner) continue
    const id = newId()
    const [en, az, ru] = m.title
    modules.push(slug(en, id))
    await db
      .insertInto('outcomes')
      .values({
        ...base(at(i)),
        id,
        slug: slug(en, id),
        type: 'e_learning_module',
        consortium_id: consortiumId,
        owner_institution_id: owner.id,
        country: owner.country,
        title_en: en,
        title_az: az,
        title_ru: ru,
        description_en: `${en}: a module of the consortium's curriculum for university teachers, written by one partner and reviewed by another.`,
        language: m.language,
        level: m.level,
        ects: m.ects,
        delivery_mode: m.delivery,
        licence: 'CC-BY-4.0',
      })
      .execute()
    const subject = m.subject === 'informatics' ? informatics : null
    if (subject)
      await db.insertInto('outcome_subjects').values({ outcome_id: id, subject_id: subject }).execute()
  }

  const coordinator = partners.find((p) => p.role === 'coordinator') ?? partners[0]
  const degreeId = newId()
  const degreeTitle = 'Joint Master in Digital Education'
  await db
    .insertInto('outcomes')
    .values({
      ...base(at(MODULES.length)),
      id: degreeId,
      slug: slug(degreeTitle, degreeId),
      type: 'joint_degree',
      category: 'Curriculum development',
      consortium_id: consortiumId,
      owner_institution_id: coordinator?.id ?? academy.id,
      country: coordinator?.country ?? academy.country,
      title_en: degreeTitle,
      title_az: 'Rəqəmsal təhsil üzrə birgə magistr proqramı',
      title_ru: 'Совместная магистерская программа по цифровому образованию',
      description_en: "A two-year master's programme built from the consortium's modules, taught in English.",
      language: 'en',
      level: 'master',
      ects: null,
      delivery_mode: null,
      licence: null,
      degree: 'Master of Education in Digital Education',
      degree_status: 'accredited',
    })
    .execute()
  const readiness = ['delivering', 'ready', 'preparing', 'planned'] as const
  for (const [i, p] of partners.entries()) {
    if (p.id === coordinator?.id) continue
    await db
      .insertInto('outcome_institutions')
      .values({
        outcome_id: degreeId,
        institution_id: p.id,
        readiness: readiness[i % readiness.length] ?? 'planned',
        note: null,
      })
      .execute()
  }

  const digitalId = newId()
  await db
    .insertInto('outcomes')
    .values({
      ...base(at(MODULES.length + 1)),
      id: digitalId,
      slug: slug('Digital Technologies', digitalId),
      type: 'e_learning_module',
      consortium_id: null,
      owner_institution_id: academy.id,
      country: academy.country,
      title_en: 'Digital Technologies',
      title_az: 'Rəqəmsal texnologiyalar',
      title_ru: 'Цифровые технологии',
      description_en:
        'An introduction to the digital technologies of public administration, made by the academy itself.',
      language: 'az',
      level: 'master',
      ects: 5,
      delivery_mode: 'blended',
      licence: 'LicenseRef-all-rights-reserved',
    })
    .execute()
  if (ict)
    await db.insertInto('outcome_subjects').values({ outcome_id: digitalId, subject_id: ict }).execute()

  return {
    modules,
    jointDegree: slug(degreeTitle, degreeId),
    digitalTechnologies: slug('Digital Technologies', digitalId),
  }
}
