import type { BlotterFillFragment, BlotterOrderFragment, OrderStatus } from '@/graphql/generated/graphql'
import { parseServerDate } from '@/lib/format'

/** Orders that can still fill, and so can be modified or cancelled. */
export const WORKING: ReadonlySet<OrderStatus> = new Set(['OPEN', 'TRIGGER_PENDING', 'PARTIALLY_FILLED'])
const FINAL: ReadonlySet<OrderStatus> = new Set(['COMPLETE', 'CANCELLED', 'REJECTED'])

export function isWorking(status: OrderStatus): boolean {
  return WORKING.has(status)
}

function time(value: string): number {
  return parseServerDate(value).getTime()
}

/**
 * Which of two versions of one order to show. An order never leaves a final state, so a final
 * version beats a working one whatever the clocks say; otherwise the later `updatedAt` wins,
 * then the one with more filled, then the one that arrived last (`next`).
 */
export function newerOrder(current: BlotterOrderFragment, next: BlotterOrderFragment): BlotterOrderFragment {
  const currentFinal = FINAL.has(current.status)
  const nextFinal = FINAL.has(next.status)
  if (currentFinal !== nextFinal) return currentFinal ? current : next
  const dt = time(next.updatedAt) - time(current.updatedAt)
  if (dt !== 0) return dt > 0 ? next : current
  if (next.filledQuantity !== current.filledQuantity) return next.filledQuantity > current.filledQuantity ? next : current
  return next
}

/** Put `update` into `byId`, keeping the newer version of an order already there. */
export function upsertOrder(byId: Record<string, BlotterOrderFragment>, update: BlotterOrderFragment): Record<string, BlotterOrderFragment> {
  const existing = byId[update.id]
  const kept = existing ? newerOrder(existing, update) : update
  return kept === existing ? byId : { ...byId, [update.id]: kept }
}

/**
 * The blotter's orders: the ones loaded by the query, with live updates merged in by id (a
 * live order not in the query is new), newest placed first.
 */
export function mergeOrders(loaded: BlotterOrderFragment[], live: Record<string, BlotterOrderFragment>): BlotterOrderFragment[] {
  let byId: Record<string, BlotterOrderFragment> = {}
  for (const order of loaded) byId = upsertOrder(byId, order)
  for (const order of Object.values(live)) byId = upsertOrder(byId, order)
  return Object.values(byId).sort((a, b) => time(b.placedAt) - time(a.placedAt) || b.id.localeCompare(a.id))
}

/** Fills never change: the union of loaded and live ones by id, newest first. */
export function mergeFills(loaded: BlotterFillFragment[], live: Record<string, BlotterFillFragment>): BlotterFillFragment[] {
  const byId: Record<string, BlotterFillFragment> = {}
  for (const fill of loaded) byId[fill.id] = fill
  for (const fill of Object.values(live)) byId[fill.id] ??= fill
  return Object.values(byId).sort((a, b) => time(b.at) - time(a.at) || b.id.localeCompare(a.id))
}
