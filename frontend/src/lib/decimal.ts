/**
 * Exact decimal arithmetic on the server's `Decimal` strings ("1486.70", "-3.5", "0.05").
 *
 * Prices and money travel as strings and must never pass through a JS float where the answer
 * matters (tick checks, lot checks, margin previews). A value is held as a BigInt count of
 * units at a fixed number of decimal places.
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/

export interface Scaled {
  units: bigint
  scale: number
}

/** Whether `text` is a plain decimal number ("12", "12.5", "-0.05"); no exponents, no commas. */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text.trim())
}

/** The number of decimal places written in `text` ("1.50" → 2). */
export function placesOf(text: string): number {
  const match = DECIMAL.exec(text.trim())
  return match?.[3]?.length ?? 0
}

/**
 * `text` as units at `scale` places, rounding half away from zero when it has more places.
 * Throws on a malformed number: callers check with `isDecimal` first.
 */
export function toUnits(text: string, scale: number): bigint {
  const match = DECIMAL.exec(text.trim())
  if (!match) throw new Error(`not a decimal number: ${text}`)
  const [, sign, whole, fraction = ''] = match
  const kept = fraction.slice(0, scale).padEnd(scale, '0')
  let units = BigInt(`${whole}${kept}`)
  const dropped = fraction.slice(scale)
  if (dropped.length > 0 && dropped.charCodeAt(0) >= 53 /* '5' */) units += 1n
  return sign === '-' ? -units : units
}

/** Units at `scale` places back to a decimal string with exactly `scale` places. */
export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0')
  const whole = digits.slice(0, digits.length - scale)
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : ''
  return `${negative && units !== 0n ? '-' : ''}${whole}${fraction}`
}

function commonScale(...values: string[]): number {
  return Math.max(...values.map(placesOf))
}

/** a − b, exact, with as many places as the longer of the two. */
export function subtract(a: string, b: string): string {
  const scale = commonScale(a, b)
  return fromUnits(toUnits(a, scale) - toUnits(b, scale), scale)
}

/** a + b, exact. */
export function add(a: string, b: string): string {
  const scale = commonScale(a, b)
  return fromUnits(toUnits(a, scale) + toUnits(b, scale), scale)
}

/** −1, 0 or 1 as a is below, equal to or above b. */
export function compare(a: string, b: string): -1 | 0 | 1 {
  const scale = commonScale(a, b)
  const diff = toUnits(a, scale) - toUnits(b, scale)
  return diff < 0n ? -1 : diff > 0n ? 1 : 0
}

/** The sign of a decimal string: −1, 0 or 1. */
export function signOf(value: string): -1 | 0 | 1 {
  return compare(value, '0')
}

/**
 * a × b rounded to `places` decimal places (half away from zero). Used for previews such as
 * price × quantity × margin rate.
 */
export function multiply(a: string, b: string, places = 2): string {
  const sa = placesOf(a)
  const sb = placesOf(b)
  const product = toUnits(a, sa) * toUnits(b, sb)
  const scale = sa + sb
  if (scale <= places) return fromUnits(product * 10n ** BigInt(places - scale), places)
  const divisor = 10n ** BigInt(scale - places)
  const negative = product < 0n
  const magnitude = negative ? -product : product
  let rounded = magnitude / divisor
  if ((magnitude % divisor) * 2n >= divisor) rounded += 1n
  return fromUnits(negative ? -rounded : rounded, places)
}

/** Whether `value` is a whole multiple of `step` (a tick size), exactly. */
export function isMultipleOf(value: string, step: string): boolean {
  const scale = commonScale(value, step)
  const s = toUnits(step, scale)
  if (s <= 0n) throw new Error(`a step must be positive, not ${step}`)
  return toUnits(value, scale) % s === 0n
}

/** Units at `from` places re-expressed at `to` places (exact when the dropped digits are zero). */
function rescale(units: bigint, from: number, to: number): bigint {
  return to >= from ? units * 10n ** BigInt(to - from) : units / 10n ** BigInt(from - to)
}

/** The largest multiple of `step` at or below `value`, with the step's places (at least 2). */
export function floorToMultiple(value: string, step: string): string {
  const scale = commonScale(value, step)
  const s = toUnits(step, scale)
  const v = toUnits(value, scale)
  const floored = v - (((v % s) + s) % s)
  const places = Math.max(placesOf(step), 2)
  return fromUnits(rescale(floored, scale, places), places)
}

/**
 * The two valid prices around an off-grid `value`: [below, above]. `below` is null when it
 * would not be positive (the server does the same).
 */
export function nearestMultiples(value: string, step: string): [string | null, string] {
  const lower = floorToMultiple(value, step)
  const places = Math.max(placesOf(step), 2)
  const upper = fromUnits(toUnits(lower, places) + toUnits(step, places), places)
  return [signOf(lower) > 0 ? lower : null, upper]
}
