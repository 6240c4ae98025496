import fs from 'node:fs'
import path from 'node:path'
import { hash, parseOptions, verify } from '@node-rs/argon2'

// OWASP's argon2id recommendation (19 MiB, 2 iterations, 1 lane); the hash string carries these parameters, so
// raising them later upgrades each stored hash at its owner's next sign-in (needsRehash).
// algorithm 2 is Argon2id (a const enum in the typings, which isolated modules cannot read).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

// ASVS V2.1: length is the only rule (no composition rules); 128 leaves room for passphrases.
export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 128

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    // Spend the same time as a real check so that response times do not reveal which accounts exist.
    await hash(password, OPTIONS)
    return false
  }
  try {
    return await verify(storedHash, password)
  } catch {
    return false
  }
}

/** True when a stored hash was made with other parameters (or algorithm) than the current ones. */
export function needsRehash(storedHash: string): boolean {
  try {
    const used = parseOptions(storedHash)
    return (
      used.algorithm !== OPTIONS.algorithm ||
      used.memoryCost !== OPTIONS.memoryCost ||
      used.timeCost !== OPTIONS.timeCost ||
      used.parallelism !== OPTIONS.parallelism
    )
  } catch {
    return true
  }
}

let common: Set<string> | undefined

/**
 * Common passwords from breaches (ASVS V2.1.7): the entries of 12 to 128 characters (shorter ones are refused by
 * length already) of the SecLists-based list in data/, lower-cased. Read once, on first use.
 */
function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(path.join(import.meta.dirname, 'data/common-passwords.txt'), 'utf8')
      .split('\n')
      .filter(Boolean),
  )
  return common
}

/** Whether a password is on the list of common breached passwords; case does not make one less common. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase())
}
