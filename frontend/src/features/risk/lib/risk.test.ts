import { describe, expect, it } from 'vitest'
import { formFromLimits, headroomPalette, headroomPercent, limitFamily, limitsInput, scopeInput } from './risk'

describe('risk limits on the page', () => {
  it('turns a typed form into the setRiskLimits input, leaving empty fields unset', () => {
    const form = { ...formFromLimits(null), dailyLossLimit: '5000', maxPositions: '3', squareOffAt: '15:10' }
    expect(limitsInput(form)).toEqual({
      input: { carry: 'CARRY', onBreach: 'SQUARE_OFF', dailyLossLimit: '5000', maxPositions: 3, squareOffAt: '15:10' },
      problems: {},
    })
  })

  it('names each field that cannot be sent, and sends nothing', () => {
    const form = { ...formFromLimits(null), dailyLossLimit: '-5', maxOrderQuantity: '2.5', squareOffAt: '3pm', carry: 'FLATTEN' as const }
    const { input, problems } = limitsInput(form)
    expect(input).toBeNull()
    expect(Object.keys(problems).sort()).toEqual(['dailyLossLimit', 'maxOrderQuantity', 'squareOffAt'])
  })

  it('gives a signal group the rules over what it opened, and not the account rules', () => {
    expect(['ALL', 'ACCOUNT', 'GROUP', 'STRATEGY'].map((k) => limitFamily(k as 'ALL'))).toEqual(['book', 'book', 'attribution', 'attribution'])
    const form = {
      ...formFromLimits(null),
      dailyLossLimit: '5000', // an account rule: not sent for a group
      mtmStopLoss: '1500',
      lockActivateAt: '2000',
      lockAmount: '800',
      maxSignalsPerDay: '10',
      entryStart: '09:20',
      entryEnd: '14:30',
      squareOffAt: '15:05',
    }
    expect(limitsInput(form, 'attribution')).toEqual({
      input: {
        mtmStopLoss: '1500',
        profitLock: { activateAt: '2000', lock: '800' },
        maxSignalsPerDay: 10,
        entryWindow: { start: '09:20', end: '14:30' },
        squareOffAt: '15:05',
      },
      problems: {},
    })
  })

  it('refuses a half window, a lock above its trigger and a bad exit-all time', () => {
    const form = { ...formFromLimits(null), entryStart: '09:20', exitStart: '15:00', exitEnd: '14:00', lockActivateAt: '500', lockAmount: '900', squareOffAt: '3pm' }
    const { input, problems } = limitsInput(form, 'attribution')
    expect(input).toBeNull()
    expect(Object.keys(problems).sort()).toEqual(['entryEnd', 'exitEnd', 'lockAmount', 'squareOffAt'])
  })

  it('colours headroom green, then orange past half, then red from 80% used', () => {
    expect(['0', '0.49', '0.5', '0.79', '0.8', '1.7'].map(headroomPalette)).toEqual(['green', 'green', 'orange', 'orange', 'red', 'red'])
    expect(['-0.2', '0.456', '3'].map(headroomPercent)).toEqual([0, 45.6, 100])
  })

  it('sends no id for the everything scope', () => {
    expect(scopeInput({ kind: 'ALL', id: '' })).toEqual({ kind: 'ALL' })
    expect(scopeInput({ kind: 'ACCOUNT', id: 'a1' })).toEqual({ kind: 'ACCOUNT', id: 'a1' })
  })
})
