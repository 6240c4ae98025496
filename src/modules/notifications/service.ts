import type { TFunction } from 'i18next'
import type { Config, Locale } from '../../config.ts'
import type { Db, Queryable } from '../../db/database.ts'
import { newId } from '../../db/ids.ts'
import type { ServiceContext } from '../../platform/context.ts'
import { Invalid, type Message } from '../../platform/errors.ts'
import { isLocale, translate, translator } from '../../platform/i18n.ts'
import type { MailAttachment } from '../../platform/jobs.ts'
import { queueMail } from '../../platform/mail.ts'
import { authorize } from '../../platform/policy.ts'
import { nextDigestAt } from './digest-time.ts'
import { DEFAULT_MODE, type Mode, TOPIC_IDS, type Topic, topicOf } from './kinds.ts'
import * as q from './queries.ts'
import {
  signUnsubscribe,
  type UnsubscribeClaim,
  type UnsubscribeScope,
  verifyUnsubscribe,
} from './unsubscribe.ts'

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

/** What notify() needs of the configuration: links, the fallback language, the key that signs unsubscribe links
 * and the zone whose morning the digest goes out in. */
export type NotifyConfig = Pick<Config, 'baseUrl' | 'defaultLocale' | 'sessionSecret' | 'timeZone'>

/**
 * Notifies a person on the site and, as they chose for this kind (at once, in the daily digest, or not at all),
 * by email, inside the caller's transaction: both exist exactly when the change that caused them commits. The
 * text is written in the recipient's language at send time (not the sender's), so that the stored notification
 * and the email read the same later.
 */
export async function notify(
  trx: Queryable,
  config: NotifyConfig,
  input: NotificationInput,
  now = new Date(),
): Promise<void> {
  const person = await q.recipient(trx, input.personId)
  if (!person) return
  const locale: Locale = isLocale(person.locale) ? person.locale : config.defaultLocale
  const t = translator(locale)
  const title = translate(t, input.title)
  const body = translate(t, input.body)
  const topic = topicOf(input.kind)
  const mode = (await q.preferenceFor(trx, person.id, topic)) ?? DEFAULT_MODE
  await q.insertNotification(trx, {
    id: newId(),
    person_id: person.id,
    kind: input.kind,
    title: title.slice(0, 300),
    body,
    link: input.link,
    created_at: now.toISOString(),
    read_at: null,
    locale,
    // Due at the next digest time, not now: a digest job that runs twice in a day finds nothing new the second
    // time, so a person gets at most one digest a day.
    digest_due_at: mode === 'digest' ? nextDigestAt(now, config.timeZone).toISOString() : null,
    digested_at: null,
  })
  if (mode !== 'immediate') return
  const link = input.link ? `\n\n${config.baseUrl}${input.link}` : ''
  await queueMail(trx, {
    to: person.email,
    subject: title,
    text:
      t('notifications.mail_body', { name: person.name, body, link }) +
      mailFooter(t, config, person.id, topic),
    headers: unsubscribeHeaders(config, person.id, topic),
    ...(input.attachments ? { attachments: input.attachments } : {}),
  })
}

/** Every notification mail ends with the way to stop it: the unsubscribe link and the settings page. */
export function mailFooter(
  t: TFunction,
  config: NotifyConfig,
  personId: string,
  scope: UnsubscribeScope,
): string {
  return t('notification_settings.mail.footer', {
    unsubscribe: unsubscribeUrl(config, personId, scope),
    settings: `${config.baseUrl}${SETTINGS_PATH}`,
  })
}

export function unsubscribeUrl(config: NotifyConfig, personId: string, scope: UnsubscribeScope): string {
  return `${config.baseUrl}/unsubscribe/${signUnsubscribe(config.sessionSecret, { personId, scope })}`
}

/** RFC 2369 and RFC 8058: mail clients offer their own unsubscribe button, which POSTs to the same link. */
export function unsubscribeHeaders(
  config: NotifyConfig,
  personId: string,
  scope: UnsubscribeScope,
): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(config, personId, scope)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  }
}

export const SETTINGS_PATH = '/settings/notifications'

export type Preferences = Record<Topic, Mode>

export async function preferencesOf(db: Queryable, personId: string): Promise<Preferences> {
  const stored = new Map((await q.preferencesOf(db, personId)).map((p) => [p.kind, p.mode]))
  return Object.fromEntries(TOPIC_IDS.map((id) => [id, stored.get(id) ?? DEFAULT_MODE])) as Preferences
}

export async function ownPreferences(ctx: ServiceContext): Promise<Preferences> {
  authorize(ctx.actor, 'notifications.preferences', undefined)
  return preferencesOf(ctx.db, ctx.actor.person?.id ?? '')
}

export async function savePreferences(
  ctx: ServiceContext,
  choices: Partial<Preferences>,
): Promise<Preferences> {
  authorize(ctx.actor, 'notifications.preferences', undefined)
  const personId = ctx.actor.person?.id ?? ''
  const entries = TOPIC_IDS.flatMap((kind) => {
    const mode = choices[kind]
    return mode ? [{ kind, mode }] : []
  })
  await ctx.db.transaction().execute((trx) => q.setPreferences(trx, personId, entries))
  return preferencesOf(ctx.db, personId)
}

/** The claim of a signed link, or a 400 that says the link is not valid (altered, cut short, or not ours). */
export async function unsubscribeClaim(
  db: Queryable,
  config: NotifyConfig,
  token: string,
): Promise<UnsubscribeClaim> {
  const claim = verifyUnsubscribe(config.sessionSecret, token)
  if (!claim || !(await q.personExists(db, claim.personId))) {
    throw new Invalid({}, { key: 'notification_settings.unsubscribe.invalid' })
  }
  return claim
}

/** Turns the link's kind (or, for the digest's link, every kind) off; the site notifications stay. */
export async function unsubscribe(db: Db, config: NotifyConfig, token: string): Promise<UnsubscribeClaim> {
  const claim = await unsubscribeClaim(db, config, token)
  const kinds = claim.scope === 'all' ? TOPIC_IDS : [claim.scope]
  await db.transaction().execute((trx) =>
    q.setPreferences(
      trx,
      claim.personId,
      kinds.map((kind) => ({ kind, mode: 'off' as const })),
    ),
  )
  return claim
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
