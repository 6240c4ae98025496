import { Type } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'
import type { MilestoneStatus } from '../../db/schema.ts'

export const MILESTONE_STATUSES = [
  'planned',
  'in_progress',
  'done',
] as const satisfies readonly MilestoneStatus[]

const Id = Type.String({ pattern: ID_PATTERN })
const Title = Type.String({ minLength: 1, maxLength: 200 })

export const ProjectParams = Type.Object({ id: Id })
export const PageParams = Type.Object({ id: Id, pageId: Id })
export const FileParams = Type.Object({ id: Id, fileId: Id })
export const ThreadParams = Type.Object({ id: Id, threadId: Id })
export const MilestoneParams = Type.Object({ id: Id, milestoneId: Id })
export const MemberParams = Type.Object({ id: Id, personId: Id })

/** Page bodies are HTML before cleaning; 200,000 characters leave room for long tables. */
export const PageBody = Type.Object({ title: Title, body: Type.String({ minLength: 1, maxLength: 200_000 }) })

export const UploadFields = Type.Object({ title: Type.Optional(Type.String({ maxLength: 200 })) })

export const PublicBody = Type.Object({ public: Type.Union([Type.Literal('1'), Type.Literal('0')]) })

export const ThreadBody = Type.Object({
  title: Title,
  body: Type.String({ minLength: 1, maxLength: 20_000 }),
})
export const ReplyBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 20_000 }) })

export const MilestoneBody = Type.Object({
  title: Title,
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  // A form sends "" when no date is given.
  due_date: Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'date' })])),
  status: Type.Union(MILESTONE_STATUSES.map((s) => Type.Literal(s))),
})

export const InviteBody = Type.Object({ email: Type.String({ format: 'email', maxLength: 254 }) })
export const PupilAdminBody = Type.Object({ pupil_admin: Type.Union([Type.Literal('1'), Type.Literal('0')]) })
export const StateBody = Type.Object({
  state: Type.Union([Type.Literal('archived'), Type.Literal('closed')]),
  confirm: Type.Literal('yes'),
})
