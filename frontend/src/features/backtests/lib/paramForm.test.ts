import { describe, expect, it } from 'vitest'
import { flatten, initialValues, isShown, paramLabel, toParams, validateParams, valuesOfParams, type ParamSpec } from './paramForm'

function spec(name: string, type: ParamSpec['type'], extra: Partial<ParamSpec> = {}): ParamSpec {
  return {
    name,
    type,
    default: null,
    required: false,
    nullable: false,
    min: null,
    max: null,
    minExclusive: false,
    maxExclusive: false,
    choices: null,
    description: null,
    appliesWhen: null,
    ...extra,
  }
}

const SMA: ParamSpec[] = [
  spec('sizing.kind', 'ENUM', { default: 'fraction', choices: ['quantity', 'lots', 'fraction'] }),
  spec('sizing.quantity', 'INT', { required: true, min: 0, minExclusive: true, appliesWhen: 'sizing.kind=quantity' }),
  spec('sizing.fraction', 'DECIMAL', { default: '1', required: true, min: 0, max: 1, minExclusive: true, appliesWhen: 'sizing.kind=fraction' }),
  spec('allow_short', 'BOOL', { default: 'false' }),
  spec('stop_loss_pct', 'DECIMAL', { nullable: true, min: 0, max: 100, minExclusive: true, maxExclusive: true }),
  spec('fast', 'INT', { default: '10', min: 1 }),
  spec('slow', 'INT', { default: '20', min: 2 }),
]

describe('the generated parameter form', () => {
  it('starts from the defaults and labels nested names readably', () => {
    expect(initialValues(SMA)).toMatchObject({ 'sizing.kind': 'fraction', 'sizing.quantity': '', fast: '10', allow_short: 'false' })
    expect(paramLabel('sizing.risk_fraction')).toBe('Sizing · risk fraction')
  })

  it('shows a conditional parameter only when its condition holds', () => {
    const values = initialValues(SMA)
    expect(isShown(SMA[1], values)).toBe(false)
    expect(isShown(SMA[1], { ...values, 'sizing.kind': 'quantity' })).toBe(true)
  })

  it('accepts the defaults as they are', () => {
    expect(validateParams(SMA, initialValues(SMA))).toEqual({})
  })

  it('checks types and bounds, exclusive ones included, and says what to enter', () => {
    const values = { ...initialValues(SMA), fast: '2.5', slow: '1', 'sizing.fraction': '0', stop_loss_pct: '100' }
    expect(validateParams(SMA, values)).toEqual({
      fast: 'Enter a whole number, e.g. 10.',
      slow: 'Enter 2 or more.',
      'sizing.fraction': 'Enter a number above 0.',
      stop_loss_pct: 'Enter a number below 100.',
    })
  })

  it('requires a required parameter only when it applies', () => {
    const values = { ...initialValues(SMA), 'sizing.kind': 'quantity' }
    expect(validateParams(SMA, values)).toEqual({ 'sizing.quantity': 'Enter sizing · quantity.' })
    expect(validateParams(SMA, { ...values, 'sizing.quantity': '5' })).toEqual({})
  })

  it('refuses a choice that is not offered', () => {
    expect(validateParams(SMA, { ...initialValues(SMA), 'sizing.kind': 'all-in' })['sizing.kind']).toMatch(/Choose one of/)
  })

  it('sends shown, non-empty values typed, with decimals kept as exact strings', () => {
    const values = { ...initialValues(SMA), fast: '5', allow_short: 'true', 'sizing.fraction': '0.50' }
    expect(toParams(SMA, values)).toEqual({ 'sizing.kind': 'fraction', 'sizing.fraction': '0.50', allow_short: true, fast: 5, slow: 20 })
  })

  it('reads a stored run’s nested params back into the form', () => {
    expect(flatten({ fast: 3, sizing: { kind: 'lots', lots: 2 }, stop: null })).toEqual({ fast: 3, 'sizing.kind': 'lots', 'sizing.lots': 2 })
    expect(valuesOfParams(SMA, { fast: 3, allow_short: true })).toMatchObject({ fast: '3', allow_short: 'true', slow: '20' })
  })
})
