import { Type } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'

export const SLUG_PATTERN = '^[a-z0-9-]{1,160}$'
/** Tickets are random letters, digits, dashes and underscores (base64url); anything else cannot be one. */
export const TICKET_PATTERN = '^[A-Za-z0-9_-]{1,64}$'

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })

export const SlugParams = Type.Object({ slug: Type.String({ pattern: SLUG_PATTERN }) })
export const TicketParams = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN }),
  ticket: Type.String({ pattern: TICKET_PATTERN }),
})
export const CodeParams = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9-]{1,32}$' }) })

export const CheckInQuery = Type.Object({
  day: Type.Optional(Day),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  done: Type.Optional(Type.Enum(['in', 'out'])),
  /** The registration just checked in or out, named in the notice. */
  r: Type.Optional(Type.String({ pattern: ID_PATTERN })),
})

/** One click on the list: check a participant in (or take it back) for a day. */
export const CheckInBody = Type.Object({
  registration: Type.String({ pattern: ID_PATTERN }),
  day: Day,
  present: Type.Enum(['yes', 'no']),
  q: Type.Optional(Type.String({ maxLength: 100 })),
})

/** The same from a scanned ticket's page. */
export const TicketCheckInBody = Type.Object({
  day: Day,
  present: Type.Enum(['yes', 'no']),
})

export const TicketQuery = Type.Object({
  done: Type.Optional(Type.Enum(['in', 'out'])),
  day: Type.Optional(Day),
})

const Report = Type.String({ maxLength: 5000 })
export const ReportBody = Type.Object({
  report_az: Type.Optional(Report),
  report_en: Type.Optional(Report),
  report_ru: Type.Optional(Report),
})

export const SavedQuery = Type.Object({ done: Type.Optional(Type.Enum(['saved'])) })

export const VerifyQuery = Type.Object({ code: Type.Optional(Type.String({ maxLength: 64 })) })

export const CertificateView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  event: Type.String(),
  dates: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
})
