import { Type } from 'typebox'
import { ID_PATTERN } from '../../db/ids.ts'
import { PSEUDONYM_MAX } from './service.ts'

export const ProjectParams = Type.Object({ id: Type.String({ pattern: ID_PATTERN }) })
export const PupilParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN }),
  pupilId: Type.String({ pattern: ID_PATTERN }),
})

/** Only a pseudonym: no email, no real name asked for (the service refuses things that look like either). */
export const AddPupilBody = Type.Object({
  pseudonym: Type.String({ minLength: 1, maxLength: PSEUDONYM_MAX }),
})

/** As typed from the card: spaces and dashes allowed, any case (normalised before it is checked). */
export const CodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) })

export const DeletedQuery = Type.Object({ deleted: Type.Optional(Type.String({ maxLength: 2 })) })
