import type { BacktestMetricsFieldsFragment } from '@/graphql/generated/graphql'
import { formatMoney } from '@/lib/money'

export type Metrics = Omit<BacktestMetricsFieldsFragment, '__typename'>

/** "2d 4h", "35m": durations of runs, drawdowns and trades. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  const s = Math.round(seconds)
  const days = Math.floor(s / 86400)
  const hours = Math.floor((s % 86400) / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`
  return minutes > 0 ? `${minutes}m` : `${s}s`
}

export function formatPct(value: number | null | undefined, signed = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  const text = `${value.toFixed(2)}%`
  return signed && value > 0 ? `+${text}` : text.replace('-', '−')
}

export function formatRatio(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return value.toFixed(2).replace('-', '−')
}

/** ETA of a running job: "about 12 s", "about 3 min". */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return 'estimating…'
  if (seconds < 1) return 'under a second'
  if (seconds < 90) return `about ${Math.round(seconds)} s`
  return `about ${Math.round(seconds / 60)} min`
}

export type Tone = 'good' | 'bad' | 'neutral'

export interface MetricDef {
  key: keyof Metrics
  label: string
  format: (m: Metrics) => string
  /** Colour for the card: better above zero, or not coloured. */
  tone?: (m: Metrics) => Tone
  help?: string
}

const signTone = (value: number | null | undefined): Tone => (value === null || value === undefined || value === 0 ? 'neutral' : value > 0 ? 'good' : 'bad')

/** The report's cards, in the order traders read them (backtesting.py's table). */
export const METRIC_CARDS: MetricDef[] = [
  { key: 'returnPct', label: 'Return', format: (m) => formatPct(m.returnPct, true), tone: (m) => signTone(m.returnPct) },
  { key: 'cagrPct', label: 'CAGR', format: (m) => formatPct(m.cagrPct, true), tone: (m) => signTone(m.cagrPct) },
  { key: 'buyHoldReturnPct', label: 'Buy & hold', format: (m) => formatPct(m.buyHoldReturnPct, true) },
  { key: 'finalEquity', label: 'Final equity', format: (m) => formatMoney(m.finalEquity) },
  { key: 'sharpe', label: 'Sharpe', format: (m) => formatRatio(m.sharpe), help: 'Annualised over 252 days, risk-free 0' },
  { key: 'sortino', label: 'Sortino', format: (m) => formatRatio(m.sortino) },
  { key: 'calmar', label: 'Calmar', format: (m) => formatRatio(m.calmar) },
  { key: 'maxDrawdownPct', label: 'Max drawdown', format: (m) => formatPct(m.maxDrawdownPct), tone: (m) => (m.maxDrawdownPct ? 'bad' : 'neutral') },
  { key: 'maxDrawdownDurationSeconds', label: 'Max DD duration', format: (m) => formatDuration(m.maxDrawdownDurationSeconds) },
  { key: 'volatilityPct', label: 'Volatility (ann.)', format: (m) => formatPct(m.volatilityPct) },
  { key: 'winRatePct', label: 'Win rate', format: (m) => formatPct(m.winRatePct) },
  { key: 'nTrades', label: 'Trades', format: (m) => String(m.nTrades) },
  { key: 'profitFactor', label: 'Profit factor', format: (m) => formatRatio(m.profitFactor) },
  { key: 'expectancyPct', label: 'Expectancy', format: (m) => formatPct(m.expectancyPct, true), tone: (m) => signTone(m.expectancyPct) },
  { key: 'sqn', label: 'SQN', format: (m) => formatRatio(m.sqn) },
  { key: 'exposurePct', label: 'Exposure', format: (m) => formatPct(m.exposurePct) },
  { key: 'bestTradePct', label: 'Best trade', format: (m) => formatPct(m.bestTradePct, true) },
  { key: 'worstTradePct', label: 'Worst trade', format: (m) => formatPct(m.worstTradePct, true) },
  { key: 'avgTradeDurationSeconds', label: 'Avg trade duration', format: (m) => formatDuration(m.avgTradeDurationSeconds) },
  { key: 'totalCharges', label: 'Charges', format: (m) => formatMoney(m.totalCharges) },
]

/** Unix seconds for a chart from a server DateTime. */
export function chartTime(value: string): number {
  const hasZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(value)
  return Math.floor(new Date(hasZone ? value : `${value}Z`).getTime() / 1000)
}

/** Points sorted and de-duplicated by time, as lightweight-charts requires. */
export function chartSeries<T>(points: readonly T[], time: (p: T) => number, value: (p: T) => number): { time: number; value: number }[] {
  const out: { time: number; value: number }[] = []
  for (const p of [...points].sort((a, b) => time(a) - time(b))) {
    const t = time(p)
    const last = out[out.length - 1]
    if (last && last.time === t) last.value = value(p)
    else out.push({ time: t, value: value(p) })
  }
  return out
}
