import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import type { Db } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import { FILES_AREA } from '../modules/resources/service.ts'
import { refreshSearch } from '../modules/search/service.ts'
import { storeFile } from '../platform/files.ts'
import type { Storage } from '../platform/storage.ts'

// DejaVu covers Azerbaijani (ə, ğ, ı, ş) and Cyrillic, as for the certificates.
const require = createRequire(import.meta.url)
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')

interface Section {
  heading: string
  text: string
}

/** A small real PDF: a title and its sections, with form lines where a section asks to be filled in. */
async function pdf(
  title: string,
  lang: string,
  sections: Section[],
  formLines: string[] = [],
): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, lang, info: { Title: title } })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  doc.registerFont('regular', FONT)
  doc.registerFont('bold', FONT_BOLD)
  doc.font('bold').fontSize(20).text(title).moveDown()
  for (const s of sections) {
    doc.font('bold').fontSize(13).text(s.heading).moveDown(0.3)
    doc.font('regular').fontSize(11).text(s.text).moveDown()
  }
  for (const line of formLines) {
    doc
      .font('regular')
      .fontSize(11)
      .text(`${line}: ______________________________________________`)
      .moveDown(0.8)
  }
  doc.end()
  await done
  return Buffer.concat(chunks)
}

interface DemoResource {
  slug: string
  kind: 'brochure' | 'guide' | 'application_form' | 'template' | 'training_material'
  title: { az: string | null; en: string | null; ru: string | null }
  description: { az: string | null; en: string | null; ru: string | null }
  audience: string[]
  language: string
  licence: string
  visibility: 'public' | 'members'
  tags: string[]
  fileName: string
  file: () => Promise<Buffer>
}

const PROJECT_FORM_FIELDS = [
  'Project title',
  'Founding school and teacher',
  'Partner schools (at least one)',
  'Subjects and pupils’ ages',
  'Start and end dates',
  'Aims and planned activities',
  'Expected results',
]

const RESOURCES: DemoResource[] = [
  {
    slug: 'teaching-with-digital-tools-training-brochure',
    kind: 'training_material',
    title: {
      az: 'Rəqəmsal alətlərlə tədris: təlim broşürü',
      en: 'Teaching with digital tools: training brochure',
      ru: 'Обучение с цифровыми инструментами: брошюра тренинга',
    },
    description: {
      az: 'Müəllimlər üçün iki günlük təlimin materialı: onlayn əməkdaşlıq, layihə planlaması və şagirdlərin təhlükəsizliyi.',
      en: 'The material of the two-day training for teachers: online collaboration, planning a project and keeping pupils safe.',
      ru: 'Материал двухдневного тренинга для учителей: онлайн-сотрудничество, планирование проекта и безопасность учеников.',
    },
    audience: ['teachers', 'school_leaders'],
    language: 'en',
    licence: 'CC-BY-4.0',
    visibility: 'public',
    tags: ['training', 'digital skills'],
    fileName: 'teaching-with-digital-tools.pdf',
    file: () =>
      pdf('Teaching with digital tools', 'en', [
        {
          heading: 'Day 1: collaborating online',
          text: 'Setting up a project workspace, agreeing on working languages with the partner class, and sharing materials so that every pupil can take part.',
        },
        {
          heading: 'Day 2: planning and keeping pupils safe',
          text: 'Milestones that fit the school year, what pupils may publish, consent from parents, and how the workspace keeps pupils’ accounts within their project.',
        },
        {
          heading: 'After the training',
          text: 'Found a project with a partner school you met at the training; the national coordinators review it and list it in the gallery once it is approved.',
        },
      ]),
  },
  {
    slug: 'school-project-application-form',
    kind: 'application_form',
    title: {
      az: 'Məktəb layihəsi üçün müraciət forması',
      en: 'School project application form',
      ru: 'Форма заявки на школьный проект',
    },
    description: {
      az: 'Layihəni portalda yaratmazdan əvvəl tərəfdaşlarla doldurmaq üçün çap forması.',
      en: 'A printable form to fill in with partners before creating the project on the portal.',
      ru: 'Форма для печати: заполните её с партнёрами, прежде чем создать проект на портале.',
    },
    audience: ['teachers'],
    language: 'en',
    licence: 'LicenseRef-all-rights-reserved',
    visibility: 'public',
    tags: ['application', 'projects'],
    fileName: 'school-project-application-form.pdf',
    file: () =>
      pdf(
        'School project application form',
        'en',
        [
          {
            heading: 'How to use this form',
            text: 'Agree on the answers with your partner teachers, then enter them in the project wizard on the portal.',
          },
        ],
        PROJECT_FORM_FIELDS,
      ),
  },
  {
    slug: 'mekteb-layihesi-ucun-muraciet-formasi',
    kind: 'application_form',
    title: { az: 'Məktəb layihəsi üçün müraciət forması (Azərbaycan dilində)', en: null, ru: null },
    description: {
      az: 'Layihəni portalda yaratmazdan əvvəl tərəfdaşlarla doldurmaq üçün çap forması.',
      en: null,
      ru: null,
    },
    audience: ['teachers'],
    language: 'az',
    licence: 'LicenseRef-all-rights-reserved',
    visibility: 'public',
    tags: ['müraciət', 'layihələr'],
    fileName: 'mekteb-layihesi-muraciet-formasi.pdf',
    file: () =>
      pdf(
        'Məktəb layihəsi üçün müraciət forması',
        'az',
        [
          {
            heading: 'Formadan necə istifadə etməli',
            text: 'Cavabları tərəfdaş müəllimlərlə razılaşdırın, sonra portalda layihə sihirbazına daxil edin.',
          },
        ],
        [
          'Layihənin adı',
          'Təsisçi məktəb və müəllim',
          'Tərəfdaş məktəblər',
          'Fənlər və şagirdlərin yaşı',
          'Başlama və bitmə tarixləri',
          'Məqsədlər və planlaşdırılan fəaliyyətlər',
        ],
      ),
  },
  {
    slug: 'erasmus-plus-capacity-building-application-guide',
    kind: 'guide',
    title: {
      az: 'Erasmus+ potensialın gücləndirilməsi: müraciət bələdçisi',
      en: 'Erasmus+ capacity building: application guide',
      ru: 'Erasmus+ развитие потенциала: руководство по заявке',
    },
    description: {
      az: 'Universitetlərin konsorsium müraciəti üçün addım-addım bələdçi: tərəfdaşlar, iş paketləri, büdcə.',
      en: 'A step-by-step guide for universities applying as a consortium: partners, work packages, budget.',
      ru: 'Пошаговое руководство для университетов, подающих заявку консорциумом: партнёры, рабочие пакеты, бюджет.',
    },
    audience: ['lecturers', 'rectors'],
    language: 'en',
    licence: 'CC-BY-4.0',
    visibility: 'members',
    tags: ['erasmus', 'application', 'consortia'],
    fileName: 'capacity-building-application-guide.pdf',
    file: () =>
      pdf('Erasmus+ capacity building: application guide', 'en', [
        {
          heading: 'Partners',
          text: 'At least two programme countries and the partner country’s universities; one coordinates.',
        },
        {
          heading: 'Work packages',
          text: 'Each with a lead institution, deliverables and dates; management and quality assurance are work packages too.',
        },
        {
          heading: 'Budget',
          text: 'Unit costs per staff category and country; equipment only where the partner country’s institutions keep it.',
        },
      ]),
  },
]

/** The demo library: a training brochure, the programme's application forms and a members' guide, as real PDFs. */
export async function seedResources(db: Db, storage: Storage): Promise<number> {
  let added = 0
  for (const r of RESOURCES) {
    const exists = await db.selectFrom('resources').select('id').where('slug', '=', r.slug).executeTakeFirst()
    if (exists) continue
    const bytes = await r.file()
    const stored = await storeFile(storage, FILES_AREA, bytes)
    const id = newId()
    const now = new Date().toISOString()
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('resources')
        .values({
          id,
          slug: r.slug,
          kind: r.kind,
          title_az: r.title.az,
          title_en: r.title.en,
          title_ru: r.title.ru,
          description_az: r.description.az,
          description_en: r.description.en,
          description_ru: r.description.ru,
          audience: JSON.stringify(r.audience),
          language: r.language,
          licence: r.licence,
          visibility: r.visibility,
          stored_name: stored.storedName,
          original_name: r.fileName,
          media_type: 'application/pdf',
          size: bytes.length,
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await trx
        .insertInto('resource_tags')
        .values(r.tags.map((tag) => ({ resource_id: id, tag })))
        .execute()
      await refreshSearch(trx, 'resource', id)
    })
    added++
  }
  return added
}
