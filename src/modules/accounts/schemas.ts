import { Type } from 'typebox'
import { LOCALES } from '../../config.ts'
import { PASSWORD_MAX, PASSWORD_MIN } from '../../platform/passwords.ts'

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

export const PersonView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  locale: Type.Union([Locale, Type.Null()]),
  roles: Type.Array(Type.String()),
  validated: Type.Boolean(),
  memberSince: Type.String({ format: 'date-time' }),
})
export const SessionView = Type.Object({
  signedIn: Type.Boolean(),
  person: Type.Union([PersonView, Type.Null()]),
  csrfToken: Type.String({ description: 'Send as x-csrf-token with every POST, PUT, PATCH and DELETE' }),
})
export const RegistrationView = Type.Object({
  id: Type.String(),
  status: Type.Literal('verification_sent'),
})
