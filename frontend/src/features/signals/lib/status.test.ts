import { describe, expect, it } from 'vitest'
import type { AllocationStatus, SignalStatus } from '@/graphql/generated/graphql'
import { allocationStatusLook, formatHolding, formatMs, formatPercent, signalStatusLook } from './status'

describe('signal statuses and figures', () => {
  it('gives each signal status its own label and colour', () => {
    const statuses: SignalStatus[] = ['ACCEPTED', 'DUPLICATE', 'REJECTED', 'EXECUTED', 'FAILED']
    expect(statuses.map((s) => [signalStatusLook(s).label, signalStatusLook(s).palette])).toEqual([
      ['Accepted', 'blue'],
      ['Duplicate', 'gray'],
      ['Rejected', 'orange'],
      ['Executed', 'green'],
      ['Failed', 'red'],
    ])
  })

  it('tells an open allocation from a closed one, and failures in red', () => {
    const statuses: AllocationStatus[] = ['FILLED', 'CLOSED', 'SKIPPED', 'REJECTED', 'EXIT_REJECTED']
    expect(statuses.map((s) => allocationStatusLook(s).palette)).toEqual(['blue', 'green', 'gray', 'red', 'red'])
    expect(allocationStatusLook('FILLED').label).toBe('Open')
  })

  it('formats holding times at a glance', () => {
    expect(formatHolding(0)).toBe('0s')
    expect(formatHolding(45)).toBe('45s')
    expect(formatHolding('725.4')).toBe('12m 5s')
    expect(formatHolding(7200)).toBe('2h')
    expect(formatHolding(7380)).toBe('2h 3m')
    expect(formatHolding(3 * 86_400 + 4 * 3600 + 59)).toBe('3d 4h')
    expect(formatHolding(null)).toBe('—')
  })

  it('shows percentages from exact decimals, signed when asked', () => {
    expect(formatPercent('66.6667')).toBe('66.66%')
    expect(formatPercent('12.5', { signed: true })).toBe('+12.50%')
    expect(formatPercent('-0.034')).toBe('−0.03%')
    expect(formatPercent('-0.001')).toBe('0.00%')
    expect(formatPercent('0', { signed: true })).toBe('0.00%')
    expect(formatPercent(null)).toBe('—')
  })

  it('shows processing time in milliseconds', () => {
    expect(formatMs('3.21')).toBe('3.2 ms')
    expect(formatMs('1250.4')).toBe('1,250 ms')
    expect(formatMs(null)).toBe('—')
  })
})
