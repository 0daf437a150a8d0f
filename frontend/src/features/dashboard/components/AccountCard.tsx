import { Badge, Card, DataList, HStack } from '@chakra-ui/react'
import { Pnl } from '@/components/Pnl'
import type { DashboardTotalsFragment } from '@/graphql/generated/graphql'
import { formatMoney } from '@/lib/money'

type AccountPortfolio = DashboardTotalsFragment['accounts'][number]

/** One account's cash, equity, margin and P&L. */
export function AccountCard({ item }: { item: AccountPortfolio }) {
  const open = item.positions.filter((p) => p.quantity !== 0).length
  const rows: { label: string; value: string; pnl?: boolean }[] = [
    { label: 'Equity', value: item.equity },
    { label: 'Cash', value: item.cash },
    { label: 'Margin used', value: item.marginUsed },
    { label: 'Margin available', value: item.marginAvailable },
    { label: 'Realized', value: item.realizedPnl, pnl: true },
    { label: 'Unrealized', value: item.unrealizedPnl, pnl: true },
    { label: 'Charges', value: item.charges },
  ]
  return (
    <Card.Root size="sm" data-testid="account-card" data-account-label={item.account.label}>
      <Card.Header>
        <HStack justify="space-between" align="flex-start" gap="2">
          <Card.Title>{item.account.label}</Card.Title>
          <Pnl value={item.netPnl} fontWeight="semibold" data-testid="account-net-pnl" />
        </HStack>
        <HStack gap="1" wrap="wrap">
          <Badge size="sm" variant="subtle">
            {open} open position{open === 1 ? '' : 's'}
          </Badge>
          <Badge size="sm" variant="outline">
            ×{item.account.multiplier}
          </Badge>
          {item.account.tags.map((tag) => (
            <Badge key={tag} size="sm" variant="outline">
              {tag}
            </Badge>
          ))}
        </HStack>
      </Card.Header>
      <Card.Body>
        <DataList.Root orientation="horizontal" size="sm" gap="1.5">
          {rows.map((row) => (
            <DataList.Item key={row.label}>
              <DataList.ItemLabel>{row.label}</DataList.ItemLabel>
              <DataList.ItemValue justifyContent="flex-end" fontVariantNumeric="tabular-nums">
                {row.pnl ? <Pnl value={row.value} /> : formatMoney(row.value)}
              </DataList.ItemValue>
            </DataList.Item>
          ))}
        </DataList.Root>
      </Card.Body>
    </Card.Root>
  )
}
