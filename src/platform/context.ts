import type { FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'
import type { Db } from '../db/database.ts'
import type { TFunction } from './i18n.ts'
import type { Actor } from './policy.ts'

/** What every service function receives: who acts, where the data is, and how to speak to them. */
export interface ServiceContext {
  db: Db
  config: Config
  actor: Actor
  /** Translator in the recipient's language for messages the command sends (emails). */
  t: TFunction
}

export function serviceContext(req: FastifyRequest): ServiceContext {
  return { db: req.server.deps.db, config: req.server.deps.config, actor: req.actor, t: req.t }
}
