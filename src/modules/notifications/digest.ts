import type { Config, Locale } from '../../config.ts'
import type { Db } from '../../db/database.ts'
import { formatDateTime, isLocale, translator } from '../../platform/i18n.ts'
import { enqueue, hasQueuedJob, type Worker } from '../../platform/jobs.ts'
import { queueMail } from '../../platform/mail.ts'
import { nextDigestAt } from './digest-time.ts'
import * as q from './queries.ts'
import { mailFooter, type NotifyConfig, unsubscribeHeaders } from './service.ts'

declare module '../../platform/jobs.ts' {
  interface JobPayloads {
    /** The daily digest run; it queues the next one itself. */
    'notifications.digest': Record<string, never>
  }
}

/**
 * Sends each person whose digest is due one mail listing what they chose to receive by digest, in their
 * language. Per person, the claim of the rows and the queued mail are one transaction: a run that fails
 * half-way leaves the rest for the next, and two runs at once never send the same notification twice.
 * Returns how many digests were queued.
 */
export async function sendDigests(db: Db, config: NotifyConfig, now = new Date()): Promise<number> {
  let sent = 0
  for (const personId of await q.peopleWithDueDigest(db, now.toISOString())) {
    await db.transaction().execute(async (trx) => {
      const person = await q.recipient(trx, personId)
      const items = await q.claimDigest(trx, personId, now.toISOString())
      if (!person || items.length === 0) return
      const locale: Locale = isLocale(person.locale) ? person.locale : config.defaultLocale
      const t = translator(locale)
      items.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)))
      const list = items
        .map((n) => {
          const when = formatDateTime(locale, n.created_at, config.timeZone)
          const link = n.link ? `\n  ${config.baseUrl}${n.link}` : ''
          return `• ${n.title} (${when})\n  ${n.body}${link}`
        })
        .join('\n\n')
      await queueMail(trx, {
        to: person.email,
        subject: t('notification_settings.mail.digest_subject', { total: items.length }),
        text:
          t('notification_settings.mail.digest_body', { name: person.name, total: items.length, list }) +
          mailFooter(t, config, person.id, 'all'),
        headers: unsubscribeHeaders(config, person.id, 'all'),
      })
      sent++
    })
  }
  return sent
}

/** The worker's handler: send what is due, then queue the next run for the next digest time (unless queued). */
export function handleDigests(worker: Worker, db: Db, config: Config): void {
  worker.handle('notifications.digest', async () => {
    await sendDigests(db, config)
    await ensureDigestJob(db, config)
  })
}

/** Queues the digest run at the next digest time when none is waiting (at server start, and after each run). */
export async function ensureDigestJob(
  db: Db,
  config: Pick<Config, 'timeZone'>,
  now = new Date(),
): Promise<void> {
  if (await hasQueuedJob(db, 'notifications.digest')) return
  await enqueue(db, 'notifications.digest', {}, nextDigestAt(now, config.timeZone))
}
