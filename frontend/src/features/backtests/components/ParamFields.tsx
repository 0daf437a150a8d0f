import { Checkbox, Field, Input, NativeSelect, SimpleGrid } from '@chakra-ui/react'
import { isShown, paramLabel, type ParamProblems, type ParamSpec, type ParamValues } from '../lib/paramForm'

function boundsHint(spec: ParamSpec): string {
  const parts: string[] = []
  if (spec.min !== null) parts.push(`${spec.minExclusive ? '>' : '≥'} ${spec.min}`)
  if (spec.max !== null) parts.push(`${spec.maxExclusive ? '<' : '≤'} ${spec.max}`)
  return parts.join(', ')
}

function helpText(spec: ParamSpec): string {
  const bounds = boundsHint(spec)
  const optional = spec.nullable && !spec.default ? 'optional' : ''
  return [spec.description, bounds, optional].filter(Boolean).join(' · ')
}

interface Props {
  specs: ParamSpec[]
  values: ParamValues
  problems: ParamProblems
  onChange: (name: string, value: string) => void
}

/** One field per parameter that applies, typed from the strategy's schema. */
export function ParamFields({ specs, values, problems, onChange }: Props) {
  return (
    <SimpleGrid columns={{ base: 1, md: 2, xl: 3 }} gap="4" data-testid="param-fields">
      {specs
        .filter((spec) => isShown(spec, values))
        .map((spec) => {
          const value = values[spec.name] ?? ''
          const problem = problems[spec.name]
          const testId = `param-${spec.name}`
          if (spec.type === 'BOOL') {
            return (
              <Field.Root key={spec.name} invalid={!!problem}>
                <Checkbox.Root
                  checked={value === 'true'}
                  onCheckedChange={(e) => onChange(spec.name, e.checked === true ? 'true' : 'false')}
                  data-testid={testId}
                  mt="6"
                >
                  <Checkbox.HiddenInput />
                  <Checkbox.Control />
                  <Checkbox.Label>{paramLabel(spec.name)}</Checkbox.Label>
                </Checkbox.Root>
                {problem ? <Field.ErrorText>{problem}</Field.ErrorText> : <Field.HelperText>{helpText(spec)}</Field.HelperText>}
              </Field.Root>
            )
          }
          return (
            <Field.Root key={spec.name} invalid={!!problem} required={spec.required && !spec.nullable}>
              <Field.Label>{paramLabel(spec.name)}</Field.Label>
              {spec.type === 'ENUM' && spec.choices ? (
                <NativeSelect.Root>
                  <NativeSelect.Field value={value} onChange={(e) => onChange(spec.name, e.target.value)} data-testid={testId}>
                    {spec.choices.map((choice) => (
                      <option key={choice} value={choice}>
                        {choice}
                      </option>
                    ))}
                  </NativeSelect.Field>
                  <NativeSelect.Indicator />
                </NativeSelect.Root>
              ) : (
                <Input
                  value={value}
                  onChange={(e) => onChange(spec.name, e.target.value)}
                  inputMode={spec.type === 'STRING' ? 'text' : 'decimal'}
                  placeholder={spec.default ?? ''}
                  data-testid={testId}
                />
              )}
              {problem ? <Field.ErrorText>{problem}</Field.ErrorText> : <Field.HelperText>{helpText(spec)}</Field.HelperText>}
            </Field.Root>
          )
        })}
    </SimpleGrid>
  )
}
