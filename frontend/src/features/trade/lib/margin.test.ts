import { describe, expect, it } from 'vitest'
import { approximateMargin } from './margin'
import { chargeSegment } from './instrument'

describe('the approximate margin preview', () => {
  const eq = { kind: 'EQ' as const, side: 'BUY' as const, price: '1486.70', quantity: 5, strike: null }
  it('blocks 20% for MIS and 100% for CNC', () => {
    expect(approximateMargin({ ...eq, product: 'MIS' })?.amount).toBe('1486.70')
    expect(approximateMargin({ ...eq, product: 'CNC' })?.amount).toBe('7433.50')
  })
  it('blocks ~12% for futures, the premium for option buys and ~12% of strike for option sells', () => {
    expect(approximateMargin({ kind: 'FUT', product: 'NRML', side: 'SELL', price: '24000', quantity: 65, strike: null })?.amount).toBe('187200.00')
    expect(approximateMargin({ kind: 'CE', product: 'NRML', side: 'BUY', price: '120.50', quantity: 65, strike: '24000' })?.amount).toBe('7832.50')
    expect(approximateMargin({ kind: 'PE', product: 'NRML', side: 'SELL', price: '120.50', quantity: 65, strike: '24000' })?.amount).toBe('187200.00')
  })
  it('picks the charges segment from the kind and product', () => {
    expect(chargeSegment('EQ', 'MIS')).toBe('equity-intraday')
    expect(chargeSegment('EQ', 'CNC')).toBe('equity-delivery')
    expect(chargeSegment('FUT', 'NRML')).toBe('futures')
    expect(chargeSegment('PE', 'MIS')).toBe('options')
  })
})
