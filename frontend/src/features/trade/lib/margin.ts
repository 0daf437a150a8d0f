import type { InstrumentKind, Product, Side } from '@/graphql/generated/graphql'
import { multiply } from '@/lib/decimal'
import { isOption } from './instrument'

/**
 * An approximate margin preview, mirroring the server's configurable rates: equity MIS 20% of
 * value, CNC 100%, futures about 12%, option buys the premium, option sells about 12% of
 * strike × quantity. The server's check is the one that counts.
 */
export const RATES = { mis: '0.20', cnc: '1', futures: '0.12', optionSell: '0.12' } as const

export interface MarginInput {
  kind: InstrumentKind
  product: Product
  side: Side
  /** The price the order is expected to trade at (limit price, or the live price). */
  price: string
  quantity: number
  strike: string | null
}

export interface MarginPreview {
  amount: string
  basis: string
}

export function approximateMargin({ kind, product, side, price, quantity, strike }: MarginInput): MarginPreview | null {
  if (quantity <= 0 || kind === 'INDEX') return null
  const value = multiply(price, String(quantity), 4)
  if (kind === 'FUT') return { amount: multiply(value, RATES.futures), basis: '~12% of contract value' }
  if (isOption(kind)) {
    if (side === 'BUY') return { amount: multiply(value, '1'), basis: 'premium paid' }
    if (!strike) return null
    return { amount: multiply(multiply(strike, String(quantity), 4), RATES.optionSell), basis: '~12% of strike × quantity' }
  }
  if (product === 'CNC') return { amount: multiply(value, RATES.cnc), basis: '100% of value (delivery)' }
  return { amount: multiply(value, RATES.mis), basis: '20% of value (intraday, 5× leverage)' }
}
