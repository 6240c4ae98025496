import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomInt } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import type { Config } from '../../config.ts'
import type { Db, Queryable } from '../../db/database.ts'
import { audit } from '../../platform/audit.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Conflict, Invalid, NotFound, Unauthenticated } from '../../platform/errors.ts'
import { authorize } from '../../platform/policy.ts'
import { hashToken, newToken } from '../../platform/tokens.ts'
import './session-policy.ts'

const ISSUER = 'Körpü'
const PERIOD_SECONDS = 30
/** One step either side: a phone clock half a minute off still works, and a code is good for at most 90 s. */
const WINDOW = 1
const RECOVERY_CODES = 10
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
/** Long enough to type a code, short enough that a stolen password alone is soon useless. */
const CHALLENGE_MS = 5 * 60_000
/** Wrong codes on one challenge before the password has to be entered again. */
const CHALLENGE_ATTEMPTS = 5

// ---- The secret at rest: AES-256-GCM under a key derived from KORPU_SESSION_SECRET, bound to the person.

function keyFrom(config: Pick<Config, 'sessionSecret'>): Buffer {
  return Buffer.from(hkdfSync('sha256', config.sessionSecret, 'korpu', 'totp-secret-v1', 32))
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url); the person's id is the associated data, so a row moved to another person does not decrypt. */
export function encryptSecret(
  config: Pick<Config, 'sessionSecret'>,
  personId: string,
  secret: string,
): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFrom(config), iv)
  cipher.setAAD(Buffer.from(personId))
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.')
}

/** The secret, or null when it does not decrypt (KORPU_SESSION_SECRET changed): then only recovery codes work. */
function decryptSecret(config: Config, personId: string, stored: string): string | null {
  const [version, iv, tag, data] = stored.split('.')
  if (version !== 'v1' || !iv || !tag || !data) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(config), Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(personId))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

function totp(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  })
}

/** The 30-second step a code matches (now ± WINDOW), or null. */
function matchingStep(secret: string, code: string): number | null {
  const generator = totp(secret, '')
  const delta = generator.validate({ token: code, window: WINDOW })
  return delta === null ? null : generator.counter() + delta
}

/**
 * Accepts a code only for a step newer than the last accepted one, in one conditional update: the same code (or an
 * older one) is refused even when two web processes receive it at once.
 */
async function acceptStep(db: Queryable, personId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('second_factors')
    .set({ last_step: step })
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

const normalise = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '')

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)])
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`
}

/** Checks a code from the authenticator app, or a recovery code (used up by this). */
async function checkCode(db: Db, config: Config, personId: string, input: string): Promise<boolean> {
  const code = normalise(input)
  if (/^\d{6}$/.test(code)) {
    const row = await db
      .selectFrom('second_factors')
      .select('secret_enc')
      .where('person_id', '=', personId)
      .where('enrolled_at', 'is not', null)
      .executeTakeFirst()
    const secret = row ? decryptSecret(config, personId, row.secret_enc) : null
    const step = secret ? matchingStep(secret, code) : null
    return step !== null && (await acceptStep(db, personId, step))
  }
  const used = await db
    .updateTable('recovery_codes')
    .set({ used_at: new Date().toISOString() })
    .where('person_id', '=', personId)
    .where('code_hash', '=', hashToken(code))
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(used.numUpdatedRows) === 1
}

export async function hasSecondFactor(db: Queryable, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('second_factors')
    .select('person_id')
    .where('person_id', '=', personId)
    .where('enrolled_at', 'is not', null)
    .executeTakeFirst()
  return row !== undefined
}

// ---- Enrolment

export interface SecondFactorStatus {
  enrolledAt: string | null
  recoveryCodesLeft: number
}

export async function secondFactorStatus(ctx: ServiceContext): Promise<SecondFactorStatus> {
  authorize(ctx.actor, 'account.second_factor', undefined)
  const personId = ctx.actor.person?.id ?? ''
  const [row, left] = await Promise.all([
    ctx.db
      .selectFrom('second_factors')
      .select('enrolled_at')
      .where('person_id', '=', personId)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('person_id', '=', personId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ])
  return { enrolledAt: row?.enrolled_at ?? null, recoveryCodesLeft: Number(left.n) }
}

export interface Enrolment {
  /** The otpauth:// URI an authenticator app reads from the QR code. */
  uri: string
  /** The same secret in base32, for typing it in by hand. */
  secret: string
  qrSvg: string
}

/**
 * The secret to enrol, kept while enrolment is unconfirmed so that reloading the page shows the same QR code.
 * Someone already enrolled gets Conflict: replacing a factor is not done by starting over.
 */
export async function startEnrolment(ctx: ServiceContext): Promise<Enrolment> {
  authorize(ctx.actor, 'account.second_factor', undefined)
  const person = ctx.actor.person
  if (!person) throw new Unauthenticated()
  const existing = await ctx.db
    .selectFrom('second_factors')
    .select(['secret_enc', 'enrolled_at'])
    .where('person_id', '=', person.id)
    .executeTakeFirst()
  if (existing?.enrolled_at) throw new Conflict({ key: 'second_factor.already_enrolled' })
  let secret = existing ? decryptSecret(ctx.config, person.id, existing.secret_enc) : null
  if (!secret) {
    secret = new Secret({ size: 20 }).base32
    const secretEnc = encryptSecret(ctx.config, person.id, secret)
    await ctx.db.deleteFrom('second_factors').where('person_id', '=', person.id).execute()
    await ctx.db
      .insertInto('second_factors')
      .values({ person_id: person.id, secret_enc: secretEnc, created_at: new Date().toISOString() })
      .execute()
  }
  const uri = totp(secret, person.email).toString()
  // The URI carries the secret: it is drawn on the server (no third-party QR service) and never logged.
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 220 })
  return { uri, secret, qrSvg }
}

/**
 * Confirms enrolment with a first code from the app; returns the recovery codes, shown this once (only their
 * hashes are kept). The caller replaces the session: enabling a second factor is a privilege change.
 */
export async function confirmEnrolment(ctx: ServiceContext, code: string): Promise<string[]> {
  authorize(ctx.actor, 'account.second_factor', undefined)
  const personId = ctx.actor.person?.id ?? ''
  const row = await ctx.db
    .selectFrom('second_factors')
    .select(['secret_enc', 'enrolled_at'])
    .where('person_id', '=', personId)
    .executeTakeFirst()
  if (!row) throw new NotFound()
  if (row.enrolled_at) throw new Conflict({ key: 'second_factor.already_enrolled' })
  const secret = decryptSecret(ctx.config, personId, row.secret_enc)
  const step = secret ? matchingStep(secret, normalise(code)) : null
  if (step === null) throw new Invalid({ code: { key: 'second_factor.code_wrong' } })
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode)
  await ctx.db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    await trx
      .updateTable('second_factors')
      .set({ enrolled_at: now, last_step: step })
      .where('person_id', '=', personId)
      .execute()
    await trx.deleteFrom('recovery_codes').where('person_id', '=', personId).execute()
    await trx
      .insertInto('recovery_codes')
      .values(codes.map((c) => ({ person_id: personId, code_hash: hashToken(normalise(c)), used_at: null })))
      .execute()
    await audit(trx, {
      actorId: personId,
      action: 'second_factor.enable',
      subjectType: 'person',
      subjectId: personId,
    })
  })
  return codes
}

// ---- Signing in: the password was right; the code comes next.

/** Starts the pending state after a correct password; returns its cookie value (only its hash is stored). */
export async function startChallenge(db: Db, personId: string, device: string | null): Promise<string> {
  const { token, hash } = newToken()
  const now = Date.now()
  await db.deleteFrom('sign_in_challenges').where('expires_at', '<', new Date(now).toISOString()).execute()
  await db
    .insertInto('sign_in_challenges')
    .values({
      id_hash: hash,
      person_id: personId,
      device,
      expires_at: new Date(now + CHALLENGE_MS).toISOString(),
    })
    .execute()
  return token
}

/** Whether a challenge cookie still stands for a pending sign-in. */
export async function challengeIsOpen(db: Db, token: string): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_challenges')
    .select('expires_at')
    .where('id_hash', '=', hashToken(token))
    .executeTakeFirst()
  return row !== undefined && Date.parse(row.expires_at) > Date.now()
}

export class ChallengeClosed extends Invalid {
  constructor() {
    super({ code: { key: 'second_factor.challenge_closed' } }, { key: 'second_factor.challenge_closed' })
  }
}

/**
 * Answers a pending sign-in with a code; returns who signed in and from what device. A wrong code counts against
 * the challenge; after CHALLENGE_ATTEMPTS, or once expired, it is gone and the password is asked again.
 */
export async function answerChallenge(
  db: Db,
  config: Config,
  token: string,
  code: string,
): Promise<{ personId: string; device: string | null }> {
  const hash = hashToken(token)
  const row = await db
    .selectFrom('sign_in_challenges')
    .select(['person_id', 'device', 'attempts', 'expires_at'])
    .where('id_hash', '=', hash)
    .executeTakeFirst()
  if (!row || Date.parse(row.expires_at) <= Date.now() || row.attempts >= CHALLENGE_ATTEMPTS) {
    if (row) await db.deleteFrom('sign_in_challenges').where('id_hash', '=', hash).execute()
    throw new ChallengeClosed()
  }
  if (!(await checkCode(db, config, row.person_id, code))) {
    await db
      .updateTable('sign_in_challenges')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id_hash', '=', hash)
      .execute()
    throw new Invalid({ code: { key: 'second_factor.code_wrong' } })
  }
  await db.deleteFrom('sign_in_challenges').where('id_hash', '=', hash).execute()
  return { personId: row.person_id, device: row.device }
}

/** For the API's one-step sign-in: a missing or wrong code is refused with a field message. */
export async function requireCode(db: Db, config: Config, personId: string, code: string | undefined) {
  if (!code)
    throw new Invalid(
      { code: { key: 'second_factor.code_required' } },
      { key: 'second_factor.code_required' },
    )
  if (!(await checkCode(db, config, personId, code)))
    throw new Invalid({ code: { key: 'second_factor.code_wrong' } })
}

// ---- Demo staff: enrolled with a published secret so that the demo can be tried (README, "Demo accounts").

/** The demo coordinator's and administrator's TOTP secret; public on purpose, like the demo password. */
export const DEMO_TOTP_SECRET = 'KORPUDEMOKORPUDEMOKORPUDEMO23456'
const DEMO_STAFF = ['admin@demo.korpu.az', 'coordinator@demo.korpu.az']

/**
 * Enrols the demo staff with DEMO_TOTP_SECRET under this process's key (re-run at every start: without a fixed
 * KORPU_SESSION_SECRET the key changes per start). Touches the two demo accounts only, and only if they exist.
 */
export async function enrolDemoStaff(db: Db, config: Config): Promise<void> {
  const staff = await db
    .selectFrom('people')
    .leftJoin('second_factors', 'second_factors.person_id', 'people.id')
    .select(['people.id', 'second_factors.secret_enc'])
    .where('people.email', 'in', DEMO_STAFF)
    .execute()
  for (const { id, secret_enc } of staff) {
    if (secret_enc && decryptSecret(config, id, secret_enc) === DEMO_TOTP_SECRET) continue
    const now = new Date().toISOString()
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('second_factors').where('person_id', '=', id).execute()
      await trx
        .insertInto('second_factors')
        .values({
          person_id: id,
          secret_enc: encryptSecret(config, id, DEMO_TOTP_SECRET),
          created_at: now,
          enrolled_at: now,
        })
        .execute()
    })
  }
}
