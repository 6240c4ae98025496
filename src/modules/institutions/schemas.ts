import { Type } from 'typebox'

export const INSTITUTION_TYPES = [
  'school',
  'vet_college',
  'university',
  'academy',
  'ministry_agency',
  'ngo',
  'company',
  'other',
] as const

export const InstitutionType = Type.Enum(INSTITUTION_TYPES)

export const InstitutionListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the name' })),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' })),
  type: Type.Optional(InstitutionType),
  after: Type.Optional(Type.String({ maxLength: 400, description: 'Cursor from the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})

export const InstitutionSummary = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  type: InstitutionType,
  country: Type.String(),
  region: Type.Union([Type.String(), Type.Null()]),
  city: Type.Union([Type.String(), Type.Null()]),
  website: Type.Union([Type.String(), Type.Null()]),
})

export const InstitutionPage = Type.Object({
  items: Type.Array(InstitutionSummary),
  total: Type.Integer({ description: 'Number of institutions matching the filters' }),
  next: Type.Union([Type.String(), Type.Null()], {
    description: 'Cursor for the next page, null on the last',
  }),
})
