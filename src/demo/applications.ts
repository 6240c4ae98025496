import type { Trx } from '../db/database.ts'
import { newId } from '../db/ids.ts'
import type { FormFieldKind, StaffRole } from '../db/schema.ts'

interface DemoField {
  key: string
  kind: FormFieldKind
  required: boolean
  labels: [az: string, en: string, ru: string]
  options?: Array<[value: string, az: string, en: string, ru: string]>
}

/** The two programme forms of the demo, as an admin would define them on the forms pages. */
const FORMS: Array<{
  code: string
  titles: [string, string, string]
  intros: [string, string, string]
  fields: DemoField[]
}> = [
  {
    code: 'etwinning',
    titles: ['eTwinning', 'eTwinning', 'eTwinning'],
    intros: [
      'Məktəb müəllimləri üçün: Avropa məktəbləri ilə onlayn layihələr.',
      'For school teachers: online projects with schools across Europe.',
      'Для школьных учителей: онлайн-проекты со школами Европы.',
    ],
    fields: [
      {
        key: 'motivation',
        kind: 'long_text',
        required: true,
        labels: [
          'Niyə qoşulmaq istəyirsiniz?',
          'Why do you want to join?',
          'Почему вы хотите присоединиться?',
        ],
      },
      {
        key: 'experience',
        kind: 'choice',
        required: true,
        labels: [
          'Beynəlxalq layihə təcrübəniz',
          'Your experience of international projects',
          'Ваш опыт международных проектов',
        ],
        options: [
          ['none', 'Yoxdur', 'None yet', 'Пока нет'],
          ['some', 'Bir-iki layihə', 'One or two projects', 'Один-два проекта'],
          ['many', 'Çox', 'Many', 'Много'],
        ],
      },
      {
        key: 'teaching_since',
        kind: 'date',
        required: false,
        labels: ['Nə vaxtdan müəllimsiniz', 'Teaching since', 'Преподаёте с'],
      },
      {
        key: 'consent',
        kind: 'consent',
        required: true,
        labels: [
          'Məlumatlarımın emalına razıyam',
          'I agree to the processing of my data',
          'Я согласен(на) на обработку моих данных',
        ],
      },
    ],
  },
  {
    code: 'etwinning-plus-vet',
    titles: ['eTwinning Plus / Peşə təhsili', 'eTwinning Plus / VET', 'eTwinning Plus / Профтехобразование'],
    intros: [
      'Peşə təhsili müəssisələrinin əməkdaşları üçün.',
      'For staff of vocational education and training institutions.',
      'Для сотрудников учреждений профессионального образования.',
    ],
    fields: [
      {
        key: 'specialities',
        kind: 'multiple_choice',
        required: true,
        labels: [
          'Tədris etdiyiniz ixtisaslar',
          'Specialities you teach',
          'Специальности, которые вы преподаёте',
        ],
        options: [
          ['welding', 'Qaynaq', 'Welding', 'Сварка'],
          ['ict', 'İKT', 'ICT', 'ИКТ'],
          ['tourism', 'Turizm', 'Tourism', 'Туризм'],
          ['agriculture', 'Kənd təsərrüfatı', 'Agriculture', 'Сельское хозяйство'],
        ],
      },
      {
        key: 'learners',
        kind: 'number',
        required: false,
        labels: ['Tələbələrinizin sayı', 'Number of your learners', 'Число ваших учащихся'],
      },
      {
        key: 'employer_partners',
        kind: 'text',
        required: false,
        labels: ['İşəgötürən tərəfdaşlar', 'Employer partners', 'Партнёры-работодатели'],
      },
      {
        key: 'letter',
        kind: 'file',
        required: false,
        labels: ['Rəhbərliyin məktubu (PDF)', 'Letter from your head (PDF)', 'Письмо руководителя (PDF)'],
      },
      {
        key: 'consent',
        kind: 'consent',
        required: true,
        labels: [
          'Məlumatlarımın emalına razıyam',
          'I agree to the processing of my data',
          'Я согласен(на) на обработку моих данных',
        ],
      },
    ],
  },
]

export interface DemoApplicant {
  personId: string
  institutionId: string
  vet: boolean
}

/**
 * The demo forms and an open application for each unvalidated demo person, submitted on different days so that
 * the review queue shows who has waited longest (one of them with a question from the coordinator pending).
 */
export async function seedApplications(
  trx: Trx,
  applicants: readonly DemoApplicant[],
  coordinatorId: string | undefined,
): Promise<void> {
  const now = Date.now()
  const formIds = new Map<string, string>()
  for (const [index, form] of FORMS.entries()) {
    const id = newId()
    formIds.set(form.code, id)
    const stamp = new Date(now).toISOString()
    await trx
      .insertInto('application_forms')
      .values({
        id,
        code: form.code,
        title_az: form.titles[0],
        title_en: form.titles[1],
        title_ru: form.titles[2],
        intro_az: form.intros[0],
        intro_en: form.intros[1],
        intro_ru: form.intros[2],
        position: index,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute()
    for (const [position, field] of form.fields.entries()) {
      await trx
        .insertInto('application_form_fields')
        .values({
          id: newId(),
          form_id: id,
          key: field.key,
          kind: field.kind,
          required: field.required ? 1 : 0,
          label_az: field.labels[0],
          label_en: field.labels[1],
          label_ru: field.labels[2],
          options: JSON.stringify(
            (field.options ?? []).map(([value, az, en, ru]) => ({
              value,
              label_az: az,
              label_en: en,
              label_ru: ru,
            })),
          ),
          max_length: null,
          position,
          created_at: stamp,
        })
        .execute()
    }
  }
  for (const [index, applicant] of applicants.entries()) {
    const id = newId()
    const submitted = new Date(now - (index * 3 + 1) * 24 * 3600_000).toISOString()
    const asked = index === 1 && coordinatorId
    const role: StaffRole = applicant.vet ? 'staff' : 'teacher'
    await trx
      .insertInto('applications')
      .values({
        id,
        person_id: applicant.personId,
        form_id: formIds.get(applicant.vet ? 'etwinning-plus-vet' : 'etwinning') ?? '',
        status: asked ? 'info_requested' : 'submitted',
        institution_id: applicant.institutionId,
        staff_role: role,
        subjects: JSON.stringify(applicant.vet ? ['welding'] : ['english', 'informatics']),
        languages: JSON.stringify(['az', 'en']),
        age_from: applicant.vet ? 15 : 10,
        age_to: applicant.vet ? 19 : 14,
        answers: JSON.stringify(
          applicant.vet
            ? { specialities: ['welding', 'ict'], learners: 40, consent: true }
            : {
                motivation: 'Bizim sinif Avropa məktəbləri ilə birgə layihə etmək istəyir.',
                experience: 'none',
                consent: true,
              },
        ),
        submitted_at: submitted,
        waiting_since: submitted,
        updated_at: submitted,
      })
      .execute()
    await trx
      .insertInto('application_events')
      .values({
        id: newId(),
        application_id: id,
        kind: 'submitted',
        actor_id: applicant.personId,
        message: null,
        at: submitted,
      })
      .execute()
    if (asked) {
      await trx
        .insertInto('application_events')
        .values({
          id: newId(),
          application_id: id,
          kind: 'info_requested',
          actor_id: coordinatorId,
          message: 'Hansı siniflərdə dərs deyirsiniz?',
          at: new Date(now - 12 * 3600_000).toISOString(),
        })
        .execute()
    }
  }
}
