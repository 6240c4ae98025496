import type { Db } from '../../db/database.ts'
import { enqueue, type Worker } from '../../platform/jobs.ts'
import { DAY_MS, type Effects, tellParticipant } from './registration.ts'
import * as q from './registration-queries.ts'

/**
 * Sends one registration's day-before reminder, if its place is still held and the event still ahead. The claim
 * (reminded_at set where empty) and the queued mail are one transaction: however often the job runs, and however
 * many workers run it at once, one reminder goes out. An event moved later gets its reminder queued again.
 */
export async function sendReminder(
  db: Db,
  config: Effects,
  registrationId: string,
  now = new Date(),
): Promise<'sent' | 'skipped' | 'rescheduled'> {
  return db.transaction().execute(async (trx) => {
    const found = await q.registrationForReminder(trx, registrationId)
    if (found?.status !== 'confirmed' || found.reminded_at !== null) return 'skipped'
    const event = await q.eventBySlug(trx, found.slug)
    if (event?.status !== 'published') return 'skipped'
    const startsAt = Date.parse(event.starts_at)
    if (startsAt <= now.getTime()) return 'skipped'
    if (startsAt - DAY_MS > now.getTime()) {
      await enqueue(trx, 'events.remind', { registrationId }, new Date(startsAt - DAY_MS))
      return 'rescheduled'
    }
    if (!(await q.claimReminder(trx, registrationId, now.toISOString()))) return 'skipped'
    await tellParticipant(trx, config, event, { id: found.id, person_id: found.person_id }, 'reminder')
    return 'sent'
  })
}

/** The worker's handler for reminder jobs (queued when a place is confirmed, to run the day before). */
export function handleReminders(worker: Worker, db: Db, config: Effects): void {
  worker.handle('events.remind', async ({ registrationId }) => {
    await sendReminder(db, config, registrationId)
  })
}
