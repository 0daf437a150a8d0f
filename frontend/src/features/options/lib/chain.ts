/** Pure helpers of the option chain page: expiries, columns and which greeks are shown. */

/** Options expire at 15:30 IST on their expiry date. */
export const EXPIRY_TIME_IST = '15:30'

/** "2026-11-23 15:45" in market time (IST), whatever the browser's zone. */
function istStamp(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Kolkata', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(now)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
}

/** Today's date in market time (IST), as the server writes dates: "2026-11-23". */
export function todayIst(now: Date = new Date()): string {
  return istStamp(now).slice(0, 10)
}

/**
 * The distinct expiries of an underlying's options that are still alive, nearest first: an
 * expiry ends at 15:30 IST, so after that today's contracts are gone from the picker.
 */
export function expiriesOf(items: { expiry: string | null }[], now: Date = new Date()): string[] {
  const stamp = istStamp(now)
  const found = new Set<string>()
  for (const item of items) if (item.expiry && `${item.expiry} ${EXPIRY_TIME_IST}` > stamp) found.add(item.expiry)
  return [...found].sort()
}

export type GreekColumn = 'iv' | 'delta' | 'gamma' | 'theta' | 'vega' | 'oi'

export const GREEK_COLUMNS: { key: GreekColumn; label: string; title: string; places: number }[] = [
  { key: 'oi', label: 'OI', title: 'Open interest (units)', places: 0 },
  { key: 'iv', label: 'IV', title: 'Implied volatility, % (from the mid)', places: 1 },
  { key: 'delta', label: 'Δ', title: 'Delta', places: 2 },
  { key: 'gamma', label: 'Γ', title: 'Gamma', places: 4 },
  { key: 'theta', label: 'Θ', title: 'Theta, ₹ per calendar day per unit', places: 2 },
  { key: 'vega', label: 'Vega', title: 'Vega, ₹ per volatility point per unit', places: 2 },
]

export const DEFAULT_COLUMNS: GreekColumn[] = ['iv', 'delta']

/** Calls read outwards from the strike: the greek columns mirror on the call side. */
export function callSideOrder(columns: GreekColumn[]): GreekColumn[] {
  return GREEK_COLUMNS.map((c) => c.key).filter((k) => columns.includes(k))
}

export const STRIKE_WINDOWS = [5, 10, 15, 20] as const
