import { Button, Table, Text } from '@chakra-ui/react'
import type { ChainRowFragment, ChainGreeksFragment } from '@/graphql/generated/graphql'
import { compare } from '@/lib/decimal'
import { formatPrice } from '@/lib/money'
import { callSideOrder, GREEK_COLUMNS, type GreekColumn } from '../lib/chain'
import { formatNumber, formatOi } from '../lib/format'
import { legFromChainClick, type BuilderLeg, type Touch } from '../lib/legs'

interface Props {
  rows: ChainRowFragment[]
  columns: GreekColumn[]
  /** The price the options are priced on: strikes below it are in the money for calls. */
  atmStrike: string | null
  onAddLeg: (leg: BuilderLeg) => void
}

const COLUMN = Object.fromEntries(GREEK_COLUMNS.map((c) => [c.key, c]))

function greek(analytics: ChainGreeksFragment | null, key: GreekColumn): string {
  if (!analytics) return '—'
  if (key === 'oi') return formatOi(analytics.oi)
  return formatNumber(analytics[key], COLUMN[key]!.places)
}

function PriceButton({ row, side, touch, onAddLeg }: { row: ChainRowFragment; side: 'CE' | 'PE'; touch: Touch; onAddLeg: Props['onAddLeg'] }) {
  const instrument = side === 'CE' ? row.call : row.put
  const quote = side === 'CE' ? row.callQuote : row.putQuote
  const leg = legFromChainClick(instrument, quote, touch)
  const price = touch === 'bid' ? quote?.bid : quote?.ask
  if (!leg || !price) return <Text color="fg.subtle">—</Text>
  const verb = touch === 'bid' ? 'Sell' : 'Buy'
  return (
    <Button
      size="2xs"
      variant="ghost"
      colorPalette={touch === 'bid' ? 'red' : 'green'}
      fontVariantNumeric="tabular-nums"
      fontWeight="normal"
      px="1"
      onClick={() => onAddLeg(leg)}
      aria-label={`${verb} ${leg.symbol} at ${price}`}
      title={`${verb} 1 lot at ${price}: adds a leg to the builder`}
      data-testid={`chain-${touch}`}
      data-symbol={leg.symbol}
    >
      {formatPrice(price)}
    </Button>
  )
}

/** Calls on the left, puts on the right, the strike in the middle; click a bid to sell, an ask to buy. */
export function ChainTable({ rows, columns, atmStrike, onAddLeg }: Props) {
  const callColumns = callSideOrder(columns)
  const putColumns = [...callColumns].reverse()
  const itm = (strike: string, side: 'CE' | 'PE') => {
    if (!atmStrike) return false
    const order = compare(strike, atmStrike)
    return side === 'CE' ? order < 0 : order > 0
  }
  const num = { textAlign: 'end', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const
  return (
    <Table.ScrollArea borderWidth="1px" borderRadius="l2">
      <Table.Root size="sm" aria-label="Option chain" data-testid="option-chain" css={{ '& td, & th': { px: '2', py: '1' } }}>
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader colSpan={callColumns.length + 3} textAlign="center" color="fg.muted">
              Calls (CE)
            </Table.ColumnHeader>
            <Table.ColumnHeader />
            <Table.ColumnHeader colSpan={putColumns.length + 3} textAlign="center" color="fg.muted">
              Puts (PE)
            </Table.ColumnHeader>
          </Table.Row>
          <Table.Row>
            {callColumns.map((key) => (
              <Table.ColumnHeader key={`c-${key}`} {...num} title={COLUMN[key]!.title}>
                {COLUMN[key]!.label}
              </Table.ColumnHeader>
            ))}
            <Table.ColumnHeader {...num}>LTP</Table.ColumnHeader>
            <Table.ColumnHeader {...num} title="Click a bid to sell">Bid</Table.ColumnHeader>
            <Table.ColumnHeader {...num} title="Click an ask to buy">Ask</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="center" bg="bg.muted">Strike</Table.ColumnHeader>
            <Table.ColumnHeader {...num} title="Click a bid to sell">Bid</Table.ColumnHeader>
            <Table.ColumnHeader {...num} title="Click an ask to buy">Ask</Table.ColumnHeader>
            <Table.ColumnHeader {...num}>LTP</Table.ColumnHeader>
            {putColumns.map((key) => (
              <Table.ColumnHeader key={`p-${key}`} {...num} title={COLUMN[key]!.title}>
                {COLUMN[key]!.label}
              </Table.ColumnHeader>
            ))}
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((row) => {
            const callBg = row.isAtm ? undefined : itm(row.strike, 'CE') ? 'yellow.subtle' : undefined
            const putBg = row.isAtm ? undefined : itm(row.strike, 'PE') ? 'yellow.subtle' : undefined
            return (
              <Table.Row
                key={row.strike}
                data-testid="chain-row"
                data-strike={row.strike}
                data-atm={row.isAtm ? 'true' : 'false'}
                bg={row.isAtm ? 'teal.subtle' : undefined}
                fontWeight={row.isAtm ? 'semibold' : undefined}
              >
                {callColumns.map((key) => (
                  <Table.Cell key={`c-${key}`} {...num} bg={callBg} color="fg.muted">
                    {greek(row.callAnalytics, key)}
                  </Table.Cell>
                ))}
                <Table.Cell {...num} bg={callBg}>{formatPrice(row.callQuote?.ltp)}</Table.Cell>
                <Table.Cell {...num} bg={callBg}><PriceButton row={row} side="CE" touch="bid" onAddLeg={onAddLeg} /></Table.Cell>
                <Table.Cell {...num} bg={callBg}><PriceButton row={row} side="CE" touch="ask" onAddLeg={onAddLeg} /></Table.Cell>
                <Table.Cell textAlign="center" bg={row.isAtm ? 'teal.muted' : 'bg.muted'} fontWeight="semibold" whiteSpace="nowrap">
                  {formatPrice(row.strike, 0)}
                  {row.isAtm ? <Text as="span" textStyle="2xs" color="teal.fg" ms="1">ATM</Text> : null}
                </Table.Cell>
                <Table.Cell {...num} bg={putBg}><PriceButton row={row} side="PE" touch="bid" onAddLeg={onAddLeg} /></Table.Cell>
                <Table.Cell {...num} bg={putBg}><PriceButton row={row} side="PE" touch="ask" onAddLeg={onAddLeg} /></Table.Cell>
                <Table.Cell {...num} bg={putBg}>{formatPrice(row.putQuote?.ltp)}</Table.Cell>
                {putColumns.map((key) => (
                  <Table.Cell key={`p-${key}`} {...num} bg={putBg} color="fg.muted">
                    {greek(row.putAnalytics, key)}
                  </Table.Cell>
                ))}
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table.Root>
    </Table.ScrollArea>
  )
}
