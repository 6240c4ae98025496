import type { Migration } from 'kysely'
import * as foundation from './0001_foundation.ts'

/** Append-only list of migrations; the key order is the run order. Never edit a migration that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
}
