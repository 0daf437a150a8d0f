import { ColorType, createChart, TickMarkType, type DeepPartial, type IChartApi, type Time, type TimeChartOptions } from 'lightweight-charts'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useColorMode } from '@/components/ui/color-mode'
import { chartPalette, type ChartPalette } from './palette'

/** Times on the axes in market time (IST), whatever the browser's zone. */
const istTime = new Intl.DateTimeFormat('en-IN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Kolkata' })
const istTimeSeconds = new Intl.DateTimeFormat('en-IN', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
  timeZone: 'Asia/Kolkata',
})

function timeText(time: Time, format: Intl.DateTimeFormat): string {
  return typeof time === 'number' ? format.format(new Date(time * 1000)) : String(time)
}

function themed(palette: ChartPalette): DeepPartial<TimeChartOptions> {
  return {
    layout: {
      background: { type: ColorType.Solid, color: 'transparent' },
      textColor: palette.text,
      attributionLogo: false,
      fontFamily: 'Inter, "Segoe UI", system-ui, sans-serif',
    },
    grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
    rightPriceScale: { borderColor: palette.border },
    timeScale: { borderColor: palette.border },
  }
}

/**
 * A lightweight-charts chart in the returned container ref, sized to it, coloured for the
 * current colour mode and removed on unmount. `chart` is null until mounted.
 */
export function useChart(options: DeepPartial<TimeChartOptions> = {}) {
  const container = useRef<HTMLDivElement | null>(null)
  const [chart, setChart] = useState<IChartApi | null>(null)
  const { colorMode } = useColorMode()
  const palette = useMemo(() => chartPalette(colorMode), [colorMode])
  const initial = useRef({ options, palette })
  // Effects that add series clean up after this hook's own cleanup has removed the chart (React
  // runs a component's effect cleanups in order); they ask `alive` before touching it.
  const removed = useRef(false)

  useEffect(() => {
    const element = container.current
    if (!element) return
    const { timeScale, ...rest } = initial.current.options
    const created = createChart(element, {
      autoSize: true,
      ...themed(initial.current.palette),
      localization: { timeFormatter: (time: Time) => timeText(time, istTimeSeconds) },
      ...rest,
      timeScale: {
        timeVisible: true,
        secondsVisible: false,
        tickMarkFormatter: (time: Time, type: TickMarkType) =>
          timeText(time, type === TickMarkType.TimeWithSeconds ? istTimeSeconds : istTime),
        ...timeScale,
      },
    })
    removed.current = false
    setChart(created)
    return () => {
      removed.current = true
      setChart(null)
      created.remove()
    }
  }, [])

  useEffect(() => {
    chart?.applyOptions(themed(palette))
  }, [chart, palette])

  const alive = useRef(() => !removed.current).current
  return { container, chart, palette, alive }
}
