import { Field, Input, NativeSelect, type InputProps } from '@chakra-ui/react'
import type { ReactNode } from 'react'

interface TextFieldProps extends Omit<InputProps, 'value' | 'onChange'> {
  label: string
  value: string
  onChange: (value: string) => void
  problem?: string
  help?: ReactNode
  required?: boolean
}

/** A labelled input that shows its problem (or its help) underneath. */
export function TextField({ label, value, onChange, problem, help, required, ...input }: TextFieldProps) {
  return (
    <Field.Root invalid={!!problem} required={required}>
      <Field.Label>
        {label}
        {required ? <Field.RequiredIndicator /> : null}
      </Field.Label>
      <Input value={value} onChange={(e) => onChange(e.target.value)} {...input} />
      {problem ? <Field.ErrorText>{problem}</Field.ErrorText> : help ? <Field.HelperText>{help}</Field.HelperText> : null}
    </Field.Root>
  )
}

interface SelectFieldProps<T extends string> {
  label: string
  value: T
  options: { value: T; label: string }[]
  onChange: (value: T) => void
  problem?: string
  help?: ReactNode
}

/** A labelled native select (keyboard- and test-friendly). */
export function SelectField<T extends string>({ label, value, options, onChange, problem, help }: SelectFieldProps<T>) {
  return (
    <Field.Root invalid={!!problem}>
      <Field.Label>{label}</Field.Label>
      <NativeSelect.Root>
        <NativeSelect.Field value={value} onChange={(e) => onChange(e.target.value as T)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </NativeSelect.Field>
        <NativeSelect.Indicator />
      </NativeSelect.Root>
      {problem ? <Field.ErrorText>{problem}</Field.ErrorText> : help ? <Field.HelperText>{help}</Field.HelperText> : null}
    </Field.Root>
  )
}
