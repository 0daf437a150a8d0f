import { Button, Dialog, Field, Input, InputGroup, Portal, Stack, Text } from '@chakra-ui/react'
import { useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { DepositCashDocument, WithdrawCashDocument, type AccountFieldsFragment } from '@/graphql/generated/graphql'
import { formatMoney } from '@/lib/money'
import { amountProblem, cleanAmount } from '../lib/validate'

export type CashMove = 'deposit' | 'withdraw'

const WORDS: Record<CashMove, { title: string; verb: string; busy: string }> = {
  deposit: { title: 'Deposit into', verb: 'Deposit', busy: 'Depositing' },
  withdraw: { title: 'Withdraw from', verb: 'Withdraw', busy: 'Withdrawing' },
}

/** A deposit or withdrawal for one account, in a dialog; typed errors show inline. */
export function CashDialog({ account, move }: { account: AccountFieldsFragment; move: CashMove }) {
  const [open, setOpen] = useState(false)
  const [amount, setAmount] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [touched, setTouched] = useState(false)
  const [{ fetching: depositing }, deposit] = useMutation(DepositCashDocument)
  const [{ fetching: withdrawing }, withdraw] = useMutation(WithdrawCashDocument)
  const words = WORDS[move]
  const local = touched ? amountProblem(amount, 'amount') : null

  async function submit(event: FormEvent) {
    event.preventDefault()
    setTouched(true)
    if (amountProblem(amount, 'amount')) return
    setProblem(null)
    const variables = { accountId: account.id, amount: cleanAmount(amount) }
    const result =
      move === 'deposit'
        ? await deposit(variables).then((r) => ({ error: r.error, outcome: r.data?.deposit }))
        : await withdraw(variables).then((r) => ({ error: r.error, outcome: r.data?.withdraw }))
    if (result.error) return setProblem(describeError(result.error))
    const outcome = result.outcome
    if (!outcome) return setProblem('The server gave no answer. Try again.')
    if (outcome.__typename === 'AccountSuccess') {
      setOpen(false)
      setAmount('')
      setTouched(false)
      return
    }
    setProblem(outcome.message)
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(e) => {
        setOpen(e.open)
        if (!e.open) {
          setProblem(null)
          setTouched(false)
        }
      }}
      placement="center"
    >
      <Dialog.Trigger asChild>
        <Button size="xs" variant="outline" aria-label={`${words.verb} cash for ${account.label}`}>
          {words.verb}
        </Button>
      </Dialog.Trigger>
      <Portal>
        <Dialog.Backdrop />
        <Dialog.Positioner>
          <Dialog.Content>
            <form onSubmit={submit} noValidate aria-label={`${words.verb} cash`}>
            <Dialog.Header>
              <Dialog.Title>
                {words.title} “{account.label}”
              </Dialog.Title>
            </Dialog.Header>
            <Dialog.Body>
              <Stack gap="4">
                <Text textStyle="sm" color="fg.muted">
                  Cash now: <strong>{formatMoney(account.cash)}</strong>
                </Text>
                {problem ? <ErrorAlert testId="cash-error">{problem}</ErrorAlert> : null}
                <Field.Root invalid={!!local} required>
                  <Field.Label>Amount</Field.Label>
                  <InputGroup startElement="₹">
                    <Input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" autoFocus />
                  </InputGroup>
                  <Field.ErrorText>{local}</Field.ErrorText>
                </Field.Root>
              </Stack>
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.ActionTrigger asChild>
                <Button variant="outline">Close</Button>
              </Dialog.ActionTrigger>
              <Button type="submit" colorPalette="teal" loading={depositing || withdrawing} loadingText={words.busy}>
                {words.verb}
              </Button>
            </Dialog.Footer>
            </form>
          </Dialog.Content>
        </Dialog.Positioner>
      </Portal>
    </Dialog.Root>
  )
}
