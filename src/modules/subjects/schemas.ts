import { Type } from 'typebox'

export const SUBJECT_KINDS = ['school', 'vet', 'higher'] as const

const Name = Type.String({ minLength: 1, maxLength: 120 })

export const SubjectBody = Type.Object({
  code: Type.String({
    pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
    minLength: 2,
    maxLength: 64,
    description: 'Stable lower-case code, e.g. "mathematics"',
  }),
  kind: Type.Enum(SUBJECT_KINDS),
  name_az: Name,
  name_en: Name,
  name_ru: Name,
})

export const SubjectUpdateBody = Type.Object({
  name_az: Name,
  name_en: Name,
  name_ru: Name,
  retired: Type.Optional(Type.Enum(['yes', 'no'])),
})

export const SubjectView = Type.Object({
  code: Type.String(),
  kind: Type.Enum(SUBJECT_KINDS),
  name: Type.String({ description: 'Name in the requested language' }),
  names: Type.Object({ az: Type.String(), en: Type.String(), ru: Type.String() }),
})
