import { Badge, Card, EmptyState, HStack, NativeSelect, Spinner, Stack, Text } from '@chakra-ui/react'
import { useCallback, useMemo, useState } from 'react'
import { LuListOrdered } from 'react-icons/lu'
import { useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { LiveIndicator } from '@/components/LiveIndicator'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { BlotterAccountsDocument } from '@/graphql/generated/graphql'
import { useBlotter } from '../api/useBlotter'
import { isWorking } from '../lib/merge'
import { FillsTable } from './FillsTable'
import { OrdersTable } from './OrdersTable'

function Empty({ title, description }: { title: string; description: string }) {
  return (
    <EmptyState.Root size="sm">
      <EmptyState.Content>
        <EmptyState.Indicator>
          <LuListOrdered />
        </EmptyState.Indicator>
        <EmptyState.Title>{title}</EmptyState.Title>
        <EmptyState.Description>{description}</EmptyState.Description>
      </EmptyState.Content>
    </EmptyState.Root>
  )
}

/** Every order and fill, live: cancel or modify what is still working. */
export function BlotterPage() {
  const [accountId, setAccountId] = useState<string>('')
  const [{ data: accountsData }] = useQuery({ query: BlotterAccountsDocument })
  const blotter = useBlotter(accountId || null)
  const [problem, setProblem] = useState<string | null>(null)
  const labels = useMemo(() => new Map((accountsData?.accounts ?? []).map((a) => [a.id, a.label])), [accountsData])
  const accountLabel = useCallback((id: string) => labels.get(id) ?? '—', [labels])
  const working = blotter.orders.filter((o) => isWorking(o.status)).length

  return (
    <Stack gap="6">
      <PageHeader
        title="Blotter"
        subtitle="Every order and fill, updated live. Modify or cancel orders that are still working."
        actions={
          <HStack gap="3">
            <LiveIndicator connected={blotter.connected} problem={blotter.liveProblem} />
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
      {blotter.error ? <ErrorAlert title="Could not load the blotter">{describeError(blotter.error)}</ErrorAlert> : null}
      {problem ? <ErrorAlert testId="blotter-problem">{problem}</ErrorAlert> : null}
      <Card.Root>
        <Card.Header>
          <HStack gap="2">
            <Card.Title>Orders</Card.Title>
            {working > 0 ? (
              <Badge colorPalette="blue" variant="subtle" data-testid="working-count">
                {working} working
              </Badge>
            ) : null}
          </HStack>
        </Card.Header>
        <Card.Body>
          {blotter.loading ? (
            <HStack py="6" justify="center">
              <Spinner size="sm" /> <Text color="fg.muted">Loading orders…</Text>
            </HStack>
          ) : blotter.orders.length === 0 ? (
            <Empty title="No orders yet" description="Orders you place from the ticket, strategies or signals appear here as they happen." />
          ) : (
            <OrdersTable orders={blotter.orders} accountLabel={accountLabel} onChanged={blotter.accept} onProblem={setProblem} />
          )}
        </Card.Body>
      </Card.Root>
      <Card.Root>
        <Card.Header>
          <Card.Title>Fills</Card.Title>
        </Card.Header>
        <Card.Body>
          {blotter.loading ? null : blotter.fills.length === 0 ? (
            <Empty title="No fills yet" description="Each execution shows here with its price and charges." />
          ) : (
            <FillsTable fills={blotter.fills} accountLabel={accountLabel} />
          )}
        </Card.Body>
      </Card.Root>
    </Stack>
  )
}
