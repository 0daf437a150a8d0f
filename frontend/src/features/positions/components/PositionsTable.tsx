import { Table, Text } from '@chakra-ui/react'
import { Pnl } from '@/components/Pnl'
import type { PositionRowFragment } from '@/graphql/generated/graphql'
import { formatMoney, formatPrice, formatQuantity, placesForTick } from '@/lib/money'
import { positionKey } from '../lib/positions'
import { describeStops } from '../lib/stops'
import { PositionStopsButton } from './PositionStopsButton'
import { SquareOffButton, type SquareOffNotice } from './SquareOffButton'

interface Props {
  positions: PositionRowFragment[]
  accountLabel: (id: string) => string
  onSquaredOff: (notice: SquareOffNotice) => void
}

export function PositionsTable({ positions, accountLabel, onSquaredOff }: Props) {
  return (
    <Table.ScrollArea borderWidth="1px" borderRadius="l2">
      <Table.Root size="sm" aria-label="Positions" data-testid="positions-table">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader>Account</Table.ColumnHeader>
            <Table.ColumnHeader>Symbol</Table.ColumnHeader>
            <Table.ColumnHeader>Product</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Net qty</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Avg. price</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">LTP</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Unrealized</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Realized</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Charges</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Bought / sold</Table.ColumnHeader>
            <Table.ColumnHeader>Stops</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end" aria-label="Actions" />
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {positions.map((p) => {
            const places = placesForTick(p.instrument.tickSize)
            const open = p.quantity !== 0
            return (
              <Table.Row
                key={positionKey(p)}
                data-testid="position-row"
                data-symbol={p.instrument.tradingsymbol}
                data-quantity={p.quantity}
                opacity={open ? 1 : 0.65}
              >
                <Table.Cell>{accountLabel(p.accountId)}</Table.Cell>
                <Table.Cell fontWeight="medium">{p.instrument.tradingsymbol}</Table.Cell>
                <Table.Cell>{p.product}</Table.Cell>
                <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums" data-testid="position-quantity">
                  <Text as="span" color={p.quantity > 0 ? 'fg.success' : p.quantity < 0 ? 'fg.error' : 'fg.muted'} fontWeight="semibold">
                    {p.quantity > 0 ? '+' : ''}
                    {formatQuantity(p.quantity)}
                  </Text>
                </Table.Cell>
                <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                  {formatPrice(p.averagePrice, places)}
                </Table.Cell>
                <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums" data-testid="position-ltp">
                  {formatPrice(p.ltp, places)}
                </Table.Cell>
                <Table.Cell textAlign="end" data-testid="position-unrealized">
                  <Pnl value={p.unrealizedPnl} />
                </Table.Cell>
                <Table.Cell textAlign="end">
                  <Pnl value={p.realizedPnl} />
                </Table.Cell>
                <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                  {formatMoney(p.charges.total)}
                </Table.Cell>
                <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums" color="fg.muted">
                  {formatQuantity(p.buyQuantity)} / {formatQuantity(p.sellQuantity)}
                </Table.Cell>
                <Table.Cell textStyle="xs" whiteSpace="nowrap" data-testid="position-stops">
                  {describeStops(p.stops) || (open ? <Text as="span" color="fg.subtle">none</Text> : null)}
                </Table.Cell>
                <Table.Cell textAlign="end" whiteSpace="nowrap">
                  {open ? <PositionStopsButton position={p} accountLabel={accountLabel(p.accountId)} /> : null}{' '}
                  {open ? <SquareOffButton position={p} accountLabel={accountLabel(p.accountId)} onDone={onSquaredOff} /> : null}
                </Table.Cell>
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table.Root>
    </Table.ScrollArea>
  )
}
