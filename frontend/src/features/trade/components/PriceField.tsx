import { Field, Input, InputGroup } from '@chakra-ui/react'

interface Props {
  label: string
  value: string
  onChange: (value: string) => void
  problem?: string
  tick: string | null
  testId: string
}

/** A limit or trigger price, checked against the instrument's tick size as you type. */
export function PriceField({ label, value, onChange, problem, tick, testId }: Props) {
  return (
    <Field.Root invalid={!!problem} required>
      <Field.Label>{label}</Field.Label>
      <InputGroup startElement="₹">
        <Input value={value} onChange={(e) => onChange(e.target.value)} inputMode="decimal" data-testid={testId} />
      </InputGroup>
      {problem ? <Field.ErrorText>{problem}</Field.ErrorText> : <Field.HelperText>{tick ? `Multiples of ${tick}` : ' '}</Field.HelperText>}
    </Field.Root>
  )
}
