import { Card, SimpleGrid, Stat } from '@chakra-ui/react'
import { Pnl } from '@/components/Pnl'
import type { DashboardTotalsFragment } from '@/graphql/generated/graphql'
import { formatMoney } from '@/lib/money'

/** The consolidated MTM across every account, as the server totals it. */
export function PortfolioTotals({ portfolio }: { portfolio: DashboardTotalsFragment }) {
  const money = [
    { label: 'Equity', value: portfolio.equity },
    { label: 'Cash', value: portfolio.cash },
    { label: 'Margin used', value: portfolio.marginUsed },
    { label: 'Charges', value: portfolio.charges },
  ]
  const pnl = [
    { label: 'Realized', value: portfolio.realizedPnl },
    { label: 'Unrealized', value: portfolio.unrealizedPnl },
  ]
  return (
    <Card.Root data-testid="portfolio-totals">
      <Card.Header>
        <Card.Title>All accounts</Card.Title>
      </Card.Header>
      <Card.Body>
        <SimpleGrid columns={{ base: 2, md: 4, xl: 7 }} gap="5">
          <Stat.Root>
            <Stat.Label>Net P&amp;L</Stat.Label>
            <Stat.ValueText data-testid="total-net-pnl">
              <Pnl value={portfolio.netPnl} />
            </Stat.ValueText>
          </Stat.Root>
          {pnl.map((item) => (
            <Stat.Root key={item.label}>
              <Stat.Label>{item.label}</Stat.Label>
              <Stat.ValueText textStyle="lg">
                <Pnl value={item.value} />
              </Stat.ValueText>
            </Stat.Root>
          ))}
          {money.map((item) => (
            <Stat.Root key={item.label}>
              <Stat.Label>{item.label}</Stat.Label>
              <Stat.ValueText textStyle="lg" fontVariantNumeric="tabular-nums">
                {formatMoney(item.value)}
              </Stat.ValueText>
            </Stat.Root>
          ))}
        </SimpleGrid>
      </Card.Body>
    </Card.Root>
  )
}
