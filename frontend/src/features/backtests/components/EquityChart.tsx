import { Box, Card, HStack, Text } from '@chakra-ui/react'
import { AreaSeries, LineSeries, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts'
import { useEffect, useRef } from 'react'
import { useChart } from '@/components/charts/useChart'
import { daysAxis } from '../lib/chartOptions'

export interface CurveLine {
  label: string
  points: { time: number; value: number }[]
  /** A colour for comparing runs; the palette's line colour when left out. */
  color?: string
}

interface Props {
  title: string
  description?: string
  lines: CurveLine[]
  /** Drawdown: a filled area under zero in the loss colour. */
  kind?: 'equity' | 'drawdown'
  testId: string
  height?: string
  /** Daily bars: dates on the axis. */
  daily?: boolean
}

/** One or more curves over time (equity of runs, or drawdown %), daily-scale axis. */
export function EquityChart({ title, description, lines, kind = 'equity', testId, height = '64', daily = false }: Props) {
  const { container, chart, palette, alive } = useChart(daysAxis(daily))
  const series = useRef<ISeriesApi<'Line' | 'Area'>[]>([])

  useEffect(() => {
    if (!chart) return
    const added = lines.map((line) => {
      const color = line.color ?? (kind === 'drawdown' ? palette.down : palette.line)
      const format = { type: 'price' as const, precision: 2, minMove: 0.01 }
      const s =
        kind === 'drawdown'
          ? chart.addSeries(AreaSeries, { lineColor: color, topColor: `${color}10`, bottomColor: `${color}55`, lineWidth: 1, priceFormat: format, invertFilledArea: true })
          : chart.addSeries(LineSeries, { color, lineWidth: 2, priceFormat: format })
      // Drawdown is a positive percent; it is drawn under zero, hanging from it.
      s.setData(line.points.map((p) => ({ time: p.time as UTCTimestamp, value: kind === 'drawdown' ? -Math.abs(p.value) : p.value })))
      return { s }
    })
    series.current = added.map((a) => a.s)
    chart.timeScale().fitContent()
    return () => {
      if (alive()) for (const { s } of added) chart.removeSeries(s)
      series.current = []
    }
  }, [alive, chart, lines, kind, palette])

  const count = lines.reduce((n, l) => n + l.points.length, 0)
  return (
    <Card.Root data-testid={testId} data-points={count}>
      <Card.Header pb="0">
        <HStack justify="space-between" wrap="wrap">
          <Card.Title textStyle="md">{title}</Card.Title>
          {lines.length > 1 ? (
            <HStack gap="3">
              {lines.map((line) => (
                <HStack key={line.label} gap="1">
                  <Box w="3" h="1" borderRadius="full" style={{ background: line.color }} />
                  <Text textStyle="xs">{line.label}</Text>
                </HStack>
              ))}
            </HStack>
          ) : null}
        </HStack>
        {description ? <Card.Description>{description}</Card.Description> : null}
      </Card.Header>
      <Card.Body pt="3">
        <Box ref={container} h={height} w="full" />
        {count === 0 ? (
          <Text mt="2" textStyle="xs" color="fg.subtle">
            No points: the run has no bars in its range.
          </Text>
        ) : null}
      </Card.Body>
    </Card.Root>
  )
}
