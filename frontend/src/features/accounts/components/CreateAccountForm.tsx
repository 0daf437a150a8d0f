import { Button, Field, Input, InputGroup, NativeSelect, SimpleGrid, Stack } from '@chakra-ui/react'
import { useState, type FormEvent } from 'react'
import { LuPlus } from 'react-icons/lu'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { CreateAccountDocument } from '@/graphql/generated/graphql'
import { CHARGES_TEMPLATES, parseTags } from '../lib/templates'
import { amountProblem, cleanAmount } from '../lib/validate'

type Field = 'label' | 'capital' | 'multiplier' | 'tags' | 'chargesTemplate'
type Problems = Partial<Record<Field | 'form', string>>

const SERVER_FIELDS: Record<string, Field> = { template: 'chargesTemplate', charges_template: 'chargesTemplate' }

function check(label: string, capital: string, multiplier: string): Problems {
  const problems: Problems = {}
  if (label.trim() === '') problems.label = 'Give the account a label, e.g. “Intraday” or “Swing”.'
  const capitalProblem = amountProblem(capital, 'starting capital')
  if (capitalProblem) problems.capital = capitalProblem
  const multiplierProblem = amountProblem(multiplier, 'multiplier')
  if (multiplierProblem) problems.multiplier = multiplierProblem
  return problems
}

/** A new paper-trading account: label, starting capital, multiplier, tags and charges. */
export function CreateAccountForm({ onCreated }: { onCreated?: (label: string) => void }) {
  const [{ fetching }, create] = useMutation(CreateAccountDocument)
  const [label, setLabel] = useState('')
  const [capital, setCapital] = useState('')
  const [multiplier, setMultiplier] = useState('1')
  const [tags, setTags] = useState('')
  const [template, setTemplate] = useState<string>('zerodha')
  const [problems, setProblems] = useState<Problems>({})
  const [touched, setTouched] = useState(false)

  const shown = touched ? { ...check(label, capital, multiplier), ...problems } : problems

  async function submit(event: FormEvent) {
    event.preventDefault()
    setTouched(true)
    const local = check(label, capital, multiplier)
    if (Object.keys(local).length > 0) {
      setProblems({})
      return
    }
    setProblems({})
    const result = await create({
      input: {
        label: label.trim(),
        capital: cleanAmount(capital),
        multiplier: cleanAmount(multiplier),
        tags: parseTags(tags),
        chargesTemplate: template,
      },
    })
    if (result.error) return setProblems({ form: describeError(result.error) })
    const outcome = result.data?.createAccount
    if (!outcome) return setProblems({ form: 'The server gave no answer. Try again.' })
    switch (outcome.__typename) {
      case 'AccountSuccess':
        setLabel('')
        setCapital('')
        setMultiplier('1')
        setTags('')
        setTemplate('zerodha')
        setTouched(false)
        onCreated?.(outcome.account.label)
        return
      case 'InvalidInput': {
        const field = outcome.field ? (SERVER_FIELDS[outcome.field] ?? (outcome.field as Field)) : undefined
        const known: Field[] = ['label', 'capital', 'multiplier', 'tags', 'chargesTemplate']
        return setProblems(field && known.includes(field) ? { [field]: outcome.message } : { form: outcome.message })
      }
      default:
        return setProblems({ form: outcome.message })
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Create trading account">
      <Stack gap="4">
        {shown.form ? <ErrorAlert testId="create-account-error">{shown.form}</ErrorAlert> : null}
        <SimpleGrid columns={{ base: 1, md: 2, xl: 3 }} gap="4">
          <Field.Root invalid={!!shown.label} required>
            <Field.Label>Label</Field.Label>
            <Input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={64} placeholder="e.g. Intraday" />
            <Field.ErrorText>{shown.label}</Field.ErrorText>
          </Field.Root>
          <Field.Root invalid={!!shown.capital} required>
            <Field.Label>Starting capital</Field.Label>
            <InputGroup startElement="₹">
              <Input value={capital} onChange={(e) => setCapital(e.target.value)} inputMode="decimal" placeholder="10,00,000" />
            </InputGroup>
            <Field.ErrorText>{shown.capital}</Field.ErrorText>
          </Field.Root>
          <Field.Root invalid={!!shown.multiplier}>
            <Field.Label>Multiplier</Field.Label>
            <Input value={multiplier} onChange={(e) => setMultiplier(e.target.value)} inputMode="decimal" />
            {shown.multiplier ? (
              <Field.ErrorText>{shown.multiplier}</Field.ErrorText>
            ) : (
              <Field.HelperText>Sizes this account's share of each signal (2 = twice the lots).</Field.HelperText>
            )}
          </Field.Root>
          <Field.Root invalid={!!shown.tags}>
            <Field.Label>Tags</Field.Label>
            <Input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="e.g. intraday, fno" />
            {shown.tags ? <Field.ErrorText>{shown.tags}</Field.ErrorText> : <Field.HelperText>Separate tags with commas.</Field.HelperText>}
          </Field.Root>
          <Field.Root invalid={!!shown.chargesTemplate}>
            <Field.Label>Charges</Field.Label>
            <NativeSelect.Root>
              <NativeSelect.Field value={template} onChange={(e) => setTemplate(e.target.value)}>
                {CHARGES_TEMPLATES.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </NativeSelect.Field>
              <NativeSelect.Indicator />
            </NativeSelect.Root>
            {shown.chargesTemplate ? (
              <Field.ErrorText>{shown.chargesTemplate}</Field.ErrorText>
            ) : (
              <Field.HelperText>{CHARGES_TEMPLATES.find((t) => t.value === template)?.help}</Field.HelperText>
            )}
          </Field.Root>
        </SimpleGrid>
        <div>
          <Button type="submit" colorPalette="teal" loading={fetching} loadingText="Creating account">
            <LuPlus /> Create account
          </Button>
        </div>
      </Stack>
    </form>
  )
}
