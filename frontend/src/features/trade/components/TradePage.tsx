import { Grid, HStack, Spinner, Stack, Text } from '@chakra-ui/react'
import { useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'
import { useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { SearchInstrumentsDocument, TicketAccountsDocument, type TicketInstrumentFragment } from '@/graphql/generated/graphql'
import { placesForTick } from '@/lib/money'
import { useQuoteStream } from '../api/useQuoteStream'
import { CandleChart } from './CandleChart'
import { LiveQuoteCard } from './LiveQuoteCard'
import { OrderTicket } from './OrderTicket'

/** The instrument named by ?symbol=, looked up once (the ticket can then pick another). */
function useSymbolFromAddress(): TicketInstrumentFragment | null {
  const [params] = useSearchParams()
  const wanted = params.get('symbol')?.toUpperCase() ?? ''
  const [{ data }] = useQuery({ query: SearchInstrumentsDocument, variables: { search: wanted, first: 10 }, pause: !wanted })
  return data?.instruments.items.find((i) => i.tradingsymbol === wanted) ?? null
}

export function TradePage() {
  const [{ data, fetching, error }] = useQuery({ query: TicketAccountsDocument, requestPolicy: 'cache-and-network' })
  const fromAddress = useSymbolFromAddress()
  const [, setParams] = useSearchParams()
  const [instrument, setInstrument] = useState<TicketInstrumentFragment | null>(null)
  useEffect(() => {
    if (fromAddress && !instrument) setInstrument(fromAddress)
  }, [fromAddress, instrument])
  const stream = useQuoteStream(instrument?.tradingsymbol ?? null, instrument?.exchange ?? null)

  function choose(next: TicketInstrumentFragment) {
    setInstrument(next)
    setParams({ symbol: next.tradingsymbol }, { replace: true })
  }

  return (
    <Stack gap="6">
      <PageHeader title="Trade" subtitle="Place paper orders against the live feed. Nothing reaches a real exchange." />
      {error ? <ErrorAlert title="Could not load your accounts">{describeError(error)}</ErrorAlert> : null}
      <Grid templateColumns={{ base: '1fr', lg: 'minmax(0, 5fr) minmax(0, 6fr)' }} gap="6" alignItems="start">
        {data ? (
          <OrderTicket
            accounts={data.accounts}
            instrument={instrument}
            onInstrumentChange={choose}
            ltp={stream.quote?.ltp ?? null}
          />
        ) : fetching ? (
          <HStack py="10" justify="center">
            <Spinner size="sm" /> <Text color="fg.muted">Loading accounts…</Text>
          </HStack>
        ) : null}
        <Stack gap="6">
          {instrument ? (
            <>
              <LiveQuoteCard instrument={instrument} quote={stream.quote} connected={stream.connected} problem={stream.problem} />
              <CandleChart symbol={instrument.tradingsymbol} exchange={instrument.exchange} candles={stream.candles} places={placesForTick(instrument.tickSize)} />
            </>
          ) : (
            <Text color="fg.muted" textStyle="sm" data-testid="quote-placeholder">
              Pick a symbol in the ticket to see its live quote and chart.
            </Text>
          )}
        </Stack>
      </Grid>
    </Stack>
  )
}
