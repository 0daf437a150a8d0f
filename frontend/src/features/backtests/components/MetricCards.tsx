import { SimpleGrid, Stat } from '@chakra-ui/react'
import { METRIC_CARDS, type Metrics } from '../lib/metrics'

const TONE_COLOR = { good: 'fg.success', bad: 'fg.error', neutral: 'fg' } as const

/** The metrics traders know, one card each; undefined ratios show as a dash. */
export function MetricCards({ metrics }: { metrics: Metrics }) {
  return (
    <SimpleGrid columns={{ base: 2, md: 4, xl: 5 }} gap="3" data-testid="metric-cards">
      {METRIC_CARDS.map((def) => (
        <Stat.Root key={def.key} borderWidth="1px" borderRadius="l2" p="3" bg="bg.panel" data-testid="metric" data-metric={def.key} title={def.help}>
          <Stat.Label>{def.label}</Stat.Label>
          <Stat.ValueText textStyle="lg" color={TONE_COLOR[def.tone?.(metrics) ?? 'neutral']} fontVariantNumeric="tabular-nums">
            {def.format(metrics)}
          </Stat.ValueText>
        </Stat.Root>
      ))}
    </SimpleGrid>
  )
}
