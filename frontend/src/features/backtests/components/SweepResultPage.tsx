import { Button, Card, Field, HStack, NativeSelect, Progress, Skeleton, Stack, Table, Text } from '@chakra-ui/react'
import { useEffect, useState } from 'react'
import { useParams, useSearchParams } from 'react-router'
import { useMutation, useQuery, useSubscription } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { BtCancelSweepDocument, BtSweepDocument, BtSweepProgressDocument } from '@/graphql/generated/graphql'
import { HEAT_METRICS } from '../lib/heatmap'
import { formatEta, formatPct, formatRatio } from '../lib/metrics'
import { flatten } from '../lib/paramForm'
import { Heatmap } from './Heatmap'
import { StatusBadge } from './RunProgress'

/** A sweep's progress, then its results table and a heatmap of the chosen metric. */
export function SweepResultPage() {
  const { id = '' } = useParams()
  const [search] = useSearchParams()
  const [metric, setMetric] = useState('returnPct')
  const [first] = useQuery({ query: BtSweepDocument, variables: { id, x: '', y: '', metric, withHeatmap: false }, requestPolicy: 'network-only' })
  const grid = first.data?.sweep?.grid ?? []
  const x = search.get('x') ?? grid[0]?.name ?? ''
  const y = search.get('y') ?? grid[1]?.name ?? ''
  const [{ data, error }, reload] = useQuery({
    query: BtSweepDocument,
    variables: { id, x, y, metric, withHeatmap: true },
    pause: !x || !y,
    requestPolicy: 'network-only',
  })
  const [progress] = useSubscription({ query: BtSweepProgressDocument, variables: { id } })
  const status = progress.data?.sweepProgress.status
  const [cancelState, cancel] = useMutation(BtCancelSweepDocument)
  const [cancelProblem, setCancelProblem] = useState<string | null>(null)
  async function stop() {
    setCancelProblem(null)
    const result = await cancel({ id })
    if (result.error) return setCancelProblem(describeError(result.error))
    const outcome = result.data?.cancelSweep
    if (outcome && outcome.__typename !== 'CancelSweepSuccess') setCancelProblem(outcome.message)
  }
  useEffect(() => {
    if (status === 'DONE' || status === 'FAILED' || status === 'CANCELLED') reload({ requestPolicy: 'network-only' })
  }, [status, reload])

  const sweep = data?.sweep ?? first.data?.sweep
  const problem = error ?? first.error
  if (problem) return <ErrorAlert>{describeError(problem)}</ErrorAlert>
  if (!sweep) return first.data ? <ErrorAlert title="No such sweep among yours">Start one from Backtests → Parameter sweep.</ErrorAlert> : <Skeleton h="60" />
  const heatmap = data?.sweep?.heatmap
  const live = progress.data?.sweepProgress
  const percent = live?.percent ?? sweep.progressPct
  const running = (live?.status ?? sweep.status) === 'RUNNING' || (live?.status ?? sweep.status) === 'QUEUED'
  const def = HEAT_METRICS.find((m) => m.key === metric)

  return (
    <Stack gap="5" data-testid="sweep-page" data-status={live?.status ?? sweep.status}>
      <PageHeader
        title={`Sweep of ${sweep.strategy}`}
        subtitle={`${sweep.symbols.join(', ')} · ${sweep.interval} · ${sweep.grid.map((a) => `${a.name} ∈ {${a.values.join(', ')}}`).join(' × ')}`}
        actions={<StatusBadge status={live?.status ?? sweep.status} />}
      />
      {running ? (
        <Card.Root>
          <Card.Body>
            <Progress.Root value={percent} size="sm" colorPalette="teal" striped animated>
              <Progress.Track>
                <Progress.Range />
              </Progress.Track>
            </Progress.Root>
            <HStack mt="2" justify="space-between">
              <Text textStyle="sm" color="fg.muted">
                {percent.toFixed(0)}% of the points · ETA {formatEta(live?.etaSeconds)}
              </Text>
              <Button size="xs" variant="outline" colorPalette="red" onClick={stop} loading={cancelState.fetching} data-testid="cancel-sweep">
                Cancel
              </Button>
            </HStack>
            {cancelProblem ? <ErrorAlert>{cancelProblem}</ErrorAlert> : null}
          </Card.Body>
        </Card.Root>
      ) : null}
      {sweep.error ? <ErrorAlert title="The sweep failed">{sweep.error} Adjust the grid and start it again.</ErrorAlert> : null}
      <Card.Root>
        <Card.Header>
          <HStack justify="space-between" wrap="wrap">
            <Card.Title textStyle="md">Heatmap</Card.Title>
            <Field.Root w="48">
              <NativeSelect.Root size="sm">
                <NativeSelect.Field value={metric} onChange={(e) => setMetric(e.target.value)} aria-label="Metric" data-testid="heatmap-metric">
                  {HEAT_METRICS.map((m) => (
                    <option key={m.key} value={m.key}>
                      {m.label}
                    </option>
                  ))}
                </NativeSelect.Field>
                <NativeSelect.Indicator />
              </NativeSelect.Root>
            </Field.Root>
          </HStack>
        </Card.Header>
        <Card.Body>
          {heatmap?.__typename === 'Heatmap' ? (
            <Heatmap x={heatmap.x} y={heatmap.y} xValues={heatmap.xValues} yValues={heatmap.yValues} cells={heatmap.cells} lowerIsBetter={def?.lowerIsBetter} />
          ) : heatmap ? (
            <ErrorAlert>{heatmap.message}</ErrorAlert>
          ) : (
            <Text color="fg.muted">The heatmap appears once points have finished.</Text>
          )}
        </Card.Body>
      </Card.Root>
      <Table.ScrollArea borderWidth="1px" borderRadius="l2">
        <Table.Root size="sm" aria-label="Sweep results" data-testid="sweep-table">
          <Table.Header>
            <Table.Row>
              {sweep.grid.map((a) => (
                <Table.ColumnHeader key={a.name}>{a.name}</Table.ColumnHeader>
              ))}
              <Table.ColumnHeader textAlign="end">Return</Table.ColumnHeader>
              <Table.ColumnHeader textAlign="end">CAGR</Table.ColumnHeader>
              <Table.ColumnHeader textAlign="end">Sharpe</Table.ColumnHeader>
              <Table.ColumnHeader textAlign="end">Max DD</Table.ColumnHeader>
              <Table.ColumnHeader textAlign="end">Win rate</Table.ColumnHeader>
              <Table.ColumnHeader textAlign="end">Trades</Table.ColumnHeader>
              <Table.ColumnHeader>Problem</Table.ColumnHeader>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {sweep.points.map((p) => {
              const params = p.params && typeof p.params === 'object' ? flatten(p.params as Record<string, unknown>) : {}
              return (
                <Table.Row key={p.index} data-testid="sweep-row">
                  {sweep.grid.map((a) => (
                    <Table.Cell key={a.name}>{String(params[a.name] ?? '—')}</Table.Cell>
                  ))}
                  <Table.Cell textAlign="end">{formatPct(p.metrics?.returnPct, true)}</Table.Cell>
                  <Table.Cell textAlign="end">{formatPct(p.metrics?.cagrPct, true)}</Table.Cell>
                  <Table.Cell textAlign="end">{formatRatio(p.metrics?.sharpe)}</Table.Cell>
                  <Table.Cell textAlign="end">{formatPct(p.metrics?.maxDrawdownPct)}</Table.Cell>
                  <Table.Cell textAlign="end">{formatPct(p.metrics?.winRatePct)}</Table.Cell>
                  <Table.Cell textAlign="end">{p.metrics?.nTrades ?? '—'}</Table.Cell>
                  <Table.Cell color="fg.error">{p.error ?? ''}</Table.Cell>
                </Table.Row>
              )
            })}
          </Table.Body>
        </Table.Root>
      </Table.ScrollArea>
    </Stack>
  )
}
