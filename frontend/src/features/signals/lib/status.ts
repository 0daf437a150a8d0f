import type { AllocationStatus, ExitReason, SignalAction, SignalSource, SignalStatus } from '@/graphql/generated/graphql'

interface Look {
  label: string
  palette: string
  /** What the status means, for the badge's tooltip. */
  help: string
}

const SIGNAL_STATUS: Record<SignalStatus, Look> = {
  ACCEPTED: { label: 'Accepted', palette: 'blue', help: 'Taken in; executing now.' },
  DUPLICATE: { label: 'Duplicate', palette: 'gray', help: 'Seen before (same unique_id or body): ignored.' },
  REJECTED: { label: 'Rejected', palette: 'orange', help: 'Refused before trading; see the reason.' },
  EXECUTED: { label: 'Executed', palette: 'green', help: 'Orders placed for every target account.' },
  FAILED: { label: 'Failed', palette: 'red', help: 'Could not execute; see the reason.' },
}

export function signalStatusLook(status: SignalStatus): Look {
  return SIGNAL_STATUS[status]
}

const ALLOCATION_STATUS: Record<AllocationStatus, Look> = {
  FILLED: { label: 'Open', palette: 'blue', help: 'Entered; waiting for the exit.' },
  CLOSED: { label: 'Closed', palette: 'green', help: 'Entered and exited.' },
  SKIPPED: { label: 'Skipped', palette: 'gray', help: 'Not traded in this account; see the reason.' },
  REJECTED: { label: 'Rejected', palette: 'red', help: 'The entry order was rejected.' },
  EXIT_REJECTED: { label: 'Exit rejected', palette: 'red', help: 'The exit order was rejected: the position is still open.' },
}

export function allocationStatusLook(status: AllocationStatus): Look {
  return ALLOCATION_STATUS[status]
}

const ACTION_LABEL: Record<SignalAction, string> = {
  BUY_ENTRY: 'Buy entry',
  BUY_EXIT: 'Buy exit',
  SELL_ENTRY: 'Sell entry',
  SELL_EXIT: 'Sell exit',
}

export function actionLabel(action: SignalAction | null | undefined): string {
  return action ? ACTION_LABEL[action] : '—'
}

/** Entries are green (buy) or red (sell); exits are neutral. */
export function actionPalette(action: SignalAction | null | undefined): string {
  if (action === 'BUY_ENTRY') return 'green'
  if (action === 'SELL_ENTRY') return 'red'
  return 'gray'
}

const SOURCE_LABEL: Record<SignalSource, string> = {
  TRADINGVIEW: 'TradingView',
  CHARTINK: 'Chartink',
  JSON: 'JSON',
  STRATEGY: 'Strategy',
  MANUAL: 'Manual',
}

export function sourceLabel(source: SignalSource): string {
  return SOURCE_LABEL[source]
}

const EXIT_REASON: Record<ExitReason, string> = {
  SIGNAL: 'Exit signal',
  SL: 'Stop-loss',
  TARGET: 'Target',
  TSL: 'Trailing stop',
  SQUARE_OFF: 'Square-off',
  PANIC: 'Kill switch',
}

export function exitReasonLabel(reason: ExitReason): string {
  return EXIT_REASON[reason]
}

/** "45s", "12m 5s", "2h 3m", "3d 4h": a holding time at a glance. */
export function formatHolding(seconds: number | string | null | undefined): string {
  if (seconds === null || seconds === undefined || seconds === '') return '—'
  const total = Math.round(Number(seconds))
  if (!Number.isFinite(total) || total < 0) return '—'
  const d = Math.floor(total / 86_400)
  const h = Math.floor((total % 86_400) / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`
  return `${s}s`
}

/** "12.5%", "−3.20%": a server Decimal percentage with its sign, as given (no float maths). */
export function formatPercent(value: string | null | undefined, { signed = false } = {}): string {
  if (value === null || value === undefined || value === '') return '—'
  const negative = value.startsWith('-')
  const digits = negative ? value.slice(1) : value
  const [whole = '0', fraction = ''] = digits.split('.')
  const shown = `${whole}.${(fraction + '00').slice(0, 2)}%`
  if (negative && /[1-9]/.test(shown)) return `−${shown}`
  return signed && /[1-9]/.test(shown) ? `+${shown}` : shown
}

/** "3.2 ms", "0.4 ms", "1,250 ms". */
export function formatMs(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const ms = Number(value)
  if (!Number.isFinite(ms)) return '—'
  return ms >= 100 ? `${Math.round(ms).toLocaleString('en-IN')} ms` : `${ms.toFixed(1)} ms`
}
