import { Field, Input, SimpleGrid, Stack, Text } from '@chakra-ui/react'
import type { LevelOffset } from '@/graphql/generated/graphql'
import type { StopField, TicketProblems, TicketState } from '../lib/ticket'
import { ChoiceGroup } from './ChoiceGroup'

const UNITS: { value: LevelOffset; label: string }[] = [
  { value: 'POINTS', label: 'Points' },
  { value: 'PERCENT', label: '%' },
]
const FIELDS: { key: StopField; label: string; testId: string }[] = [
  { key: 'stopLoss', label: 'Stop-loss', testId: 'ticket-stop-loss' },
  { key: 'target', label: 'Target', testId: 'ticket-target' },
  { key: 'trailingStop', label: 'Trailing stop', testId: 'ticket-trailing-stop' },
]

interface Props {
  state: TicketState
  problems: TicketProblems
  onChange: (key: StopField | 'stopUnit', value: string) => void
}

/**
 * Bracket stops, all optional: from the entry's first fill they guard the position it opened,
 * measured from its average fill price (which moves if it fills in parts). The stop and the
 * target cancel each other; each exits at market and cancels what is left of the entry.
 */
export function StopFields({ state, problems, onChange }: Props) {
  return (
    <Stack gap="2" borderWidth="1px" borderRadius="l2" p="3" data-testid="ticket-stops">
      <ChoiceGroup<LevelOffset>
        label="Stops (optional), from the fill price"
        value={state.stopUnit}
        options={UNITS}
        onChange={(v) => onChange('stopUnit', v)}
      />
      <SimpleGrid columns={{ base: 1, sm: 3 }} gap="3">
        {FIELDS.map((field) => (
          <Field.Root key={field.key} invalid={!!problems[field.key]}>
            <Field.Label>{field.label}</Field.Label>
            <Input
              value={state[field.key]}
              onChange={(e) => onChange(field.key, e.target.value)}
              inputMode="decimal"
              placeholder="none"
              data-testid={field.testId}
            />
            <Field.ErrorText>{problems[field.key]}</Field.ErrorText>
          </Field.Root>
        ))}
      </SimpleGrid>
      <Text textStyle="xs" color="fg.muted">
        The first of stop-loss or target to be hit closes the position and cancels the other (OCO).
      </Text>
    </Stack>
  )
}
