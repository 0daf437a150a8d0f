import { Badge, Card, HStack, SimpleGrid, Skeleton, Stack, Stat, Text } from '@chakra-ui/react'
import { useRef } from 'react'
import { LiveIndicator } from '@/components/LiveIndicator'
import type { TicketInstrumentFragment, TicketQuoteFieldsFragment } from '@/graphql/generated/graphql'
import { compare, subtract } from '@/lib/decimal'
import { formatTime } from '@/lib/format'
import { formatPrice, formatQuantity, placesForTick } from '@/lib/money'

interface Props {
  instrument: TicketInstrumentFragment
  quote: TicketQuoteFieldsFragment | null
  connected: boolean
  problem?: string
}

/** Last price, bid/ask and the move since this page opened, updated live. */
export function LiveQuoteCard({ instrument, quote, connected, problem }: Props) {
  const places = placesForTick(instrument.tickSize)
  // The first price seen is the reference for the move shown (there is no previous close yet).
  const first = useRef<{ symbol: string; ltp: string } | null>(null)
  if (quote && first.current?.symbol !== quote.symbol) first.current = { symbol: quote.symbol, ltp: quote.ltp }
  const move = quote && first.current ? subtract(quote.ltp, first.current.ltp) : null
  const direction = move ? compare(move, '0') : 0

  return (
    <Card.Root data-testid="live-quote" data-symbol={instrument.tradingsymbol}>
      <Card.Body gap="3">
        <HStack justify="space-between" align="flex-start">
          <Stack gap="0">
            <HStack gap="2">
              <Text fontWeight="bold" textStyle="lg">
                {instrument.tradingsymbol}
              </Text>
              <Badge size="sm" variant="outline">
                {instrument.exchange}
              </Badge>
            </HStack>
            <Text textStyle="xs" color="fg.muted">
              {instrument.name} · tick {instrument.tickSize}
              {instrument.lotSize > 1 ? ` · lot ${instrument.lotSize}` : ''}
            </Text>
          </Stack>
          <LiveIndicator connected={connected} problem={problem} />
        </HStack>
        {quote ? (
          <Stack gap="3">
            <Stat.Root>
              <Stat.Label>LTP</Stat.Label>
              <Stat.ValueText fontVariantNumeric="tabular-nums" data-testid="quote-ltp" data-ltp={quote.ltp}>
                ₹{formatPrice(quote.ltp, places)}
              </Stat.ValueText>
              {move ? (
                <Text textStyle="xs" color={direction > 0 ? 'fg.success' : direction < 0 ? 'fg.error' : 'fg.muted'}>
                  {direction > 0 ? '▲ +' : direction < 0 ? '▼ ' : ''}
                  {formatPrice(move, places)} since you opened this page
                </Text>
              ) : null}
            </Stat.Root>
            <SimpleGrid columns={3} gap="4">
              <Stat.Root size="sm">
                <Stat.Label>Bid</Stat.Label>
                <Stat.ValueText fontVariantNumeric="tabular-nums">{formatPrice(quote.bid, places)}</Stat.ValueText>
              </Stat.Root>
              <Stat.Root size="sm">
                <Stat.Label>Ask</Stat.Label>
                <Stat.ValueText fontVariantNumeric="tabular-nums">{formatPrice(quote.ask, places)}</Stat.ValueText>
              </Stat.Root>
              <Stat.Root size="sm">
                <Stat.Label>Volume</Stat.Label>
                <Stat.ValueText fontVariantNumeric="tabular-nums">{formatQuantity(quote.volume)}</Stat.ValueText>
              </Stat.Root>
            </SimpleGrid>
          </Stack>
        ) : (
          <Skeleton h="12" />
        )}
        {quote ? (
          <Text textStyle="xs" color="fg.subtle">
            As of {formatTime(quote.at)}
          </Text>
        ) : null}
      </Card.Body>
    </Card.Root>
  )
}
