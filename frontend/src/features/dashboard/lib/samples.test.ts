import { describe, expect, it } from 'vitest'
import { addSample } from './samples'

describe('intraday P&L samples', () => {
  it('keeps one point per second, the latest winning', () => {
    let s = addSample([], 1_000_100, '10.00')
    s = addSample(s, 1_000_900, '12.50')
    s = addSample(s, 1_001_000, '-3')
    expect(s).toEqual([
      { time: 1000, value: 12.5 },
      { time: 1001, value: -3 },
    ])
  })
  it('keeps only the window', () => {
    let s = addSample([], 0, '1', 60)
    s = addSample(s, 30_000, '2', 60)
    s = addSample(s, 90_000, '3', 60)
    expect(s.map((p) => p.time)).toEqual([30, 90])
  })
})
