import type { Static } from 'typebox'
import type { Config, Locale } from '../../config.ts'
import type { Db, Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Forbidden, Invalid, NotFound } from '../../platform/errors.ts'
import { type TFunction, translator } from '../../platform/i18n.ts'
import {
  clearLimit,
  LIMIT_RULES,
  limitedAttempt,
  mailLimits,
  resetTokenLimits,
  signInLimits,
} from '../../platform/limits.ts'
import { isUndeliverable, queueMail } from '../../platform/mail.ts'
import { hashPassword, isCommonPassword, needsRehash, verifyPassword } from '../../platform/passwords.ts'
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

/** A new password (registration, reset, change) may not be one of the common breached ones (ASVS V2.1.7). */
function checkNewPassword(password: string): void {
  if (isCommonPassword(password)) throw new Invalid({ password: { key: 'accounts.password_common' } })
}

/**
 * Creates an unverified account and emails a verification link. An address that already has an account gets the
 * same answer while its owner is told by mail (ASVS V2.2/V3: no one learns from the answer which addresses have an
 * account); every request counts against the address's and the client's mail limits.
 */
export async function register(
  ctx: ServiceContext,
  input: Static<typeof RegisterBody>,
  clientAddress: string,
): Promise<void> {
  authorize(ctx.actor, 'account.register', undefined)
  const email = normaliseEmail(input.email)
  const name = input.name.trim()
  if (!name) throw new Invalid({ name: { key: 'validation.required' } })
  // No mail reaches a reserved .invalid domain (pupils' placeholders live there): the account could never verify.
  if (isUndeliverable(email)) throw new Invalid({ email: { key: 'accounts.email_undeliverable' } })
  checkNewPassword(input.password)
  await limitedAttempt(
    ctx,
    mailLimits(email, clientAddress),
    async () => {
      // Hashed before looking the address up, so that both answers take the same time.
      const passwordHash = await hashPassword(input.password)
      const existing = await q.findPersonByEmail(ctx.db, email)
      if (existing) return queueAlreadyRegisteredMail(ctx, existing)
      const id = newId()
      const locale = input.locale ?? null
      const t = locale ? translator(locale) : ctx.t
      try {
        await ctx.db.transaction().execute(async (trx) => {
          await q.insertPerson(trx, { id, email, name, passwordHash, locale, verifiedAt: null })
          await queueVerificationMail(trx, ctx.config, t, { id, email, name })
        })
      } catch (error) {
        // Two registrations for one address at the same moment: the unique index decides, both get the same answer.
        if (!isUniqueViolation(error)) throw error
      }
    },
    { countEvery: true },
  )
}

async function queueAlreadyRegisteredMail(
  ctx: ServiceContext,
  person: { email: string; name: string; locale: string | null },
): Promise<void> {
  const t = person.locale ? translator(person.locale as Locale) : ctx.t
  await queueMail(ctx.db, {
    to: person.email,
    subject: t('mail.already_registered.subject'),
    text: t('mail.already_registered.body', {
      name: person.name,
      signIn: `${ctx.config.baseUrl}/sign-in`,
      reset: `${ctx.config.baseUrl}/forgot-password`,
    }),
  })
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
export async function resendVerification(
  ctx: ServiceContext,
  emailInput: string,
  clientAddress: string,
): Promise<void> {
  const email = normaliseEmail(emailInput)
  await limitedAttempt(
    ctx,
    mailLimits(email, clientAddress),
    async () => {
      const person = await q.findPersonByEmail(ctx.db, email)
      if (!person || person.email_verified_at) return
      const t = person.locale ? translator(person.locale as Locale) : ctx.t
      await ctx.db.transaction().execute((trx) => queueVerificationMail(trx, ctx.config, t, person))
    },
    { countEvery: true },
  )
}

export type SignInResult = { sessionToken: string; personId: string; locale: string | null }

/**
 * Checks the password under the per-account and per-client limits (the same for addresses with and without an
 * account, as is the one message for every failure); returns a new session.
 */
export async function signIn(
  ctx: ServiceContext,
  input: Static<typeof SignInBody>,
  clientAddress: string,
): Promise<SignInResult> {
  authorize(ctx.actor, 'account.sign_in', undefined)
  const email = normaliseEmail(input.email)
  const person = await limitedAttempt(ctx, signInLimits(email, clientAddress), async () => {
    const found = await q.findPersonByEmail(ctx.db, email)
    // An unknown address costs a hash too (verifyPassword), so the time taken tells no more than the answer.
    const ok = await verifyPassword(found?.password_hash ?? null, input.password)
    if (found && ok) return found
    throw new Invalid({ email: { key: 'accounts.wrong_credentials' } }, { key: 'accounts.wrong_credentials' })
  })
  // The right password clears the address's earlier wrong ones: its owner is not kept out by someone else's guesses.
  await clearLimit(ctx, { rule: LIMIT_RULES.signInAccount, value: email })
  if (!person.email_verified_at) {
    throw new Forbidden({ key: 'accounts.email_not_verified' })
  }
  await upgradePasswordHash(ctx.db, person, input.password)
  return { sessionToken: await createSession(ctx.db, person.id), personId: person.id, locale: person.locale }
}

/**
 * A hash made with older parameters is replaced at sign-in, the only moment the password is known. Only if it is
 * still the same hash: a password changed meanwhile is not overwritten.
 */
async function upgradePasswordHash(
  db: Db,
  person: { id: string; password_hash: string | null },
  password: string,
): Promise<void> {
  if (!person.password_hash || !needsRehash(person.password_hash)) return
  await db
    .updateTable('people')
    .set({ password_hash: await hashPassword(password) })
    .where('id', '=', person.id)
    .where('password_hash', '=', person.password_hash)
    .execute()
}

/** Emails a reset link when the address is known; the caller answers the same whether or not it is. */
export async function requestPasswordReset(
  ctx: ServiceContext,
  emailInput: string,
  clientAddress: string,
): Promise<void> {
  const email = normaliseEmail(emailInput)
  await limitedAttempt(
    ctx,
    mailLimits(email, clientAddress),
    async () => {
      const person = await q.findPersonByEmail(ctx.db, email)
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
    },
    { countEvery: true },
  )
}

/**
 * Sets a new password from an emailed token; every existing session of the person ends, and so does any limit
 * on signing in that others' guesses had set on the address. Links that do not work count against the client.
 */
export async function resetPassword(
  ctx: ServiceContext,
  input: Static<typeof ResetPasswordBody>,
  clientAddress: string,
): Promise<void> {
  checkNewPassword(input.password)
  const passwordHash = await hashPassword(input.password)
  const email = await limitedAttempt(ctx, resetTokenLimits(clientAddress), () =>
    ctx.db.transaction().execute(async (trx) => {
      const personId = await q.consumeEmailToken(trx, hashToken(input.token), 'reset')
      const person = personId ? await q.findPersonById(trx, personId) : undefined
      if (!person) {
        throw new Invalid(
          { token: { key: 'accounts.reset_link_invalid' } },
          { key: 'accounts.reset_link_invalid' },
        )
      }
      const now = new Date().toISOString()
      // Following the emailed link proves the address, so an unverified account becomes verified too.
      await trx
        .updateTable('people')
        .set({ password_hash: passwordHash, updated_at: now })
        .where('id', '=', person.id)
        .execute()
      await trx
        .updateTable('people')
        .set({ email_verified_at: now })
        .where('id', '=', person.id)
        .where('email_verified_at', 'is', null)
        .execute()
      await trx.deleteFrom('sessions').where('person_id', '=', person.id).execute()
      await q.voidEmailTokens(trx, person.id, 'reset')
      return person.email
    }),
  )
  await clearLimit(ctx, { rule: LIMIT_RULES.signInAccount, value: email })
}

/** Changes the password after checking the current one; other sessions end, this one is replaced. */
export async function changePassword(
  ctx: ServiceContext,
  input: Static<typeof ChangePasswordBody>,
  clientAddress: string,
): Promise<string> {
  authorize(ctx.actor, 'account.change_password', undefined)
  const personId = ctx.actor.person?.id ?? ''
  const person = await q.findPersonById(ctx.db, personId)
  if (!person) throw new NotFound()
  // A wrong current password counts as a wrong sign-in: a session left open is no way to guess the password.
  await limitedAttempt(ctx, signInLimits(person.email, clientAddress), async () => {
    if (!(await verifyPassword(person.password_hash, input.current_password))) {
      throw new Invalid({ current_password: { key: 'accounts.current_password_wrong' } })
    }
  })
  if (input.current_password === input.password)
    throw new Invalid({ password: { key: 'accounts.password_unchanged' } })
  checkNewPassword(input.password)
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
