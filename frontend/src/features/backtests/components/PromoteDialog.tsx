import { Button, Dialog, Field, NativeSelect, Portal, Stack, Switch, Text } from '@chakra-ui/react'
import { useState, type FormEvent } from 'react'
import { LuRocket } from 'react-icons/lu'
import { useNavigate } from 'react-router'
import { useMutation, useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { BtAccountsDocument, BtPromoteDocument, type Interval } from '@/graphql/generated/graphql'
import { INTERVALS } from '../lib/setup'

interface Props {
  runId: string
  strategy: string
  params: unknown
  symbols: string[]
  interval: Interval
}

/**
 * Promote a backtest: the same strategy and parameters on the live feed, with paper orders
 * for one account. Daily candles close once a day, so a daily run starts on 1-minute candles
 * unless the person picks otherwise.
 */
export function PromoteDialog({ runId, strategy, params, symbols, interval }: Props) {
  const navigate = useNavigate()
  const [open, setOpen] = useState(false)
  const [{ data, error }] = useQuery({ query: BtAccountsDocument, pause: !open })
  const accounts = data?.accounts ?? []
  const [accountId, setAccountId] = useState('')
  const [charges, setCharges] = useState(true)
  const [candles, setCandles] = useState<Interval>(interval === 'D1' ? 'M1' : interval)
  const [problem, setProblem] = useState<string | null>(null)
  const [{ fetching }, start] = useMutation(BtPromoteDocument)
  const account = accounts.find((a) => a.id === accountId) ?? accounts[0]

  async function submit(event: FormEvent) {
    event.preventDefault()
    setProblem(null)
    if (!account) return setProblem('You have no trading account: create one on the Accounts page first.')
    const result = await start({
      input: { strategy, params: params ?? {}, accountId: account.id, symbols, interval: candles, charges, fromBacktestRunId: runId },
    })
    if (result.error) return setProblem(describeError(result.error))
    const outcome = result.data?.startForwardTest
    if (!outcome) return setProblem('The server gave no answer. Try again.')
    if (outcome.__typename !== 'ForwardTestSuccess') return setProblem(outcome.message)
    setOpen(false)
    navigate('/forward-tests', { state: { started: outcome.forwardTest.id } })
  }

  return (
    <Dialog.Root open={open} onOpenChange={(e) => setOpen(e.open)} placement="center">
      <Dialog.Trigger asChild>
        <Button size="sm" colorPalette="teal" data-testid="promote">
          <LuRocket /> Start forward test
        </Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content data-testid="promote-dialog">
            <form onSubmit={submit} noValidate>
              <Dialog.Header>
                <Dialog.Title>Start a forward test</Dialog.Title>
              </Dialog.Header>
              <Dialog.Body>
                <Stack gap="4">
                  <Text textStyle="sm" color="fg.muted">
                    {strategy} with this run’s parameters on {symbols.join(', ')}, on the live feed with paper orders. It trades from the next candle close.
                  </Text>
                  {error ? <ErrorAlert>{describeError(error)}</ErrorAlert> : null}
                  <Field.Root>
                    <Field.Label>Account</Field.Label>
                    <NativeSelect.Root>
                      <NativeSelect.Field value={account?.id ?? ''} onChange={(e) => setAccountId(e.target.value)} data-testid="promote-account">
                        {accounts.map((a) => (
                          <option key={a.id} value={a.id}>
                            {a.label} (charges: {a.chargesTemplate})
                          </option>
                        ))}
                      </NativeSelect.Field>
                      <NativeSelect.Indicator />
                    </NativeSelect.Root>
                  </Field.Root>
                  <Field.Root>
                    <Field.Label>Candles</Field.Label>
                    <NativeSelect.Root>
                      <NativeSelect.Field value={candles} onChange={(e) => setCandles(e.target.value as Interval)} data-testid="promote-interval">
                        {INTERVALS.map((i) => (
                          <option key={i.value} value={i.value}>
                            {i.label}
                          </option>
                        ))}
                      </NativeSelect.Field>
                      <NativeSelect.Indicator />
                    </NativeSelect.Root>
                    <Field.HelperText>The strategy acts and MTM updates at each candle close.</Field.HelperText>
                  </Field.Root>
                  <Field.Root>
                    <Switch.Root checked={charges} onCheckedChange={(e) => setCharges(e.checked)} colorPalette="teal" data-testid="promote-charges">
                      <Switch.HiddenInput />
                      <Switch.Control />
                      <Switch.Label>Pay charges</Switch.Label>
                    </Switch.Root>
                    <Field.HelperText>Charges follow the account’s template; without charges, pick an account whose template is “zero”.</Field.HelperText>
                  </Field.Root>
                  {problem ? <ErrorAlert testId="promote-error">{problem}</ErrorAlert> : null}
                </Stack>
              </Dialog.Body>
              <Dialog.Footer>
                <Dialog.ActionTrigger asChild>
                  <Button variant="outline">Cancel</Button>
                </Dialog.ActionTrigger>
                <Button type="submit" colorPalette="teal" loading={fetching} loadingText="Starting" data-testid="promote-confirm">
                  Start
                </Button>
              </Dialog.Footer>
            </form>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
