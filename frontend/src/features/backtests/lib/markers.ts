import { chartTime } from './metrics'

export interface TradeMark {
  symbol: string
  entryTime: string
  exitTime: string
  size: number
  pnl: string
  exitReason: string
}

export interface Marker {
  time: number
  position: 'aboveBar' | 'belowBar'
  shape: 'arrowUp' | 'arrowDown' | 'circle'
  kind: 'entry-long' | 'entry-short' | 'exit'
  text: string
}

/** The open time of the bar holding `time` (the last bar at or before it); null before the first. */
export function snapToBar(barTimes: readonly number[], time: number): number | null {
  let lo = 0
  let hi = barTimes.length - 1
  let found: number | null = null
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (barTimes[mid] <= time) {
      found = barTimes[mid]
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

/**
 * Entry and exit markers of one symbol's trades on its candles, snapped to the bars (a fill at
 * the next open lands on that bar; one at a close on the bar that closed), in time order. Texts
 * are one letter (B, S): years of daily trades would otherwise bury the candles.
 */
export function tradeMarkers(trades: readonly TradeMark[], symbol: string, barTimes: readonly number[]): Marker[] {
  const out: Marker[] = []
  for (const t of trades) {
    if (t.symbol !== symbol) continue
    const entry = snapToBar(barTimes, chartTime(t.entryTime))
    const exit = snapToBar(barTimes, chartTime(t.exitTime))
    const long = t.size > 0
    if (entry !== null) {
      out.push({
        time: entry,
        position: long ? 'belowBar' : 'aboveBar',
        shape: long ? 'arrowUp' : 'arrowDown',
        kind: long ? 'entry-long' : 'entry-short',
        text: long ? 'B' : 'S',
      })
    }
    if (exit !== null) {
      out.push({ time: exit, position: long ? 'aboveBar' : 'belowBar', shape: 'circle', kind: 'exit', text: '' })
    }
  }
  return out.sort((a, b) => a.time - b.time)
}
