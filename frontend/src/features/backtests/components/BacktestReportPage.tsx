import { Button, Card, HStack, Skeleton, Stack, Text } from '@chakra-ui/react'
import { useMemo } from 'react'
import { LuDownload } from 'react-icons/lu'
import { Link as RouterLink, useParams } from 'react-router'
import { useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { BtRunDocument } from '@/graphql/generated/graphql'
import { formatDate, formatDateTime } from '@/lib/format'
import { formatMoney } from '@/lib/money'
import { downloadText, tradesCsv } from '../lib/csv'
import { chartSeries, chartTime } from '../lib/metrics'
import { flatten } from '../lib/paramForm'
import { riskSummary } from '../lib/setup'
import { EquityChart } from './EquityChart'
import { MetricCards } from './MetricCards'
import { PromoteDialog } from './PromoteDialog'
import { RunProgress, StatusBadge } from './RunProgress'
import { TradesChart } from './TradesChart'
import { TradesTable } from './TradesTable'

/** "fast=10 · slow=20 · sizing.kind=fraction" */
export function paramsText(params: unknown): string {
  if (!params || typeof params !== 'object') return ''
  return Object.entries(flatten(params as Record<string, unknown>))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' · ')
}

/** A finished run: metrics, equity and drawdown, candles with trades, the trades, and promotion. */
export function BacktestReportPage() {
  const { id = '' } = useParams()
  const [{ data, error, fetching }, reload] = useQuery({ query: BtRunDocument, variables: { id, maxPoints: 2000 }, requestPolicy: 'network-only' })
  const run = data?.backtestRun
  const equity = useMemo(() => chartSeries(run?.equityCurve ?? [], (p) => chartTime(p.time), (p) => p.equity), [run])
  const drawdown = useMemo(() => chartSeries(run?.equityCurve ?? [], (p) => chartTime(p.time), (p) => p.drawdownPct), [run])

  if (error) return <ErrorAlert>{describeError(error)}</ErrorAlert>
  if (fetching && !data) return <Skeleton h="60" />
  if (!run) {
    return (
      <Stack gap="4">
        <PageHeader title="Backtest" />
        <ErrorAlert title="No such backtest among yours">
          It may belong to another user or the link is wrong. Pick a run from the <RouterLink to="/backtests">list of runs</RouterLink>.
        </ErrorAlert>
      </Stack>
    )
  }
  const title = run.label || `${run.strategy} on ${run.symbols.join(', ')}`
  const csv = () => downloadText(`backtest-${run.strategy}-${run.id.slice(0, 8)}-trades.csv`, tradesCsv(run.trades))

  return (
    <Stack gap="5" data-testid="backtest-report" data-status={run.status}>
      <PageHeader
        title={title}
        subtitle={
          <>
            {run.strategy} · {run.symbols.join(', ')} · {run.interval} · {run.from ? formatDate(run.from) : 'first bar'} → {run.to ? formatDate(run.to) : 'last bar'} · capital{' '}
            {formatMoney(run.cash)} · charges {run.charges} · slippage {run.slippageBps} bps · fills at {run.fillAt === 'NEXT_OPEN' ? 'next open' : 'this close'}
            {run.risk ? <span data-testid="run-risk"> · risk: {riskSummary(run.risk)}</span> : null}
          </>
        }
        actions={
          <HStack gap="2">
            <StatusBadge status={run.status} />
            {run.status === 'DONE' ? (
              <>
                <Button size="sm" variant="outline" onClick={csv} disabled={run.trades.length === 0} data-testid="export-csv">
                  <LuDownload /> Trades CSV
                </Button>
                <PromoteDialog runId={run.id} strategy={run.strategy} params={run.params} symbols={run.symbols} interval={run.interval} />
              </>
            ) : null}
          </HStack>
        }
      />
      <Text textStyle="xs" color="fg.subtle" data-testid="run-params">
        Parameters: {paramsText(run.params) || 'defaults'} · code {run.codeVersion} · created {formatDateTime(run.createdAt)}
      </Text>
      {run.status === 'QUEUED' || run.status === 'RUNNING' ? (
        <RunProgress runId={run.id} showReportLink={false} onFinished={() => reload({ requestPolicy: 'network-only' })} />
      ) : null}
      {run.status === 'FAILED' ? <ErrorAlert title="The run failed">{run.error ?? 'See the server log.'} Fix the input and run it again from Strategies.</ErrorAlert> : null}
      {run.status === 'CANCELLED' ? <ErrorAlert title="Cancelled">This run was cancelled before it finished; run it again from Strategies.</ErrorAlert> : null}
      {run.metrics ? (
        <>
          <MetricCards metrics={run.metrics} />
          <EquityChart title="Equity" description="Account value at each bar close (₹)." lines={[{ label: 'Equity', points: equity }]} testId="equity-chart" daily={run.interval === 'D1'} />
          <EquityChart title="Drawdown" description="Fall from the running peak (%)." lines={[{ label: 'Drawdown', points: drawdown }]} kind="drawdown" testId="drawdown-chart" height="40" daily={run.interval === 'D1'} />
          <TradesChart symbols={run.symbols} interval={run.interval} start={run.metrics.start} end={run.metrics.end} trades={run.trades} />
          <Card.Root>
            <Card.Header>
              <Card.Title textStyle="md">Trades ({run.trades.length})</Card.Title>
            </Card.Header>
            <Card.Body>
              <TradesTable trades={run.trades} daily={run.interval === 'D1'} />
            </Card.Body>
          </Card.Root>
        </>
      ) : null}
    </Stack>
  )
}
