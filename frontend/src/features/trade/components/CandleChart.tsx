import { Box, Card, HStack, SegmentGroup, Text } from '@chakra-ui/react'
import { CandlestickSeries, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useQuery } from 'urql'
import { useChart } from '@/components/charts/useChart'
import { TicketBarsDocument, type Exchange, type Interval } from '@/graphql/generated/graphql'
import { parseServerDate } from '@/lib/format'
import { candleOfBar, withHistory, type Candle } from '../lib/candles'

const INTERVALS: { value: string; label: string; interval: Interval }[] = [
  { value: '60', label: '1m', interval: 'M1' },
  { value: '300', label: '5m', interval: 'M5' },
  { value: '900', label: '15m', interval: 'M15' },
]
const HISTORY_BARS = 200

/** Stored bars for the symbol (the server builds 1-minute bars from the live feed). */
function useHistory(symbol: string, exchange: Exchange, interval: string): { candles: Candle[]; loaded: boolean } {
  const wanted = INTERVALS.find((i) => i.value === interval)?.interval ?? 'M1'
  const [{ data }] = useQuery({
    query: TicketBarsDocument,
    variables: { symbol, exchange, interval: wanted, last: HISTORY_BARS },
    requestPolicy: 'network-only',
  })
  const candles = useMemo(
    () => (data?.bars ?? []).map((bar) => candleOfBar(bar, Math.floor(parseServerDate(bar.at).getTime() / 1000))),
    [data],
  )
  return { candles, loaded: !!data }
}

interface Props {
  symbol: string
  exchange: Exchange
  /** Candles folded in the browser from the live quotes since the page opened. */
  candles: Candle[]
  places: number
}

/** Stored bars from the server, continued live by the quotes stream. */
export function CandleChart({ symbol, exchange, candles, places }: Props) {
  const [interval, setBucket] = useState('60')
  const history = useHistory(symbol, exchange, interval)
  const { container, chart, palette, alive } = useChart({ timeScale: { rightOffset: 4, barSpacing: 12 } })
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null)
  const bars = useMemo(() => withHistory(history.candles, candles, Number(interval)), [history.candles, candles, interval])

  useEffect(() => {
    if (!chart) return
    const added = chart.addSeries(CandlestickSeries, {
      priceFormat: { type: 'price', precision: places, minMove: 1 / 10 ** places },
    })
    series.current = added
    return () => {
      series.current = null
      if (alive()) chart.removeSeries(added)
    }
  }, [alive, chart, places])

  useEffect(() => {
    series.current?.applyOptions({
      upColor: palette.up,
      downColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
      borderVisible: false,
    })
  }, [palette, chart, places])

  useEffect(() => {
    series.current?.setData(bars.map((b) => ({ ...b, time: b.time as UTCTimestamp })))
  }, [bars, chart, places])

  // A new symbol or interval: back to the latest bars.
  useEffect(() => {
    chart?.timeScale().scrollToRealTime()
  }, [chart, symbol, interval])

  return (
    <Card.Root data-testid="candle-chart">
      <Card.Header pb="0">
        <HStack justify="space-between" wrap="wrap" gap="2">
          <Card.Title textStyle="md">{symbol} · candles</Card.Title>
          <SegmentGroup.Root size="xs" value={interval} onValueChange={(e) => e.value && setBucket(e.value)} aria-label="Candle interval">
            <SegmentGroup.Indicator />
            <SegmentGroup.Items items={INTERVALS} />
          </SegmentGroup.Root>
        </HStack>
      </Card.Header>
      <Card.Body pt="3">
        <Box ref={container} h="72" w="full" data-testid="candle-canvas" />
        <Text mt="2" textStyle="xs" color="fg.subtle" data-testid="candle-note">
          {history.loaded && history.candles.length === 0
            ? 'No stored bars for this symbol yet: candles build from live quotes while this page is open.'
            : 'Bars stored by the server from the live feed; the last candle moves with live quotes.'}
          {bars.length === 0 ? ' Waiting for the first tick…' : ''}
        </Text>
      </Card.Body>
    </Card.Root>
  )
}
