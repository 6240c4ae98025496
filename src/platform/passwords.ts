import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id recommendation (19 MiB, 2 iterations, 1 lane); the hash string carries these parameters.
// algorithm 2 is Argon2id (a const enum in the typings, which isolated modules cannot read).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

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
