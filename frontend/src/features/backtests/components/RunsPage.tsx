import { Button, Checkbox, HStack, Link, Skeleton, Stack, Table, Text } from '@chakra-ui/react'
import { useState } from 'react'
import { LuGitCompare, LuGrid3X3, LuPlay } from 'react-icons/lu'
import { Link as RouterLink, useNavigate } from 'react-router'
import { useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { BtRunsDocument } from '@/graphql/generated/graphql'
import { formatDateTime } from '@/lib/format'
import { formatPct, formatRatio } from '../lib/metrics'
import { StatusBadge } from './RunProgress'

/** Your runs, newest first; tick two to compare them. */
export function RunsPage() {
  const navigate = useNavigate()
  const [{ data, error, fetching }] = useQuery({ query: BtRunsDocument, variables: { first: 50 }, requestPolicy: 'cache-and-network' })
  const runs = data?.backtestRuns.edges.map((e) => e.node) ?? []
  const [picked, setPicked] = useState<string[]>([])
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]))

  return (
    <Stack gap="5">
      <PageHeader
        title="Backtests"
        subtitle="Your runs, newest first. Tick two runs to compare them."
        actions={
          <HStack gap="2" wrap="wrap">
            <Button size="sm" variant="outline" disabled={picked.length !== 2} onClick={() => navigate(`/backtests/compare?a=${picked[0]}&b=${picked[1]}`)} data-testid="compare-runs">
              <LuGitCompare /> Compare {picked.length}/2
            </Button>
            <Button size="sm" variant="outline" asChild>
              <RouterLink to="/backtests/sweep">
                <LuGrid3X3 /> Parameter sweep
              </RouterLink>
            </Button>
            <Button size="sm" colorPalette="teal" asChild>
              <RouterLink to="/strategies">
                <LuPlay /> New backtest
              </RouterLink>
            </Button>
          </HStack>
        }
      />
      {error ? <ErrorAlert>{describeError(error)}</ErrorAlert> : null}
      {fetching && !data ? <Skeleton h="40" /> : null}
      {data && runs.length === 0 ? (
        <Text color="fg.muted" data-testid="no-runs">
          No backtests yet. Start one from <RouterLink to="/strategies">Strategies</RouterLink>.
        </Text>
      ) : null}
      {runs.length > 0 ? (
        <Table.ScrollArea borderWidth="1px" borderRadius="l2">
          <Table.Root size="sm" aria-label="Backtest runs" data-testid="runs-table">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader w="8" aria-label="Compare" />
                <Table.ColumnHeader>Run</Table.ColumnHeader>
                <Table.ColumnHeader>Symbols</Table.ColumnHeader>
                <Table.ColumnHeader>Status</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">Return</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">Sharpe</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">Max DD</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">Trades</Table.ColumnHeader>
                <Table.ColumnHeader>Created</Table.ColumnHeader>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {runs.map((run) => (
                <Table.Row key={run.id} data-testid="run-row" data-run-id={run.id}>
                  <Table.Cell>
                    <Checkbox.Root size="sm" data-testid="pick-run" checked={picked.includes(run.id)} onCheckedChange={() => toggle(run.id)} disabled={run.status !== 'DONE'} aria-label="Pick to compare">
                      <Checkbox.HiddenInput />
                      <Checkbox.Control />
                    </Checkbox.Root>
                  </Table.Cell>
                  <Table.Cell>
                    <Link asChild fontWeight="medium" colorPalette="teal">
                      <RouterLink to={`/backtests/${run.id}`}>{run.label || run.strategy}</RouterLink>
                    </Link>
                    <Text textStyle="xs" color="fg.muted">
                      {run.strategy} · {run.interval}
                    </Text>
                  </Table.Cell>
                  <Table.Cell>{run.symbols.join(', ')}</Table.Cell>
                  <Table.Cell>
                    <StatusBadge status={run.status} />
                  </Table.Cell>
                  <Table.Cell textAlign="end">{formatPct(run.metrics?.returnPct, true)}</Table.Cell>
                  <Table.Cell textAlign="end">{formatRatio(run.metrics?.sharpe)}</Table.Cell>
                  <Table.Cell textAlign="end">{formatPct(run.metrics?.maxDrawdownPct)}</Table.Cell>
                  <Table.Cell textAlign="end">{run.metrics?.nTrades ?? '—'}</Table.Cell>
                  <Table.Cell whiteSpace="nowrap">{formatDateTime(run.createdAt)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </Table.ScrollArea>
      ) : null}
    </Stack>
  )
}
