import type { BacktestInput, BacktestRiskInput, FillAt, Interval, LevelInput } from '@/graphql/generated/graphql'

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
  /** Risk rules, as typed: `2%` is a percent of each entry's price, `15` is points; empty: off. */
  stopLoss: string
  target: string
  trailingStop: string
  dailyLossLimit: string
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
  stopLoss: '',
  target: '',
  trailingStop: '',
  dailyLossLimit: '',
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
const LEVEL = /^(\d+(\.\d+)?)\s*(%?)$/

/** `2%` → 2 percent, `15` → 15 points; null when empty, undefined when it is not a level. */
export function parseLevel(text: string): LevelInput | null | undefined {
  const trimmed = text.trim()
  if (!trimmed) return null
  const match = LEVEL.exec(trimmed)
  if (!match || Number(match[1]) <= 0) return undefined
  const percent = match[3] === '%'
  if (percent && Number(match[1]) >= 100) return undefined
  return { offset: percent ? 'PERCENT' : 'POINTS', value: match[1] }
}

const LEVEL_FIELDS = ['stopLoss', 'target', 'trailingStop'] as const

/** Problems with the setup, each saying what to do. */
export function setupProblems(setup: RunSetup): SetupProblems {
  const problems: SetupProblems = {}
  if (setup.symbols.length === 0) problems.symbols = 'Add at least one symbol to trade, e.g. RELIANCE.'
  const cash = setup.cash.replace(/,/g, '').trim()
  if (!AMOUNT.test(cash) || Number(cash) <= 0) problems.cash = 'Enter the starting capital in rupees, e.g. 1000000.'
  if (!AMOUNT.test(setup.slippageBps.trim())) problems.slippageBps = 'Enter slippage in basis points, 0 or more (e.g. 5 = 0.05%).'
  if (setup.from && setup.to && setup.from > setup.to) problems.to = 'The last day must be on or after the first day.'
  for (const field of LEVEL_FIELDS) {
    if (parseLevel(setup[field]) === undefined) problems[field] = 'Enter points (e.g. 15) or a percent below 100 (e.g. 2%), or leave it empty.'
  }
  const limit = setup.dailyLossLimit.replace(/,/g, '').trim()
  if (limit && (!AMOUNT.test(limit) || Number(limit) <= 0)) problems.dailyLossLimit = 'Enter a loss in rupees above zero (e.g. 5000), or leave it empty.'
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
    risk: riskInput(setup),
  }
}

/** The run's risk rules, or null when every risk field is empty. */
export function riskInput(setup: RunSetup): BacktestRiskInput | null {
  const stopLoss = parseLevel(setup.stopLoss) ?? null
  const target = parseLevel(setup.target) ?? null
  const trail = parseLevel(setup.trailingStop) ?? null
  const limit = setup.dailyLossLimit.replace(/,/g, '').trim()
  const stops = stopLoss || target || trail ? { stopLoss, target, trailingStop: trail ? { distance: trail } : null } : null
  if (!stops && !limit) return null
  return { positionStops: stops, dailyLossLimit: limit || null }
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
    'risk.positionStops.stopLoss': 'stopLoss',
    'risk.positionStops.target': 'target',
    'risk.positionStops.trailingStop': 'trailingStop',
    'risk.positionStops.trailStep': 'trailingStop',
    'risk.dailyLossLimit': 'dailyLossLimit',
  }
  return setupFields[field] ? { setup: setupFields[field] } : {}
}

type ShownLevel = { offset: string; value: string } | null | undefined
type ShownRisk = {
  positionStops?: { stopLoss?: ShownLevel; target?: ShownLevel; trailingStop?: { distance: ShownLevel } | null } | null
  dailyLossLimit?: string | null
}

/** A run's risk rules in a line: "SL 2% · target 15 pts · TSL 1.5% · day loss ₹5000". */
export function riskSummary(risk: ShownRisk): string {
  const level = (l: ShownLevel) => (l ? (l.offset === 'PERCENT' ? `${l.value}%` : l.offset === 'POINTS' ? `${l.value} pts` : `@${l.value}`) : null)
  const stops = risk.positionStops
  const parts = [
    stops?.stopLoss ? `SL ${level(stops.stopLoss)}` : null,
    stops?.target ? `target ${level(stops.target)}` : null,
    stops?.trailingStop ? `TSL ${level(stops.trailingStop.distance)}` : null,
    risk.dailyLossLimit ? `day loss ₹${risk.dailyLossLimit}` : null,
  ]
  return parts.filter(Boolean).join(' · ')
}
