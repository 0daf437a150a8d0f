import { useMemo } from 'react'
import { useSubscription } from 'urql'
import {
  SignalEventsDocument,
  SignalLogDocument,
  SignalTradesDocument,
  type SignalEventsSubscription,
  type SignalLogRowFragment,
  type SignalTradeRowFragment,
} from '@/graphql/generated/graphql'
import { latest, newestFirst, type ById } from '../lib/merge'
import { pageOrThrow, usePaged, type PageFetcher } from './usePaged'

export const PAGE_SIZE = 25

export interface LogFilter {
  groupId: string | null
}

const fetchSignals: PageFetcher<SignalLogRowFragment, LogFilter> = async (client, filter, after) => {
  const result = await client
    .query(SignalLogDocument, { filter: { groupId: filter.groupId }, first: PAGE_SIZE, after }, { requestPolicy: 'network-only' })
    .toPromise()
  const connection = result.data?.signals
  return pageOrThrow(
    result,
    connection && {
      nodes: connection.edges.map((e) => e.node),
      hasNextPage: connection.pageInfo.hasNextPage,
      endCursor: connection.pageInfo.endCursor ?? null,
    },
  )
}

const fetchTrades: PageFetcher<SignalTradeRowFragment, LogFilter> = async (client, filter, after) => {
  const result = await client
    .query(SignalTradesDocument, { filter: { groupId: filter.groupId }, first: PAGE_SIZE, after }, { requestPolicy: 'network-only' })
    .toPromise()
  const connection = result.data?.trades
  return pageOrThrow(
    result,
    connection && {
      nodes: connection.edges.map((e) => e.node),
      hasNextPage: connection.pageInfo.hasNextPage,
      endCursor: connection.pageInfo.endCursor ?? null,
    },
  )
}

interface Live {
  byId: ById<SignalLogRowFragment>
  count: number
}

function fold(previous: Live | undefined, event: SignalEventsSubscription): Live {
  const signal = event.signalEvents
  return {
    byId: { ...(previous?.byId ?? {}), [signal.id]: { node: signal, stamp: performance.now() } },
    count: (previous?.count ?? 0) + 1,
  }
}

/**
 * The user's signals as they arrive (`signalEvents`): one subscription for the whole page.
 * `version` counts the events, so lists that derive from signals (trades, analytics) refetch.
 */
export function useSignalEvents() {
  const [live] = useSubscription({ query: SignalEventsDocument }, fold)
  return {
    events: live.data?.byId ?? {},
    version: live.data?.count ?? 0,
    connected: !live.error,
    problem: live.error?.message,
  }
}

/** The signal log, newest first: pages from `signals`, overlaid with live events. */
export function useSignalLog(filter: LogFilter, events: ById<SignalLogRowFragment>, version: number) {
  const paged = usePaged(fetchSignals, filter, version)
  const signals = useMemo(() => {
    const live = filter.groupId
      ? Object.fromEntries(Object.entries(events).filter(([, e]) => e.node.groupId === filter.groupId))
      : events
    return newestFirst(latest(paged.byId, live), (s) => s.receivedAt)
  }, [paged.byId, events, filter.groupId])
  return { ...paged, signals }
}

/** Closed round trips, newest exit first; the first page reloads on each signal event. */
export function useTrades(filter: LogFilter, version: number) {
  const paged = usePaged(fetchTrades, filter, version)
  const trades = useMemo(() => newestFirst(paged.byId, (t) => t.exitAt), [paged.byId])
  return { ...paged, trades }
}
