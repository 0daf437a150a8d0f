import { describe, expect, it } from 'vitest'
import { lotProblem, priceProblem } from './orderRules'

describe('tick and lot checks', () => {
  it('names the two nearest valid prices, like the server', () => {
    expect(priceProblem('1200.05', '0.10')).toBe('Price 1200.05 is not a multiple of the tick size 0.10. Use 1200.00 or 1200.10.')
    expect(priceProblem('0.02', '0.05')).toBe('Price 0.02 is not a multiple of the tick size 0.05. Use 0.05.')
    expect(priceProblem('1200.10', '0.10')).toBeNull()
    expect(priceProblem('240.37', '0.01')).toBeNull()
  })

  it('asks for a price that is there, a number and positive', () => {
    expect(priceProblem('', '0.05')).toBe('Enter the price.')
    expect(priceProblem('12,00', '0.05')).toMatch(/as a number/)
    expect(priceProblem('0', '0.05')).toBe('The price must be more than zero.')
    expect(priceProblem('', '0.05', 'trigger price')).toBe('Enter the trigger price.')
    expect(priceProblem('10.01', '0.05', 'trigger price')).toMatch(/^Trigger price 10.01 is not a multiple/)
  })

  it('wants whole lots for F&O', () => {
    expect(lotProblem(130, 65)).toBeNull()
    expect(lotProblem(100, 65)).toBe('Quantity 100 is not a multiple of the lot size 65. Use 65 or 130.')
    expect(lotProblem(10, 65)).toBe('Quantity 10 is not a multiple of the lot size 65. Use 65.')
    expect(lotProblem(7, 1)).toBeNull()
    expect(lotProblem(0, 1)).toMatch(/above zero/)
  })
})
