import { Type } from 'typebox'
import { LOCALES } from '../../config.ts'
import { PASSWORD_MAX, PASSWORD_MIN } from '../../platform/passwords.ts'
import { PROFILE_LANGUAGES } from '../partners/facets.ts'

const Email = Type.String({ format: 'email', maxLength: 254, description: 'Email address' })
const Password = Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
const Name = Type.String({ minLength: 1, maxLength: 120, description: 'Full name as shown to others' })
const Locale = Type.Enum(LOCALES)

export const RegisterBody = Type.Object({
  name: Name,
  email: Email,
  password: Password,
  locale: Type.Optional(Locale),
})
export const SignInBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }),
})
export const EmailBody = Type.Object({ email: Email })
export const ResetPasswordBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200 }),
  password: Password,
})
export const ChangePasswordBody = Type.Object({
  current_password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }),
  password: Password,
})
export const ProfileBody = Type.Object({ name: Name, locale: Locale })

const SubjectCode = Type.String({ pattern: '^[a-z0-9-]{2,64}$' })
const Language = Type.Enum(PROFILE_LANGUAGES)
const Age = Type.Integer({ minimum: 3, maximum: 99, description: "Pupils' age, in years" })
const Idea = Type.String({
  maxLength: 500,
  description: 'A short project idea, shown while looking for partners',
})
const Visibility = Type.Enum(['public', 'members', 'hidden'], {
  description: 'public: anyone; members: validated members only; hidden: no one else',
})

/** PATCH /api/v1/me: every field optional; null clears an age or the idea. */
export const ProfilePatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    locale: Type.Optional(Locale),
    subjects: Type.Optional(
      Type.Array(SubjectCode, { maxItems: 20, description: 'Codes from /api/v1/subjects' }),
    ),
    languages: Type.Optional(Type.Array(Language, { maxItems: 10 })),
    age_min: Type.Optional(Type.Union([Age, Type.Null()])),
    age_max: Type.Optional(Type.Union([Age, Type.Null()])),
    looking_for_partners: Type.Optional(Type.Boolean()),
    idea: Type.Optional(Type.Union([Idea, Type.Null()])),
    visibility: Type.Optional(Visibility),
  },
  { additionalProperties: false },
)

/** The profile page's form: strings as a browser sends them (a single checked box arrives as a string). */
export const ProfileFormBody = Type.Object({
  name: Name,
  locale: Locale,
  subjects: Type.Optional(
    Type.Union([Type.Array(SubjectCode, { maxItems: 20 }), SubjectCode, Type.Literal('')]),
  ),
  languages: Type.Optional(Type.Union([Type.Array(Language, { maxItems: 10 }), Language, Type.Literal('')])),
  age_min: Type.Optional(Type.String({ pattern: '^([3-9]|[1-9][0-9])?$' })),
  age_max: Type.Optional(Type.String({ pattern: '^([3-9]|[1-9][0-9])?$' })),
  looking: Type.Optional(Type.Union([Type.Literal('yes'), Type.Literal('')])),
  idea: Type.Optional(Idea),
  visibility: Type.Optional(Visibility),
})

export const ProfileDetailsView = Type.Object({
  subjects: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  ageMin: Type.Union([Type.Integer(), Type.Null()]),
  ageMax: Type.Union([Type.Integer(), Type.Null()]),
  lookingForPartners: Type.Boolean(),
  idea: Type.Union([Type.String(), Type.Null()]),
  visibility: Visibility,
})

export const PersonView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  locale: Type.Union([Locale, Type.Null()]),
  roles: Type.Array(Type.String()),
  validated: Type.Boolean(),
  memberSince: Type.String({ format: 'date-time' }),
  profile: ProfileDetailsView,
})
export const SessionView = Type.Object({
  signedIn: Type.Boolean(),
  person: Type.Union([PersonView, Type.Null()]),
  csrfToken: Type.String({ description: 'Send as x-csrf-token with every POST, PUT, PATCH and DELETE' }),
})
export const RegistrationView = Type.Object({ status: Type.Literal('verification_sent') })
