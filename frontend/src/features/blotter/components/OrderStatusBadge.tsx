import { Badge } from '@chakra-ui/react'
import type { OrderStatus } from '@/graphql/generated/graphql'
import { titleCase } from '@/lib/format'

const PALETTE: Record<OrderStatus, string> = {
  PENDING: 'gray',
  OPEN: 'blue',
  TRIGGER_PENDING: 'purple',
  PARTIALLY_FILLED: 'orange',
  COMPLETE: 'green',
  CANCELLED: 'gray',
  REJECTED: 'red',
}

export function OrderStatusBadge({ status, reason }: { status: OrderStatus; reason?: string | null }) {
  return (
    <Badge colorPalette={PALETTE[status]} variant="subtle" title={reason ?? undefined} data-testid="order-status" data-status={status}>
      {titleCase(status)}
    </Badge>
  )
}

export function SideBadge({ side }: { side: 'BUY' | 'SELL' }) {
  return (
    <Badge colorPalette={side === 'BUY' ? 'green' : 'red'} variant="outline" size="sm">
      {side}
    </Badge>
  )
}
