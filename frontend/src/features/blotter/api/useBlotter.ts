import { useCallback, useMemo, useState } from 'react'
import { useQuery, useSubscription } from 'urql'
import {
  BlotterFillsDocument,
  BlotterOrdersDocument,
  BlotterUpdatesDocument,
  type BlotterFillFragment,
  type BlotterOrderFragment,
  type BlotterUpdatesSubscription,
} from '@/graphql/generated/graphql'
import { mergeFills, mergeOrders, upsertOrder } from '../lib/merge'

const PAGE = 100

interface Live {
  orders: Record<string, BlotterOrderFragment>
  fills: Record<string, BlotterFillFragment>
}

function fold(previous: Live | undefined, event: BlotterUpdatesSubscription): Live {
  const live = previous ?? { orders: {}, fills: {} }
  const { order, fill } = event.orderUpdates
  return {
    orders: order ? upsertOrder(live.orders, order) : live.orders,
    fills: fill ? { ...live.fills, [fill.id]: fill } : live.fills,
  }
}

/**
 * Orders and fills of one account (or all): loaded once, then kept current by the
 * `orderUpdates` subscription, merged by id. `accept` takes an order from a mutation's answer.
 */
export function useBlotter(accountId: string | null) {
  const variables = { accountId, first: PAGE }
  const [orders] = useQuery({ query: BlotterOrdersDocument, variables, requestPolicy: 'network-only' })
  const [fills] = useQuery({ query: BlotterFillsDocument, variables, requestPolicy: 'network-only' })
  const [live] = useSubscription({ query: BlotterUpdatesDocument }, fold)
  const [answered, setAnswered] = useState<Record<string, BlotterOrderFragment>>({})

  const accept = useCallback((order: BlotterOrderFragment) => setAnswered((byId) => upsertOrder(byId, order)), [])

  const mergedOrders = useMemo(() => {
    let liveOrders = live.data?.orders ?? {}
    for (const order of Object.values(answered)) liveOrders = upsertOrder(liveOrders, order)
    const all = mergeOrders(orders.data?.orders ?? [], liveOrders)
    return accountId ? all.filter((o) => o.accountId === accountId) : all
  }, [orders.data, live.data, answered, accountId])

  const mergedFills = useMemo(() => {
    const all = mergeFills(fills.data?.fills ?? [], live.data?.fills ?? {})
    return accountId ? all.filter((f) => f.accountId === accountId) : all
  }, [fills.data, live.data, accountId])

  return {
    orders: mergedOrders,
    fills: mergedFills,
    loading: (orders.fetching && !orders.data) || (fills.fetching && !fills.data),
    error: orders.error ?? fills.error,
    connected: !live.error,
    liveProblem: live.error?.message,
    accept,
  }
}
