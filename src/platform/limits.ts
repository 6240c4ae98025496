import { createHmac } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import { Invalid, TooManyRequests } from './errors.ts'

/**
 * Limits on guessing (ASVS V2.2.1) that hold across every web process: the counters live in the database
 * (attempt_counters), one row per key in its current window. @fastify/rate-limit still throttles floods per process;
 * these limits are the ones that keep a password, a pupil's code or a second-factor code from being guessed.
 */
export interface LimitRule {
  readonly name: string
  /** Attempts allowed in one window; the next one is refused with 429 until the window ends. */
  readonly max: number
  readonly windowSeconds: number
}

const MINUTE = 60

export const LIMIT_RULES = {
  /** Wrong passwords for one email address, whether or not an account has it: no answer tells them apart. */
  signInAccount: { name: 'sign_in.account', max: 5, windowSeconds: 15 * MINUTE },
  /** Wrong passwords from one client address, whatever the account (password spraying). */
  signInAddress: { name: 'sign_in.address', max: 30, windowSeconds: 15 * MINUTE },
  /** Mail sent on request to one address (confirmation and reset links, registration notices): no mail bombing. */
  mailAccount: { name: 'mail.account', max: 3, windowSeconds: 60 * MINUTE },
  /** Requests that send mail (registration, reset, new confirmation link) from one client address. */
  mailAddress: { name: 'mail.address', max: 20, windowSeconds: 60 * MINUTE },
  /** Reset links that did not work, from one client address. */
  resetTokenAddress: { name: 'reset_token.address', max: 20, windowSeconds: 60 * MINUTE },
  /** Wrong pupil codes from one client address (a classroom shares one address, so only failures count). */
  pupilCodeAddress: { name: 'pupil_code.address', max: 30, windowSeconds: 15 * MINUTE },
  /** Wrong second-factor codes for one person. */
  secondFactorAccount: { name: 'second_factor.account', max: 5, windowSeconds: 15 * MINUTE },
  /** Wrong second-factor codes from one client address. */
  secondFactorAddress: { name: 'second_factor.address', max: 30, windowSeconds: 15 * MINUTE },
} as const satisfies Record<string, LimitRule>

/** A rule applied to one value (an email address, a client address, a person's id). */
export interface LimitKey {
  rule: LimitRule
  value: string
}

/** What the limits need: the database, and the secret that keys the hashes (shared by all web processes). */
export interface LimitContext {
  db: Db
  config: { sessionSecret: string }
}

export function signInLimits(normalisedEmail: string, address: string): LimitKey[] {
  return [
    { rule: LIMIT_RULES.signInAccount, value: normalisedEmail },
    { rule: LIMIT_RULES.signInAddress, value: address },
  ]
}

export function mailLimits(normalisedEmail: string, address: string): LimitKey[] {
  return [
    { rule: LIMIT_RULES.mailAccount, value: normalisedEmail },
    { rule: LIMIT_RULES.mailAddress, value: address },
  ]
}

export function resetTokenLimits(address: string): LimitKey[] {
  return [{ rule: LIMIT_RULES.resetTokenAddress, value: address }]
}

export function pupilCodeLimits(address: string): LimitKey[] {
  return [{ rule: LIMIT_RULES.pupilCodeAddress, value: address }]
}

/** For the sign-in's second-factor step: a wrong code must be thrown as Invalid to be counted. */
export function secondFactorLimits(personId: string, address: string): LimitKey[] {
  return [
    { rule: LIMIT_RULES.secondFactorAccount, value: personId },
    { rule: LIMIT_RULES.secondFactorAddress, value: address },
  ]
}

/**
 * Keyed hash of rule and value: neither an email nor a client address is stored in clear, and without the
 * installation's secret the small space of addresses cannot be searched for a match.
 */
function keyHash(secret: string, key: LimitKey): string {
  return createHmac('sha256', secret).update(`${key.rule.name}\n${key.value}`).digest('hex')
}

interface Counted {
  hash: string
  windowEnd: string
  attempts: number
  rule: LimitRule
}

/**
 * Adds one attempt to the key's window, atomically (one upsert, so parallel attempts in many processes all count),
 * and returns the window's count. A window starts with the first attempt after the last one ended.
 */
async function countOne(ctx: LimitContext, key: LimitKey, now: Date): Promise<Counted> {
  const hash = keyHash(ctx.config.sessionSecret, key)
  const nowIso = now.toISOString()
  const over = sql<boolean>`attempt_counters.window_end <= ${nowIso}`
  const row = await ctx.db
    .insertInto('attempt_counters')
    .values({
      key_hash: hash,
      window_end: new Date(now.getTime() + key.rule.windowSeconds * 1000).toISOString(),
      attempts: 1,
    })
    .onConflict((oc) =>
      oc.column('key_hash').doUpdateSet({
        attempts: sql`case when ${over} then 1 else attempt_counters.attempts + 1 end`,
        window_end: sql`case when ${over} then excluded.window_end else attempt_counters.window_end end`,
      }),
    )
    .returning(['attempts', 'window_end'])
    .executeTakeFirstOrThrow()
  // A key's first attempt in a window clears the windows that are over: the table holds only live counters.
  if (row.attempts === 1) {
    await ctx.db.deleteFrom('attempt_counters').where('window_end', '<=', nowIso).execute()
  }
  return { hash, windowEnd: row.window_end, attempts: row.attempts, rule: key.rule }
}

async function uncount(ctx: LimitContext, counted: Counted[]): Promise<void> {
  for (const c of counted) {
    await ctx.db
      .updateTable('attempt_counters')
      .set({ attempts: sql`attempts - 1` })
      .where('key_hash', '=', c.hash)
      .where('window_end', '=', c.windowEnd)
      .where('attempts', '>', 0)
      .execute()
  }
}

/**
 * Runs one attempt under limits. Each key's counter goes up *before* the attempt (so parallel guesses from many
 * processes cannot slip past the limit); once any key is over its limit the attempt is refused with 429 and
 * Retry-After, without running. An attempt that fails with Invalid (a wrong password or code) stays counted; any
 * other outcome gives the count back, unless `countEvery` (requests that send mail count whatever happens).
 */
export async function limitedAttempt<T>(
  ctx: LimitContext,
  keys: LimitKey[],
  run: () => Promise<T>,
  options: { countEvery?: boolean } = {},
): Promise<T> {
  const now = new Date()
  const counted: Counted[] = []
  for (const key of keys) counted.push(await countOne(ctx, key, now))
  const over = counted.filter((c) => c.attempts > c.rule.max)
  if (over.length > 0) {
    const ends = over.map((c) => Date.parse(c.windowEnd))
    const seconds = Math.max(1, Math.ceil((Math.max(...ends) - now.getTime()) / 1000))
    throw new TooManyRequests(
      { key: 'limits.too_many_attempts', values: { minutes: Math.ceil(seconds / 60) } },
      seconds,
    )
  }
  try {
    const result = await run()
    if (!options.countEvery) await uncount(ctx, counted)
    return result
  } catch (error) {
    if (!options.countEvery && !(error instanceof Invalid)) await uncount(ctx, counted)
    throw error
  }
}

/** Forgets a key's attempts (a successful sign-in clears the account's earlier wrong passwords). */
export async function clearLimit(ctx: LimitContext, key: LimitKey): Promise<void> {
  await ctx.db
    .deleteFrom('attempt_counters')
    .where('key_hash', '=', keyHash(ctx.config.sessionSecret, key))
    .execute()
}
