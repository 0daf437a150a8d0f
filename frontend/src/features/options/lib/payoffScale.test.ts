import { describe, expect, it } from 'vitest'
import { axisLabel, cropSamples, displayWindow, linePath, markersFor, nearestSample, niceTicks, payoffScale, type Box, type PayoffSample } from './payoffScale'

const box: Box = { width: 500, height: 300, top: 10, right: 20, bottom: 30, left: 50 }
// A short straddle at 100: +10 at the strike, −10 at 80 and 120; breakevens at 90 and 110.
const samples: PayoffSample[] = [80, 90, 100, 110, 120].map((price) => ({ price, expiry: 10 - Math.abs(price - 100), atDate: 5 - Math.abs(price - 100) / 2 }))

describe('payoff chart scaling', () => {
  it('maps the price range onto the plot width and P&L onto its height, top up', () => {
    const scale = payoffScale(samples, box)
    expect(scale.x(80)).toBe(50)
    expect(scale.x(120)).toBe(480)
    expect(scale.y(scale.pnlMax)).toBe(10)
    expect(scale.y(scale.pnlMin)).toBe(270)
    expect(scale.y(10)).toBeLessThan(scale.y(0))
    // 8% headroom over the −10..10 range.
    expect(scale.pnlMax).toBeCloseTo(11.6)
    expect(scale.pnlMin).toBeCloseTo(-11.6)
  })

  it('always shows zero, even when every outcome is a profit', () => {
    const scale = payoffScale(samples.map((s) => ({ ...s, expiry: s.expiry + 50, atDate: s.atDate + 50 })), box)
    expect(scale.pnlMin).toBeLessThan(0)
    expect(scale.yTicks).toContain(0)
  })

  it('puts the breakeven markers at their prices and leaves out those off the chart', () => {
    const scale = payoffScale(samples, box)
    const markers = markersFor([90, 110, 200], 101, scale)
    expect(markers.filter((m) => m.kind === 'breakeven').map((m) => m.x)).toEqual([scale.x(90), scale.x(110)])
    expect(markers.find((m) => m.kind === 'spot')?.x).toBeCloseTo(50 + (21 / 40) * 430)
    expect(markersFor([], 500, scale)).toEqual([])
  })

  it('draws paths through every sample', () => {
    const scale = payoffScale(samples, box)
    const path = linePath(samples, scale, 'expiry')
    expect(path.startsWith('M50.0,')).toBe(true)
    expect(path.match(/L/g)).toHaveLength(4)
  })

  it('picks nice ticks and compact labels', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100])
    expect(niceTicks(25012, 27480, 6)).toEqual([25500, 26000, 26500, 27000])
    expect(axisLabel(-35000)).toBe('−35K')
    expect(axisLabel(125000)).toBe('1.25L')
    expect(nearestSample(samples, 93)?.price).toBe(90)
  })

  it('zooms onto the strikes and breakevens, within the curve the server gave', () => {
    const wide = Array.from({ length: 201 }, (_, i) => ({ price: 25000 + i * 12.5, expiry: 0, atDate: 0 }))
    const window = displayWindow(wide, [25900, 26300], [25925, 26275], 26050)!
    // Room of 1.5% of the middle (391.5) beats 60% of the 400-point span.
    expect(window.low).toBeCloseTo(25900 - 391.5)
    expect(window.high).toBeCloseTo(26300 + 391.5)
    // A wide spread gets 60% of its span either side instead, cut at the curve's ends.
    const spread = displayWindow(wide, [25500, 26500], [], null)!
    expect(spread).toEqual({ low: 25000, high: 27100 })
    const cropped = cropSamples(wide, window)
    expect(cropped[0]!.price).toBeGreaterThanOrEqual(window.low)
    expect(cropped[cropped.length - 1]!.price).toBeLessThanOrEqual(window.high)
    expect(displayWindow(wide, [], [], null)).toEqual({ low: 25000, high: 27500 })
  })
})
