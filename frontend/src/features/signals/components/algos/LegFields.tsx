import { Box, Button, Checkbox, HStack, SimpleGrid, Text } from '@chakra-ui/react'
import { LuTrash2 } from 'react-icons/lu'
import type { FutureMonth } from '@/graphql/generated/graphql'
import { EXPIRY_RULES, legPath, SELECTION_KINDS, STRIKE_RULES, type LegForm } from '../../lib/legs'
import { SelectField, TextField } from '../common/Fields'

interface Props {
  leg: LegForm
  index: number
  problems: Record<string, string>
  onChange: (leg: LegForm) => void
  onRemove?: () => void
}

const MONTHS: { value: FutureMonth; label: string }[] = [
  { value: 'CURRENT', label: 'Current month' },
  { value: 'NEXT', label: 'Next month' },
]

const OPTION_TYPES: { value: 'CE' | 'PE'; label: string }[] = [
  { value: 'CE', label: 'CE (call)' },
  { value: 'PE', label: 'PE (put)' },
]

function StrikeTarget({ leg, index, problems, set }: { leg: LegForm; index: number; problems: Record<string, string>; set: (p: Partial<LegForm>) => void }) {
  if (leg.strikeRule === 'OFFSET') {
    return (
      <TextField label="Strikes from ATM" value={leg.strikeOffset} onChange={(v) => set({ strikeOffset: v })} inputMode="numeric"
        problem={problems[legPath(index, 'strikeOffset')]} help="+2: two strikes out of the money; −1: one strike in." />
    )
  }
  if (leg.strikeRule === 'PREMIUM') {
    return (
      <TextField label="Target premium (₹)" value={leg.targetPremium} onChange={(v) => set({ targetPremium: v })} inputMode="decimal"
        problem={problems[legPath(index, 'targetPremium')]} help="The strike whose premium is nearest this." />
    )
  }
  if (leg.strikeRule === 'DELTA') {
    return (
      <TextField label="Target delta" value={leg.targetDelta} onChange={(v) => set({ targetDelta: v })} inputMode="decimal"
        problem={problems[legPath(index, 'targetDelta')]} help="Between 0 and 1; 0.5 is about at the money." />
    )
  }
  return null
}

/** One leg of an algo: what to trade (fixed symbol, future or option) and how many lots. */
export function LegFields({ leg, index, problems, onChange, onRemove }: Props) {
  const set = (patch: Partial<LegForm>) => onChange({ ...leg, ...patch })
  const kindHelp = SELECTION_KINDS.find((k) => k.value === leg.kind)?.help
  return (
    <Box borderWidth="1px" borderRadius="l2" p="4" data-testid={`leg-${index}`} role="group" aria-label={`Leg ${index + 1}`}>
      <HStack justify="space-between" mb="3">
        <Text fontWeight="semibold" textStyle="sm">
          Leg {index + 1}
        </Text>
        {onRemove ? (
          <Button size="xs" variant="ghost" colorPalette="red" onClick={onRemove} aria-label={`Remove leg ${index + 1}`}>
            <LuTrash2 /> Remove
          </Button>
        ) : null}
      </HStack>
      <SimpleGrid columns={{ base: 1, md: 2, xl: 4 }} gap="4">
        <SelectField label="Instrument" value={leg.kind} options={SELECTION_KINDS} onChange={(kind) => set({ kind })} help={kindHelp} />
        {leg.kind === 'FIXED' ? (
          <TextField label="Symbol" value={leg.symbol} onChange={(v) => set({ symbol: v })} placeholder="e.g. RELIANCE"
            problem={problems[legPath(index, 'symbol')]} help="Blank: the symbol the alert names." />
        ) : (
          <TextField label="Underlying" value={leg.underlying} onChange={(v) => set({ underlying: v })} placeholder="e.g. NIFTY"
            problem={problems[legPath(index, 'underlying')]} help="Blank: the symbol the alert names." />
        )}
        {leg.kind === 'FUTURE' ? <SelectField label="Expiry" value={leg.month} options={MONTHS} onChange={(month) => set({ month })} /> : null}
        {leg.kind === 'OPTION' ? (
          <>
            <SelectField label="Option type" value={leg.optionType} options={OPTION_TYPES} onChange={(optionType) => set({ optionType })}
              problem={problems[legPath(index, 'optionType')]} />
            <SelectField label="Expiry" value={leg.expiryRule} options={EXPIRY_RULES} onChange={(expiryRule) => set({ expiryRule })} />
            <SelectField label="Strike" value={leg.strikeRule} options={STRIKE_RULES} onChange={(strikeRule) => set({ strikeRule })} />
            <StrikeTarget leg={leg} index={index} problems={problems} set={set} />
          </>
        ) : null}
        <TextField label="Lots" value={leg.lots} onChange={(v) => set({ lots: v })} inputMode="numeric"
          problem={problems[legPath(index, 'lots')]} help="Per multiplier 1; an account with multiplier 2 trades twice this." />
      </SimpleGrid>
      <Checkbox.Root mt="3" size="sm" checked={leg.opposite} onCheckedChange={(e) => set({ opposite: !!e.checked })}>
        <Checkbox.HiddenInput />
        <Checkbox.Control />
        <Checkbox.Label>Trade against the signal (a hedge leg)</Checkbox.Label>
      </Checkbox.Root>
    </Box>
  )
}
