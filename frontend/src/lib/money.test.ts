import { describe, expect, it } from 'vitest'
import { formatMoney, formatPrice, formatQuantity, placesForTick, toneOf } from './money'

describe('Indian money formatting', () => {
  it('groups rupees in lakhs and crores with paise', () => {
    expect(formatMoney('123456.78')).toBe('₹1,23,456.78')
    expect(formatMoney('1000000')).toBe('₹10,00,000.00')
    expect(formatMoney('12345678901.5')).toBe('₹12,34,56,78,901.50')
    expect(formatMoney('0')).toBe('₹0.00')
  })

  it('keeps large values exact (no float on the way)', () => {
    expect(formatMoney('9007199254740993.01')).toBe('₹9,00,71,99,25,47,40,993.01')
  })

  it('signs P&L and uses a real minus', () => {
    expect(formatMoney('-3.12')).toBe('−₹3.12')
    expect(formatMoney('45', { signed: true })).toBe('+₹45.00')
    expect(formatMoney('0', { signed: true })).toBe('₹0.00')
    expect(formatMoney('-0.001', { signed: true })).toBe('₹0.00')
  })

  it('shows missing or malformed values as a dash', () => {
    expect(formatMoney(null)).toBe('—')
    expect(formatMoney('abc')).toBe('—')
    expect(formatPrice(undefined)).toBe('—')
  })

  it('formats prices and quantities', () => {
    expect(formatPrice('1486.7')).toBe('1,486.70')
    expect(formatPrice('24.0025', placesForTick('0.0025'))).toBe('24.0025')
    expect(formatQuantity(100000)).toBe('1,00,000')
    expect(placesForTick('0.05')).toBe(2)
    expect(placesForTick('1.00')).toBe(2)
  })

  it('colours by sign', () => {
    expect(toneOf('12.5')).toBe('profit')
    expect(toneOf('-0.01')).toBe('loss')
    expect(toneOf('0.00')).toBe('flat')
  })
})
