import type { Generated } from 'kysely'

/** ISO-8601 UTC timestamp string, as both dialects read it back (see database.ts). */
export type Timestamp = string

export type PersonKind = 'adult' | 'pupil'
export type PlatformRole = 'editor' | 'coordinator' | 'platform_admin'
export type MembershipRole = 'member' | 'institution_admin'
export type MembershipStatus = 'pending' | 'confirmed'
export type InstitutionType =
  | 'school'
  | 'vet_college'
  | 'university'
  | 'academy'
  | 'ministry_agency'
  | 'ngo'
  | 'company'
  | 'other'
export type JobStatus = 'pending' | 'running' | 'done' | 'failed'
export type EmailTokenPurpose = 'verify' | 'reset'

export interface PeopleTable {
  id: string
  email: string
  name: string
  password_hash: string | null
  kind: PersonKind
  locale: string | null
  email_verified_at: Timestamp | null
  validated_at: Timestamp | null
  failed_sign_ins: Generated<number>
  locked_until: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface RoleGrantsTable {
  person_id: string
  role: PlatformRole
  granted_at: Timestamp
}

export interface SessionsTable {
  id_hash: string
  person_id: string
  created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Timestamp
  /** Coarse description from the User-Agent at sign-in ("Firefox · Windows"); null when unknown (0034). */
  device: string | null
  /** The person's privileges when the session began; the session ends when they change (0034). */
  privileges: Generated<string>
}

/** A TOTP second factor; the secret AES-256-GCM encrypted, enrolled_at null until confirmed with a code (0034). */
export interface SecondFactorsTable {
  person_id: string
  secret_enc: string
  created_at: Timestamp
  enrolled_at: Timestamp | null
  /** The newest 30-second step a code was accepted for: no code is accepted twice. */
  last_step: number | null
}

export interface RecoveryCodesTable {
  person_id: string
  code_hash: string
  used_at: Timestamp | null
}

/** Between a correct password and the second factor's code: grants nothing (0034). */
export interface SignInChallengesTable {
  id_hash: string
  person_id: string
  device: string | null
  attempts: Generated<number>
  expires_at: Timestamp
}

export interface EmailTokensTable {
  token_hash: string
  person_id: string
  purpose: EmailTokenPurpose
  created_at: Timestamp
  expires_at: Timestamp
  used_at: Timestamp | null
}

export interface InstitutionsTable {
  id: string
  slug: string
  name: string
  type: InstitutionType
  country: string
  region: string | null
  city: string | null
  website: string | null
  created_at: Timestamp
  updated_at: Timestamp
  // Added by 0003_institutions_registry.
  national_id: string | null
  erasmus_pic: string | null
  erasmus_code: string | null
  oid: string | null
  logo_path: string | null
  description_az: string | null
  description_en: string | null
  description_ru: string | null
  /** JSON array of education level codes. */
  education_levels: Generated<string>
  /** JSON array of ISO 639-1 language codes. */
  languages: Generated<string>
  /** Normalised name used to find duplicates (with country and city). */
  name_key: Generated<string>
  /** Set when a coordinator merged this record into another: its page redirects there. */
  merged_into: string | null
  merged_at: Timestamp | null
}

export interface RegionGroupsTable {
  id: string
  country: string
  code: string
  name_az: string
  name_en: string
  name_ru: string
  position: Generated<number>
  created_at: Timestamp
}

export interface RegionGroupMembersTable {
  group_id: string
  subdivision: string
}

export interface MembershipsTable {
  id: string
  person_id: string
  institution_id: string
  role: MembershipRole
  status: MembershipStatus
  created_at: Timestamp
}

export interface AuditLogTable {
  id: string
  at: Timestamp
  actor_id: string | null
  action: string
  subject_type: string
  subject_id: string | null
  details: string
}

export interface JobsTable {
  id: string
  kind: string
  payload: string
  status: JobStatus
  attempts: Generated<number>
  run_at: Timestamp
  locked_until: Timestamp | null
  /** The claim token of the worker running it (migration 0033); null when not running. */
  locked_by: string | null
  last_error: string | null
  created_at: Timestamp
  finished_at: Timestamp | null
}

export type SubjectKind = 'school' | 'vet' | 'higher'

export interface SubjectsTable {
  id: string
  code: string
  kind: SubjectKind
  name_az: string
  name_en: string
  name_ru: string
  position: Generated<number>
  retired_at: Timestamp | null
  created_at: Timestamp
}

export type ProfileVisibility = 'public' | 'members' | 'hidden'

/** Added by 0005_profiles_partners: what a person tells others about their teaching. */
export interface ProfilesTable {
  person_id: string
  /** JSON array of subject codes. */
  subjects: Generated<string>
  /** JSON array of ISO 639-1 codes. */
  languages: Generated<string>
  age_min: number | null
  age_max: number | null
  /** Set while the person is looking for partners (a state is a timestamp, as elsewhere). */
  looking_since: Timestamp | null
  idea: string | null
  visibility: Generated<ProfileVisibility>
  updated_at: Timestamp
}

/** Denormalised partner-search row: one per searchable member or institution (0005). */
export interface PartnerSearchTable {
  doc: Generated<number>
  kind: 'person' | 'institution'
  entity_id: string
  name: string
  /** 0: anyone may see it; 1: validated members only. */
  audience: number
  institution_id: string | null
  institution_name: string | null
  institution_type: string | null
  country: string | null
  region: string | null
  city: string | null
  looking: Generated<number>
  idea: string | null
  age_min: number | null
  age_max: number | null
  subjects: Generated<string>
  languages: Generated<string>
  search_text: string
  sort_at: Timestamp
}

export interface PartnerSearchTagsTable {
  doc: number
  tag: string
}

export interface PartnerSearchVersionTable {
  id: number
  version: number
}

export interface ContactMessagesTable {
  id: string
  /** Null once the sender deleted their account ("former member"). */
  sender_id: string | null
  recipient_id: string | null
  subject: string
  body: string
  created_at: Timestamp
  read_at: Timestamp | null
}

// Added by 0004_applications.
export type FormFieldKind =
  | 'text'
  | 'long_text'
  | 'choice'
  | 'multiple_choice'
  | 'date'
  | 'number'
  | 'file'
  | 'consent'
export type ApplicationStatus = 'submitted' | 'info_requested' | 'approved' | 'rejected'
export type ApplicationEventKind = 'submitted' | 'info_requested' | 'answered' | 'approved' | 'rejected'
export type StaffRole = 'teacher' | 'lecturer' | 'head' | 'staff' | 'international_relations'

export interface ApplicationFormsTable {
  id: string
  code: string
  title_az: string
  title_en: string
  title_ru: string
  intro_az: Generated<string>
  intro_en: Generated<string>
  intro_ru: Generated<string>
  position: Generated<number>
  retired_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ApplicationFormFieldsTable {
  id: string
  form_id: string
  key: string
  kind: FormFieldKind
  /** 1 when an answer is required, 0 otherwise (no booleans in SQLite). */
  required: Generated<number>
  label_az: string
  label_en: string
  label_ru: string
  /** JSON array of { value, label_az, label_en, label_ru }. */
  options: Generated<string>
  max_length: number | null
  position: Generated<number>
  created_at: Timestamp
}

export interface ApplicationsTable {
  id: string
  person_id: string
  form_id: string
  status: ApplicationStatus
  institution_id: string | null
  proposed_name: string | null
  proposed_type: InstitutionType | null
  proposed_country: string | null
  proposed_region: string | null
  proposed_city: string | null
  staff_role: StaffRole
  /** JSON arrays of subject codes and ISO 639-1 language codes. */
  subjects: Generated<string>
  languages: Generated<string>
  age_from: number | null
  age_to: number | null
  /** JSON object: field key → answer. */
  answers: Generated<string>
  submitted_at: Timestamp
  waiting_since: Timestamp
  decided_at: Timestamp | null
  decided_by: string | null
  decision_reason: string | null
  updated_at: Timestamp
}

export interface ApplicationEventsTable {
  id: string
  application_id: string
  kind: ApplicationEventKind
  actor_id: string | null
  message: string | null
  at: Timestamp
}

export interface ApplicationFilesTable {
  id: string
  application_id: string
  person_id: string
  stored_name: string
  media_type: string
  size: number
  created_at: Timestamp
}

export interface CoordinatorRegionsTable {
  person_id: string
  region: string
}

export interface NotificationsTable {
  id: string
  person_id: string
  kind: string
  title: string
  body: string
  link: string | null
  created_at: Timestamp
  read_at: Timestamp | null
  /** Added by 0030: the language the title and body were written in. */
  locale: string | null
  /** Added by 0030: due in the daily digest (the person takes this kind by digest); digested_at marks it sent. */
  digest_due_at: Timestamp | null
  digested_at: Timestamp | null
}

// Collaboration projects (0010_projects).
export type ProjectScope = 'national' | 'international'
export type ProjectStatus = 'draft' | 'awaiting_cofounders' | 'in_review' | 'returned' | 'approved'
export type WorkspaceState = 'open' | 'archived' | 'closed'
export type ProjectMemberRole = 'founder' | 'teacher' | 'pupil'
export type ProjectMemberStatus = 'invited' | 'active' | 'declined' | 'left'
export type MilestoneStatus = 'planned' | 'in_progress' | 'done'
export type LabelLevel = 'national' | 'european'
export type LabelApplicationStatus = 'submitted' | 'awarded' | 'declined'

export interface CurriculumTopicsTable {
  id: string
  code: string
  kind: 'school' | 'vet'
  name_az: string
  name_en: string
  name_ru: string
  position: Generated<number>
  retired_at: Timestamp | null
  created_at: Timestamp
}

export interface LearningModelsTable {
  id: string
  code: string
  name_az: string
  name_en: string
  name_ru: string
  position: Generated<number>
  retired_at: Timestamp | null
  created_at: Timestamp
}

export interface ProjectsTable {
  id: string
  slug: string
  scope: ProjectScope
  status: ProjectStatus
  wizard_step: Generated<number>
  title_az: string | null
  title_en: string | null
  title_ru: string | null
  summary_az: string | null
  summary_en: string | null
  summary_ru: string | null
  age_from: number | null
  age_to: number | null
  /** JSON array of ISO 639-1 codes. */
  languages: Generated<string>
  activities: string | null
  expected_results: string | null
  /** YYYY-MM-DD */
  start_date: string | null
  end_date: string | null
  learning_model_id: string | null
  /** The event the project was created at (no foreign key until the events module exists). */
  event_id: string | null
  created_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
  submitted_at: Timestamp | null
  waiting_since: Timestamp | null
  decided_at: Timestamp | null
  decided_by: string | null
  approved_at: Timestamp | null
  in_gallery_since: Timestamp | null
  workspace_state: Generated<WorkspaceState>
  archived_at: Timestamp | null
  closed_at: Timestamp | null
}

export interface ProjectSubjectsTable {
  project_id: string
  subject_id: string
}

export interface ProjectCurriculumTopicsTable {
  project_id: string
  topic_id: string
}

export interface ProjectMembersTable {
  id: string
  project_id: string
  person_id: string
  role: ProjectMemberRole
  status: ProjectMemberStatus
  institution_id: string | null
  pupil_admin: Generated<number>
  invited_by: string | null
  invited_at: Timestamp
  joined_at: Timestamp | null
}

export interface ProjectHistoryTable {
  id: string
  project_id: string
  kind: string
  actor_id: string | null
  message: string | null
  at: Timestamp
}

export interface ProjectPagesTable {
  id: string
  project_id: string
  title: string
  /** Sanitised on the server before it is stored. */
  body_html: string
  author_id: string | null
  position: Generated<number>
  public_since: Timestamp | null
  public_approved_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ProjectFilesTable {
  id: string
  project_id: string
  page_id: string | null
  uploaded_by: string | null
  title: string
  original_name: string
  stored_name: string
  media_type: string
  size: number
  public_since: Timestamp | null
  public_approved_by: string | null
  created_at: Timestamp
}

export interface ForumThreadsTable {
  id: string
  project_id: string
  title: string
  author_id: string | null
  created_at: Timestamp
  last_post_at: Timestamp
}

export interface ForumPostsTable {
  id: string
  thread_id: string
  author_id: string | null
  body: string
  created_at: Timestamp
  edited_at: Timestamp | null
}

export interface ProjectMilestonesTable {
  id: string
  project_id: string
  title: string
  description: string | null
  due_date: string | null
  status: MilestoneStatus
  position: Generated<number>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface PupilsTable {
  person_id: string
  project_id: string
  created_by: string | null
  created_at: Timestamp
  code_hash: string | null
  code_expires_at: Timestamp | null
  code_used_at: Timestamp | null
}

export interface LabelApplicationsTable {
  id: string
  project_id: string
  level: LabelLevel
  status: LabelApplicationStatus
  /** JSON object: criterion code → evidence. */
  evidence: Generated<string>
  /** JSON object: criterion code → score. */
  scores: Generated<string>
  feedback: string | null
  submitted_by: string | null
  submitted_at: Timestamp
  decided_by: string | null
  decided_at: Timestamp | null
}

export interface ProjectLabelsTable {
  id: string
  project_id: string
  level: LabelLevel
  country: string
  application_id: string | null
  awarded_by: string | null
  awarded_at: Timestamp
}

export interface InstitutionLabelsTable {
  id: string
  institution_id: string
  awarded_by: string | null
  awarded_at: Timestamp
  valid_until: Timestamp
  /** JSON: the figures the award was based on. */
  basis: Generated<string>
}

// Events (0016_events).
export type EventKind =
  | 'seminar'
  | 'training'
  | 'conference'
  | 'online_conference'
  | 'project_meeting'
  | 'webinar'
export type EventFormat = 'on_site' | 'online' | 'hybrid'
export type EventStatus = 'draft' | 'published' | 'cancelled'
export type EventRegistrationMode = 'open' | 'members' | 'none'
export type RegistrationStatus = 'pending' | 'confirmed' | 'waitlisted' | 'cancelled' | 'declined'

export interface EventsTable {
  id: string
  slug: string
  kind: EventKind
  format: EventFormat
  status: EventStatus
  title_az: string | null
  title_en: string | null
  title_ru: string | null
  description_az: string | null
  description_en: string | null
  description_ru: string | null
  venue: string | null
  city: string | null
  region: string | null
  country: string
  meeting_url: string | null
  starts_at: Timestamp
  ends_at: Timestamp
  time_zone: string
  /** JSON array of audience codes. */
  audience: Generated<string>
  programme: string | null
  network_id: string | null
  consortium_id: string | null
  registration: EventRegistrationMode
  capacity: number | null
  approval_required: Generated<number>
  registration_closes_at: Timestamp | null
  report_az: string | null
  report_en: string | null
  report_ru: string | null
  outcome_recorded_at: Timestamp | null
  created_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
  published_at: Timestamp | null
  cancelled_at: Timestamp | null
}

export interface EventPartnersTable {
  event_id: string
  institution_id: string
  role: 'organiser' | 'supporter'
  position: Generated<number>
}

export interface EventManagersTable {
  event_id: string
  person_id: string
  added_at: Timestamp
}

export interface EventSpeakersTable {
  id: string
  event_id: string
  name: string
  affiliation: string | null
  bio_az: string | null
  bio_en: string | null
  bio_ru: string | null
  person_id: string | null
  position: Generated<number>
}

export interface EventSessionsTable {
  id: string
  event_id: string
  starts_at: Timestamp
  ends_at: Timestamp
  room: string | null
  title_az: string | null
  title_en: string | null
  title_ru: string | null
  description_az: string | null
  description_en: string | null
  description_ru: string | null
}

export interface EventSessionSpeakersTable {
  session_id: string
  speaker_id: string
}

export interface EventQuestionsTable {
  id: string
  event_id: string
  key: string
  kind: string
  required: Generated<number>
  label_az: string
  label_en: string
  label_ru: string
  options: Generated<string>
  max_length: number | null
  position: Generated<number>
}

export interface EventRegistrationsTable {
  id: string
  event_id: string
  person_id: string
  status: RegistrationStatus
  answers: Generated<string>
  institution_id: string | null
  institution_type: string | null
  region: string | null
  country: string | null
  ticket: string
  registered_at: Timestamp
  confirmed_at: Timestamp | null
  cancelled_at: Timestamp | null
  decided_by: string | null
  reminded_at: Timestamp | null
}

export interface EventAttendanceTable {
  registration_id: string
  /** YYYY-MM-DD in the event's time zone. */
  day: string
  checked_in_at: Timestamp
  checked_in_by: string | null
}

export interface EventCertificatesTable {
  id: string
  registration_id: string
  code: string
  issued_at: Timestamp
}

export interface EventFilesTable {
  id: string
  event_id: string
  session_id: string | null
  kind: 'material' | 'photo'
  title: string
  original_name: string
  stored_name: string
  media_type: string
  size: number
  uploaded_by: string | null
  created_at: Timestamp
}

// Consortia, outcomes and networks (0020_consortia_networks).
export type ConsortiumStatus = 'planned' | 'running' | 'closed'
export type ConsortiumPartnerRole = 'coordinator' | 'partner' | 'associated'
export type DeliverableStatus = 'planned' | 'in_progress' | 'delivered'
export type OutcomeType =
  | 'e_learning_module'
  | 'joint_degree'
  | 'laboratory'
  | 'report'
  | 'publication'
  | 'established_body'
  | 'other'
export type NetworkKind =
  | 'rectors_conference'
  | 'university_alliance'
  | 'vet_network'
  | 'teacher_community'
  | 'other'
export type NetworkMemberStatus = 'requested' | 'invited' | 'active' | 'declined' | 'left'
export type DocumentVisibility = 'group' | 'network' | 'public'

export interface ConsortiaTable {
  id: string
  slug: string
  reference: string | null
  acronym: string | null
  title_az: string | null
  title_en: string | null
  title_ru: string | null
  programme: string
  key_action: string | null
  action_type: string | null
  funder: string | null
  call_year: number | null
  coordinator_contact_name: string | null
  coordinator_contact_email: string | null
  /** JSON array of target-group codes. */
  target_groups: Generated<string>
  start_date: string | null
  end_date: string | null
  /** Minor units (cents) of `currency`. */
  grant_minor: number | null
  currency: string | null
  status: ConsortiumStatus
  summary_az: string | null
  summary_en: string | null
  summary_ru: string | null
  website: string | null
  results_url: string | null
  good_practice: Generated<number>
  success_story: Generated<number>
  created_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ConsortiumPartnersTable {
  id: string
  consortium_id: string
  institution_id: string
  role: ConsortiumPartnerRole
  position: Generated<number>
}

export interface WorkPackagesTable {
  id: string
  consortium_id: string
  number: number
  title: string
  description: string | null
  lead_institution_id: string | null
  start_date: string | null
  end_date: string | null
}

export interface DeliverablesTable {
  id: string
  work_package_id: string
  code: string
  title: string
  due_date: string | null
  status: DeliverableStatus
  delivered_on: string | null
}

export interface ConsortiumMeetingsTable {
  consortium_id: string
  event_id: string
  kind: 'kick_off' | 'steering' | 'closing' | 'other'
}

export interface OutcomesTable {
  id: string
  slug: string
  type: OutcomeType
  category: string | null
  consortium_id: string | null
  owner_institution_id: string
  country: string
  title_az: string | null
  title_en: string | null
  title_ru: string | null
  description_az: string | null
  description_en: string | null
  description_ru: string | null
  language: string | null
  level: string | null
  ects: number | null
  delivery_mode: string | null
  url: string | null
  file_stored_name: string | null
  file_original_name: string | null
  file_media_type: string | null
  file_size: number | null
  licence: string | null
  degree: string | null
  degree_status: string | null
  network_id: string | null
  created_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface OutcomeSubjectsTable {
  outcome_id: string
  subject_id: string
}

export interface OutcomeInstitutionsTable {
  outcome_id: string
  institution_id: string
  readiness: string | null
  note: string | null
}

export interface NetworksTable {
  id: string
  slug: string
  kind: NetworkKind
  name_az: string | null
  name_en: string | null
  name_ru: string | null
  acronym: string | null
  mission_az: string | null
  mission_en: string | null
  mission_ru: string | null
  founded_on: string | null
  founded_by_consortium_id: string | null
  website: string | null
  created_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface NetworkMembersTable {
  id: string
  network_id: string
  institution_id: string
  category: 'member' | 'decision_maker' | 'observer'
  status: NetworkMemberStatus
  member_since: string | null
  member_until: string | null
  message: string | null
  requested_by: string | null
  decided_by: string | null
  created_at: Timestamp
  decided_at: Timestamp | null
}

export interface NetworkOfficersTable {
  id: string
  network_id: string
  person_id: string
  role: 'chair' | 'vice_chair' | 'secretary_general' | 'treasurer' | 'board_member'
  term_start: string
  term_end: string | null
}

export interface NetworkCentresTable {
  id: string
  network_id: string
  institution_id: string
  name_az: string | null
  name_en: string | null
  name_ru: string | null
  /** JSON array of ISO 3166-1 codes. */
  countries: Generated<string>
}

export interface WorkingGroupsTable {
  id: string
  network_id: string
  name: string
  description: string | null
  created_by: string | null
  created_at: Timestamp
}

export interface WorkingGroupMembersTable {
  working_group_id: string
  person_id: string
  role: 'lead' | 'member'
  joined_at: Timestamp
}

export interface NetworkDocumentsTable {
  id: string
  network_id: string
  working_group_id: string | null
  kind: 'statute' | 'document' | 'material'
  title: string
  url: string | null
  stored_name: string | null
  original_name: string | null
  media_type: string | null
  size: number | null
  visibility: DocumentVisibility
  uploaded_by: string | null
  created_at: Timestamp
}

export interface WorkingGroupThreadsTable {
  id: string
  working_group_id: string
  title: string
  author_id: string | null
  created_at: Timestamp
  last_post_at: Timestamp
}

export interface WorkingGroupPostsTable {
  id: string
  thread_id: string
  author_id: string | null
  body: string
  created_at: Timestamp
}

export interface WorkingGroupDecisionsTable {
  id: string
  working_group_id: string
  decided_on: string
  text: string
  recorded_by: string | null
  created_at: Timestamp
}

export interface WorkingGroupMeetingsTable {
  working_group_id: string
  event_id: string
}

// The public portal (0030_portal).
export type ArticleStatus = 'draft' | 'in_review' | 'published' | 'archived'
export type NotificationMode = 'immediate' | 'digest' | 'off'

export interface ArticlesTable {
  id: string
  slug: string
  status: ArticleStatus
  title_az: string | null
  title_en: string | null
  title_ru: string | null
  lead_az: string | null
  lead_en: string | null
  lead_ru: string | null
  body_az: string | null
  body_en: string | null
  body_ru: string | null
  /** JSON object: width → stored file name. */
  cover_variants: Generated<string>
  cover_alt_az: string | null
  cover_alt_en: string | null
  cover_alt_ru: string | null
  author_id: string | null
  publish_at: Timestamp | null
  published_at: Timestamp | null
  published_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ArticleTagsTable {
  article_id: string
  tag: string
}

export interface ArticleLinksTable {
  article_id: string
  entity_type: 'institution' | 'project' | 'consortium' | 'network' | 'event'
  entity_id: string
}

export interface RevisionsTable {
  id: string
  subject_type: 'article' | 'page'
  subject_id: string
  editor_id: string | null
  at: Timestamp
  /** JSON: the texts as saved. */
  snapshot: string
}

export interface PagesTable {
  id: string
  slug: string
  title_az: string | null
  title_en: string | null
  title_ru: string | null
  body_az: string | null
  body_en: string | null
  body_ru: string | null
  updated_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ResourcesTable {
  id: string
  slug: string
  kind: 'brochure' | 'guide' | 'application_form' | 'template' | 'training_material' | 'other'
  title_az: string | null
  title_en: string | null
  title_ru: string | null
  description_az: string | null
  description_en: string | null
  description_ru: string | null
  /** JSON array of audience codes. */
  audience: Generated<string>
  language: string | null
  licence: string | null
  visibility: 'public' | 'members'
  stored_name: string
  original_name: string
  media_type: string
  size: number
  downloads: Generated<number>
  created_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

export interface ResourceTagsTable {
  resource_id: string
  tag: string
}

export interface StatsSnapshotsTable {
  /** YYYY-MM */
  month: string
  metric: string
  value: number
  source: 'computed' | 'entered'
  note: string | null
  entered_by: string | null
  recorded_at: Timestamp
}

export interface NotificationPreferencesTable {
  person_id: string
  kind: string
  mode: NotificationMode
}

/** Attempts per hashed key in its current window, shared by all web processes (0035; src/platform/limits.ts). */
export interface AttemptCountersTable {
  key_hash: string
  window_end: Timestamp
  attempts: number
}

export interface SearchDocumentsTable {
  doc: Generated<number>
  entity_type: string
  entity_id: string
  audience: 'public' | 'members'
  title: string
  url: string
  search_text: string
  updated_at: Timestamp
  /** Added by 0032_site_search: found only from this moment (null: at once). */
  visible_from: Timestamp | null
}

export interface Database {
  people: PeopleTable
  role_grants: RoleGrantsTable
  sessions: SessionsTable
  second_factors: SecondFactorsTable
  recovery_codes: RecoveryCodesTable
  sign_in_challenges: SignInChallengesTable
  email_tokens: EmailTokensTable
  institutions: InstitutionsTable
  memberships: MembershipsTable
  audit_log: AuditLogTable
  jobs: JobsTable
  subjects: SubjectsTable
  region_groups: RegionGroupsTable
  region_group_members: RegionGroupMembersTable
  profiles: ProfilesTable
  partner_search: PartnerSearchTable
  partner_search_tags: PartnerSearchTagsTable
  partner_search_version: PartnerSearchVersionTable
  contact_messages: ContactMessagesTable
  application_forms: ApplicationFormsTable
  application_form_fields: ApplicationFormFieldsTable
  applications: ApplicationsTable
  application_events: ApplicationEventsTable
  application_files: ApplicationFilesTable
  coordinator_regions: CoordinatorRegionsTable
  notifications: NotificationsTable
  curriculum_topics: CurriculumTopicsTable
  learning_models: LearningModelsTable
  projects: ProjectsTable
  project_subjects: ProjectSubjectsTable
  project_curriculum_topics: ProjectCurriculumTopicsTable
  project_members: ProjectMembersTable
  project_history: ProjectHistoryTable
  project_pages: ProjectPagesTable
  project_files: ProjectFilesTable
  forum_threads: ForumThreadsTable
  forum_posts: ForumPostsTable
  project_milestones: ProjectMilestonesTable
  pupils: PupilsTable
  label_applications: LabelApplicationsTable
  project_labels: ProjectLabelsTable
  institution_labels: InstitutionLabelsTable
  events: EventsTable
  event_partners: EventPartnersTable
  event_managers: EventManagersTable
  event_speakers: EventSpeakersTable
  event_sessions: EventSessionsTable
  event_session_speakers: EventSessionSpeakersTable
  event_questions: EventQuestionsTable
  event_registrations: EventRegistrationsTable
  event_attendance: EventAttendanceTable
  event_certificates: EventCertificatesTable
  event_files: EventFilesTable
  consortia: ConsortiaTable
  consortium_partners: ConsortiumPartnersTable
  work_packages: WorkPackagesTable
  deliverables: DeliverablesTable
  consortium_meetings: ConsortiumMeetingsTable
  outcomes: OutcomesTable
  outcome_subjects: OutcomeSubjectsTable
  outcome_institutions: OutcomeInstitutionsTable
  networks: NetworksTable
  network_members: NetworkMembersTable
  network_officers: NetworkOfficersTable
  network_centres: NetworkCentresTable
  working_groups: WorkingGroupsTable
  working_group_members: WorkingGroupMembersTable
  network_documents: NetworkDocumentsTable
  working_group_threads: WorkingGroupThreadsTable
  working_group_posts: WorkingGroupPostsTable
  working_group_decisions: WorkingGroupDecisionsTable
  working_group_meetings: WorkingGroupMeetingsTable
  articles: ArticlesTable
  article_tags: ArticleTagsTable
  article_links: ArticleLinksTable
  revisions: RevisionsTable
  pages: PagesTable
  resources: ResourcesTable
  resource_tags: ResourceTagsTable
  stats_snapshots: StatsSnapshotsTable
  notification_preferences: NotificationPreferencesTable
  search_documents: SearchDocumentsTable
  attempt_counters: AttemptCountersTable
  project_gallery: ProjectGalleryTable
  project_gallery_tags: ProjectGalleryTagsTable
  project_gallery_counts: ProjectGalleryCountsTable
}

/** Denormalised gallery row: one per approved project whose team opted in (0012). */
export interface ProjectGalleryTable {
  doc: Generated<number>
  project_id: string
  scope: ProjectScope
  /** The year the project was approved. */
  year: number
  age_from: number | null
  age_to: number | null
  search_text: string
  sort_at: Timestamp
}

export interface ProjectGalleryTagsTable {
  doc: number
  tag: string
  sort_at: Timestamp
}

export interface ProjectGalleryCountsTable {
  filter_key: string
  facet_key: string
  n: number
}
