import { LOCALES, type Locale } from '../../config.ts'
import type { Db, Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { ProjectScope, ProjectStatus } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, type FieldErrors, Invalid, NotFound } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import { scopeOf } from '../applications/service.ts'
import { isProjectEventChoice, projectEventChoices } from '../events/outcomes.ts'
import { listSubjects, requireSubjectCodes } from '../subjects/service.ts'
import { loadProjectAccess, type ProjectAccess } from './access.ts'
import { refreshGalleryEntry } from './gallery-index.ts'
import './policy.ts'
import * as q from './queries.ts'
import { anyTitle, foundersVerdict, notifyFounders } from './rules.ts'
import {
  type BasicsInput,
  LAST_STEP,
  type PartnersInput,
  type PlanInput,
  type TeachingInput,
} from './schemas.ts'

const DAY_MS = 24 * 3600_000

export type ProjectRow = NonNullable<Awaited<ReturnType<typeof q.findProject>>>

/** Days since an instant, whole days (0 on the day itself). */
export function daysSince(iso: string | null, now = Date.now()): number {
  return iso ? Math.max(0, Math.floor((now - Date.parse(iso)) / DAY_MS)) : 0
}

export function localisedName(row: { name_az: string; name_en: string; name_ru: string }, locale: Locale) {
  return { az: row.name_az, en: row.name_en, ru: row.name_ru }[locale]
}

/** The project's title in the reader's language, else in whichever language the founders wrote it. */
export function titleIn(p: Pick<ProjectRow, 'title_az' | 'title_en' | 'title_ru'>, locale: Locale): string {
  return p[`title_${locale}`] || anyTitle(p)
}

async function access(ctx: ServiceContext, projectId: string): Promise<ProjectAccess> {
  const found = await loadProjectAccess(ctx.db, projectId, ctx.actor)
  if (!found) throw new NotFound()
  return found
}

async function projectOrNotFound(db: Queryable, projectId: string): Promise<ProjectRow> {
  const project = await q.findProject(db, projectId)
  if (!project) throw new NotFound()
  return project
}

// ---- The wizard

/** Everything the wizard's steps show and check, as stored. */
export interface Draft {
  project: ProjectRow
  subjects: string[]
  topics: string[]
  learningModel: string | null
  languages: string[]
  /** The institution the acting founder founds it for. */
  institutionId: string | null
  founders: q.FounderRow[]
  /** The acting founder's confirmed memberships: the institutions they may found it for. */
  institutions: Array<{ id: string; name: string; country: string }>
}

async function loadDraft(ctx: ServiceContext, project: ProjectRow): Promise<Draft> {
  const personId = ctx.actor.person?.id ?? ''
  const [subjects, topics, model, founders, institutions] = await Promise.all([
    q.projectSubjects(ctx.db, project.id),
    q.projectTopics(ctx.db, project.id),
    project.learning_model_id ? q.findModel(ctx.db, project.learning_model_id) : undefined,
    q.founders(ctx.db, project.id),
    q.confirmedInstitutions(ctx.db, personId),
  ])
  return {
    project,
    subjects: subjects.map((s) => s.code),
    topics: topics.map((t) => t.code),
    learningModel: model?.code ?? null,
    languages: JSON.parse(project.languages) as string[],
    institutionId: founders.find((f) => f.person_id === personId)?.institution_id ?? null,
    founders,
    institutions,
  }
}

/** A draft its founders are planning. Outsiders get 404; team members who may not edit it now, 403. */
export async function draftFor(ctx: ServiceContext, projectId: string): Promise<Draft> {
  const found = await access(ctx, projectId)
  authorize(ctx.actor, 'projects.edit', found, { hide: found.membership?.status !== 'active' })
  return loadDraft(ctx, await projectOrNotFound(ctx.db, projectId))
}

/** The step a draft opens at: the one after the furthest completed. */
export function nextStep(project: Pick<ProjectRow, 'wizard_step'>): number {
  return Math.min(project.wizard_step + 1, LAST_STEP)
}

function trimmed(value: string | undefined): string | null {
  const text = value?.trim() ?? ''
  return text === '' ? null : text
}

function basicsColumns(input: BasicsInput) {
  return {
    title_az: trimmed(input.title_az),
    title_en: trimmed(input.title_en),
    title_ru: trimmed(input.title_ru),
    summary_az: trimmed(input.summary_az),
    summary_en: trimmed(input.summary_en),
    summary_ru: trimmed(input.summary_ru),
  }
}

/**
 * The event the basics step names (optional): one the founder took part in or ran, or the one the project named
 * already (a co-founder who was not there keeps it). Outcomes count the projects created at an event from it.
 */
async function eventOf(
  ctx: ServiceContext,
  input: BasicsInput,
  current: string | null,
): Promise<string | null> {
  const eventId = input.event_id ?? null
  const personId = ctx.actor.person?.id
  if (eventId === null || !personId) return null
  if (!(await isProjectEventChoice(ctx.db, personId, eventId, current))) {
    throw new Invalid({ event_id: { key: 'attendance.project_event_unknown' } })
  }
  return eventId
}

// What each step needs before the founder may go on (and before submitting). Errors are on the step's fields.

function basicsErrors(
  p: Pick<ProjectRow, 'scope' | `title_${Locale}` | `summary_${Locale}`>,
  locale: Locale,
) {
  const errors: FieldErrors = {}
  const complete = LOCALES.some((l) => p[`title_${l}`] && p[`summary_${l}`])
  if (!complete) {
    // Point at the language the founder started in, else at the one they read the page in.
    const started = LOCALES.find((l) => p[`title_${l}`] || p[`summary_${l}`]) ?? locale
    const field = p[`title_${started}`] ? `summary_${started}` : `title_${started}`
    errors[field] = { key: 'projects.wizard.one_language_complete' }
  }
  return errors
}

function teachingErrors(d: {
  subjects: readonly string[]
  languages: readonly string[]
  age_from: number | null
  age_to: number | null
}) {
  const errors: FieldErrors = {}
  if (d.subjects.length === 0) errors.subjects = { key: 'projects.wizard.choose_one' }
  if (d.age_from === null) errors.age_from = { key: 'validation.required' }
  if (d.age_to === null) errors.age_to = { key: 'validation.required' }
  if (d.languages.length === 0) errors.languages = { key: 'projects.wizard.choose_one' }
  return errors
}

function planErrors(p: Pick<ProjectRow, 'activities' | 'expected_results' | 'start_date' | 'end_date'>) {
  const errors: FieldErrors = {}
  for (const field of ['activities', 'expected_results', 'start_date', 'end_date'] as const) {
    if (!p[field]) errors[field] = { key: 'validation.required' }
  }
  return errors
}

function partnersErrors(d: Pick<Draft, 'institutionId' | 'founders'>, personId: string) {
  const errors: FieldErrors = {}
  if (!d.institutionId) errors.institution_id = { key: 'validation.required' }
  if (!d.founders.some((f) => f.person_id !== personId)) {
    errors.invitee = { key: 'projects.wizard.invite_cofounder' }
  }
  return errors
}

function throwIfAny(errors: FieldErrors): void {
  if (Object.keys(errors).length > 0) throw new Invalid(errors)
}

async function touch(
  db: Queryable,
  project: ProjectRow,
  intent: 'save' | 'continue' | undefined,
  step: number,
): Promise<void> {
  await db
    .updateTable('projects')
    .set({
      updated_at: new Date().toISOString(),
      wizard_step: intent === 'continue' ? Math.max(project.wizard_step, step) : project.wizard_step,
    })
    .where('id', '=', project.id)
    .execute()
}

/** Starts a draft from the first step's form; its creator is its first founder. */
export async function createDraft(ctx: ServiceContext, input: BasicsInput, locale: Locale): Promise<string> {
  authorize(ctx.actor, 'projects.create', undefined)
  const columns = basicsColumns(input)
  const eventId = await eventOf(ctx, input, null)
  if (input.intent === 'continue') {
    const errors = basicsErrors({ scope: input.scope ?? 'national', ...columns }, locale)
    if (!input.scope) errors.scope = { key: 'validation.required' }
    throwIfAny(errors)
  }
  const id = newId()
  const now = new Date().toISOString()
  const personId = ctx.actor.person?.id ?? null
  const slugBase = (anyTitle(columns) === '—' ? 'project' : anyTitle(columns))
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('projects')
      .values({
        id,
        slug: `${slugBase || 'project'}-${id.slice(-12)}`,
        scope: input.scope ?? 'national',
        status: 'draft',
        wizard_step: input.intent === 'continue' ? 1 : 0,
        ...columns,
        age_from: null,
        age_to: null,
        activities: null,
        expected_results: null,
        start_date: null,
        end_date: null,
        learning_model_id: null,
        event_id: eventId,
        created_by: personId,
        created_at: now,
        updated_at: now,
        submitted_at: null,
        waiting_since: now,
        decided_at: null,
        decided_by: null,
        approved_at: null,
        in_gallery_since: null,
      })
      .execute()
    await trx
      .insertInto('project_members')
      .values({
        id: newId(),
        project_id: id,
        person_id: personId ?? '',
        role: 'founder',
        status: 'active',
        institution_id: null,
        invited_by: null,
        invited_at: now,
        joined_at: now,
      })
      .execute()
    await q.addHistory(trx, id, 'created', personId)
  })
  return id
}

export async function saveBasics(
  ctx: ServiceContext,
  projectId: string,
  input: BasicsInput,
  locale: Locale,
): Promise<void> {
  const { project } = await draftFor(ctx, projectId)
  const columns = basicsColumns(input)
  const eventId = await eventOf(ctx, input, project.event_id)
  if (input.intent === 'continue') {
    const errors = basicsErrors({ scope: input.scope ?? project.scope, ...columns }, locale)
    if (!input.scope) errors.scope = { key: 'validation.required' }
    throwIfAny(errors)
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('projects')
      .set({ ...columns, scope: input.scope ?? project.scope, event_id: eventId })
      .where('id', '=', projectId)
      .execute()
    await touch(trx, project, input.intent, 1)
  })
}

export async function saveTeaching(
  ctx: ServiceContext,
  projectId: string,
  input: TeachingInput,
): Promise<void> {
  const { project } = await draftFor(ctx, projectId)
  const errors: FieldErrors = {}
  const ageFrom = input.age_from ?? null
  const ageTo = input.age_to ?? null
  if (ageFrom !== null && ageTo !== null && ageFrom > ageTo) {
    errors.age_to = { key: 'projects.wizard.ages_reversed' }
  }
  const subjectCodes = await requireSubjectCodes(ctx.db, input.subjects ?? [])
  const subjects = await q.subjectIdsByCode(ctx.db, subjectCodes)
  const allTopics = await q.currentTopics(ctx.db)
  const topicCodes = [...new Set(input.topics ?? [])]
  const topics = allTopics.filter((t) => topicCodes.includes(t.code))
  if (topics.length !== topicCodes.length) errors.topics = { key: 'validation.choice' }
  const model = input.learning_model
    ? (await q.currentModels(ctx.db)).find((m) => m.code === input.learning_model)
    : undefined
  if (input.learning_model && !model) errors.learning_model = { key: 'validation.choice' }
  const languages = [...new Set(input.languages ?? [])]
  const required =
    input.intent === 'continue'
      ? teachingErrors({ subjects: subjectCodes, languages, age_from: ageFrom, age_to: ageTo })
      : {}
  // An error in what was typed is the one to show first on its field.
  throwIfAny({ ...required, ...errors })
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('projects')
      .set({
        age_from: ageFrom,
        age_to: ageTo,
        languages: JSON.stringify(languages),
        learning_model_id: model?.id ?? null,
      })
      .where('id', '=', projectId)
      .execute()
    await q.replaceSubjects(
      trx,
      projectId,
      subjects.map((s) => s.id),
    )
    await q.replaceTopics(
      trx,
      projectId,
      topics.map((t) => t.id),
    )
    await touch(trx, project, input.intent, 2)
  })
}

export async function savePlan(ctx: ServiceContext, projectId: string, input: PlanInput): Promise<void> {
  const { project } = await draftFor(ctx, projectId)
  const columns = {
    activities: trimmed(input.activities),
    expected_results: trimmed(input.expected_results),
    start_date: input.start_date ?? null,
    end_date: input.end_date ?? null,
  }
  const errors: FieldErrors = input.intent === 'continue' ? planErrors(columns) : {}
  if (columns.start_date && columns.end_date && columns.end_date < columns.start_date) {
    errors.end_date = { key: 'projects.wizard.dates_reversed' }
  }
  throwIfAny(errors)
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('projects').set(columns).where('id', '=', projectId).execute()
    await touch(trx, project, input.intent, 3)
  })
}

export async function savePartners(
  ctx: ServiceContext,
  projectId: string,
  input: PartnersInput,
): Promise<void> {
  const draft = await draftFor(ctx, projectId)
  const personId = ctx.actor.person?.id ?? ''
  const institutionId = input.institution_id ?? null
  if (institutionId && !draft.institutions.some((i) => i.id === institutionId)) {
    throw new Invalid({ institution_id: { key: 'projects.invitation.institution_not_yours' } })
  }
  if (input.intent === 'continue') throwIfAny(partnersErrors({ ...draft, institutionId }, personId))
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('project_members')
      .set({ institution_id: institutionId })
      .where('project_id', '=', projectId)
      .where('person_id', '=', personId)
      .execute()
    await touch(trx, draft.project, input.intent, 4)
  })
}

/** Members the founder may invite as co-founders, found by name. */
export async function membersToInvite(ctx: ServiceContext, projectId: string, query: string) {
  await draftFor(ctx, projectId)
  const words = query.trim()
  return words.length < 2 ? [] : q.findMembersToInvite(ctx.db, projectId, words)
}

/**
 * Submits the plan. Every step must be complete and the founders' rule must be able to hold: the project goes to
 * the coordinators when it holds now, or waits for the invited co-founders' answers.
 */
export async function submit(ctx: ServiceContext, projectId: string, locale: Locale): Promise<ProjectStatus> {
  const draft = await draftFor(ctx, projectId)
  const { project } = draft
  const personId = ctx.actor.person?.id ?? ''
  const missing: FieldErrors = {
    ...basicsErrors(project, locale),
    ...teachingErrors({ ...draft, age_from: project.age_from, age_to: project.age_to }),
    ...planErrors(project),
    ...partnersErrors(draft, personId),
  }
  throwIfAny(missing)
  const verdict = foundersVerdict(ctx.config, project.scope, draft.founders)
  if (verdict === 'impossible') {
    const key =
      project.scope === 'national' ? 'projects.submit.need_institutions' : 'projects.submit.need_countries'
    const count =
      project.scope === 'national'
        ? ctx.config.projects.nationalMinInstitutions
        : ctx.config.projects.internationalMinCountries
    throw new Invalid({ invitee: { key, values: { count } } })
  }
  const status: ProjectStatus = verdict === 'holds' ? 'in_review' : 'awaiting_cofounders'
  const now = new Date().toISOString()
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('projects')
      .set({ status, submitted_at: now, waiting_since: now, updated_at: now, wizard_step: LAST_STEP })
      .where('id', '=', projectId)
      .execute()
    await q.addHistory(trx, projectId, project.status === 'returned' ? 'resubmitted' : 'submitted', personId)
    await notifyFounders(
      trx,
      ctx.config,
      projectId,
      {
        kind: 'project.submitted',
        titleKey: `projects.notify.submitted_${status}_title`,
        bodyKey: `projects.notify.submitted_${status}_body`,
        values: { title: anyTitle(project), name: ctx.actor.person?.name ?? '' },
        link: `/projects/${projectId}/status`,
      },
      personId,
    )
  })
  return status
}

// ---- Where a project stands

export type NextActor =
  | { kind: 'founders'; since: string | null }
  | { kind: 'cofounders'; names: string[]; since: string | null }
  | { kind: 'coordinators'; since: string | null }
  | { kind: 'none' }

function nextActor(
  project: Pick<ProjectRow, 'status' | 'waiting_since'>,
  pending: ReadonlyArray<{ name: string; invited_at: string }>,
): NextActor {
  switch (project.status) {
    case 'draft':
    case 'returned':
      return { kind: 'founders', since: project.waiting_since }
    case 'awaiting_cofounders':
      return { kind: 'cofounders', names: pending.map((p) => p.name), since: pending[0]?.invited_at ?? null }
    case 'in_review':
      return { kind: 'coordinators', since: project.waiting_since }
    default:
      return { kind: 'none' }
  }
}

export interface ProjectDetail {
  project: ProjectRow
  subjects: Array<{ code: string; name: string }>
  topics: Array<{ code: string; name: string }>
  learningModel: string | null
  languages: string[]
  founders: q.FounderRow[]
  history: Awaited<ReturnType<typeof q.history>>
  next: NextActor
  access: ProjectAccess
}

async function detail(ctx: ServiceContext, found: ProjectAccess, locale: Locale): Promise<ProjectDetail> {
  const project = await projectOrNotFound(ctx.db, found.projectId)
  const [subjects, topics, model, founders, history] = await Promise.all([
    q.projectSubjects(ctx.db, project.id),
    q.projectTopics(ctx.db, project.id),
    project.learning_model_id ? q.findModel(ctx.db, project.learning_model_id) : undefined,
    q.founders(ctx.db, project.id),
    q.history(ctx.db, project.id),
  ])
  const pending = founders.filter((f) => f.status === 'invited')
  return {
    project,
    subjects: subjects.map((s) => ({ code: s.code, name: localisedName(s, locale) })),
    topics: topics.map((t) => ({ code: t.code, name: localisedName(t, locale) })),
    learningModel: model ? localisedName(model, locale) : null,
    languages: JSON.parse(project.languages) as string[],
    founders,
    history,
    next: nextActor(project, pending),
    access: found,
  }
}

/** The draft as the wizard's review step shows it: what coordinators will read. */
export async function draftDetail(
  ctx: ServiceContext,
  projectId: string,
  locale: Locale,
): Promise<ProjectDetail> {
  const found = await access(ctx, projectId)
  authorize(ctx.actor, 'projects.edit', found, { hide: found.membership?.status !== 'active' })
  return detail(ctx, found, locale)
}

/** The status page: the team's adults and the coordinators; everyone else learns nothing (404). */
export async function status(ctx: ServiceContext, projectId: string, locale: Locale): Promise<ProjectDetail> {
  const found = await access(ctx, projectId)
  authorize(ctx.actor, 'projects.view_status', found, { hide: true })
  return detail(ctx, found, locale)
}

/** Founders of an approved project show it in the public gallery, or take it out. */
export async function setGallery(ctx: ServiceContext, projectId: string, show: boolean): Promise<void> {
  const found = await access(ctx, projectId)
  authorize(ctx.actor, 'projects.gallery', found, { hide: found.membership?.status !== 'active' })
  const personId = ctx.actor.person?.id ?? null
  await ctx.db.transaction().execute(async (trx) => {
    const project = await projectOrNotFound(trx, projectId)
    if ((project.in_gallery_since !== null) === show) return
    const now = new Date().toISOString()
    await trx
      .updateTable('projects')
      .set({ in_gallery_since: show ? now : null, updated_at: now })
      .where('id', '=', projectId)
      .execute()
    await q.addHistory(trx, projectId, show ? 'gallery_shown' : 'gallery_hidden', personId)
    await refreshGalleryEntry(trx, projectId)
  })
}

export interface OwnProject {
  id: string
  title: string
  status: ProjectStatus
  scope: ProjectScope
  role: 'founder' | 'teacher' | 'pupil'
  invited: boolean
  next: NextActor
  /** Where the person continues: the wizard, the invitation or the status page. */
  link: string
}

/** The person's projects, whatever their status, and the invitations waiting for their answer. */
export async function ownProjects(ctx: ServiceContext, locale: Locale): Promise<OwnProject[]> {
  authorize(ctx.actor, 'projects.list_own', undefined)
  const rows = await q.projectsOf(ctx.db, ctx.actor.person?.id ?? '')
  const pending = await q.pendingCofounders(
    ctx.db,
    rows.map((r) => r.id),
  )
  return rows.map((row) => {
    const invited = row.member_status === 'invited'
    const editable =
      row.role === 'founder' && ['draft', 'returned', 'awaiting_cofounders'].includes(row.status)
    return {
      id: row.id,
      title: titleIn(row, locale),
      status: row.status,
      scope: row.scope,
      role: row.role,
      invited,
      next: nextActor(
        row,
        pending.filter((p) => p.project_id === row.id),
      ),
      link: invited
        ? `/projects/${row.id}/invitation`
        : editable
          ? `/projects/${row.id}/plan`
          : `/projects/${row.id}/status`,
    }
  })
}

// ---- Coordinators

export const QUEUE_PAGE = 50

export async function reviewQueue(
  ctx: ServiceContext,
  filters: { status?: ProjectStatus; scope?: ProjectScope; page?: number },
  locale: Locale,
) {
  authorize(ctx.actor, 'projects.review', undefined)
  const page = Math.max(1, filters.page ?? 1)
  const rows = await q.queue(
    ctx.db,
    { status: filters.status ?? 'in_review', scope: filters.scope, regions: await scopeOf(ctx) },
    { limit: QUEUE_PAGE, offset: (page - 1) * QUEUE_PAGE },
  )
  const items = rows.slice(0, QUEUE_PAGE)
  const institutions = await q.foundersInstitutions(
    ctx.db,
    items.map((i) => i.id),
  )
  return {
    items: items.map((row) => ({
      id: row.id,
      title: titleIn(row, locale),
      scope: row.scope,
      status: row.status,
      submittedAt: row.submitted_at,
      waitingSince: row.waiting_since,
      waitingDays: daysSince(row.waiting_since),
      institutions: institutions
        .filter((i) => i.project_id === row.id)
        .map((i) => `${i.name} (${i.country})`),
    })),
    page,
    hasNext: rows.length > QUEUE_PAGE,
  }
}

/** A coordinator scoped to regions reviews only projects founded (in part) there; others learn nothing of the rest. */
async function requireInScope(ctx: ServiceContext, projectId: string): Promise<void> {
  const regions = await scopeOf(ctx)
  if (regions && !(await q.isFoundedIn(ctx.db, projectId, regions))) throw new NotFound()
}

/** A project as the coordinators review it. Coordinators only; no one else learns it exists. */
export async function forReview(
  ctx: ServiceContext,
  projectId: string,
  locale: Locale,
): Promise<ProjectDetail> {
  const found = await access(ctx, projectId)
  authorize(ctx.actor, 'projects.read_review', found, { hide: true })
  await requireInScope(ctx, projectId)
  return detail(ctx, found, locale)
}

/**
 * Approves, or sends back to the founders with a comment they must read. Only a project in review is decided,
 * and never by a coordinator who is part of it. The founders are told; the decision is audited.
 */
export async function decide(
  ctx: ServiceContext,
  projectId: string,
  input: { decision: 'approve' | 'return'; comment?: string },
): Promise<void> {
  const found = await access(ctx, projectId)
  authorize(ctx.actor, 'projects.read_review', found, { hide: true })
  await requireInScope(ctx, projectId)
  authorize(ctx.actor, 'projects.decide', found)
  const comment = trimmed(input.comment)
  if (input.decision === 'return' && !comment) throw new Invalid({ comment: { key: 'validation.required' } })
  const personId = ctx.actor.person?.id ?? null
  await ctx.db.transaction().execute(async (trx) => {
    const project = await projectOrNotFound(trx, projectId)
    if (project.status !== 'in_review') throw new Conflict({ key: 'projects.review.not_in_review' })
    const now = new Date().toISOString()
    const approved = input.decision === 'approve'
    await trx
      .updateTable('projects')
      .set({
        status: approved ? 'approved' : 'returned',
        decided_at: now,
        decided_by: personId,
        approved_at: approved ? now : null,
        // Once approved no one waits; sent back, the founders are the ones to act.
        waiting_since: approved ? null : now,
        updated_at: now,
      })
      .where('id', '=', projectId)
      .execute()
    await q.addHistory(trx, projectId, approved ? 'approved' : 'returned', personId, comment)
    await audit(trx, {
      actorId: personId,
      action: approved ? 'project.approve' : 'project.return',
      subjectType: 'project',
      subjectId: projectId,
    })
    await notifyFounders(trx, ctx.config, projectId, {
      kind: approved ? 'project.approved' : 'project.returned',
      titleKey: `projects.notify.${approved ? 'approved' : 'returned'}_title`,
      bodyKey: `projects.notify.${approved ? 'approved' : 'returned'}_body`,
      values: { title: anyTitle(project), comment: comment ?? '' },
      link: approved ? `/projects/${projectId}/status` : `/projects/${projectId}/plan/1`,
    })
    await refreshGalleryEntry(trx, projectId)
  })
}

/**
 * The choices the wizard's steps offer: current subjects, curriculum topics and learning models, and with `founder`
 * the events this founder may name as where the project was created (see eventOf).
 */
export async function wizardOptions(
  db: Db,
  founder?: { personId: string | null; eventId: string | null; locale: Locale },
) {
  const [subjects, topics, models, events] = await Promise.all([
    listSubjects(db),
    q.currentTopics(db),
    q.currentModels(db),
    founder?.personId
      ? projectEventChoices(db, founder.personId, founder.eventId, founder.locale)
      : Promise.resolve([]),
  ])
  return { subjects, topics, models, events }
}
