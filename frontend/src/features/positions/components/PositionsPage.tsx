import { Alert, Card, EmptyState, HStack, NativeSelect, Spinner, Stack, Switch, Text } from '@chakra-ui/react'
import { useCallback, useMemo, useState } from 'react'
import { LuBriefcase } from 'react-icons/lu'
import { useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { LiveIndicator } from '@/components/LiveIndicator'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { PositionsAccountsDocument } from '@/graphql/generated/graphql'
import { usePositions } from '../api/usePositions'
import { PositionsTable } from './PositionsTable'
import type { SquareOffNotice } from './SquareOffButton'

/** Net positions per account with live LTP and MTM, and a square-off per open position. */
export function PositionsPage() {
  const [accountId, setAccountId] = useState('')
  const [openOnly, setOpenOnly] = useState(false)
  const [notice, setNotice] = useState<SquareOffNotice | null>(null)
  const [{ data: accountsData }] = useQuery({ query: PositionsAccountsDocument })
  const live = usePositions(accountId || null)
  const labels = useMemo(() => new Map((accountsData?.accounts ?? []).map((a) => [a.id, a.label])), [accountsData])
  const accountLabel = useCallback((id: string) => labels.get(id) ?? '—', [labels])
  const shown = openOnly ? live.positions.filter((p) => p.quantity !== 0) : live.positions

  return (
    <Stack gap="6">
      <PageHeader
        title="Positions"
        subtitle="Net quantity per account, instrument and product, marked to the live price."
        actions={
          <HStack gap="4" wrap="wrap">
            <LiveIndicator connected={live.connected} problem={live.liveProblem} />
            <Switch.Root checked={openOnly} onCheckedChange={(e) => setOpenOnly(e.checked)} size="sm">
              <Switch.HiddenInput />
              <Switch.Control />
              <Switch.Label>Open only</Switch.Label>
            </Switch.Root>
            <NativeSelect.Root size="sm" w="56">
              <NativeSelect.Field aria-label="Account filter" value={accountId} onChange={(e) => setAccountId(e.target.value)}>
                <option value="">All accounts</option>
                {(accountsData?.accounts ?? []).map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.label}
                  </option>
                ))}
              </NativeSelect.Field>
              <NativeSelect.Indicator />
            </NativeSelect.Root>
          </HStack>
        }
      />
      {live.error ? <ErrorAlert title="Could not load positions">{describeError(live.error)}</ErrorAlert> : null}
      {notice ? (
        <Alert.Root status={notice.status} borderRadius="l2" data-testid="square-off-notice" role={notice.status === 'error' ? 'alert' : 'status'}>
          <Alert.Indicator />
          <Alert.Description>{notice.text}</Alert.Description>
        </Alert.Root>
      ) : null}
      <Card.Root>
        <Card.Body>
          {live.loading ? (
            <HStack py="6" justify="center">
              <Spinner size="sm" /> <Text color="fg.muted">Loading positions…</Text>
            </HStack>
          ) : shown.length === 0 ? (
            <EmptyState.Root size="sm" data-testid="positions-empty">
              <EmptyState.Content>
                <EmptyState.Indicator>
                  <LuBriefcase />
                </EmptyState.Indicator>
                <EmptyState.Title>{openOnly ? 'No open positions' : 'No positions yet'}</EmptyState.Title>
                <EmptyState.Description>A position appears here as soon as an order fills.</EmptyState.Description>
              </EmptyState.Content>
            </EmptyState.Root>
          ) : (
            <PositionsTable positions={shown} accountLabel={accountLabel} onSquaredOff={setNotice} />
          )}
        </Card.Body>
      </Card.Root>
    </Stack>
  )
}
