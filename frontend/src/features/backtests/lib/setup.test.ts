import { describe, expect, it } from 'vitest'
import { backtestInput, DEFAULT_SETUP, parseLevel, problemTarget, riskSummary, setupProblems } from './setup'

const setup = { ...DEFAULT_SETUP, symbols: ['RELIANCE'] }

describe('risk rules of a run', () => {
  it('reads 2% as a percent and 15 as points; empty is off; nonsense is refused', () => {
    expect(parseLevel('2%')).toEqual({ offset: 'PERCENT', value: '2' })
    expect(parseLevel(' 1.5 % ')).toEqual({ offset: 'PERCENT', value: '1.5' })
    expect(parseLevel('15')).toEqual({ offset: 'POINTS', value: '15' })
    expect(parseLevel('')).toBeNull()
    for (const bad of ['0', '-2%', '100%', 'far', '2%%']) expect(parseLevel(bad)).toBeUndefined()
  })

  it('sends no risk when every field is empty', () => {
    expect(backtestInput('sma_cross', {}, setup).risk).toBeNull()
  })

  it('sends the stops and the daily loss limit that were typed', () => {
    const input = backtestInput('sma_cross', {}, { ...setup, stopLoss: '2%', trailingStop: '10', dailyLossLimit: '5,000' })
    expect(input.risk).toEqual({
      positionStops: { stopLoss: { offset: 'PERCENT', value: '2' }, target: null, trailingStop: { distance: { offset: 'POINTS', value: '10' } } },
      dailyLossLimit: '5000',
    })
  })

  it('says what to type when a field is wrong, and puts the server’s field errors on it', () => {
    const problems = setupProblems({ ...setup, target: '150%', dailyLossLimit: '-1' })
    expect(problems.target).toMatch(/percent below 100/)
    expect(problems.dailyLossLimit).toMatch(/rupees above zero/)
    expect(problems.stopLoss).toBeUndefined()
    expect(problemTarget('risk.positionStops.stopLoss', [])).toEqual({ setup: 'stopLoss' })
    expect(problemTarget('risk.dailyLossLimit', [])).toEqual({ setup: 'dailyLossLimit' })
  })

  it('summarises a run’s rules in one line', () => {
    const line = riskSummary({
      positionStops: { stopLoss: { offset: 'PERCENT', value: '2' }, target: { offset: 'POINTS', value: '15' }, trailingStop: null },
      dailyLossLimit: '5000',
    })
    expect(line).toBe('SL 2% · target 15 pts · day loss ₹5000')
  })
})
