import { Badge, IconButton, Input, Table } from '@chakra-ui/react'
import { useState } from 'react'
import { LuTrash2 } from 'react-icons/lu'
import { formatPrice, formatQuantity } from '@/lib/money'
import { formatExpiry } from '../lib/format'
import { MAX_LOTS, parseLots, type BuilderLeg } from '../lib/legs'

function LotsInput({ leg, onLots }: { leg: BuilderLeg; onLots: (lots: number) => void }) {
  const [text, setText] = useState(String(leg.lots))
  const [shownLots, setShownLots] = useState(leg.lots)
  // A template or a second click may change the lots from outside: show the new count.
  if (shownLots !== leg.lots) {
    setShownLots(leg.lots)
    setText(String(leg.lots))
  }
  const invalid = parseLots(text) === null
  return (
    <Input
      size="xs"
      w="16"
      textAlign="end"
      inputMode="numeric"
      value={text}
      aria-label={`Lots of ${leg.symbol} ${leg.side}`}
      aria-invalid={invalid}
      title={invalid ? `Whole lots from 1 to ${MAX_LOTS}` : `${formatQuantity(leg.lots * leg.lotSize)} units`}
      data-testid="leg-lots"
      onChange={(e) => {
        setText(e.target.value)
        const lots = parseLots(e.target.value)
        if (lots !== null) {
          setShownLots(lots)
          onLots(lots)
        }
      }}
    />
  )
}

/** The position's legs: side, type, strike, expiry, lots (editable) and the premium it is valued at. */
export function LegsTable({ legs, onLots, onRemove }: { legs: BuilderLeg[]; onLots: (key: string, lots: number) => void; onRemove: (key: string) => void }) {
  return (
    <Table.ScrollArea borderWidth="1px" borderRadius="l2">
      <Table.Root size="sm" aria-label="Legs" data-testid="legs-table">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader>Side</Table.ColumnHeader>
            <Table.ColumnHeader>Type</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Strike</Table.ColumnHeader>
            <Table.ColumnHeader>Expiry</Table.ColumnHeader>
            <Table.ColumnHeader>Symbol</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Lots</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Qty</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end" title="Per unit: the touch when added (buy at ask, sell at bid)">Price</Table.ColumnHeader>
            <Table.ColumnHeader />
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {legs.map((leg) => (
            <Table.Row key={leg.key} data-testid="leg-row" data-symbol={leg.symbol} data-side={leg.side}>
              <Table.Cell>
                <Badge colorPalette={leg.side === 'BUY' ? 'green' : 'red'} variant="subtle">{leg.side}</Badge>
              </Table.Cell>
              <Table.Cell>{leg.kind}</Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">{leg.strike ? formatPrice(leg.strike, 0) : '—'}</Table.Cell>
              <Table.Cell whiteSpace="nowrap">{formatExpiry(leg.expiry)}</Table.Cell>
              <Table.Cell color="fg.muted">{leg.symbol}</Table.Cell>
              <Table.Cell textAlign="end"><LotsInput leg={leg} onLots={(lots) => onLots(leg.key, lots)} /></Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">{formatQuantity(leg.lots * leg.lotSize)}</Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">{leg.price ? formatPrice(leg.price) : 'at touch'}</Table.Cell>
              <Table.Cell textAlign="end">
                <IconButton size="xs" variant="ghost" aria-label={`Remove ${leg.side} ${leg.symbol}`} onClick={() => onRemove(leg.key)} data-testid="remove-leg">
                  <LuTrash2 />
                </IconButton>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </Table.ScrollArea>
  )
}
