import type { PlaceOrderMutation } from '@/graphql/generated/graphql'
import { formatPrice, formatQuantity } from '@/lib/money'
import type { TicketField } from './ticket'

export type PlaceOrderResult = PlaceOrderMutation['placeOrder']
type Success = Extract<PlaceOrderResult, { __typename: 'PlaceOrderSuccess' }>

export type TicketOutcome =
  | { kind: 'placed'; order: Success['order']; headline: string; detail: string }
  | { kind: 'problem'; field: TicketField | null; title: string; message: string }

const FIELD_OF_INPUT: Record<string, TicketField> = {
  price: 'price',
  trigger_price: 'triggerPrice',
  triggerPrice: 'triggerPrice',
  stopLoss: 'stopLoss',
  target: 'target',
  trailingStop: 'trailingStop',
  quantity: 'quantity',
  symbol: 'symbol',
  account_id: 'accountId',
  accountId: 'accountId',
}

function placedWords(order: Success['order'], fills: Success['fills']): { headline: string; detail: string } {
  const what = `${order.side} ${formatQuantity(order.quantity)} ${order.instrument.tradingsymbol} ${order.product}`
  switch (order.status) {
    case 'COMPLETE':
      return {
        headline: `Filled: ${what}`,
        detail: `${formatQuantity(order.filledQuantity)} at an average of ₹${formatPrice(order.averagePrice)}${fills.length > 1 ? ` in ${fills.length} fills` : ''}.`,
      }
    case 'PARTIALLY_FILLED':
      return {
        headline: `Partly filled: ${what}`,
        detail: `${formatQuantity(order.filledQuantity)} of ${formatQuantity(order.quantity)} filled; the rest is working in the blotter.`,
      }
    case 'REJECTED':
      return { headline: `Rejected: ${what}`, detail: order.rejectReason ?? 'The exchange simulator rejected the order.' }
    case 'CANCELLED':
      return { headline: `Cancelled: ${what}`, detail: 'Nothing was filled (an IOC order cancels what it cannot fill at once).' }
    case 'TRIGGER_PENDING':
      return { headline: `Placed: ${what}`, detail: `Waiting for the trigger at ₹${formatPrice(order.triggerPrice)}. Track it in the blotter.` }
    default:
      return {
        headline: `Placed: ${what}`,
        detail: order.price ? `Working at ₹${formatPrice(order.price)}. Track or cancel it in the blotter.` : 'Working. Track it in the blotter.',
      }
  }
}

/** What the ticket shows after placeOrder: branches on `__typename`, never on message text. */
export function describePlaceOrder(result: PlaceOrderResult): TicketOutcome {
  switch (result.__typename) {
    case 'PlaceOrderSuccess': {
      const words = placedWords(result.order, result.fills)
      return { kind: 'placed', order: result.order, ...words }
    }
    case 'TickSizeError':
      return { kind: 'problem', field: 'price', title: 'Price is off the tick grid', message: result.message }
    case 'LotSizeError':
      return { kind: 'problem', field: 'quantity', title: 'Quantity is not whole lots', message: result.message }
    case 'InvalidInput':
      return {
        kind: 'problem',
        field: result.field ? (FIELD_OF_INPUT[result.field] ?? null) : null,
        title: 'Check the order',
        message: result.message,
      }
    case 'UnknownSymbol':
      return { kind: 'problem', field: 'symbol', title: 'Unknown symbol', message: result.message }
    case 'NotFound':
      return { kind: 'problem', field: 'accountId', title: 'Account not found', message: result.message }
    case 'AccountArchived':
      return { kind: 'problem', field: 'accountId', title: 'Account archived', message: result.message }
    case 'InsufficientMargin':
      return { kind: 'problem', field: null, title: 'Not enough margin', message: result.message }
    case 'MarketClosed':
      return { kind: 'problem', field: null, title: 'Market closed', message: result.message }
    case 'OrderRejected':
      return { kind: 'problem', field: null, title: 'Order rejected', message: result.message }
    case 'OrderNotModifiable':
      return { kind: 'problem', field: null, title: 'Order cannot be changed', message: result.message }
    case 'RiskRejected':
      return {
        kind: 'problem',
        field: null,
        title: result.code === 'PANIC' ? 'Trading is stopped (panic)' : 'Refused by a risk limit',
        message: result.message,
      }
  }
}
