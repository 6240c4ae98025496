import { type TSchema, Type } from 'typebox'
import {
  CRITERIA,
  type Criterion,
  EVIDENCE_MAX_LENGTH,
  EVIDENCE_MIN_LENGTH,
  FEEDBACK_MAX_LENGTH,
  SCORE_MAX,
  SCORE_MIN,
} from './criteria.ts'

/** The form and API field of a criterion's evidence and of its score. */
export const evidenceField = (code: Criterion) => `evidence_${code}`
export const scoreField = (code: Criterion) => `score_${code}`

const evidenceText = Type.String({ minLength: EVIDENCE_MIN_LENGTH, maxLength: EVIDENCE_MAX_LENGTH })
/** Whole points only, chosen from a list: an empty choice or "7" is "choose one of the listed options". */
const SCORES = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => String(SCORE_MIN + i))
const score = Type.Union(SCORES.map((s) => Type.Literal(s)))

/** The founders' application: evidence for every published criterion, each required. */
export const ApplyBody = Type.Object(
  Object.fromEntries(CRITERIA.map((code) => [evidenceField(code), evidenceText])) as Record<
    string,
    typeof evidenceText
  >,
)

const decision = Type.Union([Type.Literal('award'), Type.Literal('decline')])
const feedback = Type.Optional(Type.String({ maxLength: FEEDBACK_MAX_LENGTH }))

/** A national application's decision: a score per criterion (all required), and feedback (required to decline). */
export const NationalDecisionBody = Type.Object({
  decision,
  feedback,
  ...(Object.fromEntries(CRITERIA.map((code) => [scoreField(code), score])) as Record<string, typeof score>),
})

/** A European nomination's decision: the national labels decide, not scores; feedback required to decline. */
export const EuropeanDecisionBody = Type.Object({ decision, feedback })

/** A national label a partner country's agency awarded, recorded by a coordinator. */
export const PartnerLabelBody = Type.Object({ country: Type.String({ pattern: '^[A-Z]{2}$' }) })

// ---- API views

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Level = Type.Union([Type.Literal('national'), Type.Literal('european')])

export const CriteriaView = Type.Object({
  criteria: Type.Array(
    Type.Object({
      code: Type.String({ description: 'The key of its evidence (evidence_<code>) and score' }),
      name: Type.String(),
      description: Type.String(),
    }),
  ),
  rules: Type.Object({
    europeanMinCountries: Type.Integer({
      description: 'Partner countries whose national label a European label needs',
    }),
    schoolMinYears: Type.Integer(),
    schoolMinActiveMembers: Type.Integer(),
    schoolMinNationalLabels: Type.Integer(),
    schoolValidYears: Type.Integer(),
  }),
})

export const ProjectLabelsView = Type.Object({
  projectId: Type.String(),
  hasRun: Type.Boolean({ description: "Whether the project's end date has passed" }),
  canApply: Type.Boolean(),
  blockedBy: Nullable(Type.String({ description: 'Why the national label cannot be applied for now' })),
  labels: Type.Array(Type.Object({ level: Level, country: Type.String(), awardedAt: Type.String() })),
  applications: Type.Array(
    Type.Object({
      id: Type.String(),
      level: Level,
      status: Type.Union([Type.Literal('submitted'), Type.Literal('awarded'), Type.Literal('declined')]),
      evidence: Type.Record(Type.String(), Type.String()),
      scores: Type.Record(Type.String(), Type.Integer()),
      feedback: Nullable(Type.String()),
      submittedAt: Type.String(),
      decidedAt: Nullable(Type.String()),
    }),
  ),
})
