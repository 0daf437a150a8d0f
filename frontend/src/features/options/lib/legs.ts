import type {
  BasketLegInput,
  ChainInstrumentFragment,
  ChainQuoteFragment,
  LegKind,
  Side,
  StrategyLegFieldsFragment,
  StrategyLegInput,
} from '@/graphql/generated/graphql'

/** One leg in the builder: what to trade, how many lots, and the premium it is valued at. */
export interface BuilderLeg {
  /** Stable key: the symbol and side (two clicks on the same price add lots, not rows). */
  key: string
  symbol: string
  exchange: ChainInstrumentFragment['exchange']
  side: Side
  kind: LegKind
  strike: string | null
  expiry: string
  lots: number
  lotSize: number
  /** Per unit; null: the server values it at the touch (buy at ask, sell at bid). */
  price: string | null
}

/** Which price of the chain was clicked: the bid sells (you hit it), the ask buys (you lift it). */
export type Touch = 'bid' | 'ask'

export const MAX_LOTS = 1000

function keyOf(symbol: string, side: Side): string {
  return `${symbol}:${side}`
}

/**
 * The leg a click on the chain adds: clicking a bid sells at that bid, an ask buys at that ask.
 * Null when the option has no contract or no price on that side (nothing to trade against).
 */
export function legFromChainClick(
  instrument: ChainInstrumentFragment | null,
  quote: ChainQuoteFragment | null,
  touch: Touch,
): BuilderLeg | null {
  if (!instrument || !quote || !instrument.expiry) return null
  if (instrument.kind !== 'CE' && instrument.kind !== 'PE') return null
  const price = touch === 'bid' ? quote.bid : quote.ask
  if (!price) return null
  const side: Side = touch === 'bid' ? 'SELL' : 'BUY'
  return {
    key: keyOf(instrument.tradingsymbol, side),
    symbol: instrument.tradingsymbol,
    exchange: instrument.exchange,
    side,
    kind: instrument.kind,
    strike: instrument.strike,
    expiry: instrument.expiry,
    lots: 1,
    lotSize: instrument.lotSize,
    price,
  }
}

/** A leg from the server (a template built on the chain, or an account's open position). */
export function legFromStrategyLeg(leg: StrategyLegFieldsFragment): BuilderLeg {
  return {
    key: keyOf(leg.instrument.tradingsymbol, leg.side),
    symbol: leg.instrument.tradingsymbol,
    exchange: leg.instrument.exchange,
    side: leg.side,
    kind: leg.kind,
    strike: leg.strike,
    expiry: leg.expiry,
    lots: leg.lots,
    lotSize: leg.instrument.lotSize,
    price: leg.entryPrice,
  }
}

/** Adds a leg; the same contract on the same side adds its lots to the leg already there. */
export function addLeg(legs: BuilderLeg[], leg: BuilderLeg): BuilderLeg[] {
  const found = legs.find((l) => l.key === leg.key)
  if (!found) return [...legs, leg]
  return legs.map((l) => (l.key === leg.key ? { ...l, lots: Math.min(MAX_LOTS, l.lots + leg.lots) } : l))
}

/** Whole lots from 1 to MAX_LOTS; anything else is refused (the field shows why). */
export function parseLots(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null
  const lots = Number(text.trim())
  return lots >= 1 && lots <= MAX_LOTS ? lots : null
}

export function setLots(legs: BuilderLeg[], key: string, lots: number): BuilderLeg[] {
  return legs.map((l) => (l.key === key ? { ...l, lots } : l))
}

export function removeLeg(legs: BuilderLeg[], key: string): BuilderLeg[] {
  return legs.filter((l) => l.key !== key)
}

/** The legs as `optionStrategyAnalytics` takes them. */
export function analyticsLegs(legs: BuilderLeg[]): StrategyLegInput[] {
  return legs.map((l) => ({
    side: l.side,
    kind: l.kind,
    expiry: l.expiry,
    lots: l.lots,
    strike: l.kind === 'FUT' ? null : l.strike,
    entryPrice: l.price,
  }))
}

/** The legs as `placeBasket` takes them: market orders, NRML (F&O carried to expiry). */
export function basketLegs(legs: BuilderLeg[]): BasketLegInput[] {
  return legs.map((l) => ({ symbol: l.symbol, exchange: l.exchange, side: l.side, lots: l.lots, product: 'NRML', orderType: 'MARKET' }))
}

/** "SELL 2 × NIFTY 26200 CE" for confirmations and results. */
export function describeLeg(leg: Pick<BuilderLeg, 'side' | 'lots' | 'symbol'>): string {
  return `${leg.side} ${leg.lots} lot${leg.lots === 1 ? '' : 's'} ${leg.symbol}`
}
