import { Skeleton, Stack, Table } from '@chakra-ui/react'
import { useMemo } from 'react'
import { Link as RouterLink, useSearchParams } from 'react-router'
import { useQuery } from 'urql'
import { ErrorAlert } from '@/components/ErrorAlert'
import { PageHeader } from '@/components/PageHeader'
import { describeError } from '@/graphql/errors'
import { BtRunDocument } from '@/graphql/generated/graphql'
import { useColorMode } from '@/components/ui/color-mode'
import { chartPalette } from '@/components/charts/palette'
import { system } from '@/theme'
import { chartSeries, chartTime, METRIC_CARDS } from '../lib/metrics'
import { paramsText } from './BacktestReportPage'
import { EquityChart } from './EquityChart'

/** Run B's colour: not the loss red, which would read as "B lost". */
const SECOND_LINE = { light: String(system.token('colors.orange.500')), dark: String(system.token('colors.orange.300')) }

function useRun(id: string) {
  const [{ data, error, fetching }] = useQuery({ query: BtRunDocument, variables: { id, maxPoints: 1000 }, pause: !id })
  return { run: data?.backtestRun ?? null, error, loading: fetching && !data }
}

/** Two runs side by side: their metrics in one table and both equity curves on one chart. */
export function ComparePage() {
  const [search] = useSearchParams()
  const a = useRun(search.get('a') ?? '')
  const b = useRun(search.get('b') ?? '')
  const { colorMode } = useColorMode()
  const palette = chartPalette(colorMode)
  const lines = useMemo(
    () =>
      [a.run, b.run].flatMap((run, i) =>
        run
          ? [{ label: `${i === 0 ? 'A' : 'B'}: ${run.label || run.strategy}`, color: i === 0 ? palette.line : SECOND_LINE[colorMode], points: chartSeries(run.equityCurve, (p) => chartTime(p.time), (p) => p.equity) }]
          : [],
      ),
    [a.run, b.run, palette, colorMode],
  )
  const error = a.error ?? b.error
  if (error) return <ErrorAlert>{describeError(error)}</ErrorAlert>
  if (a.loading || b.loading) return <Skeleton h="60" />
  if (!a.run || !b.run) {
    return (
      <ErrorAlert title="Pick two runs of yours">
        One of the runs was not found. Go back to the <RouterLink to="/backtests">list of runs</RouterLink> and tick two finished runs.
      </ErrorAlert>
    )
  }
  const runs = [a.run, b.run]
  return (
    <Stack gap="5" data-testid="compare-page">
      <PageHeader title="Compare runs" subtitle="Metrics side by side, equity curves on one chart." />
      <Table.ScrollArea borderWidth="1px" borderRadius="l2">
        <Table.Root size="sm" aria-label="Compared metrics" data-testid="compare-table">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeader>Metric</Table.ColumnHeader>
              {runs.map((run, i) => (
                <Table.ColumnHeader key={run.id} textAlign="end" w="40%">
                  <RouterLink to={`/backtests/${run.id}`}>
                    {i === 0 ? 'A' : 'B'}: {run.label || run.strategy}
                  </RouterLink>
                </Table.ColumnHeader>
              ))}
            </Table.Row>
          </Table.Header>
          <Table.Body>
            <Table.Row>
              <Table.Cell>Setup</Table.Cell>
              {runs.map((run) => (
                <Table.Cell key={run.id} textAlign="end" textStyle="xs" color="fg.muted" whiteSpace="normal" maxW="sm">
                  {run.symbols.join(', ')} · {run.interval} · {paramsText(run.params)}
                </Table.Cell>
              ))}
            </Table.Row>
            {METRIC_CARDS.map((def) => (
              <Table.Row key={def.key} data-metric={def.key}>
                <Table.Cell>{def.label}</Table.Cell>
                {runs.map((run) => (
                  <Table.Cell key={run.id} textAlign="end" fontVariantNumeric="tabular-nums">
                    {run.metrics ? def.format(run.metrics) : '—'}
                  </Table.Cell>
                ))}
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      </Table.ScrollArea>
      <EquityChart title="Equity" lines={lines} testId="compare-equity" daily={runs.every((r) => r.interval === 'D1')} />
    </Stack>
  )
}
