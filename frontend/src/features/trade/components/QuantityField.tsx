import { Field, Input } from '@chakra-ui/react'
import type { TicketInstrumentFragment } from '@/graphql/generated/graphql'
import { formatQuantity } from '@/lib/money'
import { isDerivative } from '../lib/instrument'
import { unitsOf } from '../lib/ticket'

interface Props {
  instrument: TicketInstrumentFragment | null
  value: string
  onChange: (value: string) => void
  problem?: string
}

/** Shares for equities; lots for F&O, with the units they make. */
export function QuantityField({ instrument, value, onChange, problem }: Props) {
  const lots = instrument ? isDerivative(instrument.kind) : false
  const units = instrument ? unitsOf(value, instrument) : 0
  return (
    <Field.Root invalid={!!problem} required>
      <Field.Label>{lots ? 'Lots' : 'Quantity'}</Field.Label>
      <Input value={value} onChange={(e) => onChange(e.target.value)} inputMode="numeric" data-testid="ticket-quantity" />
      {problem ? (
        <Field.ErrorText>{problem}</Field.ErrorText>
      ) : lots && instrument ? (
        <Field.HelperText data-testid="lot-units">
          {value.trim() || 0} × {instrument.lotSize} = {formatQuantity(units)} units
        </Field.HelperText>
      ) : (
        <Field.HelperText>Shares</Field.HelperText>
      )}
    </Field.Root>
  )
}
