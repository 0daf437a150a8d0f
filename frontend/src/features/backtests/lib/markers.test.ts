import { describe, expect, it } from 'vitest'
import { snapToBar, tradeMarkers } from './markers'

const day = 86400
const bars = [0, day, 2 * day, 3 * day].map((t) => t + 1_700_000_000)
const iso = (seconds: number) => new Date(seconds * 1000).toISOString()

describe('trade markers on candles', () => {
  it('snaps a time to the bar that holds it', () => {
    expect(snapToBar(bars, bars[1])).toBe(bars[1])
    expect(snapToBar(bars, bars[2] + 3600)).toBe(bars[2])
    expect(snapToBar(bars, bars[0] - 1)).toBeNull()
  })

  it('marks a long entry below the bar and a short above, with exits, for one symbol only', () => {
    const trades = [
      { symbol: 'TCS', entryTime: iso(bars[0]), exitTime: iso(bars[2] + 60), size: 10, pnl: '5', exitReason: 'SIGNAL' },
      { symbol: 'INFY', entryTime: iso(bars[0]), exitTime: iso(bars[1]), size: 5, pnl: '1', exitReason: 'END' },
      { symbol: 'TCS', entryTime: iso(bars[3]), exitTime: iso(bars[3]), size: -4, pnl: '-2', exitReason: 'END' },
    ]
    const marks = tradeMarkers(trades, 'TCS', bars)
    expect(marks.map((m) => [m.time, m.kind, m.position])).toEqual([
      [bars[0], 'entry-long', 'belowBar'],
      [bars[2], 'exit', 'aboveBar'],
      [bars[3], 'entry-short', 'aboveBar'],
      [bars[3], 'exit', 'belowBar'],
    ])
    expect(marks.map((m) => m.text)).toEqual(['B', '', 'S', ''])
  })
})
