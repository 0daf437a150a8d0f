import { describe, expect, it } from 'vitest'
import { heatColor, heatDomain, heatPosition } from './heatmap'

describe('heatmap scaling', () => {
  it('spans the defined cells only', () => {
    expect(heatDomain([[1, null], [-3, 7]])).toEqual({ min: -3, max: 7 })
    expect(heatDomain([[null], [null]])).toBeNull()
  })

  it('places values from worst (0) to best (1), clamped', () => {
    const domain = { min: -10, max: 10 }
    expect(heatPosition(-10, domain)).toBe(0)
    expect(heatPosition(0, domain)).toBe(0.5)
    expect(heatPosition(10, domain)).toBe(1)
    expect(heatPosition(25, domain)).toBe(1)
    expect(heatPosition(-10, domain, true)).toBe(1)
  })

  it('puts a flat map in the middle rather than dividing by zero', () => {
    expect(heatPosition(3, { min: 3, max: 3 })).toBe(0.5)
  })

  it('goes from red to green', () => {
    expect(heatColor(0).background).toMatch(/^hsl\(0,/)
    expect(heatColor(1).background).toMatch(/^hsl\(120,/)
  })
})
