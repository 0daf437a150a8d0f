import { describe, expect, it } from 'vitest'
import { emptyGroup, groupFieldOf, groupProblems, groupToInput, groupToUpdate } from './groupForm'

describe('the signal group form', () => {
  it('sends blank limits as no limit, and typed ones as numbers', () => {
    const form = { ...emptyGroup(), name: ' NIFTY breakout ', source: 'JSON' as const, entryAlgoIds: ['a1'] }
    expect(groupToInput(form)).toEqual({
      name: 'NIFTY breakout',
      source: 'JSON',
      active: true,
      defaultAction: null,
      limits: { maxSignalsPerDay: null, expiresOn: null, marketHoursOnly: true, rateLimitPerMinute: null },
      entryAlgoIds: ['a1'],
      exitAlgoIds: [],
    })
    const limited = { ...form, maxSignalsPerDay: '1,000', rateLimitPerMinute: '30', expiresOn: '2026-12-31', marketHoursOnly: false, defaultAction: 'BUY_ENTRY' as const }
    expect(groupToUpdate('g1', limited)).toMatchObject({
      id: 'g1',
      defaultAction: 'BUY_ENTRY',
      limits: { maxSignalsPerDay: 1000, expiresOn: '2026-12-31', marketHoursOnly: false, rateLimitPerMinute: 30 },
    })
  })

  it('asks Chartink groups for their action and checks the limits’ ranges', () => {
    expect(groupProblems({ ...emptyGroup(), name: 'Scan', source: 'CHARTINK' })).toEqual({ defaultAction: expect.stringContaining('Chartink') })
    expect(groupProblems({ ...emptyGroup(), name: 'Scan', source: 'CHARTINK', defaultAction: 'BUY_ENTRY' })).toEqual({})
    const problems = groupProblems({ ...emptyGroup(), maxSignalsPerDay: '0', rateLimitPerMinute: '6001' })
    expect(Object.keys(problems).sort()).toEqual(['maxSignalsPerDay', 'name', 'rateLimitPerMinute'])
    expect(groupProblems({ ...emptyGroup(), name: 'x', maxSignalsPerDay: 'ten' })).toHaveProperty('maxSignalsPerDay')
  })

  it('puts a server problem on its field, limits included', () => {
    expect(groupFieldOf('defaultAction')).toBe('defaultAction')
    expect(groupFieldOf('limits.rateLimitPerMinute')).toBe('rateLimitPerMinute')
    expect(groupFieldOf('ipAllowlist')).toBeNull()
    expect(groupFieldOf(null)).toBeNull()
  })
})
