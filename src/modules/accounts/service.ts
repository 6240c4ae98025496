import type { Static } from 'typebox'
import type { Config, Locale } from '../../config.ts'
import type { Db, Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, Forbidden, Invalid, NotFound, TooManyRequests } from '../../platform/errors.ts'
import { type TFunction, translator } from '../../platform/i18n.ts'
import { isUndeliverable, queueMail } from '../../platform/mail.ts'
import { hashPassword, verifyPassword } from '../../platform/passwords.ts'
import { authorize } from '../../platform/policy.ts'
import { createSession } from '../../platform/sessions.ts'
import { hashToken, newToken } from '../../platform/tokens.ts'
import { type ProfileDetails, profileDetails } from './profile.ts'
import * as q from './queries.ts'
import type {
  ChangePasswordBody,
  ProfileBody,
  RegisterBody,
  ResetPasswordBody,
  SignInBody,
} from './schemas.ts'

const VERIFY_TTL_MS = 48 * 3600_000
const RESET_TTL_MS = 3600_000
/** After this many wrong passwords in a row the account is locked for LOCK_MS. */
export const MAX_FAILED_SIGN_INS = 5
const LOCK_MS = 15 * 60_000

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ''}` : ''
  return /UNIQUE constraint failed|23505|duplicate key/.test(text)
}

async function queueVerificationMail(
  db: Queryable,
  config: Config,
  t: TFunction,
  person: { id: string; email: string; name: string },
) {
  const { token, hash } = newToken()
  await q.insertEmailToken(db, { hash, personId: person.id, purpose: 'verify', ttlMs: VERIFY_TTL_MS })
  await queueMail(db, {
    to: person.email,
    subject: t('mail.verify.subject'),
    text: t('mail.verify.body', { name: person.name, link: `${config.baseUrl}/verify-email?token=${token}` }),
  })
}

/** Creates an unverified account and emails a verification link. */
export async function register(
  ctx: ServiceContext,
  input: Static<typeof RegisterBody>,
): Promise<{ id: string }> {
  authorize(ctx.actor, 'account.register', undefined)
  const email = normaliseEmail(input.email)
  const name = input.name.trim()
  if (!name) throw new Invalid({ name: { key: 'validation.required' } })
  // No mail reaches a reserved .invalid domain (pupils' placeholders live there): the account could never verify.
  if (isUndeliverable(email)) throw new Invalid({ email: { key: 'accounts.email_undeliverable' } })
  const conflict = new Conflict({ key: 'accounts.email_taken' }, { email: { key: 'accounts.email_taken' } })
  if (await q.findPersonByEmail(ctx.db, email)) throw conflict
  const id = newId()
  const passwordHash = await hashPassword(input.password)
  const locale = input.locale ?? null
  const t = locale ? translator(locale) : ctx.t
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await q.insertPerson(trx, { id, email, name, passwordHash, locale, verifiedAt: null })
      await queueVerificationMail(trx, ctx.config, t, { id, email, name })
    })
  } catch (error) {
    // Two registrations for one address at the same moment: the unique index decides, the loser gets the same answer.
    if (isUniqueViolation(error)) throw conflict
    throw error
  }
  return { id }
}

export async function verifyEmail(db: Db, token: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const personId = await q.consumeEmailToken(trx, hashToken(token), 'verify')
    if (!personId) return false
    await trx
      .updateTable('people')
      .set({ email_verified_at: new Date().toISOString(), updated_at: new Date().toISOString() })
      .where('id', '=', personId)
      .where('email_verified_at', 'is', null)
      .execute()
    return true
  })
}

/** Sends a fresh verification link if the address belongs to an unverified account; answers the same either way. */
export async function resendVerification(ctx: ServiceContext, emailInput: string): Promise<void> {
  const person = await q.findPersonByEmail(ctx.db, normaliseEmail(emailInput))
  if (!person || person.email_verified_at) return
  const t = person.locale ? translator(person.locale as Locale) : ctx.t
  await ctx.db.transaction().execute((trx) => queueVerificationMail(trx, ctx.config, t, person))
}

export type SignInResult = { sessionToken: string; personId: string; locale: string | null }

/** Checks the password with a per-account lockout; returns a new session. */
export async function signIn(ctx: ServiceContext, input: Static<typeof SignInBody>): Promise<SignInResult> {
  authorize(ctx.actor, 'account.sign_in', undefined)
  const person = await q.findPersonByEmail(ctx.db, normaliseEmail(input.email))
  const now = Date.now()
  if (person?.locked_until && Date.parse(person.locked_until) > now) {
    const minutes = Math.ceil((Date.parse(person.locked_until) - now) / 60_000)
    throw new TooManyRequests({ key: 'accounts.locked', values: { minutes } }, minutes * 60)
  }
  const ok = await verifyPassword(person?.password_hash ?? null, input.password)
  if (!person || !ok) {
    if (person) {
      await q.recordFailedSignIn(
        ctx.db,
        person.id,
        MAX_FAILED_SIGN_INS,
        new Date(now + LOCK_MS).toISOString(),
      )
    }
    throw new Invalid({ email: { key: 'accounts.wrong_credentials' } }, { key: 'accounts.wrong_credentials' })
  }
  if (!person.email_verified_at) {
    throw new Forbidden({ key: 'accounts.email_not_verified' })
  }
  await ctx.db
    .updateTable('people')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', person.id)
    .execute()
  return { sessionToken: await createSession(ctx.db, person.id), personId: person.id, locale: person.locale }
}

/** Emails a reset link when the address is known; the caller answers the same whether or not it is. */
export async function requestPasswordReset(ctx: ServiceContext, emailInput: string): Promise<void> {
  const person = await q.findPersonByEmail(ctx.db, normaliseEmail(emailInput))
  if (person?.kind !== 'adult') return
  const t = person.locale ? translator(person.locale as Locale) : ctx.t
  const { token, hash } = newToken()
  await ctx.db.transaction().execute(async (trx) => {
    await q.insertEmailToken(trx, { hash, personId: person.id, purpose: 'reset', ttlMs: RESET_TTL_MS })
    await queueMail(trx, {
      to: person.email,
      subject: t('mail.reset.subject'),
      text: t('mail.reset.body', {
        name: person.name,
        link: `${ctx.config.baseUrl}/reset-password?token=${token}`,
      }),
    })
  })
}

/** Sets a new password from an emailed token; every existing session of the person ends. */
export async function resetPassword(
  ctx: ServiceContext,
  input: Static<typeof ResetPasswordBody>,
): Promise<void> {
  const passwordHash = await hashPassword(input.password)
  const done = await ctx.db.transaction().execute(async (trx) => {
    const personId = await q.consumeEmailToken(trx, hashToken(input.token), 'reset')
    if (!personId) return false
    const now = new Date().toISOString()
    // Following the emailed link proves the address, so an unverified account becomes verified too.
    await trx
      .updateTable('people')
      .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, updated_at: now })
      .where('id', '=', personId)
      .execute()
    await trx
      .updateTable('people')
      .set({ email_verified_at: now })
      .where('id', '=', personId)
      .where('email_verified_at', 'is', null)
      .execute()
    await trx.deleteFrom('sessions').where('person_id', '=', personId).execute()
    await q.voidEmailTokens(trx, personId, 'reset')
    return true
  })
  if (!done)
    throw new Invalid(
      { token: { key: 'accounts.reset_link_invalid' } },
      { key: 'accounts.reset_link_invalid' },
    )
}

/** Changes the password after checking the current one; other sessions end, this one is replaced. */
export async function changePassword(
  ctx: ServiceContext,
  input: Static<typeof ChangePasswordBody>,
): Promise<string> {
  authorize(ctx.actor, 'account.change_password', undefined)
  const personId = ctx.actor.person?.id ?? ''
  const person = await q.findPersonById(ctx.db, personId)
  if (!person) throw new NotFound()
  if (!(await verifyPassword(person.password_hash, input.current_password))) {
    throw new Invalid({ current_password: { key: 'accounts.current_password_wrong' } })
  }
  if (input.current_password === input.password)
    throw new Invalid({ password: { key: 'accounts.password_unchanged' } })
  const passwordHash = await hashPassword(input.password)
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('people')
      .set({ password_hash: passwordHash, updated_at: new Date().toISOString() })
      .where('id', '=', personId)
      .execute()
    await trx.deleteFrom('sessions').where('person_id', '=', personId).execute()
    await q.voidEmailTokens(trx, personId, 'reset')
  })
  return createSession(ctx.db, personId)
}

export async function updateProfile(ctx: ServiceContext, input: Static<typeof ProfileBody>): Promise<void> {
  authorize(ctx.actor, 'account.update_own', undefined)
  const name = input.name.trim()
  if (!name) throw new Invalid({ name: { key: 'validation.required' } })
  await ctx.db
    .updateTable('people')
    .set({ name, locale: input.locale, updated_at: new Date().toISOString() })
    .where('id', '=', ctx.actor.person?.id ?? '')
    .execute()
}

export async function setPreferredLocale(db: Db, personId: string, locale: Locale): Promise<void> {
  await db.updateTable('people').set({ locale }).where('id', '=', personId).execute()
}

export interface OwnProfile {
  id: string
  name: string
  email: string
  locale: Locale | null
  roles: string[]
  validated: boolean
  memberSince: string
  profile: ProfileDetails
}

export async function ownProfile(ctx: ServiceContext): Promise<OwnProfile> {
  authorize(ctx.actor, 'account.view_own', undefined)
  const person = await q.findPersonById(ctx.db, ctx.actor.person?.id ?? '')
  if (!person) throw new NotFound()
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    locale: (person.locale as Locale | null) ?? null,
    roles: [...ctx.actor.roles],
    validated: person.validated_at !== null,
    memberSince: person.created_at,
    profile: await profileDetails(ctx.db, person.id),
  }
}

/** `korpu admin create`: a verified platform administrator, recorded in the audit log. */
export async function createPlatformAdmin(
  db: Db,
  input: { email: string; name: string; password: string },
): Promise<{ id: string; created: boolean; granted: boolean }> {
  const email = normaliseEmail(input.email)
  const passwordHash = await hashPassword(input.password)
  return db.transaction().execute(async (trx) => {
    const existing = await q.findPersonByEmail(trx, email)
    const id = existing?.id ?? newId()
    if (!existing) {
      await q.insertPerson(trx, {
        id,
        email,
        name: input.name,
        passwordHash,
        locale: null,
        verifiedAt: new Date().toISOString(),
      })
    }
    // Running the command again for an admin changes nothing, so there is nothing to record either.
    const granted = await q.grantRole(trx, id, 'platform_admin')
    if (granted) {
      await audit(trx, {
        actorId: null,
        action: 'role.grant',
        subjectType: 'person',
        subjectId: id,
        details: { role: 'platform_admin', via: 'cli' },
      })
    }
    return { id, created: !existing, granted }
  })
}

export async function countMembers(db: Db): Promise<number> {
  return q.countValidatedMembers(db)
}

/**
 * Marks a person validated (they become a member) inside the caller's transaction; used when a coordinator
 * approves their join application. Validating twice keeps the first date.
 */
export async function markValidated(trx: Queryable, personId: string): Promise<void> {
  const now = new Date().toISOString()
  await trx
    .updateTable('people')
    .set({ validated_at: now, updated_at: now })
    .where('id', '=', personId)
    .where('validated_at', 'is', null)
    .execute()
}
