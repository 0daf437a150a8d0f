import { Button, Field, HStack, NativeSelect } from '@chakra-ui/react'
import { useState } from 'react'
import { useClient } from 'urql'
import { AccountOptionLegsDocument, type OptionAccountsQuery } from '@/graphql/generated/graphql'
import { describeError } from '@/graphql/errors'
import { legFromStrategyLeg, type BuilderLeg } from '../lib/legs'

type Account = OptionAccountsQuery['accounts'][number]

interface Props {
  accounts: Account[]
  underlying: string
  onLoaded: (legs: BuilderLeg[], note: string) => void
  onProblem: (message: string | null) => void
}

/** An account's open option and futures positions on this underlying, added as legs. */
export function AccountLegsLoader({ accounts, underlying, onLoaded, onProblem }: Props) {
  const [accountId, setAccountId] = useState('')
  const [loading, setLoading] = useState(false)
  const client = useClient()
  const chosen = accountId || accounts[0]?.id || ''

  async function load() {
    if (!chosen) return onProblem('You have no trading account yet: create one on the Accounts page.')
    setLoading(true)
    const result = await client.query(AccountOptionLegsDocument, { accountId: chosen }, { requestPolicy: 'network-only' }).toPromise()
    setLoading(false)
    if (result.error) return onProblem(describeError(result.error))
    const legs = result.data?.accountOptionLegs
    if (!legs) return onProblem('That account is not yours or no longer exists. Pick another account.')
    const here = legs.filter((l) => (l.instrument.underlying ?? '').toUpperCase() === underlying.toUpperCase())
    const label = accounts.find((a) => a.id === chosen)?.label ?? 'the account'
    onProblem(null)
    const skipped = legs.length - here.length
    const note =
      here.length === 0
        ? `${label} has no open ${underlying} options or futures${skipped ? ` (${skipped} on other underlyings)` : ''}.`
        : `Added ${here.length} open leg${here.length === 1 ? '' : 's'} of ${label}${skipped ? `; ${skipped} on other underlyings left out` : ''}.`
    onLoaded(here.map(legFromStrategyLeg), note)
  }

  return (
    <HStack gap="2" align="flex-end">
      <Field.Root w="auto" minW="40">
        <Field.Label>Open positions of</Field.Label>
        <NativeSelect.Root size="sm">
          <NativeSelect.Field aria-label="Account to load legs from" value={chosen} onChange={(e) => setAccountId(e.target.value)} data-testid="legs-account">
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>{a.label}</option>
            ))}
          </NativeSelect.Field>
          <NativeSelect.Indicator />
        </NativeSelect.Root>
      </Field.Root>
      <Button size="sm" variant="outline" onClick={load} loading={loading} disabled={accounts.length === 0} data-testid="load-account-legs">
        Load legs
      </Button>
    </HStack>
  )
}
