import type { Config, Locale } from '../../config.ts'
import type { Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { LabelLevel } from '../../db/schema.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts'
import { authorize, can } from '../../platform/policy.ts'
import { localised, waitingDays } from '../applications/service.ts'
import { notify } from '../notifications/service.ts'
import { loadProjectAccess, type ProjectAccess } from '../projects/access.ts'
import { refreshGalleryEntry } from '../projects/gallery-index.ts'
import { byCriterion, CRITERIA, type Criterion } from './criteria.ts'
import './policy.ts'
import * as q from './queries.ts'
import { evidenceField, scoreField } from './schemas.ts'

const QUEUE_LIMIT = 200
const YEAR_MS = 365.25 * 24 * 3600_000

const isString = (value: unknown): value is string => typeof value === 'string'
const isScore = (value: unknown): value is number => typeof value === 'number'

/** The project and the actor's place in it, or 404 when it does not exist. */
async function access(ctx: ServiceContext, projectId: string): Promise<ProjectAccess> {
  const found = await loadProjectAccess(ctx.db, projectId, ctx.actor)
  if (!found) throw new NotFound()
  return found
}

async function project(db: Queryable, projectId: string): Promise<q.ProjectRow> {
  const row = await q.projectSummary(db, projectId)
  if (!row) throw new NotFound()
  return row
}

export function projectTitle(row: { [k: string]: unknown }, locale: Locale): string {
  return localised(row, 'title', locale)
}

/** Today as a calendar date in the installation's time zone, to compare with a project's end date. */
function today(config: Pick<Config, 'timeZone'>, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: config.timeZone }).format(now)
}

/** A project "has run" once its end date has passed (the day after it, in the installation's time zone). */
export function hasRun(row: Pick<q.ProjectRow, 'end_date'>, config: Pick<Config, 'timeZone'>): boolean {
  return row.end_date !== null && row.end_date < today(config)
}

export interface LabelApplication {
  id: string
  level: LabelLevel
  status: q.ApplicationRow['status']
  evidence: Partial<Record<Criterion, string>>
  scores: Partial<Record<Criterion, number>>
  feedback: string | null
  submittedAt: string
  decidedAt: string | null
}

function present(row: q.ApplicationRow): LabelApplication {
  return {
    id: row.id,
    level: row.level,
    status: row.status,
    evidence: byCriterion(row.evidence, isString),
    scores: byCriterion(row.scores, isScore),
    feedback: row.feedback,
    submittedAt: row.submitted_at,
    decidedAt: row.decided_at,
  }
}

// ---- The European rule

export interface EuropeanStatus {
  /** Countries of the project's partner institutions. */
  partnerCountries: string[]
  /** Those of them whose national label the project holds. */
  labelledCountries: string[]
  needed: number
  met: boolean
}

export async function europeanStatus(
  db: Queryable,
  config: Config,
  projectId: string,
): Promise<EuropeanStatus> {
  const [partnerCountries, labels] = await Promise.all([
    q.partnerCountries(db, projectId),
    q.labelsOfProjects(db, [projectId]),
  ])
  const labelledCountries = labels
    .filter((l) => l.level === 'national' && partnerCountries.includes(l.country))
    .map((l) => l.country)
  const needed = config.labels.europeanMinCountries
  return { partnerCountries, labelledCountries, needed, met: labelledCountries.length >= needed }
}

// ---- The founders' side

export interface ProjectLabelsPage {
  project: q.ProjectRow
  applications: LabelApplication[]
  labels: Awaited<ReturnType<typeof q.labelsOfProjects>>
  hasRun: boolean
  /** Whether the actor may apply now, and if not, why not (a message key). */
  canApply: boolean
  blockedBy: string | null
}

export async function projectLabels(ctx: ServiceContext, projectId: string): Promise<ProjectLabelsPage> {
  const found = await access(ctx, projectId)
  authorize(ctx.actor, 'labels.project.view', found, { hide: true })
  const [row, applications, labels] = await Promise.all([
    project(ctx.db, projectId),
    q.applicationsOf(ctx.db, projectId),
    q.labelsOfProjects(ctx.db, [projectId]),
  ])
  const run = hasRun(row, ctx.config)
  const blockedBy = applyBlocker(ctx, found, row, applications, labels)
  return {
    project: row,
    applications: applications.map(present),
    labels,
    hasRun: run,
    canApply: blockedBy === null,
    blockedBy,
  }
}

/** Why the actor may not apply for the national label now (a message key), or null when they may. */
function applyBlocker(
  ctx: ServiceContext,
  found: ProjectAccess,
  row: q.ProjectRow,
  applications: readonly q.ApplicationRow[],
  labels: Awaited<ReturnType<typeof q.labelsOfProjects>>,
): string | null {
  if (row.status !== 'approved') return 'labels.blocked.not_approved'
  if (!can(ctx.actor, 'labels.project.apply', found)) return 'labels.blocked.not_founder'
  if (!hasRun(row, ctx.config)) return 'labels.blocked.not_run'
  if (labels.some((l) => l.level === 'national' && l.country === ctx.config.country))
    return 'labels.blocked.labelled'
  if (applications.some((a) => a.level === 'national' && a.status === 'submitted'))
    return 'labels.blocked.open'
  return null
}

export async function apply(
  ctx: ServiceContext,
  projectId: string,
  input: Record<string, string>,
): Promise<{ id: string }> {
  const found = await access(ctx, projectId)
  authorize(ctx.actor, 'labels.project.view', found, { hide: true })
  authorize(ctx.actor, 'labels.project.apply', found)
  const evidence = Object.fromEntries(
    CRITERIA.map((code) => [code, (input[evidenceField(code)] ?? '').trim()]),
  )
  const id = newId()
  await ctx.db.transaction().execute(async (trx) => {
    // Checked inside the transaction, under the project's lock: a double submit finds the first application.
    await q.lockProject(trx, projectId)
    const [row, applications, labels] = await Promise.all([
      project(trx, projectId),
      q.applicationsOf(trx, projectId),
      q.labelsOfProjects(trx, [projectId]),
    ])
    const blockedBy = applyBlocker(ctx, found, row, applications, labels)
    if (blockedBy) throw new Conflict({ key: blockedBy })
    await q.insertApplication(trx, {
      id,
      projectId,
      level: 'national',
      evidence: JSON.stringify(evidence),
      submittedBy: ctx.actor.person?.id ?? null,
      at: new Date().toISOString(),
    })
    await audit(trx, {
      actorId: ctx.actor.person?.id ?? null,
      action: 'labels.apply',
      subjectType: 'project',
      subjectId: projectId,
      details: { application: id, level: 'national' },
    })
  })
  return { id }
}

// ---- The coordinators' side

export interface QueueItem {
  id: string
  projectId: string
  title: string
  submittedAt: string
  waitingDays: number
}

export async function reviewQueue(ctx: ServiceContext, locale: Locale) {
  authorize(ctx.actor, 'labels.review', undefined)
  const now = Date.now()
  const item = (row: Awaited<ReturnType<typeof q.queue>>[number]): QueueItem => ({
    id: row.id,
    projectId: row.project_id,
    title: projectTitle(row, locale),
    submittedAt: row.submitted_at,
    waitingDays: waitingDays(row.submitted_at, now),
  })
  const [national, european, candidates] = await Promise.all([
    q.queue(ctx.db, 'national', QUEUE_LIMIT),
    q.queue(ctx.db, 'european', QUEUE_LIMIT),
    q.nominationCandidates(ctx.db, ctx.config.country, QUEUE_LIMIT),
  ])
  return {
    national: national.map(item),
    european: european.map(item),
    candidates: candidates.map((c) => ({
      id: c.id,
      title: projectTitle(c, locale),
      awardedAt: c.awarded_at,
    })),
  }
}

export interface ProjectForReview {
  project: q.ProjectRow
  partners: Awaited<ReturnType<typeof q.partnerInstitutions>>
  labels: Awaited<ReturnType<typeof q.labelsOfProjects>>
  applications: LabelApplication[]
  european: EuropeanStatus
  /** Whether this coordinator may decide on the project's labels (not when they are on its team). */
  mayDecide: boolean
  /** Partner countries whose national label may still be recorded here. */
  recordableCountries: string[]
  /** Why the project may not be nominated for the European label (a message key), or null. */
  nominationBlocker: string | null
}

async function projectForReview(ctx: ServiceContext, projectId: string): Promise<ProjectForReview> {
  const found = await access(ctx, projectId)
  const [row, partners, labels, applications, european] = await Promise.all([
    project(ctx.db, projectId),
    q.partnerInstitutions(ctx.db, projectId),
    q.labelsOfProjects(ctx.db, [projectId]),
    q.applicationsOf(ctx.db, projectId),
    europeanStatus(ctx.db, ctx.config, projectId),
  ])
  const nationalCountries = new Set(labels.filter((l) => l.level === 'national').map((l) => l.country))
  return {
    project: row,
    partners,
    labels,
    applications: applications.map(present),
    european,
    mayDecide: can(ctx.actor, 'labels.decide', found),
    recordableCountries: european.partnerCountries.filter(
      (c) => c !== ctx.config.country && !nationalCountries.has(c),
    ),
    nominationBlocker: nominationBlocker(ctx, labels, applications),
  }
}

function nominationBlocker(
  ctx: ServiceContext,
  labels: Awaited<ReturnType<typeof q.labelsOfProjects>>,
  applications: readonly q.ApplicationRow[],
): string | null {
  if (!labels.some((l) => l.level === 'national' && l.country === ctx.config.country))
    return 'labels.blocked.no_national'
  if (labels.some((l) => l.level === 'european')) return 'labels.blocked.european_held'
  if (applications.some((a) => a.level === 'european' && a.status === 'submitted'))
    return 'labels.blocked.nominated'
  return null
}

export async function projectForCoordinator(
  ctx: ServiceContext,
  projectId: string,
): Promise<ProjectForReview> {
  authorize(ctx.actor, 'labels.review', undefined)
  return projectForReview(ctx, projectId)
}

export async function applicationForReview(
  ctx: ServiceContext,
  id: string,
): Promise<{ application: LabelApplication; waitingDays: number } & ProjectForReview> {
  authorize(ctx.actor, 'labels.review', undefined)
  const row = await q.applicationById(ctx.db, id)
  if (!row) throw new NotFound()
  return {
    application: present(row),
    waitingDays: waitingDays(row.submitted_at),
    ...(await projectForReview(ctx, row.project_id)),
  }
}

export interface DecisionInput {
  decision: 'award' | 'decline'
  feedback?: string | undefined
  /** Per criterion, for national applications (the form's score fields). */
  [field: string]: string | undefined
}

export async function decide(ctx: ServiceContext, id: string, input: DecisionInput): Promise<void> {
  authorize(ctx.actor, 'labels.review', undefined)
  const row = await q.applicationById(ctx.db, id)
  if (!row) throw new NotFound()
  authorize(ctx.actor, 'labels.decide', await access(ctx, row.project_id))
  const feedback = input.feedback?.trim() || null
  if (input.decision === 'decline' && !feedback)
    throw new Invalid({ feedback: { key: 'labels.feedback_required' } })
  // The form's schema makes every score one of the listed whole points; the level decides whether they count.
  const scores =
    row.level === 'national' ? Object.fromEntries(CRITERIA.map((c) => [c, Number(input[scoreField(c)])])) : {}
  if (row.level === 'european' && input.decision === 'award') {
    const status = await europeanStatus(ctx.db, ctx.config, row.project_id)
    if (!status.met)
      throw new Conflict({
        key: 'labels.european_missing',
        values: {
          needed: status.needed,
          have: status.labelledCountries.length,
          countries: status.labelledCountries.join(', ') || '–',
        },
      })
  }
  const actorId = ctx.actor.person?.id ?? null
  const at = new Date().toISOString()
  const status = input.decision === 'award' ? 'awarded' : 'declined'
  await ctx.db.transaction().execute(async (trx) => {
    const decided = await q.decideApplication(trx, id, {
      status,
      scores: JSON.stringify(scores),
      feedback,
      by: actorId,
      at,
    })
    if (!decided) throw new Conflict({ key: 'labels.already_decided' })
    if (status === 'awarded') {
      const held = await q.labelsOfProjects(trx, [row.project_id])
      if (held.some((l) => l.level === row.level && l.country === ctx.config.country))
        throw new Conflict({ key: 'labels.already_held' })
      await q.insertProjectLabel(trx, {
        id: newId(),
        projectId: row.project_id,
        level: row.level,
        country: ctx.config.country,
        applicationId: id,
        by: actorId,
        at,
      })
      // Labels are a gallery filter: the project's gallery row changes with the label, in the same transaction.
      await refreshGalleryEntry(trx, row.project_id)
    }
    await audit(trx, {
      actorId,
      action: `labels.${status === 'awarded' ? 'award' : 'decline'}`,
      subjectType: 'project',
      subjectId: row.project_id,
      details: { application: id, level: row.level, country: ctx.config.country },
    })
    const summary = await project(trx, row.project_id)
    for (const personId of await q.activeFounders(trx, row.project_id)) {
      await notify(trx, ctx.config, {
        personId,
        kind: `labels.${status}`,
        title: { key: `labels.notify.${row.level}_${status}_title` },
        body: {
          key: `labels.notify.${status}_body`,
          values: { project: projectTitle(summary, ctx.config.defaultLocale), feedback: feedback ?? '' },
        },
        link: `/projects/${row.project_id}/labels`,
      })
    }
  })
}

/** Records a national label that a partner country's agency awarded; only the project's partner countries. */
export async function recordPartnerLabel(
  ctx: ServiceContext,
  projectId: string,
  country: string,
): Promise<void> {
  authorize(ctx.actor, 'labels.review', undefined)
  authorize(ctx.actor, 'labels.decide', await access(ctx, projectId))
  const review = await projectForReview(ctx, projectId)
  if (!review.recordableCountries.includes(country)) {
    const known = review.labels.some((l) => l.level === 'national' && l.country === country)
    throw new Invalid({ country: { key: known ? 'labels.already_held' : 'labels.country_not_partner' } })
  }
  const actorId = ctx.actor.person?.id ?? null
  await ctx.db.transaction().execute(async (trx) => {
    await q.insertProjectLabel(trx, {
      id: newId(),
      projectId,
      level: 'national',
      country,
      applicationId: null,
      by: actorId,
      at: new Date().toISOString(),
    })
    await audit(trx, {
      actorId,
      action: 'labels.record_partner',
      subjectType: 'project',
      subjectId: projectId,
      details: { level: 'national', country },
    })
    await refreshGalleryEntry(trx, projectId)
  })
}

/** Nominates a nationally labelled project for the European label; it then waits in the European queue. */
export async function nominate(ctx: ServiceContext, projectId: string): Promise<{ id: string }> {
  authorize(ctx.actor, 'labels.review', undefined)
  authorize(ctx.actor, 'labels.decide', await access(ctx, projectId))
  const id = newId()
  const actorId = ctx.actor.person?.id ?? null
  await ctx.db.transaction().execute(async (trx) => {
    await q.lockProject(trx, projectId)
    const [labels, applications] = await Promise.all([
      q.labelsOfProjects(trx, [projectId]),
      q.applicationsOf(trx, projectId),
    ])
    const blockedBy = nominationBlocker(ctx, labels, applications)
    if (blockedBy) throw new Conflict({ key: blockedBy })
    await q.insertApplication(trx, {
      id,
      projectId,
      level: 'european',
      evidence: '{}',
      submittedBy: actorId,
      at: new Date().toISOString(),
    })
    await audit(trx, {
      actorId,
      action: 'labels.nominate',
      subjectType: 'project',
      subjectId: projectId,
      details: { application: id, level: 'european' },
    })
  })
  return { id }
}

// ---- School labels

export interface SchoolFigures {
  institutionId: string
  /** When the institution's activity began: the first time one of its teachers joined a project. */
  activeSince: string | null
  years: number
  activeMembers: number
  nationalLabels: number
}

function wholeYears(since: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(since)) / YEAR_MS))
}

/** The latest date an institution's activity may have begun and still count the required years. */
function activityCutoff(config: Config, now: Date): string {
  const cutoff = new Date(now)
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - config.labels.schoolMinYears)
  return cutoff.toISOString()
}

export function isEligible(config: Config, f: SchoolFigures, now = new Date()): boolean {
  return (
    f.activeSince !== null &&
    f.activeSince <= activityCutoff(config, now) &&
    f.activeMembers >= config.labels.schoolMinActiveMembers &&
    f.nationalLabels >= config.labels.schoolMinNationalLabels
  )
}

/**
 * The three figures for the given institutions, or for every institution that reaches each threshold when no
 * ids are given (each query keeps only those, so the lists stay short however large the registry is).
 */
async function schoolFigures(
  db: Queryable,
  config: Config,
  ids: readonly string[] | undefined,
  now: Date,
): Promise<SchoolFigures[]> {
  const thresholds = ids === undefined
  const [since, members, labels] = await Promise.all([
    q.firstActivity(db, thresholds ? { before: activityCutoff(config, now) } : { ids }),
    q.activeMembers(db, thresholds ? { atLeast: config.labels.schoolMinActiveMembers } : { ids }),
    q.nationalLabelsOfFounders(db, thresholds ? { atLeast: config.labels.schoolMinNationalLabels } : { ids }),
  ])
  const memberCount = new Map(members.map((m) => [m.institution_id, Number(m.n)]))
  const labelCount = new Map(labels.map((l) => [l.institution_id, Number(l.n)]))
  const sinceOf = new Map(since.map((s) => [s.institution_id, s.since === null ? null : String(s.since)]))
  // With thresholds, an institution must appear in the activity list (and in the labels list unless none is needed).
  const candidates = thresholds ? [...sinceOf.keys()].filter((id): id is string => id !== null) : (ids ?? [])
  return candidates.map((institutionId) => {
    const activeSince = sinceOf.get(institutionId) ?? null
    return {
      institutionId,
      activeSince,
      years: activeSince ? wholeYears(activeSince, now.getTime()) : 0,
      activeMembers: memberCount.get(institutionId) ?? 0,
      nationalLabels: labelCount.get(institutionId) ?? 0,
    }
  })
}

export async function schoolCandidates(ctx: ServiceContext) {
  authorize(ctx.actor, 'labels.review', undefined)
  const now = new Date()
  const figures = (await schoolFigures(ctx.db, ctx.config, undefined, now)).filter((f) =>
    isEligible(ctx.config, f, now),
  )
  if (figures.length === 0) return []
  const ids = figures.map((f) => f.institutionId)
  const [institutions, held] = await Promise.all([
    q.institutionsById(ctx.db, ids),
    q.validInstitutionLabels(ctx.db, ids, now.toISOString()),
  ])
  const holding = new Set(held.map((h) => h.institution_id))
  const byId = new Map(figures.map((f) => [f.institutionId, f]))
  return institutions
    .filter((i) => !holding.has(i.id))
    .map((i) => ({ institution: i, figures: byId.get(i.id) as SchoolFigures }))
}

export async function awardSchoolLabel(ctx: ServiceContext, institutionId: string): Promise<void> {
  authorize(ctx.actor, 'labels.review', undefined)
  const now = new Date()
  const [institution] = await q.institutionsById(ctx.db, [institutionId])
  if (!institution) throw new NotFound()
  const actorId = ctx.actor.person?.id ?? null
  await ctx.db.transaction().execute(async (trx) => {
    await q.lockInstitution(trx, institutionId)
    const [figures] = await schoolFigures(trx, ctx.config, [institutionId], now)
    if (!figures || !isEligible(ctx.config, figures, now))
      throw new Conflict({ key: 'labels.school_not_eligible' })
    if ((await q.validInstitutionLabels(trx, [institutionId], now.toISOString())).length > 0)
      throw new Conflict({ key: 'labels.school_held' })
    const validUntil = new Date(now)
    validUntil.setUTCFullYear(validUntil.getUTCFullYear() + ctx.config.labels.schoolValidYears)
    const basis = {
      activeSince: figures.activeSince,
      years: figures.years,
      activeMembers: figures.activeMembers,
      nationalLabels: figures.nationalLabels,
    }
    await q.insertInstitutionLabel(trx, {
      id: newId(),
      institutionId,
      by: actorId,
      at: now.toISOString(),
      validUntil: validUntil.toISOString(),
      basis: JSON.stringify(basis),
    })
    await audit(trx, {
      actorId,
      action: 'labels.school_award',
      subjectType: 'institution',
      subjectId: institutionId,
      details: {
        years: basis.years,
        activeMembers: basis.activeMembers,
        nationalLabels: basis.nationalLabels,
      },
    })
    for (const personId of await q.institutionAdmins(trx, institutionId)) {
      await notify(trx, ctx.config, {
        personId,
        kind: 'labels.school_awarded',
        title: { key: 'labels.notify.school_awarded_title', values: { name: institution.name } },
        body: {
          key: 'labels.notify.school_awarded_body',
          values: { years: ctx.config.labels.schoolValidYears },
        },
        link: `/institutions/${institution.slug}`,
      })
    }
  })
}
