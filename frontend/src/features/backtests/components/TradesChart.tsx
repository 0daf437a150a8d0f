import { Box, Card, HStack, NativeSelect, Text } from '@chakra-ui/react'
import { CandlestickSeries, createSeriesMarkers, type UTCTimestamp } from 'lightweight-charts'
import { useEffect, useMemo, useState } from 'react'
import { useQuery } from 'urql'
import { useChart } from '@/components/charts/useChart'
import { daysAxis } from '../lib/chartOptions'
import { ErrorAlert } from '@/components/ErrorAlert'
import { describeError } from '@/graphql/errors'
import { BtBarsDocument, type Interval } from '@/graphql/generated/graphql'
import { tradeMarkers, type TradeMark } from '../lib/markers'
import { chartTime } from '../lib/metrics'

interface Props {
  symbols: string[]
  interval: Interval
  start: string
  end: string
  trades: TradeMark[]
}

/** The run's candles (the stored bars it ran on) with each trade's entry and exit marked. */
export function TradesChart({ symbols, interval, start, end, trades }: Props) {
  const [symbol, setSymbol] = useState(symbols[0] ?? '')
  const [{ data, error }] = useQuery({
    query: BtBarsDocument,
    variables: { symbol, interval, start, end, last: 5000 },
    pause: !symbol,
  })
  const candles = useMemo(
    () =>
      (data?.bars ?? [])
        .map((b) => ({ time: chartTime(b.at), open: Number(b.open), high: Number(b.high), low: Number(b.low), close: Number(b.close) }))
        .sort((a, b) => a.time - b.time),
    [data],
  )
  const markers = useMemo(() => tradeMarkers(trades, symbol, candles.map((c) => c.time)), [trades, symbol, candles])
  const { container, chart, palette, alive } = useChart(daysAxis(interval === 'D1'))

  useEffect(() => {
    if (!chart) return
    const series = chart.addSeries(CandlestickSeries, {
      upColor: palette.up,
      downColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
      borderVisible: false,
    })
    series.setData(candles.map((c) => ({ ...c, time: c.time as UTCTimestamp })))
    const plugin = createSeriesMarkers(
      series,
      markers.map((m) => ({
        time: m.time as UTCTimestamp,
        position: m.position,
        shape: m.shape,
        text: m.text,
        color: m.kind === 'exit' ? palette.text : m.kind === 'entry-long' ? palette.up : palette.down,
      })),
    )
    chart.timeScale().fitContent()
    return () => {
      // On unmount the chart is already removed (useChart's cleanup runs first), and with it
      // the markers: touching either then throws "Object is disposed".
      if (!alive()) return
      plugin.detach()
      chart.removeSeries(series)
    }
  }, [alive, chart, candles, markers, palette])

  return (
    <Card.Root data-testid="trades-chart" data-candles={candles.length} data-markers={markers.length}>
      <Card.Header pb="0">
        <HStack justify="space-between" wrap="wrap">
          <Card.Title textStyle="md">Candles and trades</Card.Title>
          {symbols.length > 1 ? (
            <NativeSelect.Root size="xs" w="40">
              <NativeSelect.Field value={symbol} onChange={(e) => setSymbol(e.target.value)} aria-label="Symbol">
                {symbols.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </NativeSelect.Field>
              <NativeSelect.Indicator />
            </NativeSelect.Root>
          ) : (
            <Text textStyle="sm" color="fg.muted">
              {symbol}
            </Text>
          )}
        </HStack>
      </Card.Header>
      <Card.Body pt="3">
        {error ? <ErrorAlert>{describeError(error)}</ErrorAlert> : null}
        <Box ref={container} h="80" w="full" />
        <Text mt="2" textStyle="xs" color="fg.subtle">
          ▲ B: buy · ▼ S: short · ● exit. {data && candles.length === 0 ? 'No stored bars in the run’s range any more (were they re-imported?).' : ''}
        </Text>
      </Card.Body>
    </Card.Root>
  )
}
