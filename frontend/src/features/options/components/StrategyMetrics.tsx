import { SimpleGrid, Stat } from '@chakra-ui/react'
import type { StrategyAnalyticsQuery } from '@/graphql/generated/graphql'
import { formatMoney, formatPrice } from '@/lib/money'
import { formatExtreme, formatNumber, formatProbability } from '../lib/format'

export type Analytics = Extract<StrategyAnalyticsQuery['optionStrategyAnalytics'], { __typename: 'OptionStrategyAnalytics' }>

function Metric({ label, value, help, tone, testId }: { label: string; value: string; help?: string; tone?: 'profit' | 'loss'; testId: string }) {
  return (
    <Stat.Root size="sm" borderWidth="1px" borderRadius="l2" px="3" py="2" title={help} data-testid={testId}>
      <Stat.Label>{label}</Stat.Label>
      <Stat.ValueText fontVariantNumeric="tabular-nums" textStyle="md" color={tone === 'profit' ? 'fg.success' : tone === 'loss' ? 'fg.error' : undefined}>
        {value}
      </Stat.ValueText>
    </Stat.Root>
  )
}

/** Max profit and loss (∞ where unlimited), breakevens, premium, PoP, margin and net greeks. */
export function StrategyMetrics({ analytics }: { analytics: Analytics }) {
  const a = analytics
  const credit = a.netPremium.startsWith('-') ? 'debit' : 'credit'
  const g = a.greeks
  return (
    <SimpleGrid columns={{ base: 2, md: 4, xl: 6 }} gap="2" data-testid="strategy-metrics">
      <Metric label="Max profit" value={formatExtreme(a.maxProfit, a.unlimitedProfit, 'profit')} tone="profit" testId="metric-max-profit" />
      <Metric label="Max loss" value={formatExtreme(a.maxLoss, a.unlimitedLoss, 'loss')} tone="loss" testId="metric-max-loss" />
      <Metric label="Breakevens" value={a.breakevens.length ? a.breakevens.map((b) => formatPrice(b)).join(' · ') : 'None'} testId="metric-breakevens" />
      <Metric label={`Net premium (${credit})`} value={formatMoney(a.netPremium, { signed: true })} help="Positive: a net credit received" testId="metric-premium" />
      <Metric label="Probability of profit" value={formatProbability(a.probabilityOfProfit)} help="Lognormal at the ATM IV, at the first expiry" testId="metric-pop" />
      <Metric label="Margin (approx.)" value={formatMoney(a.margin)} help="The core's margin, leg by leg, hedges not offset" testId="metric-margin" />
      <Metric label="Net delta" value={formatNumber(g.delta)} help="₹ per ₹1 move of the underlying" testId="metric-delta" />
      <Metric label="Net gamma" value={formatNumber(g.gamma, 4)} testId="metric-gamma" />
      <Metric label="Net theta" value={formatNumber(g.theta)} help="₹ per calendar day" testId="metric-theta" />
      <Metric label="Net vega" value={formatNumber(g.vega)} help="₹ per volatility point" testId="metric-vega" />
      <Metric label="Net rho" value={formatNumber(g.rho)} help="₹ per 1% of rate" testId="metric-rho" />
      <Metric label="Priced on" value={formatNumber(a.forward)} help="The forward the options are valued on" testId="metric-forward" />
    </SimpleGrid>
  )
}
