import { isDecimal, signOf, toUnits } from './decimal'

/**
 * Indian-style display of the server's exact Decimal strings: ₹1,23,456.78. The integer part
 * is grouped by Intl (en-IN lakh/crore grouping) from a BigInt, so nothing passes through a
 * float and large values stay exact.
 */
const grouping = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0 })

export const MINUS = '−'

function grouped(value: string, places: number): { negative: boolean; text: string } {
  const units = toUnits(value, places)
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(places + 1, '0')
  const whole = BigInt(digits.slice(0, digits.length - places))
  const fraction = places > 0 ? `.${digits.slice(digits.length - places)}` : ''
  return { negative: negative && units !== 0n, text: `${grouping.format(whole)}${fraction}` }
}

export interface MoneyOptions {
  /** Decimal places shown (2 for rupees and paise). */
  places?: number
  /** Show a + on positive values (P&L). */
  signed?: boolean
}

/** "₹1,23,456.78", "−₹3.12", "+₹45.00" (signed). A missing value shows as an em dash. */
export function formatMoney(value: string | null | undefined, { places = 2, signed = false }: MoneyOptions = {}): string {
  if (value === null || value === undefined || !isDecimal(value)) return '—'
  const { negative, text } = grouped(value, places)
  if (negative) return `${MINUS}₹${text}`
  return `${signed && signOf(value) > 0 ? '+' : ''}₹${text}`
}

/** A price without the rupee sign: "1,486.70"; `places` defaults to 2 (finer ticks show more). */
export function formatPrice(value: string | null | undefined, places = 2): string {
  if (value === null || value === undefined || !isDecimal(value)) return '—'
  const { negative, text } = grouped(value, places)
  return `${negative ? MINUS : ''}${text}`
}

/** Quantities in Indian grouping: 1,00,000. */
export function formatQuantity(value: number): string {
  return grouping.format(value)
}

/** Places to show for prices on a grid of `tick` ("0.05" → 2, "0.0025" → 4). */
export function placesForTick(tick: string | null | undefined): number {
  if (!tick) return 2
  const fraction = tick.split('.')[1] ?? ''
  return Math.max(2, fraction.replace(/0+$/, '').length)
}

export type Tone = 'profit' | 'loss' | 'flat'

/** Green for a gain, red for a loss: the colour of a P&L figure. */
export function toneOf(value: string | null | undefined): Tone {
  if (value === null || value === undefined || !isDecimal(value)) return 'flat'
  const sign = signOf(value)
  return sign > 0 ? 'profit' : sign < 0 ? 'loss' : 'flat'
}
