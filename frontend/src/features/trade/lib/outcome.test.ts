import { describe, expect, it } from 'vitest'
import { describePlaceOrder, type PlaceOrderResult } from './outcome'

function placed(status: string, extra: Record<string, unknown> = {}): PlaceOrderResult {
  return {
    __typename: 'PlaceOrderSuccess',
    order: {
      __typename: 'Order',
      id: 'o1',
      side: 'BUY',
      quantity: 5,
      orderType: 'LIMIT',
      product: 'MIS',
      status,
      filledQuantity: status === 'COMPLETE' ? 5 : 0,
      averagePrice: status === 'COMPLETE' ? '1486.7' : null,
      price: '1200',
      triggerPrice: null,
      rejectReason: null,
      instrument: { __typename: 'Instrument', tradingsymbol: 'INFY' },
      ...extra,
    },
    fills: [],
  } as PlaceOrderResult
}

describe('what the ticket says after placeOrder (by __typename)', () => {
  it('reports a fill with its average price', () => {
    const out = describePlaceOrder(placed('COMPLETE'))
    expect(out).toMatchObject({ kind: 'placed', headline: 'Filled: BUY 5 INFY MIS', detail: '5 at an average of ₹1,486.70.' })
  })

  it('reports a resting order with its limit', () => {
    expect(describePlaceOrder(placed('OPEN'))).toMatchObject({ kind: 'placed', headline: 'Placed: BUY 5 INFY MIS' })
    expect(describePlaceOrder(placed('OPEN')).kind === 'placed' && describePlaceOrder(placed('OPEN'))).toMatchObject({
      detail: 'Working at ₹1,200.00. Track or cancel it in the blotter.',
    })
  })

  it('puts a TickSizeError on the price field with the server message', () => {
    const message = 'Price 1200.05 is not a multiple of the tick size 0.10. Use 1200.00 or 1200.10.'
    expect(describePlaceOrder({ __typename: 'TickSizeError', message, code: 'PRICE_NOT_ON_TICK', tickSize: '0.10' })).toEqual({
      kind: 'problem',
      field: 'price',
      title: 'Price is off the tick grid',
      message,
    })
  })

  it('puts a LotSizeError on the quantity', () => {
    const out = describePlaceOrder({ __typename: 'LotSizeError', message: 'Use 65.', code: 'QUANTITY_NOT_LOT_MULTIPLE', lotSize: 65 })
    expect(out).toMatchObject({ kind: 'problem', field: 'quantity', message: 'Use 65.' })
  })

  it('maps InvalidInput fields and keeps form-level errors off the fields', () => {
    expect(describePlaceOrder({ __typename: 'InvalidInput', message: 'bad trigger', code: 'INVALID_INPUT', field: 'trigger_price' })).toMatchObject({
      field: 'triggerPrice',
    })
    expect(describePlaceOrder({ __typename: 'InvalidInput', message: 'odd', code: 'INVALID_INPUT', field: 'something' })).toMatchObject({
      field: null,
    })
    for (const __typename of ['InsufficientMargin', 'MarketClosed', 'OrderRejected'] as const) {
      expect(describePlaceOrder({ __typename, message: 'm', code: 'C' })).toMatchObject({ kind: 'problem', field: null, message: 'm' })
    }
    expect(describePlaceOrder({ __typename: 'UnknownSymbol', message: 'm', code: 'C' })).toMatchObject({ field: 'symbol' })
    expect(describePlaceOrder({ __typename: 'AccountArchived', message: 'm', code: 'C' })).toMatchObject({ field: 'accountId' })
  })

  it('says why a rejected order was rejected', () => {
    expect(describePlaceOrder(placed('REJECTED', { rejectReason: 'Price band exceeded' }))).toMatchObject({
      headline: 'Rejected: BUY 5 INFY MIS',
      detail: 'Price band exceeded',
    })
  })
})
