import { formatExpiry } from './format'

/**
 * The "today" line's scenario: a date (empty: now) and an IV shift in volatility points.
 * A future date is valued at noon IST that day, mid-session, so a date on the expiry still
 * has a few hours of time value left.
 */
export interface Scenario {
  date: string
  ivShift: string
}

export function scenarioAt(date: string, today: string): string | null {
  if (!date || date <= today) return null
  return `${date}T12:00:00+05:30`
}

/** The IV shift as a number of points; null when it is not a number within ±100. */
export function parseIvShift(text: string): number | null {
  const trimmed = text.trim()
  if (trimmed === '') return 0
  if (!/^[+-]?\d+(\.\d+)?$/.test(trimmed)) return null
  const value = Number(trimmed)
  return Math.abs(value) <= 100 ? value : null
}

export function scenarioLabel(date: string, today: string, ivShift: number): string {
  const when = !date || date <= today ? 'Today' : `On ${formatExpiry(date)}`
  const iv = ivShift === 0 ? '' : `, IV ${ivShift > 0 ? '+' : '−'}${Math.abs(ivShift)}`
  return `${when}${iv}`
}
