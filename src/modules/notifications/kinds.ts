/**
 * The kinds of notification a person chooses email for, each covering the notify() kinds that start with its
 * prefixes (e.g. "events.registration.reminder" is an "events" notification). A kind no entry covers (a module
 * added later) falls under "other", so every notification has a setting.
 */
export const TOPICS = [
  { id: 'applications', prefixes: ['application.'] },
  { id: 'memberships', prefixes: ['membership.'] },
  { id: 'projects', prefixes: ['project.'] },
  { id: 'workspace', prefixes: ['workspace.'] },
  { id: 'labels', prefixes: ['labels.'] },
  { id: 'events', prefixes: ['events.'] },
  { id: 'networks', prefixes: ['networks.'] },
  { id: 'other', prefixes: [] },
] as const

export type Topic = (typeof TOPICS)[number]['id']
export const TOPIC_IDS: readonly Topic[] = TOPICS.map((t) => t.id)

export const MODES = ['immediate', 'digest', 'off'] as const
export type Mode = (typeof MODES)[number]
/** Without a stored choice, mail goes out at once, as it did before preferences existed. */
export const DEFAULT_MODE: Mode = 'immediate'

export function topicOf(kind: string): Topic {
  return TOPICS.find((t) => t.prefixes.some((p: string) => kind.startsWith(p)))?.id ?? 'other'
}

export function isTopic(value: string): value is Topic {
  return (TOPIC_IDS as readonly string[]).includes(value)
}
