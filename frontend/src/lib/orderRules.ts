import { isDecimal, isMultipleOf, nearestMultiples, signOf } from './decimal'

/**
 * Checks a price and a quantity against an instrument's tick and lot size, in the same words
 * the server uses, so problems show while typing rather than after a round trip.
 */

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Why `text` is not a valid price on a grid of `tick`; null when it is fine. */
export function priceProblem(text: string, tick: string, what = 'price'): string | null {
  const value = text.trim()
  if (value === '') return `Enter the ${what}.`
  if (!isDecimal(value)) return `Enter the ${what} as a number, e.g. 1486.50.`
  if (signOf(value) <= 0) return `The ${what} must be more than zero.`
  if (!isMultipleOf(value, tick)) {
    const [below, above] = nearestMultiples(value, tick)
    const options = below ? `${below} or ${above}` : above
    return `${capitalise(what)} ${value} is not a multiple of the tick size ${tick}. Use ${options}.`
  }
  return null
}

/** Why `units` is not a whole number of lots of `lotSize`; null when it is fine. */
export function lotProblem(units: number, lotSize: number): string | null {
  if (!Number.isInteger(units) || units <= 0) return 'Enter a whole quantity above zero.'
  if (lotSize > 1 && units % lotSize !== 0) {
    const lower = Math.floor(units / lotSize) * lotSize
    const upper = lower + lotSize
    const options = lower > 0 ? `${lower} or ${upper}` : `${upper}`
    return `Quantity ${units} is not a multiple of the lot size ${lotSize}. Use ${options}.`
  }
  return null
}
