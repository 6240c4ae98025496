import type { FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'
import type { Db } from '../db/database.ts'
import type { TFunction } from './i18n.ts'
import type { Actor } from './policy.ts'
import type { Storage } from './storage.ts'

/** What every service function receives: who acts, where the data is, and how to speak to them. */
export interface ServiceContext {
  db: Db
  config: Config
  /** Uploaded files; reached through src/platform/files.ts. */
  storage: Storage
  actor: Actor
  /** Translator in the recipient's language for messages the command sends (emails). */
  t: TFunction
}

export function serviceContext(req: FastifyRequest): ServiceContext {
  const { db, config, storage } = req.server.deps
  return { db, config, storage, actor: req.actor, t: req.t }
}
