import type { InstrumentKind, Product } from '@/graphql/generated/graphql'

/** Futures and options trade in lots; equities in shares. */
export function isDerivative(kind: InstrumentKind): boolean {
  return kind === 'FUT' || kind === 'CE' || kind === 'PE'
}

export function isOption(kind: InstrumentKind): boolean {
  return kind === 'CE' || kind === 'PE'
}

/** Products an instrument can be traded with: CNC (delivery) is for equities only. */
export function productsFor(kind: InstrumentKind): Product[] {
  return isDerivative(kind) ? ['NRML', 'MIS'] : ['MIS', 'CNC']
}

export function defaultProduct(kind: InstrumentKind): Product {
  return isDerivative(kind) ? 'NRML' : 'MIS'
}

export type ChargeSegment = 'equity-intraday' | 'equity-delivery' | 'futures' | 'options'

/** The rate-card row that charges this trade: equity splits by product (CNC is delivery). */
export function chargeSegment(kind: InstrumentKind, product: Product): ChargeSegment {
  if (kind === 'FUT') return 'futures'
  if (isOption(kind)) return 'options'
  return product === 'CNC' ? 'equity-delivery' : 'equity-intraday'
}
