import { formatMoney, MINUS } from '@/lib/money'

/**
 * Max profit or max loss: "∞" (or "−∞" for a loss) when the payoff keeps growing past the
 * price range, otherwise the rupee amount.
 */
export function formatExtreme(value: string | null, unlimited: boolean, kind: 'profit' | 'loss'): string {
  if (unlimited) return kind === 'profit' ? '∞' : `${MINUS}∞`
  return formatMoney(value)
}

/** Greeks and IVs are analytics floats: a fixed number of places, a true minus, "—" when absent. */
export function formatNumber(value: number | null | undefined, places = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  const text = Math.abs(value).toLocaleString('en-IN', { minimumFractionDigits: places, maximumFractionDigits: places })
  return value < 0 && Number(text.replace(/,/g, '')) !== 0 ? `${MINUS}${text}` : text
}

/** A probability in 0..1 as a percent: "63.2%". */
export function formatProbability(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return `${(value * 100).toFixed(1)}%`
}

/** Open interest in units, in Indian grouping; "—" where the feed reports none. */
export function formatOi(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return value.toLocaleString('en-IN')
}

/** "28 Nov 2026 (5.2 days)" for an expiry picker. */
export function formatExpiry(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  if (!y || !m || !d) return iso
  const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString('en-IN', { month: 'short', timeZone: 'UTC' })
  return `${String(d).padStart(2, '0')} ${month} ${y}`
}
