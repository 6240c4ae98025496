import type { Queryable } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import type { ArticleStatus } from '../db/schema.ts'
import type { DemoEventKey } from './events.ts'

const DAY = 86_400_000

interface DemoArticle {
  slug: string
  status: ArticleStatus
  /** Days from the load day when it is (or is to be) public; null while unpublished. */
  publishIn: number | null
  title: { az?: string; en?: string; ru?: string }
  lead: { az?: string; en?: string; ru?: string }
  body: { az?: string; en?: string; ru?: string }
  tags: string[]
  events: DemoEventKey[]
  /** Linked to the first approved demo project. */
  project?: boolean
  byEditor?: boolean
}

const ARTICLES: DemoArticle[] = [
  {
    slug: 'teachers-from-every-region-met-in-ganja',
    status: 'published',
    publishIn: -20,
    title: {
      az: 'Bütün regionlardan müəllimlər Gəncədə görüşdü',
      en: 'Teachers from every region met in Ganja',
      ru: 'Учителя из всех регионов встретились в Гяндже',
    },
    lead: {
      az: 'Üç günlük regional konfrans yeni layihə tərəfdaşlıqları ilə başa çatdı.',
      en: 'The three-day regional conference ended with new project partnerships.',
      ru: 'Трёхдневная региональная конференция завершилась новыми проектными партнёрствами.',
    },
    body: {
      az: '<p>Konfransda müəllimlər seminarlarda iştirak etdi və birgə layihələr planlaşdırdı.</p>',
      en: '<p>Teachers took part in workshops on project-based learning and planned joint projects for the school year.</p><p>Several of the projects founded there are already in the gallery.</p>',
      ru: '<p>Учителя участвовали в семинарах по проектному обучению и планировали совместные проекты на учебный год.</p>',
    },
    tags: ['conference', 'ganja', 'etwinning'],
    events: ['regionalConference'],
    project: true,
  },
  {
    slug: 'vet-networking-seminar-open-for-registration',
    status: 'published',
    publishIn: -3,
    title: {
      az: 'Peşə təhsili üzrə şəbəkələşmə seminarına qeydiyyat açıqdır',
      en: 'VET networking seminar open for registration',
    },
    lead: {
      az: 'Bakıda keçiriləcək seminar peşə məktəblərini Avropa tərəfdaşları ilə görüşdürür.',
      en: 'The seminar in Baku brings vocational schools together with European partners.',
    },
    body: {
      az: '<p>Qeydiyyat üzvlər üçün açıqdır; yerlərin sayı məhduddur.</p>',
      en: '<p>Registration is open to members; places are limited and a waiting list opens when they are taken.</p>',
    },
    tags: ['vet', 'seminar', 'erasmus'],
    events: ['vetSeminar'],
  },
  {
    slug: 'university-alliance-meets-online',
    status: 'published',
    publishIn: 5,
    title: {
      en: 'University alliance meets online',
      ru: 'Университетский альянс проводит онлайн-конференцию',
    },
    lead: {
      en: 'Partners of the Caucasus university alliance present their joint modules.',
      ru: 'Партнёры кавказского университетского альянса представляют совместные модули.',
    },
    body: {
      en: '<p>The conference is open to everyone; the programme is on the event page.</p>',
      ru: '<p>Конференция открыта для всех; программа опубликована на странице мероприятия.</p>',
    },
    tags: ['higher-education', 'erasmus'],
    events: ['onlineConference'],
  },
  {
    slug: 'safe-internet-for-pupils',
    status: 'in_review',
    publishIn: null,
    title: {
      az: 'Şagirdlər üçün təhlükəsiz internet',
      en: 'Safe internet for pupils',
    },
    lead: {
      az: 'Müəllimlər üçün vebinar hazırlanır.',
      en: 'A webinar for teachers is in preparation.',
    },
    body: {
      az: '<p>Vebinar şagirdlərin onlayn təhlükəsizliyinə həsr olunub.</p>',
      en: '<p>The webinar is about pupils’ safety online and the school’s part in it.</p>',
    },
    tags: ['safety'],
    events: [],
    byEditor: true,
  },
]

/**
 * Demo news about the demo events and projects, in two or three languages: published ones (one scheduled to
 * appear in a few days), and one the editor wrote that waits in review for the coordinator.
 */
export async function seedNews(
  db: Queryable,
  coordinatorId: string | undefined,
  events: Record<DemoEventKey, { id: string; slug: string }>,
  today = new Date(),
): Promise<void> {
  const editor = await db
    .selectFrom('people')
    .select('id')
    .where('email', '=', 'editor@demo.korpu.az')
    .executeTakeFirst()
  const project = await db
    .selectFrom('projects')
    .select('id')
    .where('in_gallery_since', 'is not', null)
    .orderBy('created_at')
    .executeTakeFirst()
  for (const a of ARTICLES) {
    const id = newId()
    const at = new Date(today.getTime() + Math.min(a.publishIn ?? 0, 0) * DAY - DAY).toISOString()
    const publishAt =
      a.publishIn === null ? null : new Date(today.getTime() + a.publishIn * DAY).toISOString()
    const authorId = (a.byEditor ? editor?.id : coordinatorId) ?? null
    const texts = {
      title_az: a.title.az ?? null,
      title_en: a.title.en ?? null,
      title_ru: a.title.ru ?? null,
      lead_az: a.lead.az ?? null,
      lead_en: a.lead.en ?? null,
      lead_ru: a.lead.ru ?? null,
      body_az: a.body.az ?? null,
      body_en: a.body.en ?? null,
      body_ru: a.body.ru ?? null,
    }
    await db
      .insertInto('articles')
      .values({
        id,
        slug: a.slug,
        status: a.status,
        ...texts,
        cover_alt_az: null,
        cover_alt_en: null,
        cover_alt_ru: null,
        author_id: authorId,
        publish_at: publishAt,
        published_at: publishAt ? at : null,
        published_by: publishAt ? (coordinatorId ?? null) : null,
        created_at: at,
        updated_at: at,
      })
      .execute()
    if (a.tags.length > 0)
      await db
        .insertInto('article_tags')
        .values(a.tags.map((tag) => ({ article_id: id, tag })))
        .execute()
    const links = [
      ...a.events.map((key) => ({
        article_id: id,
        entity_type: 'event' as const,
        entity_id: events[key].id,
      })),
      ...(a.project && project
        ? [{ article_id: id, entity_type: 'project' as const, entity_id: project.id }]
        : []),
    ]
    if (links.length > 0) await db.insertInto('article_links').values(links).execute()
    await db
      .insertInto('revisions')
      .values({
        id: newId(),
        subject_type: 'article',
        subject_id: id,
        editor_id: authorId,
        at,
        snapshot: JSON.stringify({ ...texts, tags: a.tags.join(', ') }),
      })
      .execute()
  }
}
