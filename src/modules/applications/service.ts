import type { Static } from 'typebox'
import type { Locale } from '../../config.ts'
import type { Queryable, Trx } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { ApplicationStatus } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, type FieldErrors, Invalid, NotFound } from '../../platform/errors.ts'
import { removeStoredFile, storageKey, storeFile } from '../../platform/files.ts'
import { authorize, can } from '../../platform/policy.ts'
import {
  type CheckedAnswers,
  checkAnswers,
  definitionValues,
  type FieldOption,
  type FormField,
  type RawAnswer,
  type StoredAnswer,
} from '../../platform/questions.ts'
import { startProfileFromApplication } from '../accounts/profile.ts'
import { markValidated } from '../accounts/service.ts'
import { addConfirmedMember, registerProposedInstitution } from '../institutions/service.ts'
import { notify } from '../notifications/service.ts'
import { reindexPerson } from '../partners/service.ts'
import { requireSubjectCodes } from '../subjects/service.ts'
import type { ApplicationResource } from './policy.ts'
import * as q from './queries.ts'
import type {
  ApplyBody,
  DecisionBody,
  FieldBody,
  FieldUpdateBody,
  FormBody,
  FormUpdateBody,
  QueueQuery,
} from './schemas.ts'

const OPEN: readonly ApplicationStatus[] = ['submitted', 'info_requested']
const DAY_MS = 24 * 3600_000

export function localised(row: { [k: string]: unknown }, prefix: string, locale: Locale): string {
  const value = row[`${prefix}_${locale}`] ?? row[`${prefix}_en`] ?? row[`${prefix}_az`]
  return typeof value === 'string' ? value : ''
}

// ---- Forms

export type FormRow = Awaited<ReturnType<typeof q.listForms>>[number]
export interface ProgrammeForm {
  form: FormRow
  fields: Array<FormField & { id: string; position: number }>
}

function toField(
  row: Awaited<ReturnType<typeof q.fieldsOf>>[number],
): FormField & { id: string; position: number } {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind,
    required: row.required === 1,
    labels: { az: row.label_az, en: row.label_en, ru: row.label_ru },
    options: JSON.parse(row.options) as FieldOption[],
    maxLength: row.max_length,
    position: row.position,
  }
}

async function withFields(db: Queryable, forms: FormRow[]): Promise<ProgrammeForm[]> {
  const fields = await q.fieldsOf(
    db,
    forms.map((f) => f.id),
  )
  return forms.map((form) => ({ form, fields: fields.filter((f) => f.form_id === form.id).map(toField) }))
}

/** The forms people can apply with now, each with its fields. */
export async function openForms(db: Queryable): Promise<ProgrammeForm[]> {
  return withFields(db, await q.listForms(db, { includeRetired: false }))
}

export async function adminForms(ctx: ServiceContext): Promise<FormRow[]> {
  authorize(ctx.actor, 'applications.forms.manage', undefined)
  return q.listForms(ctx.db, { includeRetired: true })
}

export async function adminForm(ctx: ServiceContext, code: string): Promise<ProgrammeForm> {
  authorize(ctx.actor, 'applications.forms.manage', undefined)
  const form = await q.findFormByCode(ctx.db, code)
  if (!form) throw new NotFound()
  const [withF] = await withFields(ctx.db, [form])
  if (!withF) throw new NotFound()
  return withF
}

function trimmedTitles(input: { title_az: string; title_en: string; title_ru: string }) {
  const titles = {
    title_az: input.title_az.trim(),
    title_en: input.title_en.trim(),
    title_ru: input.title_ru.trim(),
  }
  const errors: FieldErrors = {}
  for (const [field, value] of Object.entries(titles))
    if (!value) errors[field] = { key: 'validation.required' }
  if (Object.keys(errors).length > 0) throw new Invalid(errors)
  return titles
}

export async function createForm(ctx: ServiceContext, input: Static<typeof FormBody>): Promise<void> {
  authorize(ctx.actor, 'applications.forms.manage', undefined)
  await ctx.db.transaction().execute(async (trx) => {
    if (await q.findFormByCode(trx, input.code)) {
      throw new Conflict(
        { key: 'applications.form_code_taken' },
        { code: { key: 'applications.form_code_taken' } },
      )
    }
    const id = newId()
    const now = new Date().toISOString()
    await trx
      .insertInto('application_forms')
      .values({
        id,
        code: input.code,
        ...trimmedTitles(input),
        intro_az: input.intro_az?.trim() ?? '',
        intro_en: input.intro_en?.trim() ?? '',
        intro_ru: input.intro_ru?.trim() ?? '',
        position: await q.nextPosition(trx, 'application_forms'),
        created_at: now,
        updated_at: now,
      })
      .execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'application_form.create',
      subjectType: 'application_form',
      subjectId: id,
      details: { code: input.code },
    })
  })
}

export async function updateForm(
  ctx: ServiceContext,
  code: string,
  input: Static<typeof FormUpdateBody>,
): Promise<void> {
  authorize(ctx.actor, 'applications.forms.manage', undefined)
  await ctx.db.transaction().execute(async (trx) => {
    const form = await q.findFormByCode(trx, code)
    if (!form) throw new NotFound()
    const retiredAt = input.retired === 'yes' ? (form.retired_at ?? new Date().toISOString()) : null
    await trx
      .updateTable('application_forms')
      .set({
        ...trimmedTitles(input),
        intro_az: input.intro_az?.trim() ?? '',
        intro_en: input.intro_en?.trim() ?? '',
        intro_ru: input.intro_ru?.trim() ?? '',
        retired_at: retiredAt,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', form.id)
      .execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'application_form.update',
      subjectType: 'application_form',
      subjectId: form.id,
      details: { code, retired: retiredAt !== null },
    })
  })
}

export async function addField(
  ctx: ServiceContext,
  code: string,
  input: Static<typeof FieldBody>,
): Promise<void> {
  authorize(ctx.actor, 'applications.forms.manage', undefined)
  await ctx.db.transaction().execute(async (trx) => {
    const form = await q.findFormByCode(trx, code)
    if (!form) throw new NotFound()
    const existing = await q.fieldsOf(trx, [form.id])
    if (existing.some((f) => f.key === input.key)) {
      throw new Conflict(
        { key: 'applications.field_key_taken' },
        { key: { key: 'applications.field_key_taken' } },
      )
    }
    const id = newId()
    await trx
      .insertInto('application_form_fields')
      .values({
        id,
        form_id: form.id,
        key: input.key,
        kind: input.kind,
        ...definitionValues(input, input.kind),
        position: input.position ?? (await q.nextPosition(trx, 'application_form_fields', form.id)),
        created_at: new Date().toISOString(),
      })
      .execute()
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'application_form.field_add',
      subjectType: 'application_form',
      subjectId: form.id,
      details: { key: input.key, kind: input.kind },
    })
  })
}

/** Changes a field's labels, options, flags or position, or removes it (answers already given stay stored). */
export async function updateField(
  ctx: ServiceContext,
  code: string,
  key: string,
  input: Static<typeof FieldUpdateBody>,
): Promise<void> {
  authorize(ctx.actor, 'applications.forms.manage', undefined)
  await ctx.db.transaction().execute(async (trx) => {
    const form = await q.findFormByCode(trx, code)
    if (!form) throw new NotFound()
    const field = (await q.fieldsOf(trx, [form.id])).find((f) => f.key === key)
    if (!field) throw new NotFound()
    if (input.action === 'delete') {
      await trx.deleteFrom('application_form_fields').where('id', '=', field.id).execute()
    } else {
      await trx
        .updateTable('application_form_fields')
        .set({ ...definitionValues(input, field.kind), position: input.position ?? field.position })
        .where('id', '=', field.id)
        .execute()
    }
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: input.action === 'delete' ? 'application_form.field_remove' : 'application_form.field_update',
      subjectType: 'application_form',
      subjectId: form.id,
      details: { key },
    })
  })
}

// ---- Applying

export type ApplyInput = Omit<Static<typeof ApplyBody>, 'answers'> & { answers: Record<string, RawAnswer> }

function clean(text: string | undefined): string {
  return (text ?? '').trim()
}

/**
 * Submits a join application: institution chosen from the registry or proposed, role, subjects, ages, languages
 * and the programme form's answers, all checked with field messages; uploads are stored under generated names.
 */
export async function submitApplication(ctx: ServiceContext, input: ApplyInput): Promise<{ id: string }> {
  authorize(ctx.actor, 'applications.apply', undefined)
  const personId = ctx.actor.person?.id ?? ''
  const form = await q.findFormByCode(ctx.db, input.form)
  if (!form || form.retired_at) throw new Invalid({ form: { key: 'applications.form_unknown' } })
  const [programme] = await withFields(ctx.db, [form])
  const errors: FieldErrors = {}

  let institution: Awaited<ReturnType<typeof q.institutionBrief>> | undefined
  const proposal = {
    name: clean(input.proposed_name),
    type: input.proposed_type ?? null,
    country: clean(input.proposed_country).toUpperCase(),
    region: clean(input.proposed_region).toUpperCase() || null,
    city: clean(input.proposed_city),
  }
  if (input.institution_id) {
    institution = await q.institutionBrief(ctx.db, input.institution_id)
    if (!institution) errors.institution_id = { key: 'applications.institution_unknown' }
  } else if (proposal.name) {
    if (!proposal.type) errors.proposed_type = { key: 'validation.required' }
    if (!proposal.country) errors.proposed_country = { key: 'validation.required' }
    if (!proposal.city) errors.proposed_city = { key: 'validation.required' }
  } else {
    errors.institution_id = { key: 'applications.institution_needed' }
  }
  if (input.age_from !== undefined && input.age_to !== undefined && input.age_from > input.age_to) {
    errors.age_to = { key: 'applications.age_range_invalid' }
  }
  let subjects: string[] = []
  try {
    subjects = await requireSubjectCodes(ctx.db, input.subjects ?? [])
  } catch (error) {
    if (!(error instanceof Invalid)) throw error
    Object.assign(errors, error.fields)
  }
  const checked: CheckedAnswers = checkAnswers(programme?.fields ?? [], input.answers)
  Object.assign(errors, checked.errors)
  if (Object.keys(errors).length > 0) throw new Invalid(errors)

  const id = newId()
  const now = new Date().toISOString()
  const written: string[] = []
  try {
    await ctx.db.transaction().execute(async (trx) => {
      // Checked inside the transaction too: a double submit finds the first one.
      if (await q.hasOpenApplication(trx, personId)) throw new Conflict({ key: 'applications.already_open' })
      const answers: Record<string, StoredAnswer> = { ...checked.answers }
      await q.insertApplication(trx, {
        id,
        person_id: personId,
        form_id: form.id,
        status: 'submitted',
        institution_id: institution?.id ?? null,
        proposed_name: institution ? null : proposal.name,
        proposed_type: institution ? null : proposal.type,
        proposed_country: institution ? null : proposal.country,
        proposed_region: institution ? null : proposal.region,
        proposed_city: institution ? null : proposal.city,
        staff_role: input.staff_role,
        subjects: JSON.stringify(subjects),
        languages: JSON.stringify([...new Set(input.languages ?? [])]),
        age_from: input.age_from ?? null,
        age_to: input.age_to ?? null,
        answers: '{}',
        submitted_at: now,
        waiting_since: now,
        decided_at: null,
        decided_by: null,
        decision_reason: null,
        updated_at: now,
      })
      for (const file of checked.files) {
        const fileId = newId()
        const stored = await storeFile(ctx.storage, 'applications', file.bytes, {
          field: `answers/${file.key}`,
        })
        written.push(stored.key)
        await q.insertFile(trx, {
          id: fileId,
          application_id: id,
          person_id: personId,
          stored_name: stored.storedName,
          media_type: stored.mediaType,
          size: stored.size,
          created_at: now,
        })
        answers[file.key] = { file: fileId }
      }
      await trx
        .updateTable('applications')
        .set({ answers: JSON.stringify(answers) })
        .where('id', '=', id)
        .execute()
      if (institution) {
        // The applicant states where they work; the membership is confirmed when the application is approved.
        await trx
          .insertInto('memberships')
          .values({
            id: newId(),
            person_id: personId,
            institution_id: institution.id,
            role: 'member',
            status: 'pending',
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['person_id', 'institution_id']).doNothing())
          .execute()
      }
      await q.insertEvent(trx, {
        id: newId(),
        application_id: id,
        kind: 'submitted',
        actor_id: personId,
        message: null,
        at: now,
      })
    })
  } catch (error) {
    // Files of a submission that did not commit would be orphans: remove them.
    await Promise.all(written.map((key) => removeStoredFile(ctx.storage, key)))
    throw error
  }
  return { id }
}

// ---- Reading

export interface ApplicationDetail {
  id: string
  status: ApplicationStatus
  personId: string
  applicantName: string
  formCode: string
  formTitle: string
  institution: { id: string | null; name: string; proposed: boolean } | null
  proposal: {
    name: string
    type: string | null
    country: string | null
    region: string | null
    city: string | null
  } | null
  region: string | null
  institutionType: string | null
  staffRole: string
  subjects: string[]
  languages: string[]
  ageFrom: number | null
  ageTo: number | null
  answers: Record<string, StoredAnswer>
  /** Each answer with its label in the reader's language, in the form's order; removed fields last. */
  labelledAnswers: Array<{
    key: string
    label: string
    kind: string
    value: StoredAnswer
    options: FieldOption[]
  }>
  files: Array<{ id: string; mediaType: string; size: number }>
  submittedAt: string
  waitingSince: string
  waitingDays: number
  nextActor: 'coordinator' | 'applicant' | 'nobody'
  decisionReason: string | null
  timeline: Array<{ kind: string; at: string; actor: string | null; message: string | null }>
}

export function nextActorOf(status: ApplicationStatus): ApplicationDetail['nextActor'] {
  if (status === 'submitted') return 'coordinator'
  if (status === 'info_requested') return 'applicant'
  return 'nobody'
}

export function waitingDays(since: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(since)) / DAY_MS))
}

async function detail(db: Queryable, row: q.ApplicationRow, locale: Locale): Promise<ApplicationDetail> {
  const [events, files, fieldRows] = await Promise.all([
    q.eventsOf(db, row.id),
    q.filesOf(db, row.id),
    q.fieldsOf(db, [row.form_id]),
  ])
  const answers = JSON.parse(row.answers) as Record<string, StoredAnswer>
  const fields = fieldRows.map(toField)
  const labelled: ApplicationDetail['labelledAnswers'] = fields
    .filter((f) => f.key in answers)
    .map((f) => ({
      key: f.key,
      label: f.labels[locale],
      kind: f.kind,
      value: answers[f.key] as StoredAnswer,
      options: f.options,
    }))
  for (const [key, value] of Object.entries(answers)) {
    if (!fields.some((f) => f.key === key))
      labelled.push({ key, label: key, kind: 'text', value, options: [] })
  }
  return {
    id: row.id,
    status: row.status,
    personId: row.person_id,
    applicantName: row.applicant_name,
    formCode: row.form_code,
    formTitle: localised(
      { title_az: row.form_title_az, title_en: row.form_title_en, title_ru: row.form_title_ru },
      'title',
      locale,
    ),
    institution: row.institution_name
      ? { id: row.institution_id, name: row.institution_name, proposed: false }
      : row.proposed_name
        ? { id: null, name: row.proposed_name, proposed: true }
        : null,
    proposal: row.proposed_name
      ? {
          name: row.proposed_name,
          type: row.proposed_type,
          country: row.proposed_country,
          region: row.proposed_region,
          city: row.proposed_city,
        }
      : null,
    region: row.region,
    institutionType: row.institution_type,
    staffRole: row.staff_role,
    subjects: JSON.parse(row.subjects) as string[],
    languages: JSON.parse(row.languages) as string[],
    ageFrom: row.age_from,
    ageTo: row.age_to,
    answers,
    labelledAnswers: labelled,
    files: files.map((f) => ({ id: f.id, mediaType: f.media_type, size: f.size })),
    submittedAt: row.submitted_at,
    waitingSince: row.waiting_since,
    waitingDays: waitingDays(row.waiting_since),
    nextActor: nextActorOf(row.status),
    decisionReason: row.decision_reason,
    timeline: events.map((e) => ({ kind: e.kind, at: e.at, actor: e.actor_name, message: e.message })),
  }
}

function resource(
  row: { person_id: string; region: string | null; status: ApplicationStatus },
  scope: readonly string[] | null,
): ApplicationResource {
  return { personId: row.person_id, region: row.region, status: row.status, reviewerScope: scope }
}

/**
 * The regions (ISO 3166-2 subdivisions) a coordinator is scoped to; null: the whole country; empty: none (no one
 * signed in). Join applications use it, and so does every other coordinators' queue (projects).
 */
export async function scopeOf(ctx: ServiceContext): Promise<string[] | null> {
  return ctx.actor.person ? q.coordinatorScope(ctx.db, ctx.actor.person.id) : []
}

/** The signed-in person's latest application, or null when they have not applied. */
export async function ownApplication(ctx: ServiceContext, locale: Locale): Promise<ApplicationDetail | null> {
  authorize(ctx.actor, 'applications.view_own', undefined)
  const id = await q.latestApplicationId(ctx.db, ctx.actor.person?.id ?? '')
  const row = id ? await q.findApplication(ctx.db, id) : undefined
  return row ? detail(ctx.db, row, locale) : null
}

/** One application for a coordinator; outside their regions it does not exist for them. */
export async function applicationForReview(
  ctx: ServiceContext,
  id: string,
  locale: Locale,
): Promise<ApplicationDetail> {
  authorize(ctx.actor, 'applications.review', undefined)
  const row = await q.findApplication(ctx.db, id)
  if (!row) throw new NotFound()
  authorize(ctx.actor, 'applications.read', resource(row, await scopeOf(ctx)), { hide: true })
  return detail(ctx.db, row, locale)
}

/** A stored upload, for its applicant or a coordinator whose regions include the application. */
export async function fileForDownload(ctx: ServiceContext, fileId: string) {
  authorize(ctx.actor, 'applications.view_own', undefined)
  const file = await q.findFile(ctx.db, fileId)
  const row = file ? await q.findApplication(ctx.db, file.application_id) : undefined
  if (!file || !row) throw new NotFound()
  authorize(ctx.actor, 'applications.read', resource(row, await scopeOf(ctx)), { hide: true })
  return { ...file, key: storageKey('applications', file.stored_name) }
}

export async function knownRegions(ctx: ServiceContext): Promise<string[]> {
  return q.knownRegions(ctx.db, ctx.config.country)
}

// ---- The review queue

export type QueueItem = {
  id: string
  status: ApplicationStatus
  applicant: string
  form: string
  institution: string | null
  proposed: boolean
  region: string | null
  institutionType: string | null
  submittedAt: string
  waitingSince: string
  waitingDays: number
}

function encodeCursor(row: { waiting_since: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.waiting_since, row.id])).toString('base64url')
}

function decodeCursor(cursor: string): { waitingSince: string; id: string } {
  try {
    const [waitingSince, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]
    if (
      typeof waitingSince === 'string' &&
      typeof id === 'string' &&
      !Number.isNaN(Date.parse(waitingSince)) &&
      /^[0-9a-f-]{36}$/.test(id)
    ) {
      return { waitingSince: new Date(waitingSince).toISOString(), id }
    }
  } catch {}
  throw new Invalid({ after: { key: 'validation.cursor' } })
}

export async function reviewQueue(
  ctx: ServiceContext,
  query: Static<typeof QueueQuery>,
  locale: Locale,
): Promise<{ items: QueueItem[]; next: string | null }> {
  authorize(ctx.actor, 'applications.review', undefined)
  const status = query.status ?? 'open'
  const limit = 50
  const rows = await q.queue(
    ctx.db,
    {
      formCode: query.form || undefined,
      region: query.region?.toUpperCase() || undefined,
      type: query.type || undefined,
      statuses: status === 'all' ? null : status === 'open' ? [...OPEN] : [status],
      from: query.from || undefined,
      to: query.to || undefined,
      newestFirst: query.sort === 'newest',
      scope: await scopeOf(ctx),
    },
    query.after ? decodeCursor(query.after) : null,
    limit,
  )
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => ({
      id: r.id,
      status: r.status,
      applicant: r.applicant_name,
      form: localised(
        { title_az: r.form_title_az, title_en: r.form_title_en, title_ru: r.form_title_ru },
        'title',
        locale,
      ),
      institution: r.institution_name ?? r.proposed_name,
      proposed: !r.institution_name && Boolean(r.proposed_name),
      region: r.region,
      institutionType: r.institution_type,
      submittedAt: r.submitted_at,
      waitingSince: r.waiting_since,
      waitingDays: waitingDays(r.waiting_since),
    })),
    next: rows.length > limit && last ? encodeCursor(last) : null,
  }
}

// ---- Decisions

type Decision = Static<typeof DecisionBody>
type DecisionRow = Awaited<ReturnType<typeof q.forDecision>>[number]

async function applyDecision(
  ctx: ServiceContext,
  trx: Trx,
  row: DecisionRow,
  decision: Decision['decision'],
  message: string,
): Promise<void> {
  const actorId = ctx.actor.person?.id ?? null
  const now = new Date().toISOString()
  const status: ApplicationStatus =
    decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'info_requested'
  // Asking for information is only possible while it is with the coordinators; a decision ends it either way.
  const from: readonly ApplicationStatus[] = decision === 'request_info' ? ['submitted'] : OPEN
  const changed = await q.setStatus(trx, row.id, from, {
    status,
    ...(decision === 'request_info'
      ? {}
      : { decided_at: now, decided_by: actorId, decision_reason: message || null }),
  })
  if (!changed) throw new Conflict({ key: 'applications.not_open' })
  await q.insertEvent(trx, {
    id: newId(),
    application_id: row.id,
    kind: status,
    actor_id: actorId,
    message: message || null,
    at: now,
  })
  if (decision === 'approve') {
    await markValidated(trx, row.person_id)
    if (row.institution_id) {
      await q.confirmMembership(trx, {
        id: newId(),
        personId: row.person_id,
        institutionId: row.institution_id,
      })
    } else {
      const proposal = await trx
        .selectFrom('applications')
        .select([
          'proposed_name',
          'proposed_type',
          'proposed_country',
          'proposed_region',
          'proposed_city',
          'staff_role',
        ])
        .where('id', '=', row.id)
        .executeTakeFirst()
      if (proposal?.proposed_name) {
        // The proposed institution enters the registry (or an existing match is reused) with the approval.
        const institution = await registerProposedInstitution(
          trx,
          {
            name: proposal.proposed_name,
            type: proposal.proposed_type,
            country: proposal.proposed_country,
            region: proposal.proposed_region,
            city: proposal.proposed_city,
          },
          { actorId, source: { source: 'application', application: row.id } },
        )
        await trx
          .updateTable('applications')
          .set({ institution_id: institution.id })
          .where('id', '=', row.id)
          .execute()
        // A head who proposed a new institution administers it: someone must confirm its people, and the
        // coordinator approving the application has vouched for them. A match already in the registry keeps its
        // own administrators: there the head joins as a member, and they or a coordinator can make them co-admin.
        const role = institution.created && proposal.staff_role === 'head' ? 'institution_admin' : 'member'
        await addConfirmedMember(trx, { personId: row.person_id, institutionId: institution.id, role })
      }
    }
    const stated = await trx
      .selectFrom('applications')
      .select(['subjects', 'languages', 'age_from', 'age_to'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow()
    await startProfileFromApplication(trx, row.person_id, {
      subjects: stated.subjects,
      languages: stated.languages,
      ageFrom: stated.age_from,
      ageTo: stated.age_to,
    })
    // The new member becomes findable by partners in the same transaction as the decision.
    await reindexPerson(trx, row.person_id)
  }
  await audit(trx, {
    actorId,
    action: `application.${decision}`,
    subjectType: 'application',
    subjectId: row.id,
    details: { person: row.person_id, reason: message || null },
  })
  await notify(trx, ctx.config, {
    personId: row.person_id,
    kind: `application.${status}`,
    title: { key: `notifications.application.${status}.title` },
    body: { key: `notifications.application.${status}.body`, values: { message: message || '–' } },
    link: '/application',
  })
}

/** Approves, rejects (reason required) or asks for more information (question required); one audit row each. */
export async function decide(ctx: ServiceContext, id: string, input: Decision): Promise<void> {
  authorize(ctx.actor, 'applications.review', undefined)
  const message = clean(input.message)
  if (input.decision !== 'approve' && !message)
    throw new Invalid({ message: { key: 'applications.message_required' } })
  await ctx.db.transaction().execute(async (trx) => {
    const [row] = await q.forDecision(trx, [id])
    if (!row) throw new NotFound()
    authorize(
      ctx.actor,
      'applications.decide',
      resource(row, await q.coordinatorScope(trx, ctx.actor.person?.id ?? '')),
      { hide: true },
    )
    await applyDecision(ctx, trx, row, input.decision, message)
  })
}

/**
 * Approves several applications at once, or none: every id is loaded with ONE query and checked against the
 * coordinator's regions first, so a single id outside them (or unknown, or already decided) refuses the whole
 * action without revealing or changing anything.
 */
export async function bulkApprove(
  ctx: ServiceContext,
  ids: readonly string[],
): Promise<{ approved: number }> {
  authorize(ctx.actor, 'applications.review', undefined)
  const unique = [...new Set(ids)]
  return ctx.db.transaction().execute(async (trx) => {
    const scope = await q.coordinatorScope(trx, ctx.actor.person?.id ?? '')
    const rows = await q.forDecision(trx, unique)
    const allowed = rows.filter((r) => can(ctx.actor, 'applications.decide', resource(r, scope)))
    if (rows.length !== unique.length || allowed.length !== unique.length) {
      throw new NotFound({ key: 'applications.bulk_refused' })
    }
    if (rows.some((r) => !OPEN.includes(r.status))) throw new Conflict({ key: 'applications.not_open' })
    for (const row of rows) await applyDecision(ctx, trx, row, 'approve', '')
    return { approved: rows.length }
  })
}

/** The applicant answers the coordinator's question; the application goes back to the queue, waiting from now. */
export async function answerRequest(ctx: ServiceContext, message: string): Promise<void> {
  authorize(ctx.actor, 'applications.view_own', undefined)
  const personId = ctx.actor.person?.id ?? ''
  const text = message.trim()
  if (!text) throw new Invalid({ message: { key: 'validation.required' } })
  await ctx.db.transaction().execute(async (trx) => {
    const id = await q.latestApplicationId(trx, personId)
    const [row] = id ? await q.forDecision(trx, [id]) : []
    if (!row) throw new NotFound()
    authorize(ctx.actor, 'applications.answer', resource(row, null), { hide: true })
    const now = new Date().toISOString()
    if (!(await q.setStatus(trx, row.id, ['info_requested'], { status: 'submitted', waiting_since: now }))) {
      throw new Conflict({ key: 'applications.no_question' })
    }
    await q.insertEvent(trx, {
      id: newId(),
      application_id: row.id,
      kind: 'answered',
      actor_id: personId,
      message: text,
      at: now,
    })
  })
}

/** Registry matches for the apply form's institution search; control characters are dropped. */
export async function findInstitutions(ctx: ServiceContext, text: string) {
  authorize(ctx.actor, 'applications.apply', undefined)
  const cleaned = text.replace(/\p{Cc}/gu, ' ').trim()
  if (cleaned.length < 2) return []
  return q.searchInstitutions(ctx.db, cleaned, 15)
}

/** The institution already chosen on a re-rendered form, so that it stays selected. */
export async function chosenInstitution(ctx: ServiceContext, id: string | undefined) {
  if (!id) return []
  const row = await q.institutionBrief(ctx.db, id)
  return row ? [{ id: row.id, name: row.name, city: row.city }] : []
}
