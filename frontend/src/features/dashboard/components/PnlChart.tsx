import { Box, Card, Text } from '@chakra-ui/react'
import { BaselineSeries, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts'
import { useEffect, useRef } from 'react'
import { useChart } from '@/components/charts/useChart'
import type { PnlSample } from '../lib/samples'

/** Net P&L over the last 30 minutes, sampled in the browser from the live portfolio. */
export function PnlChart({ samples }: { samples: PnlSample[] }) {
  const { container, chart, palette, alive } = useChart({ timeScale: { secondsVisible: true } })
  const series = useRef<ISeriesApi<'Baseline'> | null>(null)

  useEffect(() => {
    if (!chart) return
    const added = chart.addSeries(BaselineSeries, {
      baseValue: { type: 'price', price: 0 },
      lineWidth: 2,
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    })
    series.current = added
    return () => {
      series.current = null
      if (alive()) chart.removeSeries(added)
    }
  }, [alive, chart])

  useEffect(() => {
    series.current?.applyOptions({
      topLineColor: palette.up,
      topFillColor1: `${palette.up}33`,
      topFillColor2: `${palette.up}05`,
      bottomLineColor: palette.down,
      bottomFillColor1: `${palette.down}05`,
      bottomFillColor2: `${palette.down}33`,
    })
  }, [palette, chart])

  useEffect(() => {
    series.current?.setData(samples.map((s) => ({ time: s.time as UTCTimestamp, value: s.value })))
    if (samples.length > 0) chart?.timeScale().fitContent()
  }, [samples, chart])

  return (
    <Card.Root data-testid="pnl-chart" data-samples={samples.length}>
      <Card.Header pb="0">
        <Card.Title textStyle="md">Intraday net P&amp;L</Card.Title>
        <Card.Description>Sampled live while this page is open (last 30 minutes).</Card.Description>
      </Card.Header>
      <Card.Body pt="3">
        <Box ref={container} h="64" w="full" />
        {samples.length === 0 ? (
          <Text mt="2" textStyle="xs" color="fg.subtle">
            Waiting for the first live update…
          </Text>
        ) : null}
      </Card.Body>
    </Card.Root>
  )
}
