import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * Collaboration projects (issue 5): the project and its founders, the review history, the workspace (pages,
 * files, forum, milestones), pupils' project-only accounts, quality labels, and the two taxonomies a project is
 * described with (national-curriculum topics, project-based-learning models). Frozen: later changes go into new
 * migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter
  const timestamp = pg ? sql`timestamptz` : sql`text`
  // Who did something: the record stays when the person's account is deleted.
  const person = (c: ColumnDefinitionBuilder) => c.references('people.id').onDelete('set null')

  await db.schema
    .createTable('curriculum_topics')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('name_az', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_ru', 'varchar(200)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retired_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('learning_models')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name_az', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_ru', 'varchar(200)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retired_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('projects')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
    .addColumn('scope', 'varchar(16)', (c) => c.notNull())
    // draft → awaiting_cofounders → in_review → approved, or back to returned (then in_review again).
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    // The furthest wizard step the founder completed, so a saved draft opens where they left off.
    .addColumn('wizard_step', 'integer', (c) => c.notNull().defaultTo(0))
    // Texts are optional while drafting; submitting requires a title and summary in at least one language.
    .addColumn('title_az', 'varchar(200)')
    .addColumn('title_en', 'varchar(200)')
    .addColumn('title_ru', 'varchar(200)')
    .addColumn('summary_az', 'text')
    .addColumn('summary_en', 'text')
    .addColumn('summary_ru', 'text')
    .addColumn('age_from', 'integer')
    .addColumn('age_to', 'integer')
    // JSON array of ISO 639-1 codes.
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('activities', 'text')
    .addColumn('expected_results', 'text')
    // Calendar dates, YYYY-MM-DD.
    .addColumn('start_date', 'varchar(10)')
    .addColumn('end_date', 'varchar(10)')
    .addColumn('learning_model_id', 'varchar(36)', (c) =>
      c.references('learning_models.id').onDelete('set null'),
    )
    // The event the project was created at. No foreign key: the events module arrives later and adds its own.
    .addColumn('event_id', 'varchar(36)')
    .addColumn('created_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addColumn('submitted_at', timestamp)
    // Since when the party who must act next (a co-founder, the coordinators, the founders) has been waiting.
    .addColumn('waiting_since', timestamp)
    .addColumn('decided_at', timestamp)
    .addColumn('decided_by', 'varchar(36)', person)
    .addColumn('approved_at', timestamp)
    // Set while the team shows the project in the public gallery (a state is a timestamp, as elsewhere).
    .addColumn('in_gallery_since', timestamp)
    // open | archived (read-only) | closed
    .addColumn('workspace_state', 'varchar(16)', (c) => c.notNull().defaultTo('open'))
    .addColumn('archived_at', timestamp)
    .addColumn('closed_at', timestamp)
    .execute()
  await db.schema
    .createIndex('projects_queue_idx')
    .on('projects')
    .columns(['status', 'waiting_since'])
    .execute()
  await db.schema
    .createIndex('projects_gallery_idx')
    .on('projects')
    .columns(['in_gallery_since', 'approved_at'])
    .execute()

  await db.schema
    .createTable('project_subjects')
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('project_subjects_pk', ['project_id', 'subject_id'])
    .execute()
  await db.schema
    .createIndex('project_subjects_subject_idx')
    .on('project_subjects')
    .columns(['subject_id', 'project_id'])
    .execute()

  await db.schema
    .createTable('project_curriculum_topics')
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('topic_id', 'varchar(36)', (c) =>
      c.notNull().references('curriculum_topics.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('project_curriculum_topics_pk', ['project_id', 'topic_id'])
    .execute()

  await db.schema
    .createTable('project_members')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // founder | teacher | pupil
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    // invited | active | declined | left
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    // The institution the member takes part for; it decides the founders' institution and country rule.
    .addColumn('institution_id', 'varchar(36)', (c) => c.references('institutions.id').onDelete('set null'))
    // A pupil whom a teacher made pupil administrator may invite, create pages and start discussions.
    .addColumn('pupil_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invited_by', 'varchar(36)', person)
    .addColumn('invited_at', timestamp, (c) => c.notNull())
    .addColumn('joined_at', timestamp)
    .addUniqueConstraint('project_members_person_uq', ['project_id', 'person_id'])
    .execute()
  await db.schema
    .createIndex('project_members_person_idx')
    .on('project_members')
    .columns(['person_id', 'status'])
    .execute()
  await db.schema
    .createIndex('project_members_institution_idx')
    .on('project_members')
    .columns(['institution_id', 'status'])
    .execute()

  // The project's life cycle as a timeline: created, invited, accepted, submitted, returned (with the comment),
  // approved, archived… Founders read it to see where the project stands.
  await db.schema
    .createTable('project_history')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)', person)
    .addColumn('message', 'text')
    .addColumn('at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('project_history_project_idx')
    .on('project_history')
    .columns(['project_id', 'at'])
    .execute()

  // Workspace pages: rich text sanitised on the server before it is stored.
  await db.schema
    .createTable('project_pages')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)', person)
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    // Public only once a teacher of the project approved it: pupils' work never goes out on its own.
    .addColumn('public_since', timestamp)
    .addColumn('public_approved_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('project_pages_project_idx')
    .on('project_pages')
    .columns(['project_id', 'position'])
    .execute()

  // Materials and the images pages show. Stored under generated names; never served inline as HTML or SVG.
  await db.schema
    .createTable('project_files')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('page_id', 'varchar(36)', (c) => c.references('project_pages.id').onDelete('set null'))
    .addColumn('uploaded_by', 'varchar(36)', person)
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('original_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('stored_name', 'varchar(80)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('public_since', timestamp)
    .addColumn('public_approved_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('project_files_project_idx')
    .on('project_files')
    .columns(['project_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('forum_threads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('last_post_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('forum_threads_project_idx')
    .on('forum_threads')
    .columns(['project_id', 'last_post_at'])
    .execute()

  await db.schema
    .createTable('forum_posts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('thread_id', 'varchar(36)', (c) =>
      c.notNull().references('forum_threads.id').onDelete('cascade'),
    )
    .addColumn('author_id', 'varchar(36)', person)
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('edited_at', timestamp)
    .execute()
  await db.schema
    .createIndex('forum_posts_thread_idx')
    .on('forum_posts')
    .columns(['thread_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('project_milestones')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('due_date', 'varchar(10)')
    // planned | in_progress | done
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('project_milestones_project_idx')
    .on('project_milestones')
    .columns(['project_id', 'position'])
    .execute()

  // Pupils: a `people` row of kind 'pupil' with a pseudonym, belonging to exactly one project. They sign in with a
  // one-time code their teacher hands out; only its hash is kept. Deleting the person deletes everything here.
  await db.schema
    .createTable('pupils')
    .addColumn('person_id', 'varchar(36)', (c) => c.primaryKey().references('people.id').onDelete('cascade'))
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('created_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('code_hash', 'varchar(64)')
    .addColumn('code_expires_at', timestamp)
    .addColumn('code_used_at', timestamp)
    .execute()
  await db.schema.createIndex('pupils_project_idx').on('pupils').column('project_id').execute()
  await db.schema.createIndex('pupils_code_idx').on('pupils').column('code_hash').execute()

  // Label applications: founders' evidence per criterion (national), coordinators' nominations (European), with
  // the coordinators' scores per criterion and their feedback.
  await db.schema
    .createTable('label_applications')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    // national | european
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    // submitted | awarded | declined
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    // JSON object: criterion code → the founders' evidence.
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('{}'))
    // JSON object: criterion code → score given by the coordinator.
    .addColumn('scores', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('feedback', 'text')
    .addColumn('submitted_by', 'varchar(36)', person)
    .addColumn('submitted_at', timestamp, (c) => c.notNull())
    .addColumn('decided_by', 'varchar(36)', person)
    .addColumn('decided_at', timestamp)
    .execute()
  await db.schema
    .createIndex('label_applications_queue_idx')
    .on('label_applications')
    .columns(['status', 'level', 'submitted_at'])
    .execute()
  await db.schema
    .createIndex('label_applications_project_idx')
    .on('label_applications')
    .column('project_id')
    .execute()

  // Labels a project holds. A national label carries the awarding country: partners' national agencies award
  // their own, and a European label needs them in several countries.
  await db.schema
    .createTable('project_labels')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('country', 'varchar(2)', (c) => c.notNull())
    .addColumn('application_id', 'varchar(36)', (c) =>
      c.references('label_applications.id').onDelete('set null'),
    )
    .addColumn('awarded_by', 'varchar(36)', person)
    .addColumn('awarded_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('project_labels_uq', ['project_id', 'level', 'country'])
    .execute()
  await db.schema
    .createIndex('project_labels_level_idx')
    .on('project_labels')
    .columns(['level', 'awarded_at'])
    .execute()

  await db.schema
    .createTable('institution_labels')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('institution_id', 'varchar(36)', (c) =>
      c.notNull().references('institutions.id').onDelete('cascade'),
    )
    .addColumn('awarded_by', 'varchar(36)', person)
    .addColumn('awarded_at', timestamp, (c) => c.notNull())
    .addColumn('valid_until', timestamp, (c) => c.notNull())
    // JSON: the figures the award was based on (years active, active members, national labels), for the record.
    .addColumn('basis', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute()
  await db.schema
    .createIndex('institution_labels_institution_idx')
    .on('institution_labels')
    .columns(['institution_id', 'valid_until'])
    .execute()

  await seedTaxonomies(db, new Date().toISOString())
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
async function seedTaxonomies(db: Kysely<any>, now: string): Promise<void> {
  // The initial national-curriculum topics (school and VET); admins edit them from here on.
  const topics: Array<[string, string, string, string, string]> = [
    ['school', 'digital-literacy', 'Rəqəmsal savadlılıq', 'Digital literacy', 'Цифровая грамотность'],
    ['school', 'reading-comprehension', 'Oxuyub-anlama', 'Reading comprehension', 'Понимание прочитанного'],
    ['school', 'scientific-inquiry', 'Elmi araşdırma', 'Scientific inquiry', 'Научное исследование'],
    ['school', 'citizenship', 'Vətəndaşlıq təhsili', 'Citizenship education', 'Гражданское образование'],
    [
      'school',
      'environment',
      'Ətraf mühit və davamlılıq',
      'Environment and sustainability',
      'Экология и устойчивое развитие',
    ],
    ['school', 'cultural-heritage', 'Mədəni irs', 'Cultural heritage', 'Культурное наследие'],
    [
      'school',
      'foreign-languages',
      'Xarici dillərdə ünsiyyət',
      'Communication in foreign languages',
      'Общение на иностранных языках',
    ],
    ['school', 'media-literacy', 'Media savadlılığı', 'Media literacy', 'Медиаграмотность'],
    ['school', 'health', 'Sağlam həyat tərzi', 'Healthy lifestyle', 'Здоровый образ жизни'],
    ['vet', 'workplace-safety', 'Əməyin təhlükəsizliyi', 'Workplace safety', 'Охрана труда'],
    ['vet', 'entrepreneurship', 'Sahibkarlıq', 'Entrepreneurship', 'Предпринимательство'],
    ['vet', 'work-based-learning', 'İş yerində təlim', 'Work-based learning', 'Обучение на рабочем месте'],
    ['vet', 'green-skills', 'Yaşıl bacarıqlar', 'Green skills', 'Зелёные навыки'],
    [
      'vet',
      'digital-skills-vet',
      'Peşədə rəqəmsal bacarıqlar',
      'Digital skills for the trade',
      'Цифровые навыки в профессии',
    ],
    ['vet', 'quality-standards', 'Keyfiyyət standartları', 'Quality standards', 'Стандарты качества'],
  ]
  await db
    .insertInto('curriculum_topics')
    .values(
      topics.map(([kind, code, az, en, ru], position) => ({
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

  const models: Array<[string, string, string, string]> = [
    [
      'technical-education-model',
      'Layihələrdə Texniki Təhsil Modeli',
      'Technical Education Model in Projects',
      'Модель технического образования в проектах',
    ],
    ['project-based-learning', 'Layihə əsaslı təlim', 'Project-based learning', 'Проектное обучение'],
    ['problem-based-learning', 'Problem əsaslı təlim', 'Problem-based learning', 'Проблемное обучение'],
    ['steam', 'STEAM layihəsi', 'STEAM project', 'STEAM-проект'],
    [
      'inquiry-based-learning',
      'Tədqiqat əsaslı təlim',
      'Inquiry-based learning',
      'Исследовательское обучение',
    ],
    [
      'service-learning',
      'İcma xidməti vasitəsilə təlim',
      'Service learning',
      'Обучение через служение обществу',
    ],
  ]
  await db
    .insertInto('learning_models')
    .values(
      models.map(([code, az, en, ru], position) => ({
        id: crypto.randomUUID(),
        code,
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
  for (const table of [
    'institution_labels',
    'project_labels',
    'label_applications',
    'pupils',
    'project_milestones',
    'forum_posts',
    'forum_threads',
    'project_files',
    'project_pages',
    'project_history',
    'project_members',
    'project_curriculum_topics',
    'project_subjects',
    'projects',
    'learning_models',
    'curriculum_topics',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
