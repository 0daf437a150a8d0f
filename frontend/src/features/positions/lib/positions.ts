import type { PlaceOrderInput, PositionRowFragment } from '@/graphql/generated/graphql'

/** One position per (account, instrument, product). */
export function positionKey(p: Pick<PositionRowFragment, 'accountId' | 'product'> & { instrument: { token: number } }): string {
  return `${p.accountId}:${p.instrument.token}:${p.product}`
}

/** A position as received, with when it arrived (later arrivals are fresher). */
export interface Stamped {
  row: PositionRowFragment
  receivedAt: number
}

export function stampAll(rows: PositionRowFragment[], receivedAt: number): Record<string, Stamped> {
  const out: Record<string, Stamped> = {}
  for (const row of rows) out[positionKey(row)] = { row, receivedAt }
  return out
}

/**
 * The positions on screen: those loaded by the query, overlaid by whichever live source
 * (a fill's positionUpdate, or the portfolio's marks) arrived last for each key. Open
 * positions first, then by symbol.
 */
export function mergePositions(loaded: PositionRowFragment[], ...live: Record<string, Stamped>[]): PositionRowFragment[] {
  const best: Record<string, Stamped> = stampAll(loaded, -Infinity)
  for (const source of live) {
    for (const [key, stamped] of Object.entries(source)) {
      const current = best[key]
      if (!current || stamped.receivedAt >= current.receivedAt) best[key] = stamped
    }
  }
  return Object.values(best)
    .map((s) => s.row)
    .sort(
      (a, b) =>
        Number(b.quantity !== 0) - Number(a.quantity !== 0) ||
        a.instrument.tradingsymbol.localeCompare(b.instrument.tradingsymbol) ||
        a.accountId.localeCompare(b.accountId) ||
        a.product.localeCompare(b.product),
    )
}

/** The order that closes a position: the opposite side, its open quantity, at market, same product. */
export function squareOffInput(position: PositionRowFragment, clientOrderId: string): PlaceOrderInput | null {
  if (position.quantity === 0) return null
  return {
    accountId: position.accountId,
    symbol: position.instrument.tradingsymbol,
    exchange: position.instrument.exchange,
    side: position.quantity > 0 ? 'SELL' : 'BUY',
    quantity: Math.abs(position.quantity),
    orderType: 'MARKET',
    product: position.product,
    validity: 'DAY',
    clientOrderId,
  }
}
