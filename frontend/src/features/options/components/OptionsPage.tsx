import { Card, Stack, Text } from '@chakra-ui/react'
import { useEffect, useState } from 'react'
import { useQuery } from 'urql'
import { OptionAccountsDocument } from '@/graphql/generated/graphql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { useExpiries, useOptionChain, useUnderlyings } from '../api/useOptionChain'
import { DEFAULT_COLUMNS, type GreekColumn } from '../lib/chain'
import { addLeg, type BuilderLeg } from '../lib/legs'
import { ChainControls } from './ChainControls'
import { ChainSummaryBar } from './ChainSummaryBar'
import { ChainTable } from './ChainTable'
import { Loading } from './Loading'
import { StrategyBuilder } from './StrategyBuilder'

const DEFAULT_UNDERLYING = 'NIFTY'

/** The option chain of an underlying and expiry, live, above the strategy builder it feeds. */
export function OptionsPage({ canTrade = true }: { canTrade?: boolean }) {
  const [underlying, setUnderlying] = useState(DEFAULT_UNDERLYING)
  const [picked, setPicked] = useState('')
  const [strikes, setStrikes] = useState(10)
  const [columns, setColumns] = useState<GreekColumn[]>(DEFAULT_COLUMNS)
  const [legs, setLegs] = useState<BuilderLeg[]>([])
  const { underlyings, problem: underlyingProblem } = useUnderlyings()
  const { expiries, loading: expiriesLoading, problem: expiryProblem } = useExpiries(underlying)
  const expiry = expiries.includes(picked) ? picked : (expiries[0] ?? '')
  const { chain, loading, connected, problem } = useOptionChain(underlying, expiry, strikes)
  const [accountsResult] = useQuery({ query: OptionAccountsDocument })
  const accounts = accountsResult.data?.accounts ?? []

  // Legs belong to one underlying: switching it starts a new position.
  useEffect(() => setLegs([]), [underlying])

  const spot = chain?.summary.spot ?? chain?.summary.futurePrice ?? null
  return (
    <Stack gap="5">
      <PageHeader title="Options" subtitle="The option chain with IV and greeks, live; build a position from it and place it as one basket." />
      <Card.Root data-testid="chain-card">
        <Card.Body>
          <Stack gap="4">
            <ChainControls underlyings={underlyings} underlying={underlying} onUnderlying={setUnderlying}
              expiries={expiries} expiry={expiry} onExpiry={setPicked} strikes={strikes} onStrikes={setStrikes}
              columns={columns} onColumns={setColumns} />
            {underlyingProblem ? <ErrorAlert>{underlyingProblem}</ErrorAlert> : null}
            {expiryProblem ? <ErrorAlert>{expiryProblem}</ErrorAlert> : null}
            {!expiriesLoading && !expiryProblem && expiries.length === 0 ? (
              <ErrorAlert title={`No ${underlying} options listed`}>
                Load an instrument master with its options (dalal import, or dalal demo for the demo market), or pick another underlying.
              </ErrorAlert>
            ) : null}
            {expiry ? <ChainSummaryBar summary={chain?.summary ?? null} connected={connected} problem={problem} /> : null}
            {problem ? <ErrorAlert title="The chain is not updating" testId="chain-problem">{problem}</ErrorAlert> : null}
            {loading ? <Loading what="the option chain" /> : null}
            {chain && chain.rows.length === 0 ? <Text color="fg.muted">This expiry has no strikes.</Text> : null}
            {chain && chain.rows.length > 0 ? (
              <ChainTable rows={chain.rows} columns={columns} atmStrike={chain.summary.atmStrike ?? null} onAddLeg={(leg) => setLegs((current) => addLeg(current, leg))} />
            ) : null}
          </Stack>
        </Card.Body>
      </Card.Root>
      {accountsResult.error ? <ErrorAlert>{describeError(accountsResult.error)}</ErrorAlert> : null}
      <StrategyBuilder underlying={underlying} expiry={expiry} spot={spot !== null ? Number(spot) : null} legs={legs} onLegs={setLegs}
        accounts={accounts} canTrade={canTrade} />
    </Stack>
  )
}
