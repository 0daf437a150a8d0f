import { describe, expect, it } from 'vitest'
import { describeStops, stopsInput } from './stops'

describe('position stops', () => {
  it('sends the levels typed, in the chosen unit; all empty removes the stops', () => {
    expect(stopsInput({ unit: 'POINTS', stopLoss: '5', target: '', trailingStop: '2' }).input).toEqual({
      stopLoss: { offset: 'POINTS', value: '5' },
      trailingStop: { distance: { offset: 'POINTS', value: '2' } },
    })
    expect(stopsInput({ unit: 'PRICE', stopLoss: '', target: '', trailingStop: '' }).input).toEqual({})
  })

  it('names the fields that cannot be sent', () => {
    const { input, problems } = stopsInput({ unit: 'PERCENT', stopLoss: '-1', target: '150', trailingStop: '1' })
    expect(input).toBeNull()
    expect(Object.keys(problems).sort()).toEqual(['stopLoss', 'target'])
  })

  it('describes the levels in force', () => {
    expect(describeStops({ stopPrice: '95.05', targetPrice: null, trailStop: '99.00' })).toBe('SL 95.05 · TSL 99.00')
    expect(describeStops(null)).toBe('')
  })
})
