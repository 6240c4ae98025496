import { Forbidden, NotFound, Unauthenticated } from './errors.ts'

/**
 * Roles as the policy sees them. `registered` is a signed-in adult whose join application is not yet
 * validated; `member` is validated. A person may hold several roles at once.
 */
export const ROLES = [
  'visitor',
  'registered',
  'member',
  'pupil',
  'institution_admin',
  'editor',
  'coordinator',
  'platform_admin',
] as const
export type Role = (typeof ROLES)[number]

export interface ActorPerson {
  id: string
  name: string
  email: string
  kind: 'adult' | 'pupil'
  locale: string | null
}

export interface Actor {
  person: ActorPerson | null
  roles: ReadonlySet<Role>
}

export const VISITOR: Actor = Object.freeze({ person: null, roles: new Set<Role>(['visitor']) })

/**
 * Every action and the resource it is decided on (`undefined` for actions on no particular object).
 * Modules add their actions to this interface from their own policy.ts (declaration merging).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by each module's policy.ts
export interface PolicyActions {}
export type Action = keyof PolicyActions
/** Actions decided without an object: these are the ones a route can declare and check before its handler. */
export type RouteAction = { [A in Action]: PolicyActions[A] extends undefined ? A : never }[Action]

type Rule<R> = (actor: Actor, resource: R) => boolean
const rules = new Map<string, Rule<never>>()

/** Registers the one rule for an action. Each action has exactly one rule; a second definition is a bug. */
export function allow<A extends Action>(action: A, rule: Rule<PolicyActions[A]>): void {
  if (rules.has(action)) throw new Error(`policy for "${String(action)}" is defined twice`)
  rules.set(action, rule as Rule<never>)
}

/** The single entry point for every permission. Deny by default: an action without a rule is refused. */
export function can<A extends Action>(actor: Actor, action: A, resource: PolicyActions[A]): boolean {
  const rule = rules.get(action) as Rule<PolicyActions[A]> | undefined
  return rule ? rule(actor, resource) : false
}

/**
 * Throws when the actor may not: Unauthenticated for visitors (so they are asked to sign in), Forbidden otherwise,
 * or NotFound when `hide` is set, so that existence is not revealed.
 */
export function authorize<A extends Action>(
  actor: Actor,
  action: A,
  resource: PolicyActions[A],
  options: { hide?: boolean } = {},
): void {
  if (can(actor, action, resource)) return
  if (options.hide) throw new NotFound()
  if (!actor.person) throw new Unauthenticated()
  throw new Forbidden()
}

export function isDefined(action: string): boolean {
  return rules.has(action)
}

/** Every action that has a rule, for the policy-table test (an action the table does not list fails it). */
export function definedActions(): string[] {
  return [...rules.keys()].sort()
}

// Small predicates that rules are built from.
export const hasRole = (actor: Actor, ...roles: Role[]): boolean => roles.some((r) => actor.roles.has(r))
export const isSignedIn = (actor: Actor): boolean => actor.person !== null
export const isAdult = (actor: Actor): boolean => actor.person?.kind === 'adult'
export const everyone = (): boolean => true
