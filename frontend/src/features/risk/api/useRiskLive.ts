import { useEffect, useMemo } from 'react'
import { useQuery, useSubscription } from 'urql'
import {
  ActivePanicsDocument,
  RiskEventsListDocument,
  RiskEventsLiveDocument,
  RiskStatusDocument,
  type RiskEventRowFragment,
  type RiskEventsLiveSubscription,
} from '@/graphql/generated/graphql'

const STATUS_REFRESH_MS = 2000 // headroom moves with prices: a fresh status every 2 s
const PANIC_REFRESH_MS = 15000 // the banner's safety net, besides the live events

function collect(previous: RiskEventRowFragment[] | undefined, event: RiskEventsLiveSubscription): RiskEventRowFragment[] {
  return [event.riskEvents, ...(previous ?? [])].slice(0, 50)
}

/** Risk events as they happen (newest first), on top of the latest ones loaded. */
export function useRiskEvents() {
  const [loaded, reload] = useQuery({ query: RiskEventsListDocument, requestPolicy: 'network-only' })
  const [live] = useSubscription({ query: RiskEventsLiveDocument }, collect)
  const events = useMemo(() => {
    const seen = new Set<string>()
    return [...(live.data ?? []), ...(loaded.data?.riskEvents ?? [])].filter((e) => !seen.has(e.id) && !!seen.add(e.id))
  }, [live.data, loaded.data])
  return { events, latest: live.data?.[0] ?? null, reload, connected: !live.error }
}

/** The risk status, refreshed every 2 s and at once on each risk event. */
export function useRiskStatus(latestEventId: string | null) {
  const [result, refresh] = useQuery({ query: RiskStatusDocument, requestPolicy: 'network-only' })
  useEffect(() => {
    const timer = window.setInterval(() => refresh({ requestPolicy: 'network-only' }), STATUS_REFRESH_MS)
    return () => window.clearInterval(timer)
  }, [refresh])
  useEffect(() => {
    if (latestEventId) refresh({ requestPolicy: 'network-only' })
  }, [latestEventId, refresh])
  return { status: result.data?.riskStatus ?? null, fetching: result.fetching, error: result.error, refresh }
}

/** The panics in force, refreshed on every risk event (a press or a re-arm) and every 15 s. */
export function useActivePanics() {
  const [result, refresh] = useQuery({ query: ActivePanicsDocument, requestPolicy: 'network-only' })
  const [live] = useSubscription({ query: RiskEventsLiveDocument })
  const kind = live.data?.riskEvents.kind
  const id = live.data?.riskEvents.id
  useEffect(() => {
    if (id && (kind === 'PANIC' || kind === 'REARM')) refresh({ requestPolicy: 'network-only' })
  }, [id, kind, refresh])
  useEffect(() => {
    const timer = window.setInterval(() => refresh({ requestPolicy: 'network-only' }), PANIC_REFRESH_MS)
    return () => window.clearInterval(timer)
  }, [refresh])
  return result.data?.panics ?? []
}
