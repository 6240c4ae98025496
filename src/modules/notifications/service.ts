import type { Config, Locale } from '../../config.ts'
import type { Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { ServiceContext } from '../../platform/context.ts'
import type { Message } from '../../platform/errors.ts'
import { isLocale, translate, translator } from '../../platform/i18n.ts'
import type { MailAttachment } from '../../platform/jobs.ts'
import { queueMail } from '../../platform/mail.ts'
import { authorize } from '../../platform/policy.ts'
import * as q from './queries.ts'

export interface NotificationInput {
  personId: string
  /** e.g. "application.approved"; lets preferences and digests group them later. */
  kind: string
  title: Message
  body: Message
  /** Site path the notification leads to, e.g. "/application". */
  link: string | null
  /** Files for the email only (an event's iCal invitation); the site notification links instead. */
  attachments?: MailAttachment[]
}

/**
 * Notifies a person on the site and by email, inside the caller's transaction: both exist exactly when the change
 * that caused them commits. The text is written in the recipient's language at send time (not the sender's), so
 * that the stored notification and the email read the same later.
 */
export async function notify(
  trx: Queryable,
  config: Pick<Config, 'baseUrl' | 'defaultLocale'>,
  input: NotificationInput,
): Promise<void> {
  const person = await q.recipient(trx, input.personId)
  if (!person) return
  const locale: Locale = isLocale(person.locale) ? person.locale : config.defaultLocale
  const t = translator(locale)
  const title = translate(t, input.title)
  const body = translate(t, input.body)
  await q.insertNotification(trx, {
    id: newId(),
    person_id: person.id,
    kind: input.kind,
    title: title.slice(0, 300),
    body,
    link: input.link,
    created_at: new Date().toISOString(),
    read_at: null,
    locale,
    digest_due_at: null,
    digested_at: null,
  })
  const link = input.link ? `\n\n${config.baseUrl}${input.link}` : ''
  await queueMail(trx, {
    to: person.email,
    subject: title,
    text: t('notifications.mail_body', { name: person.name, body, link }),
    ...(input.attachments ? { attachments: input.attachments } : {}),
  })
}

export type NotificationItem = Awaited<ReturnType<typeof q.listForPerson>>[number]

export async function listOwn(ctx: ServiceContext): Promise<NotificationItem[]> {
  authorize(ctx.actor, 'notifications.view_own', undefined)
  return q.listForPerson(ctx.db, ctx.actor.person?.id ?? '', 100)
}

export function unreadCount(db: Queryable, personId: string): Promise<number> {
  return q.countUnread(db, personId)
}

/** Marks one notification (or, with null, all of them) read; returns how many changed. */
export async function markRead(ctx: ServiceContext, id: string | null): Promise<number> {
  authorize(ctx.actor, 'notifications.view_own', undefined)
  return q.markRead(ctx.db, ctx.actor.person?.id ?? '', id)
}
