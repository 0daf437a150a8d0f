import type {
  ExpiryRule,
  FutureMonth,
  LegInput,
  SelectionKind,
  SignalAlgoFieldsFragment,
  StrikeRule,
} from '@/graphql/generated/graphql'
import { isDecimal, signOf } from '@/lib/decimal'

/** The most legs an algo has (the server's MAX_LEGS). */
export const MAX_LEGS = 4
export const MAX_LOTS = 10_000
export const MAX_STRIKE_OFFSET = 50

/** One leg as the form holds it: text as typed, every kind's fields kept while switching. */
export interface LegForm {
  kind: SelectionKind
  symbol: string
  underlying: string
  month: FutureMonth
  optionType: 'CE' | 'PE'
  expiryRule: ExpiryRule
  strikeRule: StrikeRule
  strikeOffset: string
  targetPremium: string
  targetDelta: string
  lots: string
  opposite: boolean
}

export const SELECTION_KINDS: { value: SelectionKind; label: string; help: string }[] = [
  { value: 'FIXED', label: 'Fixed symbol', help: 'Trade this symbol (blank: the symbol in the alert).' },
  { value: 'FUTURE', label: 'Future', help: 'The future of an underlying, this month or next.' },
  { value: 'OPTION', label: 'Option', help: 'A call or put of an underlying, picked by a strike rule.' },
]

export const EXPIRY_RULES: { value: ExpiryRule; label: string }[] = [
  { value: 'CURRENT_WEEK', label: 'Current week' },
  { value: 'NEXT_WEEK', label: 'Next week' },
  { value: 'MONTHLY', label: 'Monthly' },
]

export const STRIKE_RULES: { value: StrikeRule; label: string }[] = [
  { value: 'ATM', label: 'At the money (ATM)' },
  { value: 'OFFSET', label: 'ATM ± N strikes' },
  { value: 'PREMIUM', label: 'Nearest premium' },
  { value: 'DELTA', label: 'Nearest delta' },
]

export function emptyLeg(): LegForm {
  return {
    kind: 'FIXED',
    symbol: '',
    underlying: '',
    month: 'CURRENT',
    optionType: 'CE',
    expiryRule: 'CURRENT_WEEK',
    strikeRule: 'ATM',
    strikeOffset: '1',
    targetPremium: '',
    targetDelta: '0.5',
    lots: '1',
    opposite: false,
  }
}

/** The server's field path of a leg's input, e.g. `legs[1].selection.strikeOffset`. */
export function legPath(index: number, field: keyof LegForm): string {
  return field === 'lots' || field === 'opposite' ? `legs[${index}].${field}` : `legs[${index}].selection.${field}`
}

const upper = (text: string): string | null => text.trim().toUpperCase() || null

function wholeNumber(text: string): number | null {
  const value = text.trim()
  return /^[+-]?\d+$/.test(value) ? Number(value) : null
}

/** What is wrong with one leg, keyed by its server field path; empty when it can be sent. */
export function legProblems(leg: LegForm, index: number): Record<string, string> {
  const problems: Record<string, string> = {}
  const lots = wholeNumber(leg.lots)
  if (lots === null || lots < 1 || lots > MAX_LOTS) {
    problems[legPath(index, 'lots')] = `Trade 1 to ${MAX_LOTS.toLocaleString('en-IN')} lots per leg.`
  }
  if (leg.kind !== 'OPTION') return problems
  if (leg.strikeRule === 'OFFSET') {
    const offset = wholeNumber(leg.strikeOffset)
    if (offset === null || offset === 0 || Math.abs(offset) > MAX_STRIKE_OFFSET) {
      problems[legPath(index, 'strikeOffset')] = `Offset the strike by 1 to ${MAX_STRIKE_OFFSET} strikes either way (0 is the ATM rule).`
    }
  }
  if (leg.strikeRule === 'PREMIUM') {
    const premium = leg.targetPremium.trim()
    if (!isDecimal(premium) || signOf(premium) <= 0) {
      problems[legPath(index, 'targetPremium')] = 'Enter a target premium above zero, e.g. 100.'
    }
  }
  if (leg.strikeRule === 'DELTA') {
    const delta = Number(leg.targetDelta.trim())
    if (leg.targetDelta.trim() === '' || !(delta > 0 && delta < 1)) {
      problems[legPath(index, 'targetDelta')] = 'Enter a target delta between 0 and 1 (0.5 is about at the money).'
    }
  }
  return problems
}

/** The leg's GraphQL input: only the fields its kind (and strike rule) uses. */
export function legToInput(leg: LegForm): LegInput {
  const lots = wholeNumber(leg.lots) ?? 1
  if (leg.kind === 'FIXED') {
    return { lots, opposite: leg.opposite, selection: { kind: 'FIXED', symbol: upper(leg.symbol) } }
  }
  if (leg.kind === 'FUTURE') {
    return { lots, opposite: leg.opposite, selection: { kind: 'FUTURE', underlying: upper(leg.underlying), month: leg.month } }
  }
  return {
    lots,
    opposite: leg.opposite,
    selection: {
      kind: 'OPTION',
      underlying: upper(leg.underlying),
      optionType: leg.optionType,
      expiryRule: leg.expiryRule,
      strikeRule: leg.strikeRule,
      strikeOffset: leg.strikeRule === 'OFFSET' ? (wholeNumber(leg.strikeOffset) ?? 0) : 0,
      targetPremium: leg.strikeRule === 'PREMIUM' ? leg.targetPremium.trim() : null,
      targetDelta: leg.strikeRule === 'DELTA' ? Number(leg.targetDelta.trim()) : null,
    },
  }
}

type AlgoLeg = SignalAlgoFieldsFragment['legs'][number]

/** A saved leg back into the form, for editing. */
export function legFromAlgo(leg: AlgoLeg): LegForm {
  const s = leg.selection
  const blank = emptyLeg()
  return {
    kind: s.kind,
    symbol: s.symbol ?? '',
    underlying: s.underlying ?? '',
    month: s.month,
    optionType: s.optionType === 'PE' ? 'PE' : 'CE',
    expiryRule: s.expiryRule,
    strikeRule: s.strikeRule,
    strikeOffset: s.strikeRule === 'OFFSET' ? String(s.strikeOffset) : blank.strikeOffset,
    targetPremium: s.targetPremium ?? '',
    targetDelta: s.targetDelta === null ? blank.targetDelta : String(s.targetDelta),
    lots: String(leg.lots),
    opposite: leg.opposite,
  }
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n)
}

/** "RELIANCE × 1 lot", "NIFTY CE ATM+2 (current week) × 2 lots": a leg in a few words. */
export function describeLeg(leg: AlgoLeg): string {
  const s = leg.selection
  const lots = `× ${leg.lots} lot${leg.lots === 1 ? '' : 's'}`
  const hedge = leg.opposite ? ' (opposite side)' : ''
  if (s.kind === 'FIXED') return `${s.symbol ?? 'Alert symbol'} ${lots}${hedge}`
  const underlying = s.underlying ?? 'Alert symbol'
  if (s.kind === 'FUTURE') return `${underlying} FUT (${s.month === 'NEXT' ? 'next' : 'current'} month) ${lots}${hedge}`
  const strike =
    s.strikeRule === 'ATM'
      ? 'ATM'
      : s.strikeRule === 'OFFSET'
        ? `ATM${signed(s.strikeOffset)}`
        : s.strikeRule === 'PREMIUM'
          ? `premium ≈ ₹${s.targetPremium ?? '?'}`
          : `delta ≈ ${s.targetDelta ?? '?'}`
  const expiry = EXPIRY_RULES.find((r) => r.value === s.expiryRule)?.label.toLowerCase() ?? s.expiryRule
  return `${underlying} ${s.optionType ?? ''} ${strike} (${expiry}) ${lots}${hedge}`.replace(/\s+/g, ' ')
}
