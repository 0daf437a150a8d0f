import { Badge, Table } from '@chakra-ui/react'
import type { BlotterFillFragment } from '@/graphql/generated/graphql'
import { multiply } from '@/lib/decimal'
import { formatDateTime, formatTime } from '@/lib/format'
import { formatMoney, formatPrice, formatQuantity } from '@/lib/money'
import { SideBadge } from './OrderStatusBadge'

export function FillsTable({ fills, accountLabel }: { fills: BlotterFillFragment[]; accountLabel: (id: string) => string }) {
  return (
    <Table.ScrollArea borderWidth="1px" borderRadius="l2" maxH="lg">
      <Table.Root size="sm" stickyHeader aria-label="Fills" data-testid="fills-table">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader>Time</Table.ColumnHeader>
            <Table.ColumnHeader>Account</Table.ColumnHeader>
            <Table.ColumnHeader>Symbol</Table.ColumnHeader>
            <Table.ColumnHeader>Side</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Qty</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Price</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Value</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Charges</Table.ColumnHeader>
            <Table.ColumnHeader>Tag</Table.ColumnHeader>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {fills.map((fill) => (
            <Table.Row key={fill.id} data-testid="fill-row" data-symbol={fill.instrument.tradingsymbol} data-order-id={fill.orderId}>
              <Table.Cell whiteSpace="nowrap" title={formatDateTime(fill.at)}>
                {formatTime(fill.at)}
              </Table.Cell>
              <Table.Cell>{accountLabel(fill.accountId)}</Table.Cell>
              <Table.Cell fontWeight="medium">{fill.instrument.tradingsymbol}</Table.Cell>
              <Table.Cell>
                <SideBadge side={fill.side} />
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {formatQuantity(fill.quantity)}
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {formatPrice(fill.price)}
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {formatMoney(multiply(fill.price, String(fill.quantity)))}
              </Table.Cell>
              <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                {formatMoney(fill.charges.total)}
              </Table.Cell>
              <Table.Cell>
                <Badge size="sm" variant="surface">
                  {fill.tag.toLowerCase().replace('_', ' ')}
                </Badge>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </Table.ScrollArea>
  )
}
