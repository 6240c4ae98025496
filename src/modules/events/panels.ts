import type { FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import type { EventPageData } from './service.ts'

/**
 * The event page is drawn by the events core, but registration (its form, the person's place, the wait list) and
 * attendance (ticket, outcome facts) belong to their own parts. Each part adds a panel here from its routes file;
 * the page asks every panel for its content and places it in its slot. A panel returns null when it has nothing
 * to show to this reader.
 */
export type PanelSlot = 'registration' | 'outcome' | 'organiser'

export type Panel = (req: FastifyRequest, reply: FastifyReply, page: EventPageData) => Promise<VNode | null>

const panels: Array<{ slot: PanelSlot; name: string; render: Panel }> = []

/** Adds a panel; a second panel of the same name is a bug (each part registers its own once). */
export function addEventPanel(slot: PanelSlot, name: string, render: Panel): void {
  if (panels.some((p) => p.name === name)) throw new Error(`event panel "${name}" is added twice`)
  panels.push({ slot, name, render })
}

/** Every panel's content for this page, by slot, in the order the panels were added. */
export async function renderPanels(
  req: FastifyRequest,
  reply: FastifyReply,
  page: EventPageData,
): Promise<Record<PanelSlot, VNode[]>> {
  const drawn = await Promise.all(
    panels.map(async (p) => ({ slot: p.slot, node: await p.render(req, reply, page) })),
  )
  const slots: Record<PanelSlot, VNode[]> = { registration: [], outcome: [], organiser: [] }
  for (const { slot, node } of drawn) if (node) slots[slot].push(node)
  return slots
}
