import { Button, Dialog, Field, HStack, Input, NativeSelect, Portal, SimpleGrid, Stack, Text } from '@chakra-ui/react'
import { useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { SetPositionStopsDocument, type LevelOffset, type PositionRowFragment } from '@/graphql/generated/graphql'
import { stopsInput, type StopsForm } from '../lib/stops'

const EMPTY: StopsForm = { unit: 'POINTS', stopLoss: '', target: '', trailingStop: '' }
const UNITS: { value: LevelOffset; label: string }[] = [
  { value: 'POINTS', label: 'Points from the average price' },
  { value: 'PERCENT', label: 'Percent of the average price' },
  { value: 'PRICE', label: 'Absolute prices' },
]

/** Set, change or remove a position's stop-loss, target and trailing stop. */
export function PositionStopsButton({ position, accountLabel }: { position: PositionRowFragment; accountLabel: string }) {
  const [open, setOpen] = useState(false)
  const [form, setForm] = useState<StopsForm>(EMPTY)
  const [tried, setTried] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [{ fetching }, save] = useMutation(SetPositionStopsDocument)
  const { input, problems } = stopsInput(form)
  const symbol = position.instrument.tradingsymbol

  async function send(stops: NonNullable<typeof input>) {
    const result = await save({
      input: { accountId: position.accountId, symbol, exchange: position.instrument.exchange, product: position.product, stops },
    })
    if (result.error || !result.data) return setProblem(result.error ? describeError(result.error) : 'The server gave no answer. Try again.')
    const outcome = result.data.setPositionStops
    if (outcome.__typename !== 'SetPositionStopsSuccess') return setProblem(outcome.message)
    setOpen(false)
    setForm(EMPTY)
    setTried(false)
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    setTried(true)
    if (input) await send(input)
  }

  return (
    <Dialog.Root open={open} onOpenChange={(e) => { setOpen(e.open); setProblem(null) }} placement="center">
      <Dialog.Trigger asChild>
        <Button size="xs" variant="outline" aria-label={`Stops for ${symbol} ${position.product} in ${accountLabel}`}>
          Stops
        </Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <form onSubmit={submit} noValidate aria-label={`Stops for ${symbol}`}>
              <Dialog.Header>
                <Dialog.Title>Stops for {symbol}</Dialog.Title>
              </Dialog.Header>
              <Dialog.Body>
                <Stack gap="4">
                  <Text textStyle="sm" color="fg.muted">
                    A breach exits the whole position at market; the stop and the target cancel each other. Leave all empty to
                    remove the stops.
                  </Text>
                  <NativeSelect.Root>
                    <NativeSelect.Field
                      aria-label="Measured as"
                      value={form.unit}
                      onChange={(e) => setForm((f) => ({ ...f, unit: e.target.value as LevelOffset }))}
                    >
                      {UNITS.map((u) => (
                        <option key={u.value} value={u.value}>
                          {u.label}
                        </option>
                      ))}
                    </NativeSelect.Field>
                    <NativeSelect.Indicator />
                  </NativeSelect.Root>
                  <SimpleGrid columns={3} gap="3">
                    {(['stopLoss', 'target', 'trailingStop'] as const).map((field) => (
                      <Field.Root key={field} invalid={tried && !!problems[field]}>
                        <Field.Label>{field === 'stopLoss' ? 'Stop-loss' : field === 'target' ? 'Target' : 'Trailing stop'}</Field.Label>
                        <Input
                          value={form[field]}
                          onChange={(e) => setForm((f) => ({ ...f, [field]: e.target.value }))}
                          inputMode="decimal"
                          placeholder="none"
                        />
                        <Field.ErrorText>{problems[field]}</Field.ErrorText>
                      </Field.Root>
                    ))}
                  </SimpleGrid>
                  {problem ? <ErrorAlert>{problem}</ErrorAlert> : null}
                </Stack>
              </Dialog.Body>
              <Dialog.Footer>
                <HStack gap="2">
                  {position.stops ? (
                    <Button variant="ghost" colorPalette="red" onClick={() => void send({})} disabled={fetching}>
                      Remove stops
                    </Button>
                  ) : null}
                  <Dialog.ActionTrigger asChild>
                    <Button variant="outline">Cancel</Button>
                  </Dialog.ActionTrigger>
                  <Button type="submit" colorPalette="teal" loading={fetching} loadingText="Saving">
                    Save stops
                  </Button>
                </HStack>
              </Dialog.Footer>
            </form>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
