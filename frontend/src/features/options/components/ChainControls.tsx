import { Checkbox, CheckboxGroup, Field, Fieldset, HStack, NativeSelect, Text, Wrap } from '@chakra-ui/react'
import { GREEK_COLUMNS, STRIKE_WINDOWS, type GreekColumn } from '../lib/chain'
import { formatExpiry } from '../lib/format'

interface Props {
  underlyings: string[]
  underlying: string
  onUnderlying: (value: string) => void
  expiries: string[]
  expiry: string
  onExpiry: (value: string) => void
  strikes: number
  onStrikes: (value: number) => void
  columns: GreekColumn[]
  onColumns: (value: GreekColumn[]) => void
}

function Select({ label, value, options, onChange, testId }: { label: string; value: string; options: { value: string; label: string }[]; onChange: (v: string) => void; testId: string }) {
  return (
    <Field.Root w="auto" minW="40">
      <Field.Label>{label}</Field.Label>
      <NativeSelect.Root size="sm">
        <NativeSelect.Field aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </NativeSelect.Field>
        <NativeSelect.Indicator />
      </NativeSelect.Root>
    </Field.Root>
  )
}

/** The underlying, the expiry, how many strikes each side of the ATM, and the columns shown. */
export function ChainControls(props: Props) {
  const { underlyings, underlying, expiries, expiry, strikes, columns } = props
  return (
    <HStack gap="4" align="flex-end" wrap="wrap">
      <Select label="Underlying" value={underlying} testId="chain-underlying" onChange={props.onUnderlying}
        options={(underlyings.includes(underlying) || !underlying ? underlyings : [underlying, ...underlyings]).map((u) => ({ value: u, label: u }))} />
      <Select label="Expiry" value={expiry} testId="chain-expiry" onChange={props.onExpiry}
        options={expiries.length ? expiries.map((e) => ({ value: e, label: formatExpiry(e) })) : [{ value: '', label: 'No expiries listed' }]} />
      <Select label="Strikes each side" value={String(strikes)} testId="chain-strikes" onChange={(v) => props.onStrikes(Number(v))}
        options={STRIKE_WINDOWS.map((n) => ({ value: String(n), label: `ATM ± ${n}` }))} />
      <Fieldset.Root w="auto">
        <Fieldset.Legend textStyle="sm" fontWeight="medium">Columns</Fieldset.Legend>
        <CheckboxGroup data-testid="chain-columns" value={columns} onValueChange={(v) => props.onColumns(v as GreekColumn[])} name="columns">
          <Wrap gap="3" minH="8" align="center">
            {GREEK_COLUMNS.map((c) => (
              <Checkbox.Root key={c.key} value={c.key} size="sm" colorPalette="teal" title={c.title}>
                <Checkbox.HiddenInput />
                <Checkbox.Control />
                <Checkbox.Label>
                  <Text as="span" textStyle="sm">{c.label}</Text>
                </Checkbox.Label>
              </Checkbox.Root>
            ))}
          </Wrap>
        </CheckboxGroup>
      </Fieldset.Root>
    </HStack>
  )
}
