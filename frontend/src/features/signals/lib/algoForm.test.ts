import { describe, expect, it } from 'vitest'
import { algoProblems, algoToInput, emptyAlgo } from './algoForm'
import { emptyLeg } from './legs'

describe('the algo form', () => {
  it('maps targets by mode, sending only what the mode uses', () => {
    const form = { ...emptyAlgo(), name: ' Reliance MIS ', tag: 'swing', accountIds: ['a1'] }
    form.legs = [{ ...emptyLeg(), symbol: 'reliance' }]
    expect(algoToInput(form)).toEqual({
      name: 'Reliance MIS',
      legs: [{ lots: 1, opposite: false, selection: { kind: 'FIXED', symbol: 'RELIANCE' } }],
      product: 'MIS',
      orderType: 'MARKET',
      targets: { mode: 'ALL', tag: null, accountIds: [] },
    })
    expect(algoToInput({ ...form, targetMode: 'TAG', tag: ' swing ' }).targets).toEqual({ mode: 'TAG', tag: 'swing', accountIds: [] })
    expect(algoToInput({ ...form, targetMode: 'LIST' }).targets).toEqual({ mode: 'LIST', tag: null, accountIds: ['a1'] })
  })

  it('tells a missing name, tag or account list, and CNC on a derivative, before sending', () => {
    const problems = algoProblems({ ...emptyAlgo(), targetMode: 'LIST', product: 'CNC', legs: [{ ...emptyLeg(), kind: 'FUTURE' }] })
    expect(Object.keys(problems).sort()).toEqual(['name', 'product', 'targets.accountIds'])
    expect(algoProblems({ ...emptyAlgo(), name: 'x', targetMode: 'TAG' })).toEqual({ 'targets.tag': expect.any(String) })
    expect(algoProblems({ ...emptyAlgo(), name: 'x' })).toEqual({})
  })
})
