import { useMemo } from 'react'
import { useQuery, useSubscription } from 'urql'
import {
  TicketQuoteDocument,
  TicketQuotesDocument,
  type Exchange,
  type TicketQuoteFieldsFragment,
  type TicketQuotesSubscription,
} from '@/graphql/generated/graphql'
import { parseServerDate } from '@/lib/format'
import { addTick, type Candle } from '../lib/candles'

interface Stream {
  latest: TicketQuoteFieldsFragment | null
  candles: Candle[]
}

function fold(previous: Stream | undefined, event: TicketQuotesSubscription): Stream {
  const quote = event.quotes
  // A new symbol starts a new chart.
  const before = previous && previous.latest?.symbol === quote.symbol ? previous : { latest: null, candles: [] }
  const at = parseServerDate(quote.at).getTime() / 1000
  return { latest: quote, candles: addTick(before.candles, at, Number(quote.ltp)) }
}

/**
 * The live quote of one symbol: the snapshot from `quote`, then each tick from the `quotes`
 * subscription, folded into short candles for the chart (there is no history query yet).
 */
export function useQuoteStream(symbol: string | null, exchange: Exchange | null) {
  const pause = !symbol
  const variables = useMemo(() => ({ symbols: symbol ? [symbol] : [] }), [symbol])
  const [snapshot] = useQuery({
    query: TicketQuoteDocument,
    variables: { symbol: symbol ?? '', exchange },
    pause,
    requestPolicy: 'network-only',
  })
  const [live] = useSubscription({ query: TicketQuotesDocument, variables, pause }, fold)
  const latest = live.data?.latest ?? snapshot.data?.quote ?? null
  return {
    quote: symbol && latest?.symbol === symbol ? latest : null,
    candles: live.data && live.data.latest?.symbol === symbol ? live.data.candles : [],
    connected: !live.error,
    problem: live.error?.message,
    loading: snapshot.fetching && !latest,
  }
}
