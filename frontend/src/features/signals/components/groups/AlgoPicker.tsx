import { Checkbox, CheckboxGroup, Fieldset, Text, Wrap } from '@chakra-ui/react'
import type { ReactNode } from 'react'

interface Props {
  legend: string
  help: ReactNode
  algos: { id: string; name: string }[]
  value: string[]
  onChange: (ids: string[]) => void
  problem?: string
}

/** Pick any of the user's algos. */
export function AlgoPicker({ legend, help, algos, value, onChange, problem }: Props) {
  return (
    <Fieldset.Root invalid={!!problem}>
      <Fieldset.Legend textStyle="sm" fontWeight="medium">
        {legend}
      </Fieldset.Legend>
      <Fieldset.HelperText textStyle="xs">{help}</Fieldset.HelperText>
      {algos.length === 0 ? (
        <Text textStyle="sm" color="fg.muted">
          You have no algos yet: create one on the Algos tab, then link it here.
        </Text>
      ) : (
        <CheckboxGroup value={value} onValueChange={onChange} name={legend}>
          <Wrap gap="5">
            {algos.map((a) => (
              <Checkbox.Root key={a.id} value={a.id} colorPalette="teal">
                <Checkbox.HiddenInput />
                <Checkbox.Control />
                <Checkbox.Label>{a.name}</Checkbox.Label>
              </Checkbox.Root>
            ))}
          </Wrap>
        </CheckboxGroup>
      )}
      <Fieldset.ErrorText>{problem}</Fieldset.ErrorText>
    </Fieldset.Root>
  )
}
