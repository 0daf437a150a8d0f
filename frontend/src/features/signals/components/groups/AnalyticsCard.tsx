import { Card, SimpleGrid, Stat } from '@chakra-ui/react'
import { Pnl } from '@/components/Pnl'
import type { SignalGroupDetailFragment } from '@/graphql/generated/graphql'
import { formatHolding, formatPercent } from '../../lib/status'

/** How the group's signals did: counts, win rate, P&L net of charges, time held. */
export function AnalyticsCard({ analytics }: { analytics: SignalGroupDetailFragment['analytics'] }) {
  const stats = [
    { label: 'Signals', value: analytics.signalCount.toLocaleString('en-IN'), testId: 'analytics-signals' },
    { label: 'Trades', value: analytics.tradeCount.toLocaleString('en-IN'), testId: 'analytics-trades' },
    { label: 'Win rate', value: formatPercent(analytics.winRate), testId: 'analytics-win-rate' },
    { label: 'Avg. holding', value: formatHolding(analytics.averageHoldingSeconds), testId: 'analytics-holding' },
  ]
  return (
    <Card.Root data-testid="group-analytics">
      <Card.Header>
        <Card.Title>Analytics</Card.Title>
      </Card.Header>
      <Card.Body>
        <SimpleGrid columns={{ base: 2, md: 5 }} gap="5">
          {stats.map((s) => (
            <Stat.Root key={s.label}>
              <Stat.Label>{s.label}</Stat.Label>
              <Stat.ValueText textStyle="xl" fontVariantNumeric="tabular-nums" data-testid={s.testId}>
                {s.value}
              </Stat.ValueText>
            </Stat.Root>
          ))}
          <Stat.Root>
            <Stat.Label>Total P&amp;L</Stat.Label>
            <Stat.ValueText textStyle="xl" data-testid="analytics-pnl">
              <Pnl value={analytics.netPnl} />
            </Stat.ValueText>
            <Stat.HelpText>Net of charges</Stat.HelpText>
          </Stat.Root>
        </SimpleGrid>
      </Card.Body>
    </Card.Root>
  )
}
