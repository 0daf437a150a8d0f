import { describe, expect, it } from 'vitest'
import { callSideOrder, expiriesOf, todayIst } from './chain'
import { parseTemplateChoice } from './template'
import { parseIvShift, scenarioAt, scenarioLabel } from './scenario'

describe('the chain page helpers', () => {
  it('lists live expiries once, nearest first, dropping today after 15:30 IST', () => {
    const items = [{ expiry: '2026-12-01' }, { expiry: '2026-11-23' }, { expiry: '2026-12-01' }, { expiry: null }, { expiry: '2026-11-30' }]
    // 15:00 IST on the 23rd: today's expiry still trades.
    expect(expiriesOf(items, new Date('2026-11-23T09:30:00Z'))).toEqual(['2026-11-23', '2026-11-30', '2026-12-01'])
    // 16:00 IST: it has expired.
    expect(expiriesOf(items, new Date('2026-11-23T10:30:00Z'))).toEqual(['2026-11-30', '2026-12-01'])
  })

  it('knows the market date whatever the browser zone', () => {
    expect(todayIst(new Date('2026-11-23T19:00:00Z'))).toBe('2026-11-24')
  })

  it('keeps the greek columns in one order whichever were switched on', () => {
    expect(callSideOrder(['vega', 'iv', 'oi'])).toEqual(['oi', 'iv', 'vega'])
  })
})

describe('the template form and the scenario', () => {
  it('checks the numbers before building', () => {
    expect(parseTemplateChoice({ width: '2', wing: '3', delta: '', lots: '1' }, 'width')).toEqual({ kind: 'ok', value: { lots: 1, width: 2, wing: 3, delta: null } })
    expect(parseTemplateChoice({ width: '2', wing: '2', delta: '0.2', lots: '2' }, 'delta')).toEqual({ kind: 'ok', value: { lots: 2, width: 2, wing: 2, delta: 0.2 } })
    expect(parseTemplateChoice({ width: '2', wing: '2', delta: '20', lots: '1' }, 'delta').kind).toBe('problem')
    expect(parseTemplateChoice({ width: 'x', wing: '2', delta: '', lots: '1' }, 'width').kind).toBe('problem')
    expect(parseTemplateChoice({ width: '2', wing: '2', delta: '', lots: '0' }, 'width').kind).toBe('problem')
  })

  it('values the today line now, or at noon IST on a later date, with an IV shift', () => {
    expect(scenarioAt('', '2026-11-23')).toBeNull()
    expect(scenarioAt('2026-11-23', '2026-11-23')).toBeNull()
    expect(scenarioAt('2026-11-27', '2026-11-23')).toBe('2026-11-27T12:00:00+05:30')
    expect(parseIvShift('')).toBe(0)
    expect(parseIvShift('-1.5')).toBe(-1.5)
    expect(parseIvShift('abc')).toBeNull()
    expect(scenarioLabel('2026-11-27', '2026-11-23', 2)).toBe('On 27 Nov 2026, IV +2')
    expect(scenarioLabel('', '2026-11-23', 0)).toBe('Today')
  })
})
