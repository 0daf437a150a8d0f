import { describe, expect, it } from 'vitest'
import { formatExpiry, formatExtreme, formatNumber, formatProbability } from './format'

describe('formatting unlimited and analytic values', () => {
  it('shows ∞ for an unlimited profit and −∞ for an unlimited loss', () => {
    expect(formatExtreme(null, true, 'profit')).toBe('∞')
    expect(formatExtreme(null, true, 'loss')).toBe('−∞')
    expect(formatExtreme('4858.75', false, 'profit')).toBe('₹4,858.75')
    expect(formatExtreme('-164125.50', false, 'loss')).toBe('−₹1,64,125.50')
  })

  it('formats greeks with a true minus and no negative zero', () => {
    expect(formatNumber(-0.3912)).toBe('−0.39')
    expect(formatNumber(-0.001)).toBe('0.00')
    expect(formatNumber(1234.5, 1)).toBe('1,234.5')
    expect(formatNumber(null)).toBe('—')
    expect(formatNumber(Number.NaN)).toBe('—')
  })

  it('shows probabilities as percents and expiries as dates', () => {
    expect(formatProbability(0.2771)).toBe('27.7%')
    expect(formatProbability(null)).toBe('—')
    expect(formatExpiry('2026-12-01')).toBe('01 Dec 2026')
  })
})
