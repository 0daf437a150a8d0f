import { useMemo } from 'react'
import { useQuery, useSubscription } from 'urql'
import { OptionChainLiveDocument, OptionExpiriesDocument, OptionUnderlyingsDocument } from '@/graphql/generated/graphql'
import { describeError } from '@/graphql/errors'
import { expiriesOf } from '../lib/chain'

/** The indices that have option chains (the picker's choices). */
export function useUnderlyings() {
  const [result] = useQuery({ query: OptionUnderlyingsDocument })
  return {
    underlyings: result.data?.instruments.items.map((i) => i.tradingsymbol) ?? [],
    loading: result.fetching,
    problem: result.error ? describeError(result.error) : null,
  }
}

/** The underlying's option expiries still to come, nearest first. */
export function useExpiries(underlying: string) {
  const [result] = useQuery({ query: OptionExpiriesDocument, variables: { underlying }, pause: !underlying })
  const expiries = useMemo(() => expiriesOf(result.data?.instruments.items ?? []), [result.data])
  return { expiries, loading: result.fetching, problem: result.error ? describeError(result.error) : null }
}

/**
 * The chain around the ATM, live: the subscription sends the whole window at once and again
 * whenever its quotes move (at most twice a second), so the latest snapshot simply wins.
 */
export function useOptionChain(underlying: string, expiry: string, strikes: number) {
  const pause = !underlying || !expiry
  const variables = useMemo(() => ({ underlying, expiry, strikes }), [underlying, expiry, strikes])
  const [live] = useSubscription({ query: OptionChainLiveDocument, variables, pause })
  const snapshot = live.data?.optionChainUpdates
  const current = snapshot && snapshot.underlying === underlying.toUpperCase() && snapshot.expiry === expiry ? snapshot : null
  return {
    chain: current,
    loading: !pause && !current && !live.error,
    connected: !pause && !live.error && !!current,
    problem: live.error ? describeError(live.error) : null,
  }
}
