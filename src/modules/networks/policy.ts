import type { DocumentVisibility } from '../../db/schema.ts'
import { type Actor, allow, everyone, hasRole, isAdult } from '../../platform/policy.ts'
import { isGroupLead, isGroupMember, isInNetwork, isNetworkManager, type NetworkAccess } from './access.ts'

/** A working group of a network, as its rules see it. */
export interface GroupResource {
  network: NetworkAccess
  groupId: string
}

declare module '../../platform/policy.ts' {
  interface PolicyActions {
    /** The list of networks, their public pages, public documents and the API: everyone. */
    'networks.view': undefined
    /** Setting a network up: national coordinators. */
    'networks.create': undefined
    /** Pages for those who take part (management, joining, working groups): validated adults; which network each may act on is decided per network. */
    'networks.enter': undefined
    /** Editing the network, its officers, centres, members (requests, invitations), documents and working groups: its officers today, and coordinators. */
    'networks.manage': NetworkAccess
    /** Asking to join or answering an invitation for an institution: that institution's administrators. */
    'networks.represent': { network: NetworkAccess; institutionAdmin: boolean }
    /** A working group's page (members, decisions, meetings, materials shared with the network): everyone in the network. */
    'networks.group.view': GroupResource
    /** Discussions and the group's own materials: the group's members and the network's managers. */
    'networks.group.participate': GroupResource
    /** Adding members, recording decisions and linking meetings: the group's leads and the network's managers. */
    'networks.group.lead': GroupResource
    /** A document or material: public ones to everyone, network ones to those in it, a group's own to the group. */
    'networks.document.read': {
      network: NetworkAccess
      visibility: DocumentVisibility
      groupId: string | null
    }
  }
}

// Acting for a network is for validated adults; a session alone (registered, pupil) is not enough.
const validated = (actor: Actor) => isAdult(actor) && hasRole(actor, 'member')

allow('networks.view', everyone)
allow('networks.create', (actor) => validated(actor) && hasRole(actor, 'coordinator'))
allow('networks.enter', validated)
allow('networks.manage', (actor, n) => validated(actor) && isNetworkManager(actor, n))
allow('networks.represent', (actor, r) => validated(actor) && r.institutionAdmin)
allow(
  'networks.group.view',
  (actor, g) => validated(actor) && (isInNetwork(g.network) || isNetworkManager(actor, g.network)),
)
allow(
  'networks.group.participate',
  (actor, g) =>
    validated(actor) && (isGroupMember(g.network, g.groupId) || isNetworkManager(actor, g.network)),
)
allow('networks.group.lead', (actor, g) => validated(actor) && isGroupLead(actor, g.network, g.groupId))
allow('networks.document.read', (actor, d) => {
  if (d.visibility === 'public') return true
  if (!validated(actor)) return false
  if (isNetworkManager(actor, d.network)) return true
  if (d.visibility === 'network')
    return isInNetwork(d.network) || (d.groupId !== null && isGroupMember(d.network, d.groupId))
  return d.groupId !== null && isGroupMember(d.network, d.groupId)
})
