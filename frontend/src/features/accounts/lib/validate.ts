import { isDecimal, signOf } from '@/lib/decimal'

/** A positive rupee amount (up to 2 decimal places), or what is wrong with it. */
export function amountProblem(text: string, what: string): string | null {
  const value = text.trim().replace(/,/g, '')
  if (value === '') return `Enter the ${what}.`
  if (!isDecimal(value)) return `Enter the ${what} as a number, e.g. 100000 or 2500.50.`
  if (signOf(value) <= 0) return `The ${what} must be more than zero.`
  if ((value.split('.')[1] ?? '').length > 2) return `Use at most 2 decimal places (paise) for the ${what}.`
  return null
}

/** "1,00,000" → "100000": what we send to the server. */
export function cleanAmount(text: string): string {
  return text.trim().replace(/,/g, '')
}
