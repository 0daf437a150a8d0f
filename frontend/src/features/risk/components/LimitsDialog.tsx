import { Button, Dialog, Field, Input, NativeSelect, Portal, SimpleGrid, Stack, Text } from '@chakra-ui/react'
import { useState, type FormEvent, type ReactElement } from 'react'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { SetRiskLimitsDocument, type BreachAction, type CarryRule, type ScopeStatusFragment } from '@/graphql/generated/graphql'
import { formFromLimits, limitFamily, limitsInput, scopeInput, type LimitsForm } from '../lib/risk'

type FieldSpec = { key: keyof LimitsForm; label: string; help: string; unit?: string; time?: boolean }

const BOOK_FIELDS: FieldSpec[] = [
  { key: 'dailyLossLimit', label: 'Daily loss limit', help: 'Day P&L (MTM + realized, net of charges) at or below minus this', unit: '₹' },
  { key: 'dailyProfitTarget', label: 'Daily profit target', help: 'Day P&L at or above this', unit: '₹' },
  { key: 'maxGrossExposure', label: 'Max gross exposure', help: 'Σ |quantity × price| of open positions', unit: '₹' },
  { key: 'maxOrderValue', label: 'Max order value', help: 'Quantity × price of one order', unit: '₹' },
  { key: 'maxOrderQuantity', label: 'Max order quantity', help: 'Units in one order' },
  { key: 'maxPositions', label: 'Max open positions', help: 'Refuses orders that open one more' },
  { key: 'squareOffAt', label: 'Auto square-off (HH:MM IST)', help: 'Closes intraday positions; no new entries after it', time: true },
]

/** A signal group's or strategy's rules, over what it opened. */
const ATTRIBUTION_FIELDS: FieldSpec[] = [
  { key: 'mtmStopLoss', label: 'MTM stop-loss', help: 'Its P&L today (net of charges) at or below minus this', unit: '₹' },
  { key: 'mtmTarget', label: 'MTM target', help: 'Its P&L today at or above this', unit: '₹' },
  { key: 'lockActivateAt', label: 'Profit lock: activate at', help: 'Once its profit reaches this…', unit: '₹' },
  { key: 'lockAmount', label: 'Profit lock: keep at least', help: '…falling back to this squares it off', unit: '₹' },
  { key: 'maxPositions', label: 'Max open positions', help: 'Refuses entries beyond this' },
  { key: 'maxSignalsPerDay', label: 'Max signals a day', help: 'Signal groups: refuses the extra signals' },
  { key: 'entryStart', label: 'Entries from (HH:MM IST)', help: 'No entries before this', time: true },
  { key: 'entryEnd', label: 'Entries until (HH:MM IST)', help: 'No entries after this', time: true },
  { key: 'exitStart', label: 'Exits from (HH:MM IST)', help: 'Its own exits only inside the window', time: true },
  { key: 'exitEnd', label: 'Exits until (HH:MM IST)', help: 'Stops and panics may always exit', time: true },
  { key: 'squareOffAt', label: 'Exit all at (HH:MM IST)', help: 'Closes what it opened; no entries after it', time: true },
]

const ACTIONS: { value: BreachAction; label: string }[] = [
  { value: 'SQUARE_OFF', label: 'Square off and block' },
  { value: 'BLOCK', label: 'Block new entries' },
  { value: 'ALERT', label: 'Alert only' },
]
const CARRY: { value: CarryRule; label: string }[] = [
  { value: 'CARRY', label: 'Carry CNC/NRML overnight' },
  { value: 'FLATTEN', label: 'Flatten everything daily' },
]

type Target = Pick<ScopeStatusFragment, 'scope' | 'label' | 'limits'>

/** Edit one scope's limits; every field is optional (empty: no limit). Everything and the
 *  accounts take the book rules; a signal group or strategy the rules over what it opened. */
export function LimitsDialog({ status, trigger }: { status: Target; trigger?: ReactElement }) {
  const [open, setOpen] = useState(false)
  const [form, setForm] = useState<LimitsForm>(() => formFromLimits(status.limits))
  const [tried, setTried] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [{ fetching }, save] = useMutation(SetRiskLimitsDocument)
  const family = limitFamily(status.scope.kind)
  const { input, problems } = limitsInput(form, family)
  const fields = family === 'book' ? BOOK_FIELDS : ATTRIBUTION_FIELDS
  const set = (key: keyof LimitsForm, value: string) => setForm((f) => ({ ...f, [key]: value }))

  async function submit(event: FormEvent) {
    event.preventDefault()
    setTried(true)
    if (!input) return
    const result = await save({ scope: scopeInput(status.scope), limits: input })
    if (result.error || !result.data) return setProblem(result.error ? describeError(result.error) : 'The server gave no answer. Try again.')
    const outcome = result.data.setRiskLimits
    if (outcome.__typename === 'SetRiskLimitsSuccess') {
      setOpen(false)
      setTried(false)
      return
    }
    setProblem(outcome.message)
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(e) => {
        setOpen(e.open)
        if (e.open) setForm(formFromLimits(status.limits))
        setProblem(null)
      }}
      placement="center"
      size="lg"
    >
      <Dialog.Trigger asChild>
        {trigger ?? (
          <Button size="xs" variant="outline" aria-label={`Edit limits of ${status.label}`}>
            Edit limits
          </Button>
        )}
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <form onSubmit={submit} noValidate aria-label={`Limits of ${status.label}`}>
              <Dialog.Header>
                <Dialog.Title>Limits of “{status.label}”</Dialog.Title>
              </Dialog.Header>
              <Dialog.Body>
                <Stack gap="4">
                  <SimpleGrid columns={{ base: 1, sm: 2 }} gap="3">
                    {fields.map((field) => (
                      <Field.Root key={field.key} invalid={tried && !!problems[field.key]}>
                        <Field.Label>{field.label}</Field.Label>
                        <Input
                          value={form[field.key]}
                          onChange={(e) => set(field.key, e.target.value)}
                          inputMode={field.time ? 'text' : 'decimal'}
                          aria-label={field.label}
                          placeholder={field.unit ? `${field.unit} (no limit)` : 'no limit'}
                        />
                        {tried && problems[field.key] ? (
                          <Field.ErrorText>{problems[field.key]}</Field.ErrorText>
                        ) : (
                          <Field.HelperText>{field.help}</Field.HelperText>
                        )}
                      </Field.Root>
                    ))}
                    {family === 'book' ? (
                      <>
                        <Field.Root>
                          <Field.Label>On a breach</Field.Label>
                          <NativeSelect.Root>
                            <NativeSelect.Field value={form.onBreach} onChange={(e) => set('onBreach', e.target.value)} aria-label="On a breach">
                              {ACTIONS.map((a) => (
                                <option key={a.value} value={a.value}>
                                  {a.label}
                                </option>
                              ))}
                            </NativeSelect.Field>
                            <NativeSelect.Indicator />
                          </NativeSelect.Root>
                        </Field.Root>
                        <Field.Root>
                          <Field.Label>Next-day carry</Field.Label>
                          <NativeSelect.Root>
                            <NativeSelect.Field value={form.carry} onChange={(e) => set('carry', e.target.value)} aria-label="Next-day carry">
                              {CARRY.map((c) => (
                                <option key={c.value} value={c.value}>
                                  {c.label}
                                </option>
                              ))}
                            </NativeSelect.Field>
                            <NativeSelect.Indicator />
                          </NativeSelect.Root>
                        </Field.Root>
                      </>
                    ) : null}
                  </SimpleGrid>
                  {family === 'attribution' ? (
                    <Text fontSize="sm" color="fg.muted">
                      A breach squares off what it opened and disables it until you re-enable it here.
                    </Text>
                  ) : null}
                  {problem ? <ErrorAlert>{problem}</ErrorAlert> : null}
                </Stack>
              </Dialog.Body>
              <Dialog.Footer>
                <Dialog.ActionTrigger asChild>
                  <Button variant="outline">Cancel</Button>
                </Dialog.ActionTrigger>
                <Button type="submit" colorPalette="teal" loading={fetching} loadingText="Saving">
                  Save limits
                </Button>
              </Dialog.Footer>
            </form>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
