import { Button, Dialog, Field, Input, NativeSelect, Portal, SimpleGrid, Stack } from '@chakra-ui/react'
import { useState, type FormEvent } from 'react'
import { LuPencil } from 'react-icons/lu'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { UpdateAccountDocument, type AccountFieldsFragment } from '@/graphql/generated/graphql'
import { copyChoices, editValues, templateChoices, updateInput, type EditValues } from '../lib/edit'
import { CHARGES_TEMPLATES } from '../lib/templates'
import { amountProblem } from '../lib/validate'

type Field = 'label' | 'multiplier' | 'tags' | 'chargesTemplate' | 'copies'
type Problems = Partial<Record<Field | 'form', string>>

const SERVER_FIELDS: Record<string, Field> = {
  label: 'label',
  multiplier: 'multiplier',
  tags: 'tags',
  chargesTemplate: 'chargesTemplate',
  template: 'chargesTemplate',
  copiesAccountId: 'copies',
}

function check(values: EditValues): Problems {
  const problems: Problems = {}
  if (values.label.trim() === '') problems.label = 'Give the account a label.'
  const multiplier = amountProblem(values.multiplier, 'multiplier')
  if (multiplier) problems.multiplier = multiplier
  return problems
}

/**
 * Edit an account: label, multiplier, tags, charges, and which of the user's other accounts it
 * copies. Typed errors land on their field; anything else above the form.
 */
export function EditAccountDialog({ account, accounts }: { account: AccountFieldsFragment; accounts: AccountFieldsFragment[] }) {
  const [open, setOpen] = useState(false)
  const [values, setValues] = useState<EditValues>(() => editValues(account))
  const [problems, setProblems] = useState<Problems>({})
  const [{ fetching }, update] = useMutation(UpdateAccountDocument)
  const choices = copyChoices(account, accounts)
  const set = (field: keyof EditValues) => (value: string) => setValues((v) => ({ ...v, [field]: value }))

  async function submit(event: FormEvent) {
    event.preventDefault()
    const local = check(values)
    setProblems(local)
    if (Object.keys(local).length > 0) return
    const result = await update({ input: updateInput(account, values) })
    if (result.error) return setProblems({ form: describeError(result.error) })
    const outcome = result.data?.updateAccount
    if (!outcome) return setProblems({ form: 'The server gave no answer. Try again.' })
    switch (outcome.__typename) {
      case 'AccountSuccess':
        return setOpen(false)
      case 'InvalidInput':
      case 'CopyNotAllowed': {
        const field = outcome.field ? SERVER_FIELDS[outcome.field] : undefined
        return setProblems(field ? { [field]: outcome.message } : { form: outcome.message })
      }
      default:
        return setProblems({ form: outcome.message })
    }
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(e) => {
        setOpen(e.open)
        if (e.open) setValues(editValues(account))
        setProblems({})
      }}
      placement="center"
      size="lg"
    >
      <Dialog.Trigger asChild>
        <Button size="xs" variant="outline" aria-label={`Edit account ${account.label}`}>
          <LuPencil /> Edit
        </Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <form onSubmit={submit} noValidate aria-label="Edit trading account">
              <Dialog.Header>
                <Dialog.Title>Edit “{account.label}”</Dialog.Title>
              </Dialog.Header>
              <Dialog.Body>
                <Stack gap="4">
                  {problems.form ? <ErrorAlert testId="edit-account-error">{problems.form}</ErrorAlert> : null}
                  <SimpleGrid columns={{ base: 1, md: 2 }} gap="4">
                    <Field.Root invalid={!!problems.label} required>
                      <Field.Label>Label</Field.Label>
                      <Input value={values.label} onChange={(e) => set('label')(e.target.value)} maxLength={64} />
                      <Field.ErrorText>{problems.label}</Field.ErrorText>
                    </Field.Root>
                    <Field.Root invalid={!!problems.multiplier}>
                      <Field.Label>Multiplier</Field.Label>
                      <Input value={values.multiplier} onChange={(e) => set('multiplier')(e.target.value)} inputMode="decimal" />
                      {problems.multiplier ? (
                        <Field.ErrorText>{problems.multiplier}</Field.ErrorText>
                      ) : (
                        <Field.HelperText>Sizes this account's share of each signal and copied trade.</Field.HelperText>
                      )}
                    </Field.Root>
                    <Field.Root invalid={!!problems.tags}>
                      <Field.Label>Tags</Field.Label>
                      <Input value={values.tags} onChange={(e) => set('tags')(e.target.value)} placeholder="e.g. intraday, fno" />
                      {problems.tags ? <Field.ErrorText>{problems.tags}</Field.ErrorText> : <Field.HelperText>Separate tags with commas.</Field.HelperText>}
                    </Field.Root>
                    <Field.Root invalid={!!problems.chargesTemplate}>
                      <Field.Label>Charges</Field.Label>
                      <NativeSelect.Root>
                        <NativeSelect.Field value={values.chargesTemplate} onChange={(e) => set('chargesTemplate')(e.target.value)}>
                          {templateChoices(account.chargesTemplate).map((t) => (
                            <option key={t.value} value={t.value}>
                              {t.label}
                            </option>
                          ))}
                        </NativeSelect.Field>
                        <NativeSelect.Indicator />
                      </NativeSelect.Root>
                      {problems.chargesTemplate ? (
                        <Field.ErrorText>{problems.chargesTemplate}</Field.ErrorText>
                      ) : (
                        <Field.HelperText>{CHARGES_TEMPLATES.find((t) => t.value === values.chargesTemplate)?.help}</Field.HelperText>
                      )}
                    </Field.Root>
                  </SimpleGrid>
                  <Field.Root invalid={!!problems.copies} disabled={!!choices.blocked && !values.copies}>
                    <Field.Label>Copies trades of</Field.Label>
                    <NativeSelect.Root>
                      <NativeSelect.Field value={values.copies} onChange={(e) => set('copies')(e.target.value)}>
                        <option value="">No account (trades on its own)</option>
                        {choices.options.map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.label}
                          </option>
                        ))}
                      </NativeSelect.Field>
                      <NativeSelect.Indicator />
                    </NativeSelect.Root>
                    {problems.copies ? (
                      <Field.ErrorText>{problems.copies}</Field.ErrorText>
                    ) : (
                      <Field.HelperText>
                        {choices.blocked ??
                          'Each manual order filled on that account is copied here at the same price, same side and product, sized by this account’s multiplier (rounded down to whole lots). Copies are never copied again.'}
                      </Field.HelperText>
                    )}
                  </Field.Root>
                </Stack>
              </Dialog.Body>
              <Dialog.Footer>
                <Dialog.ActionTrigger asChild>
                  <Button variant="outline">Cancel</Button>
                </Dialog.ActionTrigger>
                <Button type="submit" colorPalette="teal" loading={fetching} loadingText="Saving">
                  Save changes
                </Button>
              </Dialog.Footer>
            </form>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
