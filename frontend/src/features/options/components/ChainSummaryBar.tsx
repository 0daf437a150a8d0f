import { HStack, Stat, Wrap } from '@chakra-ui/react'
import type { ChainSummaryFragment } from '@/graphql/generated/graphql'
import { LiveIndicator } from '@/components/LiveIndicator'
import { formatPrice } from '@/lib/money'
import { formatNumber } from '../lib/format'

function Figure({ label, value, help, testId }: { label: string; value: string; help?: string; testId: string }) {
  return (
    <Stat.Root size="sm" minW="28" title={help} data-testid={testId}>
      <Stat.Label>{label}</Stat.Label>
      <Stat.ValueText fontVariantNumeric="tabular-nums">{value}</Stat.ValueText>
    </Stat.Root>
  )
}

/** Spot, future, PCR, max pain and the ATM IV of the expiry, with the live status. */
export function ChainSummaryBar({ summary, connected, problem }: { summary: ChainSummaryFragment | null; connected: boolean; problem?: string | null }) {
  const basis = summary?.pcrBasis === 'VOLUME' ? 'volume (the feed reports no open interest)' : 'open interest'
  return (
    <HStack justify="space-between" align="flex-start" wrap="wrap" gap="4" data-testid="chain-summary">
      <Wrap gap="6">
        <Figure label="Spot" value={formatPrice(summary?.spot)} testId="chain-spot" />
        <Figure label="Future" value={formatPrice(summary?.futurePrice)} help="The same expiry's future" testId="chain-future" />
        <Figure label="ATM strike" value={formatPrice(summary?.atmStrike, 0)} help="The strike nearest the forward" testId="chain-atm" />
        <Figure label="ATM IV" value={summary?.atmIv != null ? `${formatNumber(summary.atmIv, 1)}%` : '—'} testId="chain-atm-iv" />
        <Figure label="PCR" value={formatNumber(summary?.pcr)} help={`Put-call ratio on ${basis}`} testId="chain-pcr" />
        <Figure label="Max pain" value={formatPrice(summary?.maxPain, 0)} help={`Weighed on ${basis}`} testId="chain-max-pain" />
        <Figure label="Days to expiry" value={formatNumber(summary?.daysToExpiry, 1)} help="Calendar days to 15:30 IST on expiry" testId="chain-days" />
      </Wrap>
      <LiveIndicator connected={connected} problem={problem ?? undefined} />
    </HStack>
  )
}
