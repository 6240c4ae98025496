import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely'

/**
 * Events (issue 6): the event with its texts per language, organisers and supporters (institutions of the
 * registry, so their logos come along), the people who manage it, its agenda (sessions and speakers), extra
 * registration questions, registrations with the wait list, attendance per day, certificates, and materials and
 * photos. Frozen: later changes go into new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against no schema, by design (Kysely guide)
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter
  const timestamp = pg ? sql`timestamptz` : sql`text`
  // Who did something: the record stays when the person's account is deleted.
  const person = (c: ColumnDefinitionBuilder) => c.references('people.id').onDelete('set null')
  const event = (c: ColumnDefinitionBuilder) => c.notNull().references('events.id').onDelete('cascade')

  await db.schema
    .createTable('events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(160)', (c) => c.notNull().unique())
    // seminar | training | conference | online_conference | project_meeting | webinar
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    // on_site | online | hybrid
    .addColumn('format', 'varchar(16)', (c) => c.notNull())
    // draft | published | cancelled
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('title_az', 'varchar(200)')
    .addColumn('title_en', 'varchar(200)')
    .addColumn('title_ru', 'varchar(200)')
    .addColumn('description_az', 'text')
    .addColumn('description_en', 'text')
    .addColumn('description_ru', 'text')
    .addColumn('venue', 'varchar(300)')
    .addColumn('city', 'varchar(120)')
    // ISO 3166-2 subdivision, as institutions have it.
    .addColumn('region', 'varchar(10)')
    .addColumn('country', 'varchar(2)', (c) => c.notNull())
    // Shown only to registered participants.
    .addColumn('meeting_url', 'varchar(500)')
    .addColumn('starts_at', timestamp, (c) => c.notNull())
    .addColumn('ends_at', timestamp, (c) => c.notNull())
    // IANA time zone the event's times are shown in.
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    // JSON array of audience codes (teachers, vet_staff, rectors, …).
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('[]'))
    // The programme it belongs to: a programme form's code (e.g. etwinning).
    .addColumn('programme', 'varchar(64)')
    // Networks and consortium projects arrive with their own modules, which add the foreign keys.
    .addColumn('network_id', 'varchar(36)')
    .addColumn('consortium_id', 'varchar(36)')
    // open (anyone signed in) | members (validated members) | none (no registration on the platform)
    .addColumn('registration', 'varchar(16)', (c) => c.notNull())
    // Null: no limit.
    .addColumn('capacity', 'integer')
    .addColumn('approval_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('registration_closes_at', timestamp)
    // The organiser's short report once it has taken place, per language.
    .addColumn('report_az', 'text')
    .addColumn('report_en', 'text')
    .addColumn('report_ru', 'text')
    .addColumn('outcome_recorded_at', timestamp)
    .addColumn('created_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addColumn('published_at', timestamp)
    .addColumn('cancelled_at', timestamp)
    .execute()
  // The calendar: published events by date, optionally narrowed by kind, format or region.
  await db.schema.createIndex('events_calendar_idx').on('events').columns(['status', 'starts_at']).execute()
  await db.schema
    .createIndex('events_kind_idx')
    .on('events')
    .columns(['status', 'kind', 'starts_at'])
    .execute()
  await db.schema
    .createIndex('events_region_idx')
    .on('events')
    .columns(['status', 'region', 'starts_at'])
    .execute()

  // Organisers and supporters are institutions of the registry (a ministry, the EU delegation, UNDP, …).
  await db.schema
    .createTable('event_partners')
    .addColumn('event_id', 'varchar(36)', event)
    .addColumn('institution_id', 'varchar(36)', (c) =>
      c.notNull().references('institutions.id').onDelete('cascade'),
    )
    // organiser | supporter
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('event_partners_pk', ['event_id', 'institution_id'])
    .execute()
  await db.schema
    .createIndex('event_partners_institution_idx')
    .on('event_partners')
    .column('institution_id')
    .execute()

  // People who run the event: edit it, see registrations, check people in, record outcomes.
  await db.schema
    .createTable('event_managers')
    .addColumn('event_id', 'varchar(36)', event)
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('added_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('event_managers_pk', ['event_id', 'person_id'])
    .execute()
  await db.schema.createIndex('event_managers_person_idx').on('event_managers').column('person_id').execute()

  await db.schema
    .createTable('event_speakers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(36)', event)
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('affiliation', 'varchar(300)')
    .addColumn('bio_az', 'text')
    .addColumn('bio_en', 'text')
    .addColumn('bio_ru', 'text')
    // Set when the speaker has an account here (their profile is linked).
    .addColumn('person_id', 'varchar(36)', person)
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('event_speakers_event_idx').on('event_speakers').column('event_id').execute()

  await db.schema
    .createTable('event_sessions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(36)', event)
    .addColumn('starts_at', timestamp, (c) => c.notNull())
    .addColumn('ends_at', timestamp, (c) => c.notNull())
    .addColumn('room', 'varchar(120)')
    .addColumn('title_az', 'varchar(200)')
    .addColumn('title_en', 'varchar(200)')
    .addColumn('title_ru', 'varchar(200)')
    .addColumn('description_az', 'text')
    .addColumn('description_en', 'text')
    .addColumn('description_ru', 'text')
    .execute()
  await db.schema
    .createIndex('event_sessions_event_idx')
    .on('event_sessions')
    .columns(['event_id', 'starts_at'])
    .execute()

  await db.schema
    .createTable('event_session_speakers')
    .addColumn('session_id', 'varchar(36)', (c) =>
      c.notNull().references('event_sessions.id').onDelete('cascade'),
    )
    .addColumn('speaker_id', 'varchar(36)', (c) =>
      c.notNull().references('event_speakers.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('event_session_speakers_pk', ['session_id', 'speaker_id'])
    .execute()

  // Extra registration questions, shaped like programme form fields (kinds, required flag, labels, options).
  await db.schema
    .createTable('event_questions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(36)', event)
    .addColumn('key', 'varchar(40)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('label_az', 'varchar(300)', (c) => c.notNull())
    .addColumn('label_en', 'varchar(300)', (c) => c.notNull())
    .addColumn('label_ru', 'varchar(300)', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('max_length', 'integer')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('event_questions_key_uq', ['event_id', 'key'])
    .execute()

  await db.schema
    .createTable('event_registrations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(36)', event)
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // pending (awaiting approval) | confirmed | waitlisted | cancelled | declined
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull().defaultTo('{}'))
    // Where the participant came from when they registered, so that outcomes stay as they were.
    .addColumn('institution_id', 'varchar(36)', (c) => c.references('institutions.id').onDelete('set null'))
    .addColumn('institution_type', 'varchar(32)')
    .addColumn('region', 'varchar(10)')
    .addColumn('country', 'varchar(2)')
    // Random, printed as a QR code on the ticket; an organiser's scan checks the person in.
    .addColumn('ticket', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('registered_at', timestamp, (c) => c.notNull())
    .addColumn('confirmed_at', timestamp)
    .addColumn('cancelled_at', timestamp)
    .addColumn('decided_by', 'varchar(36)', person)
    // Set once the day-before reminder went out: it is sent exactly once.
    .addColumn('reminded_at', timestamp)
    .addUniqueConstraint('event_registrations_person_uq', ['event_id', 'person_id'])
    .execute()
  // Counting places and walking the wait list in order.
  await db.schema
    .createIndex('event_registrations_status_idx')
    .on('event_registrations')
    .columns(['event_id', 'status', 'registered_at'])
    .execute()
  await db.schema
    .createIndex('event_registrations_person_idx')
    .on('event_registrations')
    .column('person_id')
    .execute()

  // Attendance per day of the event (a three-day conference has three).
  await db.schema
    .createTable('event_attendance')
    .addColumn('registration_id', 'varchar(36)', (c) =>
      c.notNull().references('event_registrations.id').onDelete('cascade'),
    )
    // The day in the event's time zone, YYYY-MM-DD.
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('checked_in_at', timestamp, (c) => c.notNull())
    .addColumn('checked_in_by', 'varchar(36)', person)
    .addPrimaryKeyConstraint('event_attendance_pk', ['registration_id', 'day'])
    .execute()

  await db.schema
    .createTable('event_certificates')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('registration_id', 'varchar(36)', (c) =>
      c.notNull().unique().references('event_registrations.id').onDelete('cascade'),
    )
    // Printed on the certificate; the public verification page looks it up.
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('issued_at', timestamp, (c) => c.notNull())
    .execute()

  // Materials (per session or for the whole event) and photos; files go through src/platform/files.ts.
  await db.schema
    .createTable('event_files')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('event_id', 'varchar(36)', event)
    .addColumn('session_id', 'varchar(36)', (c) => c.references('event_sessions.id').onDelete('set null'))
    // material | photo
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('original_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('stored_name', 'varchar(80)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(36)', person)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('event_files_event_idx')
    .on('event_files')
    .columns(['event_id', 'kind'])
    .execute()

  // Projects created at an event name it (projects.event_id, 0010); the outcome counts them.
  await db.schema.createIndex('projects_event_idx').on('projects').column('event_id').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('projects_event_idx').execute()
  for (const table of [
    'event_files',
    'event_certificates',
    'event_attendance',
    'event_registrations',
    'event_questions',
    'event_session_speakers',
    'event_sessions',
    'event_speakers',
    'event_managers',
    'event_partners',
    'events',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
