import { HStack, Skeleton, Stack, Text } from '@chakra-ui/react'
import { useEffect, useMemo } from 'react'
import { LuSquareX } from 'react-icons/lu'
import { Link as RouterLink } from 'react-router'
import { useMutation, useQuery, useSubscription } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { LiveIndicator } from '@/components/LiveIndicator'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { FtAccountsDocument, FtSessionsDocument, FtSquareOffAllDocument, FtUpdatesDocument, type FtUpdatesSubscription } from '@/graphql/generated/graphql'
import { foldUpdate, withLive, type LiveById } from '../lib/live'
import { ConfirmButton } from './ConfirmButton'
import { SessionCard } from './SessionCard'

const collect = (previous: LiveById | undefined, event: FtUpdatesSubscription) => foldUpdate(previous, event.forwardTestUpdates)

/** Every forward test of yours with its live MTM (forwardTestUpdates), day rows and controls. */
export function ForwardTestsPage() {
  const [{ data, error, fetching }, reload] = useQuery({ query: FtSessionsDocument, variables: { first: 50 }, requestPolicy: 'network-only' })
  const [accounts] = useQuery({ query: FtAccountsDocument })
  const [live] = useSubscription({ query: FtUpdatesDocument }, collect)
  const [, squareAll] = useMutation(FtSquareOffAllDocument)
  const liveById = useMemo(() => live.data ?? {}, [live.data])
  const sessions = (data?.forwardTests.edges ?? []).map((e) => withLive(e.node, liveById))
  const labels = new Map((accounts.data?.accounts ?? []).map((a) => [a.id, a.label]))

  // Day rows and positions are read, not streamed: reload them when a session reports a change.
  const latest = Object.values(liveById)
    .map((u) => `${u.id}:${u.at}:${u.status}`)
    .sort()
    .join('|')
  useEffect(() => {
    if (latest) reload({ requestPolicy: 'network-only' })
  }, [latest, reload])

  async function squareOffAll() {
    const result = await squareAll({})
    if (result.error) return describeError(result.error)
    reload({ requestPolicy: 'network-only' })
    return null
  }

  return (
    <Stack gap="5">
      <PageHeader
        title="Forward tests"
        subtitle="Strategies on the live feed with paper orders. MTM updates at each candle close."
        actions={
          <HStack gap="3">
            <LiveIndicator connected={!live.error} />
            <ConfirmButton
              label={
                <>
                  <LuSquareX /> Square off all
                </>
              }
              title="Square off every forward test?"
              description="Every session's working orders are cancelled and its positions closed at market."
              confirmLabel="Square off all"
              disabled={!sessions.some((s) => s.status !== 'SQUARED_OFF')}
              onConfirm={squareOffAll}
              testId="square-off-all"
            />
          </HStack>
        }
      />
      {error ? <ErrorAlert>{describeError(error)}</ErrorAlert> : null}
      {live.error ? <ErrorAlert>Live updates stopped: {describeError(live.error)} Reload the page to reconnect.</ErrorAlert> : null}
      {fetching && !data ? <Skeleton h="40" /> : null}
      {data && sessions.length === 0 ? (
        <Text color="fg.muted" data-testid="no-forward-tests">
          No forward tests yet. Open a finished <RouterLink to="/backtests">backtest</RouterLink> and press “Start forward test”.
        </Text>
      ) : null}
      {sessions.map((s) => (
        <SessionCard key={s.id} session={s} accountLabel={labels.get(s.accountId) ?? 'account'} />
      ))}
    </Stack>
  )
}
