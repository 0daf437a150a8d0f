import type { BacktestInput, FillAt, Interval } from '@/graphql/generated/graphql'

/** What a run is made of besides the strategy's own parameters, as typed in the form. */
export interface RunSetup {
  symbols: string[]
  interval: Interval
  from: string
  to: string
  cash: string
  charges: string
  slippageBps: string
  fillAt: FillAt
  label: string
}

export type SetupField = keyof RunSetup
export type SetupProblems = Partial<Record<SetupField, string>>

export const DEFAULT_SETUP: RunSetup = {
  symbols: [],
  interval: 'D1',
  from: '',
  to: '',
  cash: '1000000',
  charges: 'zerodha',
  slippageBps: '0',
  fillAt: 'NEXT_OPEN',
  label: '',
}

export const INTERVALS: { value: Interval; label: string }[] = [
  { value: 'D1', label: 'Daily' },
  { value: 'H1', label: '1 hour' },
  { value: 'M15', label: '15 minutes' },
  { value: 'M5', label: '5 minutes' },
  { value: 'M1', label: '1 minute' },
]

export const CHARGES: { value: string; label: string }[] = [
  { value: 'zerodha', label: 'Zerodha (brokerage + statutory)' },
  { value: 'zero', label: 'No charges' },
  { value: 'percent:0.0003', label: '0.03% of turnover + statutory' },
  { value: 'flat:20', label: '₹20 per order + statutory' },
]

const AMOUNT = /^\d+(\.\d+)?$/

/** Problems with the setup, each saying what to do. */
export function setupProblems(setup: RunSetup): SetupProblems {
  const problems: SetupProblems = {}
  if (setup.symbols.length === 0) problems.symbols = 'Add at least one symbol to trade, e.g. RELIANCE.'
  const cash = setup.cash.replace(/,/g, '').trim()
  if (!AMOUNT.test(cash) || Number(cash) <= 0) problems.cash = 'Enter the starting capital in rupees, e.g. 1000000.'
  if (!AMOUNT.test(setup.slippageBps.trim())) problems.slippageBps = 'Enter slippage in basis points, 0 or more (e.g. 5 = 0.05%).'
  if (setup.from && setup.to && setup.from > setup.to) problems.to = 'The last day must be on or after the first day.'
  return problems
}

/** The GraphQL input of a run. */
export function backtestInput(strategy: string, params: Record<string, unknown>, setup: RunSetup): BacktestInput {
  return {
    strategy,
    params,
    symbols: setup.symbols,
    interval: setup.interval,
    from: setup.from || null,
    to: setup.to || null,
    cash: setup.cash.replace(/,/g, '').trim(),
    charges: setup.charges,
    slippageBps: setup.slippageBps.trim(),
    fillAt: setup.fillAt,
    label: setup.label.trim() || null,
  }
}

/** Where a server's InvalidInput.field belongs: a setup field, a parameter, or the form. */
export function problemTarget(field: string | null | undefined, paramNames: string[]): { setup?: SetupField; param?: string } {
  if (!field) return {}
  const name = field.replace(/^params\./, '')
  if (paramNames.includes(name)) return { param: name }
  const setupFields: Record<string, SetupField> = {
    symbols: 'symbols',
    interval: 'interval',
    from: 'from',
    to: 'to',
    cash: 'cash',
    charges: 'charges',
    slippage_bps: 'slippageBps',
    slippageBps: 'slippageBps',
    fill_at: 'fillAt',
    fillAt: 'fillAt',
    label: 'label',
  }
  return setupFields[field] ? { setup: setupFields[field] } : {}
}
