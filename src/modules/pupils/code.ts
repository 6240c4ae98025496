import { randomInt } from 'node:crypto'
import { hashToken } from '../../platform/tokens.ts'

/**
 * Letters and digits that cannot be mistaken for one another when read off a printed card by a child: no 0/O,
 * 1/I/L. 31 symbols, 10 of them: about 50 bits, against ten guesses a minute per address (see routes).
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const CODE_LENGTH = 10
export const CODE_TTL_MS = 30 * 24 * 3600_000

/** A new sign-in code (normalised form) and the hash that is stored instead of it. */
export function newPupilCode(): { code: string; hash: string } {
  let code = ''
  // randomInt draws without modulo bias.
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return { code, hash: hashPupilCode(code) }
}

/**
 * What the pupil typed, as it was issued: case ignored, spaces and dashes dropped (the grouping; U+2010–U+2015
 * too, the dashes a word processor or phone keyboard puts in place of "-").
 */
export function normalisePupilCode(input: string): string {
  return input.replace(/[\s\-‐-―]/g, '').toUpperCase()
}

export function hashPupilCode(input: string): string {
  return hashToken(normalisePupilCode(input))
}

/** The code as printed: groups of five, easier to read aloud and to type. */
export function formatPupilCode(code: string): string {
  return code.match(/.{1,5}/g)?.join('-') ?? code
}
