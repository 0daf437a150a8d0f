import { describe, expect, it } from 'vitest'
import { add, compare, floorToMultiple, fromUnits, isDecimal, isMultipleOf, multiply, nearestMultiples, subtract, toUnits } from './decimal'

describe('exact decimals', () => {
  it('reads and writes decimal strings through BigInt units', () => {
    expect(toUnits('1486.7', 2)).toBe(148670n)
    expect(toUnits('-0.05', 2)).toBe(-5n)
    expect(toUnits('2.345', 2)).toBe(235n)
    expect(fromUnits(148670n, 2)).toBe('1486.70')
    expect(fromUnits(-5n, 2)).toBe('-0.05')
    expect(fromUnits(0n, 2)).toBe('0.00')
  })

  it('accepts plain numbers only', () => {
    expect(isDecimal('12')).toBe(true)
    expect(isDecimal('-12.50')).toBe(true)
    expect(isDecimal('1e3')).toBe(false)
    expect(isDecimal('1,000')).toBe(false)
    expect(isDecimal('12.')).toBe(false)
  })

  it('adds, subtracts and compares without float error', () => {
    expect(add('0.1', '0.2')).toBe('0.3')
    expect(subtract('1486.70', '1486.5')).toBe('0.20')
    expect(compare('100.10', '100.1')).toBe(0)
    expect(compare('-1', '0')).toBe(-1)
  })

  it('multiplies and rounds half away from zero', () => {
    expect(multiply('1486.70', '5')).toBe('7433.50')
    expect(multiply('7433.50', '0.20')).toBe('1486.70')
    expect(multiply('0.005', '1')).toBe('0.01')
    expect(multiply('-0.005', '1')).toBe('-0.01')
  })

  it('checks tick multiples exactly, where floats fail', () => {
    // 1200.3 % 0.1 is not 0 in binary floating point.
    expect(isMultipleOf('1200.30', '0.10')).toBe(true)
    expect(isMultipleOf('1200.05', '0.10')).toBe(false)
    expect(isMultipleOf('24.15', '0.05')).toBe(true)
    expect(floorToMultiple('1200.07', '0.05')).toBe('1200.05')
    expect(nearestMultiples('1200.05', '0.10')).toEqual(['1200.00', '1200.10'])
    expect(nearestMultiples('0.03', '0.05')).toEqual([null, '0.05'])
  })
})
