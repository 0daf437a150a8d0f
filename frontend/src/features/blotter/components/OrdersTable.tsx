import { HStack, Table, Text } from '@chakra-ui/react'
import type { BlotterOrderFragment } from '@/graphql/generated/graphql'
import { formatDateTime, formatTime } from '@/lib/format'
import { formatPrice, formatQuantity, placesForTick } from '@/lib/money'
import { isWorking } from '../lib/merge'
import { CancelOrderButton } from './CancelOrderButton'
import { ModifyOrderDialog } from './ModifyOrderDialog'
import { OrderStatusBadge, SideBadge } from './OrderStatusBadge'

interface Props {
  orders: BlotterOrderFragment[]
  accountLabel: (id: string) => string
  onChanged: (order: BlotterOrderFragment) => void
  onProblem: (text: string | null) => void
}

function priceText(order: BlotterOrderFragment): string {
  const places = placesForTick(order.instrument.tickSize)
  const parts: string[] = []
  if (order.price) parts.push(formatPrice(order.price, places))
  if (order.triggerPrice) parts.push(`trg ${formatPrice(order.triggerPrice, places)}`)
  return parts.length > 0 ? parts.join(' · ') : 'Market'
}

function reasonOf(order: BlotterOrderFragment): string | null {
  return order.rejectReason ?? order.cancelReason ?? null
}

export function OrdersTable({ orders, accountLabel, onChanged, onProblem }: Props) {
  return (
    <Table.ScrollArea borderWidth="1px" borderRadius="l2" maxH="xl">
      <Table.Root size="sm" stickyHeader aria-label="Orders" data-testid="orders-table">
        <Table.Header>
          <Table.Row>
            <Table.ColumnHeader>Placed</Table.ColumnHeader>
            <Table.ColumnHeader>Account</Table.ColumnHeader>
            <Table.ColumnHeader>Symbol</Table.ColumnHeader>
            <Table.ColumnHeader>Side</Table.ColumnHeader>
            <Table.ColumnHeader>Type</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Filled / qty</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Price</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end">Avg. price</Table.ColumnHeader>
            <Table.ColumnHeader>Status</Table.ColumnHeader>
            <Table.ColumnHeader>By</Table.ColumnHeader>
            <Table.ColumnHeader textAlign="end" aria-label="Actions" />
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {orders.map((order) => {
            const reason = reasonOf(order)
            return (
              <Table.Row
                key={order.id}
                data-testid="order-row"
                data-order-id={order.id}
                data-symbol={order.instrument.tradingsymbol}
                data-status={order.status}
              >
                <Table.Cell whiteSpace="nowrap" title={formatDateTime(order.placedAt)}>
                  {formatTime(order.placedAt)}
                </Table.Cell>
                <Table.Cell>{accountLabel(order.accountId)}</Table.Cell>
                <Table.Cell fontWeight="medium">{order.instrument.tradingsymbol}</Table.Cell>
                <Table.Cell>
                  <SideBadge side={order.side} />
                </Table.Cell>
                <Table.Cell whiteSpace="nowrap">
                  {order.orderType.replace('_', '-')} · {order.product}
                  {order.validity === 'IOC' ? ' · IOC' : ''}
                </Table.Cell>
                <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                  {formatQuantity(order.filledQuantity)} / {formatQuantity(order.quantity)}
                </Table.Cell>
                <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums" whiteSpace="nowrap">
                  {priceText(order)}
                </Table.Cell>
                <Table.Cell textAlign="end" fontVariantNumeric="tabular-nums">
                  {order.averagePrice ? formatPrice(order.averagePrice, placesForTick(order.instrument.tickSize)) : '—'}
                </Table.Cell>
                <Table.Cell>
                  <OrderStatusBadge status={order.status} reason={reason} />
                  {reason && order.status === 'REJECTED' ? (
                    <Text textStyle="xs" color="fg.muted" maxW="48" truncate title={reason}>
                      {reason}
                    </Text>
                  ) : null}
                </Table.Cell>
                <Table.Cell textStyle="xs" color="fg.muted">
                  {order.triggeredBy}
                </Table.Cell>
                <Table.Cell textAlign="end">
                  {isWorking(order.status) ? (
                    <HStack gap="2" justify="flex-end">
                      <ModifyOrderDialog order={order} onModified={onChanged} />
                      <CancelOrderButton order={order} onCancelled={onChanged} onProblem={onProblem} />
                    </HStack>
                  ) : null}
                </Table.Cell>
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table.Root>
    </Table.ScrollArea>
  )
}
