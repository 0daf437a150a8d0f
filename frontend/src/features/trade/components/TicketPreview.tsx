import { Box, DataList, HStack, Skeleton, Text } from '@chakra-ui/react'
import { useQuery } from 'urql'
import { ChargesPreviewDocument, type Exchange, type InstrumentKind, type Product, type Side } from '@/graphql/generated/graphql'
import { multiply } from '@/lib/decimal'
import { formatMoney } from '@/lib/money'
import { chargeSegment } from '../lib/instrument'
import { approximateMargin } from '../lib/margin'

export interface PreviewInput {
  kind: InstrumentKind
  exchange: Exchange
  strike: string | null
  product: Product
  side: Side
  /** Units (shares, or lots × lot size). */
  quantity: number
  /** The price the order should trade at: its limit, or the live price (throttled). */
  price: string
  template: string
}

/** Order value, an approximate margin and the charges of a round trip at this price. */
export function TicketPreview({ input }: { input: PreviewInput | null }) {
  const [{ data, fetching, error }] = useQuery({
    query: ChargesPreviewDocument,
    variables: input
      ? {
          segment: chargeSegment(input.kind, input.product),
          exchange: input.exchange,
          buyPrice: input.price,
          sellPrice: input.price,
          quantity: input.quantity,
          template: input.template,
        }
      : { segment: '', exchange: 'NSE', buyPrice: '0', sellPrice: '0', quantity: 0, template: 'zerodha' },
    pause: !input,
  })
  if (!input) {
    return (
      <Text textStyle="sm" color="fg.muted" data-testid="ticket-preview-empty">
        Pick a symbol and a quantity to see the order value, margin and charges.
      </Text>
    )
  }
  const margin = approximateMargin(input)
  const charges = data?.chargesEstimate
  return (
    <Box data-testid="ticket-preview">
      <DataList.Root orientation="horizontal" size="sm" gap="2">
        <DataList.Item>
          <DataList.ItemLabel>Order value</DataList.ItemLabel>
          <DataList.ItemValue fontVariantNumeric="tabular-nums">
            {formatMoney(multiply(input.price, String(input.quantity)))}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Margin (approx.)</DataList.ItemLabel>
          <DataList.ItemValue data-testid="margin-preview">
            {margin ? (
              <HStack gap="2" wrap="wrap">
                <Text fontVariantNumeric="tabular-nums">≈ {formatMoney(margin.amount)}</Text>
                <Text color="fg.muted" textStyle="xs">
                  {margin.basis}
                </Text>
              </HStack>
            ) : (
              '—'
            )}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Charges (round trip)</DataList.ItemLabel>
          <DataList.ItemValue data-testid="charges-preview">
            {error ? (
              <Text color="fg.error" textStyle="xs">
                {error.graphQLErrors[0]?.message ?? 'Charges are not available right now.'}
              </Text>
            ) : charges ? (
              <HStack gap="2" wrap="wrap">
                <Text fontVariantNumeric="tabular-nums">{formatMoney(charges.total)}</Text>
                <Text color="fg.muted" textStyle="xs">
                  brokerage {formatMoney(charges.brokerage)} · STT {formatMoney(charges.stt)} · GST {formatMoney(charges.gst)} ·
                  breakeven {charges.breakevenPoints} pts
                </Text>
              </HStack>
            ) : fetching ? (
              <Skeleton h="4" w="32" />
            ) : (
              '—'
            )}
          </DataList.ItemValue>
        </DataList.Item>
      </DataList.Root>
      <Text mt="2" textStyle="xs" color="fg.subtle">
        Margin is an estimate (MIS 20%, CNC 100%, futures ~12%, option buys the premium); the server checks the real
        figure. Charges assume you buy and sell at this price.
      </Text>
    </Box>
  )
}
