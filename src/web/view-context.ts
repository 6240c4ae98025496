import type { Locale } from '../config.ts'
import type { TFunction } from '../platform/i18n.ts'
import type { Actor } from '../platform/policy.ts'

/** What every view may know about the request; passed explicitly, never read from globals. */
export interface ViewContext {
  t: TFunction
  locale: Locale
  actor: Actor
  /** Path and query of the current page, for the language switch and sign-in returns. */
  path: string
  csrfToken: string
  timeZone: string
  /** ISO 3166-1 code of the installation's country: its regions are the ones offered in filters. */
  country: string
  /** Unread notifications of the signed-in person (null when not known), shown in the header. */
  unreadNotifications?: number | null
}
