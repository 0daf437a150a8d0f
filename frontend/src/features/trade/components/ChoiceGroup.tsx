import { Field, SegmentGroup } from '@chakra-ui/react'

interface Props<T extends string> {
  label: string
  value: T
  options: { value: T; label: string }[]
  onChange: (value: T) => void
  help?: string
}

/** A labelled segmented choice (order type, product, validity). */
export function ChoiceGroup<T extends string>({ label, value, options, onChange, help }: Props<T>) {
  return (
    <Field.Root>
      <Field.Label>{label}</Field.Label>
      <SegmentGroup.Root
        size="sm"
        value={value}
        onValueChange={(e) => {
          if (e.value) onChange(e.value as T)
        }}
        aria-label={label}
        w="full"
      >
        <SegmentGroup.Indicator />
        <SegmentGroup.Items items={options} flex="1" />
      </SegmentGroup.Root>
      {help ? <Field.HelperText>{help}</Field.HelperText> : null}
    </Field.Root>
  )
}
