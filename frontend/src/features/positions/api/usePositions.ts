import { useMemo } from 'react'
import { useQuery, useSubscription } from 'urql'
import {
  PositionChangesDocument,
  PositionMarksDocument,
  PositionsListDocument,
  type PositionChangesSubscription,
  type PositionMarksSubscription,
} from '@/graphql/generated/graphql'
import { mergePositions, positionKey, stampAll, type Stamped } from '../lib/positions'

type ByKey = Record<string, Stamped>

function foldChange(previous: ByKey | undefined, event: PositionChangesSubscription): ByKey {
  const row = event.positionUpdates
  return { ...(previous ?? {}), [positionKey(row)]: { row, receivedAt: performance.now() } }
}

function foldMarks(_previous: ByKey | undefined, event: PositionMarksSubscription): ByKey {
  return stampAll(
    event.portfolioUpdates.accounts.flatMap((a) => a.positions),
    performance.now(),
  )
}

/**
 * Positions kept live: the `positions` query, each fill's `positionUpdates`, and the
 * portfolio's marks (LTP and MTM, up to 4 a second) from `portfolioUpdates`.
 */
export function usePositions(accountId: string | null) {
  const [loaded] = useQuery({ query: PositionsListDocument, variables: { accountId }, requestPolicy: 'network-only' })
  const [changes] = useSubscription({ query: PositionChangesDocument }, foldChange)
  const [marks] = useSubscription({ query: PositionMarksDocument }, foldMarks)
  const positions = useMemo(() => {
    const all = mergePositions(loaded.data?.positions ?? [], changes.data ?? {}, marks.data ?? {})
    return accountId ? all.filter((p) => p.accountId === accountId) : all
  }, [loaded.data, changes.data, marks.data, accountId])
  const liveError = changes.error ?? marks.error
  return {
    positions,
    loading: loaded.fetching && !loaded.data,
    error: loaded.error,
    connected: !liveError,
    liveProblem: liveError?.message,
  }
}
