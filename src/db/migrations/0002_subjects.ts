import { type Kysely, PostgresAdapter, sql } from 'kysely'

/** Subjects and VET specialities: a taxonomy admins edit, used by profiles, applications and projects. Frozen. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter
  const timestamp = pg ? sql`timestamptz` : sql`text`
  await db.schema
    .createTable('subjects')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('name_az', 'varchar(120)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(120)', (c) => c.notNull())
    .addColumn('name_ru', 'varchar(120)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retired_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('subjects_kind_position_idx')
    .on('subjects')
    .columns(['kind', 'position'])
    .execute()

  // The initial taxonomy: the national school subjects and common VET specialities. Admins edit it from here on.
  const now = new Date().toISOString()
  const initial: Array<[string, string, string, string, string]> = [
    ['school', 'azerbaijani-language', 'Azərbaycan dili', 'Azerbaijani language', 'Азербайджанский язык'],
    ['school', 'literature', 'Ədəbiyyat', 'Literature', 'Литература'],
    ['school', 'mathematics', 'Riyaziyyat', 'Mathematics', 'Математика'],
    ['school', 'physics', 'Fizika', 'Physics', 'Физика'],
    ['school', 'chemistry', 'Kimya', 'Chemistry', 'Химия'],
    ['school', 'biology', 'Biologiya', 'Biology', 'Биология'],
    ['school', 'geography', 'Coğrafiya', 'Geography', 'География'],
    ['school', 'history', 'Tarix', 'History', 'История'],
    ['school', 'informatics', 'İnformatika', 'Informatics', 'Информатика'],
    ['school', 'english', 'İngilis dili', 'English', 'Английский язык'],
    ['school', 'russian', 'Rus dili', 'Russian', 'Русский язык'],
    ['school', 'german', 'Alman dili', 'German', 'Немецкий язык'],
    ['school', 'french', 'Fransız dili', 'French', 'Французский язык'],
    ['school', 'life-skills', 'Həyat bilgisi', 'Life skills', 'Познание мира'],
    ['school', 'technology', 'Texnologiya', 'Technology', 'Технология'],
    ['school', 'music', 'Musiqi', 'Music', 'Музыка'],
    ['school', 'visual-arts', 'Təsviri incəsənət', 'Visual arts', 'Изобразительное искусство'],
    ['school', 'physical-education', 'Fiziki tərbiyə', 'Physical education', 'Физическая культура'],
    ['school', 'primary-education', 'İbtidai təhsil', 'Primary education', 'Начальное образование'],
    ['school', 'preschool-education', 'Məktəbəqədər təhsil', 'Preschool education', 'Дошкольное образование'],
    ['vet', 'ict-programming', 'İKT və proqramlaşdırma', 'ICT and programming', 'ИКТ и программирование'],
    ['vet', 'electrical-engineering', 'Elektrik mühəndisliyi', 'Electrical engineering', 'Электротехника'],
    ['vet', 'mechanical-engineering', 'Mexaniki mühəndislik', 'Mechanical engineering', 'Машиностроение'],
    ['vet', 'construction', 'Tikinti', 'Construction', 'Строительство'],
    ['vet', 'automotive', 'Avtomobil texnikası', 'Automotive technology', 'Автомобильная техника'],
    ['vet', 'welding', 'Qaynaq işləri', 'Welding', 'Сварочное дело'],
    ['vet', 'oil-gas', 'Neft-qaz texnologiyaları', 'Oil and gas technologies', 'Нефтегазовые технологии'],
    [
      'vet',
      'tourism-hospitality',
      'Turizm və qonaqpərvərlik',
      'Tourism and hospitality',
      'Туризм и гостеприимство',
    ],
    ['vet', 'culinary-arts', 'Aşpazlıq', 'Culinary arts', 'Кулинарное искусство'],
    ['vet', 'agriculture', 'Kənd təsərrüfatı', 'Agriculture', 'Сельское хозяйство'],
    ['vet', 'textile-design', 'Tekstil və dizayn', 'Textiles and design', 'Текстиль и дизайн'],
    ['vet', 'business-accounting', 'Biznes və mühasibat', 'Business and accounting', 'Бизнес и бухгалтерия'],
    ['vet', 'logistics', 'Logistika', 'Logistics', 'Логистика'],
    [
      'vet',
      'healthcare-assistance',
      'Tibbi yardımçı işlər',
      'Healthcare assistance',
      'Помощь в здравоохранении',
    ],
  ]
  await db
    .insertInto('subjects')
    .values(
      initial.map(([kind, code, az, en, ru], position) => ({
        id: crypto.randomUUID(),
        code,
        kind,
        name_az: az,
        name_en: en,
        name_ru: ru,
        position,
        created_at: now,
      })),
    )
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subjects').execute()
}
