import { useCallback, useEffect, useRef, useState } from 'react'
import { useClient, type Client } from 'urql'
import { describeError } from '@/graphql/errors'
import { latest, stampAll, type ById } from '../lib/merge'

export interface Page<T> {
  nodes: T[]
  hasNextPage: boolean
  endCursor: string | null
}

/** Loads one page after `after` (null: the newest), or throws a sentence for the person. */
export type PageFetcher<T, F> = (client: Client, filter: F, after: string | null) => Promise<Page<T>>

interface State<T> {
  key: string
  byId: ById<T>
  cursor: string | null
  hasMore: boolean
  /** True once "Load more" ran: a refreshed first page then leaves the cursor alone. */
  paged: boolean
}

function empty<T>(key: string): State<T> {
  return { key, byId: {}, cursor: null, hasMore: false, paged: false }
}

/**
 * A cursor-paginated list, newest first: the first page loads at once and again whenever
 * `refreshKey` changes (a live event), older pages on `loadMore`. Every version is stamped
 * with the time its request *started*, so a slow, older answer never hides a newer one.
 */
export function usePaged<T extends { id: string }, F>(fetcher: PageFetcher<T, F>, filter: F, refreshKey: number) {
  const client = useClient()
  const key = JSON.stringify(filter)
  const [state, setState] = useState<State<T>>(() => empty(key))
  const [loading, setLoading] = useState(true)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const filterRef = useRef(filter)
  filterRef.current = filter

  useEffect(() => {
    let cancelled = false
    const stamp = performance.now()
    setLoading(true)
    fetcher(client, filterRef.current, null).then(
      (page) => {
        if (cancelled) return
        setError(null)
        setLoading(false)
        setState((prev) => {
          const base = prev.key === key ? prev : empty<T>(key)
          const byId = latest(base.byId, stampAll(page.nodes, stamp))
          if (base.paged) return { ...base, byId }
          return { ...base, byId, cursor: page.endCursor, hasMore: page.hasNextPage }
        })
      },
      (problem: unknown) => {
        if (cancelled) return
        setLoading(false)
        setError(problem instanceof Error ? problem.message : String(problem))
      },
    )
    return () => {
      cancelled = true
    }
  }, [client, fetcher, key, refreshKey])

  const loadMore = useCallback(async () => {
    if (!state.cursor || state.key !== key) return
    setLoadingMore(true)
    const stamp = performance.now()
    try {
      const page = await fetcher(client, filterRef.current, state.cursor)
      setError(null)
      setState((prev) =>
        prev.key !== key
          ? prev
          : { ...prev, byId: latest(prev.byId, stampAll(page.nodes, stamp)), cursor: page.endCursor, hasMore: page.hasNextPage, paged: true },
      )
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : String(problem))
    } finally {
      setLoadingMore(false)
    }
  }, [client, fetcher, key, state.cursor, state.key])

  const current = state.key === key ? state : empty<T>(key)
  return { byId: current.byId, hasMore: current.hasMore, loadMore, loadingMore, loading: loading && Object.keys(current.byId).length === 0, error }
}

/** Turns an urql result into a page, or throws the error as a sentence. */
export function pageOrThrow<T>(
  result: { error?: Parameters<typeof describeError>[0]; data?: unknown },
  page: Page<T> | undefined,
): Page<T> {
  if (result.error) throw new Error(describeError(result.error))
  if (!page) throw new Error('The server gave no answer. Try again.')
  return page
}
