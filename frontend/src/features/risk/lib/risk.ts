import type {
  BreachAction,
  CarryRule,
  RiskLimitsFieldsFragment,
  RiskLimitsInput,
  RiskRule,
  RiskScopeInput,
  RiskScopeKind,
} from '@/graphql/generated/graphql'
import { isDecimal, signOf } from '@/lib/decimal'

const RULE_LABELS: Record<RiskRule, string> = {
  PANIC: 'Panic',
  FAT_FINGER: 'Fat-finger limit',
  DAILY_LOSS_LIMIT: 'Daily loss limit',
  DAILY_PROFIT_TARGET: 'Daily profit target',
  MAX_EXPOSURE: 'Max gross exposure',
  MAX_ORDER_VALUE: 'Max order value',
  MAX_ORDER_QUANTITY: 'Max order quantity',
  MAX_POSITIONS: 'Max open positions',
  SQUARE_OFF_TIME: 'Auto square-off time',
  MTM_STOP_LOSS: 'MTM stop-loss',
  MTM_TARGET: 'MTM target',
  PROFIT_LOCK: 'Profit lock',
  MAX_SIGNALS_PER_DAY: 'Max signals a day',
  ENTRY_WINDOW: 'Entry window',
  EXIT_WINDOW: 'Exit window',
  DISABLED: 'Disabled',
  SL: 'Stop-loss',
  TARGET: 'Target',
  TSL: 'Trailing stop',
}

export function ruleLabel(rule: RiskRule | null | undefined): string {
  return rule ? RULE_LABELS[rule] : ''
}

/** Green with room to spare, orange past half the limit, red from 80% (and breached). */
export function headroomPalette(used: string): 'green' | 'orange' | 'red' {
  const share = Number(used)
  if (share >= 0.8) return 'red'
  if (share >= 0.5) return 'orange'
  return 'green'
}

/** The bar's fill, 0–100. */
export function headroomPercent(used: string): number {
  const share = Number(used)
  if (!Number.isFinite(share) || share <= 0) return 0
  return Math.min(100, Math.round(share * 1000) / 10)
}

export interface Scope {
  kind: RiskScopeKind
  id: string
}

export function scopeInput(scope: Scope): RiskScopeInput {
  return scope.kind === 'ALL' ? { kind: 'ALL' } : { kind: scope.kind, id: scope.id }
}

export function scopeKey(scope: Scope): string {
  return `${scope.kind}:${scope.id}`
}

/** Which rules a scope takes: the book rules (everything, an account) or the attribution
 *  rules (a signal group or a strategy, over what it opened). */
export type LimitFamily = 'book' | 'attribution'

export function limitFamily(kind: RiskScopeKind): LimitFamily {
  return kind === 'ALL' || kind === 'ACCOUNT' ? 'book' : 'attribution'
}

/** The limits form as typed: strings, empty for "no limit". */
export interface LimitsForm {
  dailyLossLimit: string
  dailyProfitTarget: string
  maxGrossExposure: string
  maxOrderValue: string
  maxOrderQuantity: string
  maxPositions: string
  squareOffAt: string
  carry: CarryRule
  onBreach: BreachAction
  mtmStopLoss: string
  mtmTarget: string
  lockActivateAt: string
  lockAmount: string
  maxSignalsPerDay: string
  entryStart: string
  entryEnd: string
  exitStart: string
  exitEnd: string
}

export type LimitsProblems = Partial<Record<keyof LimitsForm, string>>

export function formFromLimits(limits: RiskLimitsFieldsFragment | null | undefined): LimitsForm {
  return {
    dailyLossLimit: limits?.dailyLossLimit ?? '',
    dailyProfitTarget: limits?.dailyProfitTarget ?? '',
    maxGrossExposure: limits?.maxGrossExposure ?? '',
    maxOrderValue: limits?.maxOrderValue ?? '',
    maxOrderQuantity: limits?.maxOrderQuantity != null ? String(limits.maxOrderQuantity) : '',
    maxPositions: limits?.maxPositions != null ? String(limits.maxPositions) : '',
    squareOffAt: limits?.squareOffAt ?? '',
    carry: limits?.carry ?? 'CARRY',
    onBreach: limits?.onBreach ?? 'SQUARE_OFF',
    mtmStopLoss: limits?.mtmStopLoss ?? '',
    mtmTarget: limits?.mtmTarget ?? '',
    lockActivateAt: limits?.profitLock?.activateAt ?? '',
    lockAmount: limits?.profitLock?.lock ?? '',
    maxSignalsPerDay: limits?.maxSignalsPerDay != null ? String(limits.maxSignalsPerDay) : '',
    entryStart: limits?.entryWindow?.start ?? '',
    entryEnd: limits?.entryWindow?.end ?? '',
    exitStart: limits?.exitWindow?.start ?? '',
    exitEnd: limits?.exitWindow?.end ?? '',
  }
}

const MONEY_FIELDS = {
  book: ['dailyLossLimit', 'dailyProfitTarget', 'maxGrossExposure', 'maxOrderValue'],
  attribution: ['mtmStopLoss', 'mtmTarget'],
} as const
const COUNT_FIELDS = {
  book: ['maxOrderQuantity', 'maxPositions'],
  attribution: ['maxPositions', 'maxSignalsPerDay'],
} as const
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/

/** The setRiskLimits input for a form, or the problems that keep it from being sent. */
export function limitsInput(
  form: LimitsForm,
  family: LimitFamily = 'book',
): { input: RiskLimitsInput | null; problems: LimitsProblems } {
  if (family === 'attribution') return attributionInput(form)
  const problems: LimitsProblems = {}
  const input: RiskLimitsInput = { carry: form.carry, onBreach: form.onBreach }
  for (const field of MONEY_FIELDS.book) {
    const text = form[field].trim()
    if (!text) continue
    if (!isDecimal(text) || signOf(text) <= 0) problems[field] = 'Enter an amount in rupees above zero, or leave it empty.'
    else input[field] = text
  }
  for (const field of COUNT_FIELDS.book) {
    const text = form[field].trim()
    if (!text) continue
    if (!/^\d+$/.test(text) || Number(text) <= 0) problems[field] = 'Enter a whole number above zero, or leave it empty.'
    else input[field] = Number(text)
  }
  const at = form.squareOffAt.trim()
  if (at) {
    if (!HH_MM.test(at)) problems.squareOffAt = 'Give the time as HH:MM (IST), e.g. 15:10.'
    else input.squareOffAt = at
  }
  if (form.carry === 'FLATTEN' && !at) problems.squareOffAt = 'Flattening daily needs a square-off time.'
  return { input: Object.keys(problems).length ? null : input, problems }
}

function money(form: LimitsForm, field: keyof LimitsForm, problems: LimitsProblems): string | undefined {
  const text = form[field].trim()
  if (!text) return undefined
  if (!isDecimal(text) || signOf(text) <= 0) {
    problems[field] = 'Enter an amount in rupees above zero, or leave it empty.'
    return undefined
  }
  return text
}

function window(form: LimitsForm, start: 'entryStart' | 'exitStart', end: 'entryEnd' | 'exitEnd', problems: LimitsProblems) {
  const from = form[start].trim()
  const to = form[end].trim()
  if (!from && !to) return undefined
  if (!HH_MM.test(from)) problems[start] = 'Give the start as HH:MM (IST), e.g. 09:20.'
  if (!HH_MM.test(to)) problems[end] = 'Give the end as HH:MM (IST), e.g. 15:00.'
  else if (HH_MM.test(from) && from >= to) problems[end] = 'The window must end after it starts.'
  return problems[start] || problems[end] ? undefined : { start: from, end: to }
}

/** A signal group's or strategy's rules: MTM stop-loss and target, a profit lock, max open
 *  positions and signals a day, entry and exit windows, and an exit-all time. */
function attributionInput(form: LimitsForm): { input: RiskLimitsInput | null; problems: LimitsProblems } {
  const problems: LimitsProblems = {}
  const input: RiskLimitsInput = {}
  for (const field of MONEY_FIELDS.attribution) {
    const value = money(form, field, problems)
    if (value) input[field] = value
  }
  for (const field of COUNT_FIELDS.attribution) {
    const text = form[field].trim()
    if (!text) continue
    if (!/^\d+$/.test(text) || Number(text) <= 0) problems[field] = 'Enter a whole number above zero, or leave it empty.'
    else input[field] = Number(text)
  }
  const activateAt = money(form, 'lockActivateAt', problems)
  const lock = form.lockAmount.trim()
  if (activateAt || lock) {
    if (!activateAt && !problems.lockActivateAt) problems.lockActivateAt = 'Give the profit that activates the lock.'
    if (!isDecimal(lock) || signOf(lock) < 0) problems.lockAmount = 'Give the profit to keep, in rupees (0 or more).'
    else if (activateAt && Number(lock) >= Number(activateAt)) problems.lockAmount = 'Keep less than the profit that activates the lock.'
    if (activateAt && !problems.lockAmount) input.profitLock = { activateAt, lock }
  }
  const at = form.squareOffAt.trim()
  if (at) {
    if (!HH_MM.test(at)) problems.squareOffAt = 'Give the time as HH:MM (IST), e.g. 15:00.'
    else input.squareOffAt = at
  }
  const entry = window(form, 'entryStart', 'entryEnd', problems)
  if (entry) input.entryWindow = entry
  const exit = window(form, 'exitStart', 'exitEnd', problems)
  if (exit) input.exitWindow = exit
  return { input: Object.keys(problems).length ? null : input, problems }
}
