import { HStack, Progress, Stack, Text } from '@chakra-ui/react'
import type { ScopeStatusFragment } from '@/graphql/generated/graphql'
import { formatMoney } from '@/lib/money'
import { headroomPalette, headroomPercent, ruleLabel } from '../lib/risk'

type Row = ScopeStatusFragment['headroom'][number]

const COUNTS = new Set(['MAX_POSITIONS'])

function amount(row: Row, value: string): string {
  return COUNTS.has(row.rule) ? String(Number(value)) : formatMoney(value)
}

/** One limit: how much of it is used, and what is left before it acts. */
export function HeadroomBar({ row }: { row: Row }) {
  const palette = headroomPalette(row.used)
  const breached = Number(row.headroom) <= 0
  return (
    <Stack gap="1" data-testid="headroom" data-rule={row.rule} data-used={row.used}>
      <HStack justify="space-between" textStyle="xs">
        <Text fontWeight="medium">{ruleLabel(row.rule)}</Text>
        <Text color={breached ? 'fg.error' : 'fg.muted'} fontVariantNumeric="tabular-nums" data-testid="headroom-left">
          {breached ? 'Breached' : `${amount(row, row.headroom)} left`} · limit {amount(row, row.limit)}
        </Text>
      </HStack>
      <Progress.Root value={headroomPercent(row.used)} colorPalette={palette} size="sm" aria-label={`${ruleLabel(row.rule)} used`}>
        <Progress.Track>
          <Progress.Range />
        </Progress.Track>
      </Progress.Root>
    </Stack>
  )
}
