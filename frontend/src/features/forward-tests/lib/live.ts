import type { ForwardTestStatus } from '@/graphql/generated/graphql'

/** The live figures of one session, as forwardTestUpdates sends them. */
export interface LiveFigures {
  id: string
  status: ForwardTestStatus
  mtm: string
  realized: string
  unrealized: string
  charges: string
  trades: number
  at: string
}

export type LiveById = Record<string, LiveFigures>

/** Keep the newest update per session (by its time); an older one arriving late is ignored. */
export function foldUpdate(previous: LiveById | undefined, update: LiveFigures): LiveById {
  const current = previous?.[update.id]
  if (current && Date.parse(current.at) > Date.parse(update.at)) return previous ?? {}
  return { ...(previous ?? {}), [update.id]: update }
}

/** A session's figures: the live update when it is newer than what was loaded. */
export function withLive<T extends { id: string; status: ForwardTestStatus; mtm: string; realized: string; unrealized: string; charges: string; trades: number }>(
  session: T,
  live: LiveById,
): T & { updatedAt: string | null } {
  const update = live[session.id]
  if (!update) return { ...session, updatedAt: null }
  const { status, mtm, realized, unrealized, charges, trades, at } = update
  return { ...session, status, mtm, realized, unrealized, charges, trades, updatedAt: at }
}

export const ACTIVE: ForwardTestStatus[] = ['RUNNING']
