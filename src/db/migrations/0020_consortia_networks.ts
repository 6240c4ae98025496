import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * Funded consortium projects with their outcomes, and standing networks with their working groups (issue 7).
 * Partners, members and hosts are institutions of the registry; meetings are events. Frozen: later changes go
 * into new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter
  const timestamp = pg ? sql`timestamptz` : sql`text`
  // Who did something: the record stays when the person's account is deleted.
  const person = (c: ColumnDefinitionBuilder) => c.references('people.id').onDelete('set null')
  const institution = (c: ColumnDefinitionBuilder) =>
    c.notNull().references('institutions.id').onDelete('cascade')

  // ---------------------------------------------------------------- consortia

  await db.schema
    .createTable('consortia')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull().unique())
    // The funder's reference, e.g. 610123-EPP-1-2019-1-AZ-EPPKA2-CBHE-JP; unique when known (imports match on it).
    .addColumn('reference', 'varchar(120)', (c) => c.unique())
    .addColumn('acronym', 'varchar(60)')
    .addColumn('title_az', 'varchar(500)')
    .addColumn('title_en', 'varchar(500)')
    .addColumn('title_ru', 'varchar(500)')
    .addColumn('programme', 'varchar(200)', (c) => c.notNull())
    .addColumn('key_action', 'varchar(100)')
    .addColumn('action_type', 'varchar(300)')
    .addColumn('funder', 'varchar(200)')
    .addColumn('call_year', 'integer')
    .addColumn('coordinator_contact_name', 'varchar(200)')
    .addColumn('coordinator_contact_email', 'varchar(254)')
    // JSON array of target-group codes.
    .addColumn('target_groups', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('start_date', 'varchar(10)')
    .addColumn('end_date', 'varchar(10)')
    // In minor units (cents) of `currency`, so sums are exact on both databases.
    .addColumn('grant_minor', 'bigint')
    .addColumn('currency', 'varchar(3)')
    // planned | running | closed
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('summary_az', 'text')
    .addColumn('summary_en', 'text')
    .addColumn('summary_ru', 'text')
    .addColumn('website', 'varchar(500)')
    .addColumn('results_url', 'varchar(500)')
    .addColumn('good_practice', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('success_story', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('consortia_status_idx')
    .on('consortia')
    .columns(['status', 'start_date'])
    .execute()

  // Partner organisations with their role; the coordinator is the partner with role 'coordinator'.
  await db.schema
    .createTable('consortium_partners')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('consortium_id', 'varchar(36)', (c) =>
      c.notNull().references('consortia.id').onDelete('cascade'),
    )
    .addColumn('institution_id', 'varchar(36)', institution)
    // coordinator | partner | associated
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('consortium_partners_uq', ['consortium_id', 'institution_id'])
    .execute()
  await db.schema
    .createIndex('consortium_partners_institution_idx')
    .on('consortium_partners')
    .column('institution_id')
    .execute()

  await db.schema
    .createTable('work_packages')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('consortium_id', 'varchar(36)', (c) =>
      c.notNull().references('consortia.id').onDelete('cascade'),
    )
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text')
    // The lead partner's institution: its staff edit this work package.
    .addColumn('lead_institution_id', 'varchar(36)', (c) =>
      c.references('institutions.id').onDelete('set null'),
    )
    .addColumn('start_date', 'varchar(10)')
    .addColumn('end_date', 'varchar(10)')
    .addUniqueConstraint('work_packages_number_uq', ['consortium_id', 'number'])
    .execute()

  await db.schema
    .createTable('deliverables')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('work_package_id', 'varchar(36)', (c) =>
      c.notNull().references('work_packages.id').onDelete('cascade'),
    )
    // e.g. D2.1
    .addColumn('code', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('due_date', 'varchar(10)')
    // planned | in_progress | delivered
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('delivered_on', 'varchar(10)')
    .execute()
  await db.schema
    .createIndex('deliverables_work_package_idx')
    .on('deliverables')
    .column('work_package_id')
    .execute()

  // Kick-off, steering and closing meetings are events of the calendar.
  await db.schema
    .createTable('consortium_meetings')
    .addColumn('consortium_id', 'varchar(36)', (c) =>
      c.notNull().references('consortia.id').onDelete('cascade'),
    )
    .addColumn('event_id', 'varchar(36)', (c) => c.notNull().references('events.id').onDelete('cascade'))
    // kick_off | steering | closing | other
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addPrimaryKeyConstraint('consortium_meetings_pk', ['consortium_id', 'event_id'])
    .execute()

  // ---------------------------------------------------------------- outcomes

  await db.schema
    .createTable('outcomes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull().unique())
    // e_learning_module | joint_degree | laboratory | report | publication | established_body | other
    .addColumn('type', 'varchar(24)', (c) => c.notNull())
    // The result category as the Erasmus+ results listings name it (e.g. "Teaching and learning materials").
    .addColumn('category', 'varchar(100)')
    .addColumn('consortium_id', 'varchar(36)', (c) => c.references('consortia.id').onDelete('set null'))
    .addColumn('owner_institution_id', 'varchar(36)', institution)
    // The owner's country, kept here so the catalogue filters by country on one index.
    .addColumn('country', 'varchar(2)', (c) => c.notNull())
    .addColumn('title_az', 'varchar(300)')
    .addColumn('title_en', 'varchar(300)')
    .addColumn('title_ru', 'varchar(300)')
    .addColumn('description_az', 'text')
    .addColumn('description_en', 'text')
    .addColumn('description_ru', 'text')
    // ISO 639-1 code of the outcome's own language (a module taught in English…).
    .addColumn('language', 'varchar(8)')
    // bachelor | master | doctorate | vet | school | professional
    .addColumn('level', 'varchar(16)')
    .addColumn('ects', 'real')
    // online | blended | on_site
    .addColumn('delivery_mode', 'varchar(16)')
    .addColumn('url', 'varchar(500)')
    // An uploaded package (SCORM zip, PDF…), stored through src/platform/files.ts.
    .addColumn('file_stored_name', 'varchar(80)')
    .addColumn('file_original_name', 'varchar(255)')
    .addColumn('file_media_type', 'varchar(100)')
    .addColumn('file_size', 'integer')
    // SPDX identifier, e.g. CC-BY-4.0.
    .addColumn('licence', 'varchar(40)')
    // Joint degrees: the degree awarded and where the programme stands (planned | accredited | running).
    .addColumn('degree', 'varchar(200)')
    .addColumn('degree_status', 'varchar(16)')
    // An established body (e.g. a rectors' conference) that became a network.
    .addColumn('network_id', 'varchar(36)')
    .addColumn('created_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()
  // The catalogue: newest first, by type, country, owner or project.
  await db.schema.createIndex('outcomes_type_idx').on('outcomes').columns(['type', 'created_at']).execute()
  await db.schema
    .createIndex('outcomes_country_idx')
    .on('outcomes')
    .columns(['country', 'created_at'])
    .execute()
  await db.schema
    .createIndex('outcomes_owner_idx')
    .on('outcomes')
    .columns(['owner_institution_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('outcomes_consortium_idx')
    .on('outcomes')
    .columns(['consortium_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('outcomes_language_idx')
    .on('outcomes')
    .columns(['language', 'created_at'])
    .execute()

  await db.schema
    .createTable('outcome_subjects')
    .addColumn('outcome_id', 'varchar(36)', (c) => c.notNull().references('outcomes.id').onDelete('cascade'))
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull().references('subjects.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('outcome_subjects_pk', ['outcome_id', 'subject_id'])
    .execute()
  await db.schema
    .createIndex('outcome_subjects_subject_idx')
    .on('outcome_subjects')
    .columns(['subject_id', 'outcome_id'])
    .execute()

  // Institutions taking part in an outcome besides its owner (a joint degree's partners), with their readiness.
  await db.schema
    .createTable('outcome_institutions')
    .addColumn('outcome_id', 'varchar(36)', (c) => c.notNull().references('outcomes.id').onDelete('cascade'))
    .addColumn('institution_id', 'varchar(36)', institution)
    // e.g. for a joint degree: planned | preparing | ready | delivering
    .addColumn('readiness', 'varchar(16)')
    .addColumn('note', 'varchar(500)')
    .addPrimaryKeyConstraint('outcome_institutions_pk', ['outcome_id', 'institution_id'])
    .execute()

  // ---------------------------------------------------------------- networks

  await db.schema
    .createTable('networks')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull().unique())
    // rectors_conference | university_alliance | vet_network | teacher_community | other
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('name_az', 'varchar(300)')
    .addColumn('name_en', 'varchar(300)')
    .addColumn('name_ru', 'varchar(300)')
    .addColumn('acronym', 'varchar(60)')
    .addColumn('mission_az', 'text')
    .addColumn('mission_en', 'text')
    .addColumn('mission_ru', 'text')
    .addColumn('founded_on', 'varchar(10)')
    .addColumn('founded_by_consortium_id', 'varchar(36)', (c) =>
      c.references('consortia.id').onDelete('set null'),
    )
    .addColumn('website', 'varchar(500)')
    .addColumn('created_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('network_members')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('institution_id', 'varchar(36)', institution)
    // member | decision_maker (a ministry, an agency, an academy of sciences) | observer
    .addColumn('category', 'varchar(16)', (c) => c.notNull())
    // requested | invited | active | declined | left
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('member_since', 'varchar(10)')
    .addColumn('member_until', 'varchar(10)')
    .addColumn('message', 'text')
    .addColumn('requested_by', 'varchar(36)', person)
    .addColumn('decided_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('decided_at', timestamp)
    .addUniqueConstraint('network_members_uq', ['network_id', 'institution_id'])
    .execute()
  await db.schema
    .createIndex('network_members_status_idx')
    .on('network_members')
    .columns(['network_id', 'status'])
    .execute()
  await db.schema
    .createIndex('network_members_institution_idx')
    .on('network_members')
    .column('institution_id')
    .execute()

  await db.schema
    .createTable('network_officers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // chair | vice_chair | secretary_general | treasurer | board_member
    .addColumn('role', 'varchar(24)', (c) => c.notNull())
    .addColumn('term_start', 'varchar(10)', (c) => c.notNull())
    // Null: open-ended. An officer acts while today lies within the term.
    .addColumn('term_end', 'varchar(10)')
    .execute()
  await db.schema
    .createIndex('network_officers_network_idx')
    .on('network_officers')
    .columns(['network_id', 'person_id'])
    .execute()

  // Regional centres: an institution hosting the network's centre for a region ("Caucasus centre").
  await db.schema
    .createTable('network_centres')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('institution_id', 'varchar(36)', institution)
    .addColumn('name_az', 'varchar(200)')
    .addColumn('name_en', 'varchar(200)')
    .addColumn('name_ru', 'varchar(200)')
    // JSON array of ISO 3166-1 codes of the countries it serves.
    .addColumn('countries', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()

  await db.schema
    .createTable('working_groups')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('working_group_members')
    .addColumn('working_group_id', 'varchar(36)', (c) =>
      c.notNull().references('working_groups.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // lead | member
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('joined_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('working_group_members_pk', ['working_group_id', 'person_id'])
    .execute()

  // Statutes and documents of the network, and working groups' materials (files or links), each with who may see it.
  await db.schema
    .createTable('network_documents')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('network_id', 'varchar(36)', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('working_group_id', 'varchar(36)', (c) =>
      c.references('working_groups.id').onDelete('cascade'),
    )
    // statute | document | material
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('url', 'varchar(500)')
    .addColumn('stored_name', 'varchar(80)')
    .addColumn('original_name', 'varchar(255)')
    .addColumn('media_type', 'varchar(100)')
    .addColumn('size', 'integer')
    // group (its working group) | network (every member institution's people) | public
    .addColumn('visibility', 'varchar(16)', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('network_documents_network_idx')
    .on('network_documents')
    .columns(['network_id', 'working_group_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('working_group_threads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('working_group_id', 'varchar(36)', (c) =>
      c.notNull().references('working_groups.id').onDelete('cascade'),
    )
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('last_post_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('working_group_posts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('thread_id', 'varchar(36)', (c) =>
      c.notNull().references('working_group_threads.id').onDelete('cascade'),
    )
    .addColumn('author_id', 'varchar(36)', person)
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('working_group_posts_thread_idx')
    .on('working_group_posts')
    .columns(['thread_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('working_group_decisions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('working_group_id', 'varchar(36)', (c) =>
      c.notNull().references('working_groups.id').onDelete('cascade'),
    )
    .addColumn('decided_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute()

  // A working group's meetings are events of the calendar (the network's own meetings carry events.network_id).
  await db.schema
    .createTable('working_group_meetings')
    .addColumn('working_group_id', 'varchar(36)', (c) =>
      c.notNull().references('working_groups.id').onDelete('cascade'),
    )
    .addColumn('event_id', 'varchar(36)', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('working_group_meetings_pk', ['working_group_id', 'event_id'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'working_group_meetings',
    'working_group_decisions',
    'working_group_posts',
    'working_group_threads',
    'network_documents',
    'working_group_members',
    'working_groups',
    'network_centres',
    'network_officers',
    'network_members',
    'networks',
    'outcome_institutions',
    'outcome_subjects',
    'outcomes',
    'consortium_meetings',
    'deliverables',
    'work_packages',
    'consortium_partners',
    'consortia',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
