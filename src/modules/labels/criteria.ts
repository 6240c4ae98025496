/**
 * The published quality-label criteria. Codes are stored as the keys of an application's evidence and scores;
 * their names and descriptions are messages (labels.criteria.<code>.name / .description) in every language.
 */
export const CRITERIA = [
  'innovation',
  'curriculum',
  'collaboration',
  'technology',
  'impact',
  'documentation',
] as const
export type Criterion = (typeof CRITERIA)[number]

/** Evidence per criterion: enough for a few paragraphs, short enough for a coordinator to read the whole. */
export const EVIDENCE_MAX_LENGTH = 2000
export const EVIDENCE_MIN_LENGTH = 20
export const FEEDBACK_MAX_LENGTH = 4000
export const SCORE_MIN = 0
export const SCORE_MAX = 5

export const criterionName = (code: Criterion) => `labels.criteria.${code}.name`
export const criterionDescription = (code: Criterion) => `labels.criteria.${code}.description`

/** A stored evidence or scores object read back, keeping only known criteria (old or foreign keys are dropped). */
export function byCriterion<T>(
  json: string,
  accept: (value: unknown) => value is T,
): Partial<Record<Criterion, T>> {
  const parsed: unknown = JSON.parse(json)
  const result: Partial<Record<Criterion, T>> = {}
  if (parsed && typeof parsed === 'object') {
    for (const code of CRITERIA) {
      const value = (parsed as Record<string, unknown>)[code]
      if (accept(value)) result[code] = value
    }
  }
  return result
}
