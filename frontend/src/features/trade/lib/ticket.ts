import type {
  LevelInput,
  LevelOffset,
  OrderType,
  PlaceOrderInput,
  Product,
  Side,
  TicketInstrumentFragment,
  Validity,
} from '@/graphql/generated/graphql'
import { isDecimal, signOf } from '@/lib/decimal'
import { priceProblem } from '@/lib/orderRules'
import { isDerivative } from './instrument'

/** What the person has typed into the order ticket (strings as typed). */
export interface TicketState {
  accountId: string
  side: Side
  /** Shares for equities, lots for futures and options. */
  quantity: string
  orderType: OrderType
  product: Product
  validity: Validity
  price: string
  triggerPrice: string
  /** Bracket stops (optional), in points or percent of the fill price. */
  stopUnit: LevelOffset
  stopLoss: string
  target: string
  trailingStop: string
}

export type StopField = 'stopLoss' | 'target' | 'trailingStop'
export const STOP_FIELDS: StopField[] = ['stopLoss', 'target', 'trailingStop']
export type TicketField = 'accountId' | 'symbol' | 'quantity' | 'price' | 'triggerPrice' | StopField
export type TicketProblems = Partial<Record<TicketField, string>>

export const ORDER_TYPES: { value: OrderType; label: string }[] = [
  { value: 'MARKET', label: 'Market' },
  { value: 'LIMIT', label: 'Limit' },
  { value: 'SL', label: 'SL' },
  { value: 'SL_M', label: 'SL-M' },
]

export { priceProblem }

export function needsPrice(type: OrderType): boolean {
  return type === 'LIMIT' || type === 'SL'
}

export function needsTrigger(type: OrderType): boolean {
  return type === 'SL' || type === 'SL_M'
}

/** Units sent to the server: lots × lot size for F&O, shares otherwise; 0 when not a whole number. */
export function unitsOf(quantity: string, instrument: Pick<TicketInstrumentFragment, 'kind' | 'lotSize'>): number {
  const text = quantity.trim()
  if (!/^\d+$/.test(text)) return 0
  const count = Number(text)
  return isDerivative(instrument.kind) ? count * instrument.lotSize : count
}

/** Why the quantity is not valid: whole shares, or whole lots for F&O. */
export function quantityProblem(text: string, instrument: Pick<TicketInstrumentFragment, 'kind' | 'lotSize'>): string | null {
  const value = text.trim()
  const lots = isDerivative(instrument.kind)
  if (value === '') return lots ? 'Enter the number of lots.' : 'Enter the quantity.'
  if (!/^\d+$/.test(value)) {
    return lots
      ? `Enter whole lots (1 lot = ${instrument.lotSize} units).`
      : 'Enter a whole number of shares.'
  }
  if (Number(value) <= 0) return lots ? 'Trade at least 1 lot.' : 'Trade at least 1 share.'
  if (Number(value) > 1_000_000) return 'That quantity is too large for one order; split it.'
  return null
}

/** Problems with the ticket as typed, field by field: empty when it can be sent. */
export function validateTicket(state: TicketState, instrument: TicketInstrumentFragment | null): TicketProblems {
  const problems: TicketProblems = {}
  if (!state.accountId) problems.accountId = 'Pick the account to trade in.'
  if (!instrument) {
    problems.symbol = 'Search for a symbol and pick one from the list.'
    return problems
  }
  if (instrument.kind === 'INDEX') problems.symbol = `${instrument.tradingsymbol} is an index and cannot be traded; pick one of its futures or options.`
  const quantity = quantityProblem(state.quantity, instrument)
  if (quantity) problems.quantity = quantity
  if (needsPrice(state.orderType)) {
    const price = priceProblem(state.price, instrument.tickSize, 'price')
    if (price) problems.price = price
  }
  if (needsTrigger(state.orderType)) {
    const trigger = priceProblem(state.triggerPrice, instrument.tickSize, 'trigger price')
    if (trigger) problems.triggerPrice = trigger
  }
  for (const field of STOP_FIELDS) {
    const problem = stopProblem(state[field], state.stopUnit)
    if (problem) problems[field] = problem
  }
  return problems
}

/** A stop distance: empty (none), or above zero (and below 100 as a percentage). */
export function stopProblem(text: string, unit: LevelOffset): string | null {
  const value = text.trim()
  if (value === '') return null
  if (!isDecimal(value) || signOf(value) <= 0) return unit === 'PERCENT' ? 'Enter a percentage above zero.' : 'Enter points above zero.'
  if (unit === 'PERCENT' && Number(value) >= 100) return 'A percentage must be below 100.'
  return null
}

function level(text: string, unit: LevelOffset): LevelInput | null {
  const value = text.trim()
  return value ? { offset: unit, value } : null
}

/** The placeOrder input for a valid ticket. */
export function orderInput(state: TicketState, instrument: TicketInstrumentFragment, clientOrderId: string): PlaceOrderInput {
  return {
    accountId: state.accountId,
    symbol: instrument.tradingsymbol,
    exchange: instrument.exchange,
    side: state.side,
    quantity: unitsOf(state.quantity, instrument),
    orderType: state.orderType,
    product: state.product,
    validity: state.validity,
    price: needsPrice(state.orderType) ? state.price.trim() : null,
    triggerPrice: needsTrigger(state.orderType) ? state.triggerPrice.trim() : null,
    clientOrderId,
    stopLoss: level(state.stopLoss, state.stopUnit),
    target: level(state.target, state.stopUnit),
    trailingStop: state.trailingStop.trim() ? { distance: { offset: state.stopUnit, value: state.trailingStop.trim() } } : null,
  }
}
