import { describe, expect, it } from 'vitest'
import type { SignalAlgoFieldsFragment } from '@/graphql/generated/graphql'
import { describeLeg, emptyLeg, legFromAlgo, legProblems, legToInput, type LegForm } from './legs'

function leg(patch: Partial<LegForm>): LegForm {
  return { ...emptyLeg(), ...patch }
}

describe('algo legs', () => {
  it('sends a fixed symbol upper-cased and trimmed, and a blank one as the alert symbol', () => {
    expect(legToInput(leg({ symbol: ' reliance ', lots: '2' }))).toEqual({ lots: 2, opposite: false, selection: { kind: 'FIXED', symbol: 'RELIANCE' } })
    expect(legToInput(leg({ symbol: '   ' })).selection).toEqual({ kind: 'FIXED', symbol: null })
  })

  it('sends only the fields of the kind chosen, even after switching kinds', () => {
    const future = leg({ kind: 'FUTURE', symbol: 'SBIN', underlying: 'nifty', month: 'NEXT' })
    expect(legToInput(future)).toEqual({ lots: 1, opposite: false, selection: { kind: 'FUTURE', underlying: 'NIFTY', month: 'NEXT' } })
  })

  it('sends an option with only its strike rule’s target', () => {
    const base = { kind: 'OPTION' as const, underlying: 'BANKNIFTY', optionType: 'PE' as const, expiryRule: 'NEXT_WEEK' as const }
    expect(legToInput(leg({ ...base, strikeRule: 'OFFSET', strikeOffset: '-2', targetPremium: '100', opposite: true })).selection).toEqual({
      kind: 'OPTION', underlying: 'BANKNIFTY', optionType: 'PE', expiryRule: 'NEXT_WEEK', strikeRule: 'OFFSET', strikeOffset: -2, targetPremium: null, targetDelta: null,
    })
    expect(legToInput(leg({ ...base, strikeRule: 'PREMIUM', targetPremium: ' 85.5 ' })).selection).toMatchObject({ strikeRule: 'PREMIUM', strikeOffset: 0, targetPremium: '85.5', targetDelta: null })
    expect(legToInput(leg({ ...base, strikeRule: 'DELTA', targetDelta: '0.3' })).selection).toMatchObject({ strikeRule: 'DELTA', targetPremium: null, targetDelta: 0.3 })
    expect(legToInput(leg({ ...base, strikeRule: 'ATM', strikeOffset: '3' })).selection).toMatchObject({ strikeRule: 'ATM', strikeOffset: 0 })
  })

  it('names problems by the server’s field paths, so both land on the same input', () => {
    expect(legProblems(leg({ lots: '0' }), 2)).toEqual({ 'legs[2].lots': expect.stringContaining('1 to 10,000 lots') })
    expect(legProblems(leg({ lots: '1.5' }), 0)).toHaveProperty(['legs[0].lots'])
    const option = { kind: 'OPTION' as const }
    expect(legProblems(leg({ ...option, strikeRule: 'OFFSET', strikeOffset: '0' }), 1)).toHaveProperty(['legs[1].selection.strikeOffset'])
    expect(legProblems(leg({ ...option, strikeRule: 'OFFSET', strikeOffset: '51' }), 1)).toHaveProperty(['legs[1].selection.strikeOffset'])
    expect(legProblems(leg({ ...option, strikeRule: 'PREMIUM', targetPremium: '-4' }), 0)).toHaveProperty(['legs[0].selection.targetPremium'])
    expect(legProblems(leg({ ...option, strikeRule: 'DELTA', targetDelta: '1' }), 0)).toHaveProperty(['legs[0].selection.targetDelta'])
    expect(legProblems(leg({ ...option, strikeRule: 'OFFSET', strikeOffset: '-3' }), 0)).toEqual({})
    // A fixed leg ignores the option fields it keeps from an earlier choice.
    expect(legProblems(leg({ strikeRule: 'PREMIUM', targetPremium: '' }), 0)).toEqual({})
  })

  it('reads a saved leg back into the form, and describes it in a few words', () => {
    const saved: SignalAlgoFieldsFragment['legs'][number] = {
      __typename: 'AlgoLeg',
      lots: 2,
      opposite: false,
      selection: {
        __typename: 'InstrumentSelection', kind: 'OPTION', symbol: null, underlying: 'NIFTY', month: 'CURRENT', optionType: 'CE',
        expiryRule: 'CURRENT_WEEK', strikeRule: 'OFFSET', strikeOffset: 2, targetPremium: null, targetDelta: null,
      },
    }
    const form = legFromAlgo(saved)
    expect(form).toMatchObject({ kind: 'OPTION', underlying: 'NIFTY', optionType: 'CE', strikeRule: 'OFFSET', strikeOffset: '2', lots: '2' })
    expect(legToInput(form)).toEqual({ lots: 2, opposite: false, selection: expect.objectContaining({ strikeOffset: 2, underlying: 'NIFTY' }) })
    expect(describeLeg(saved)).toBe('NIFTY CE ATM+2 (current week) × 2 lots')
    expect(describeLeg({ ...saved, lots: 1, selection: { ...saved.selection, kind: 'FIXED', symbol: 'RELIANCE' } })).toBe('RELIANCE × 1 lot')
  })
})
